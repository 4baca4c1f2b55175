//! `HCGEN_FASTAPI=1` (set by `.ci/run`, with a Python that has the FastAPI application's
//! requirements) turns on the `hcgen_fastapi` cfg: without it, the tests that serve the
//! application with uvicorn are reported as ignored, not as passed.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(hcgen_fastapi)");
    println!("cargo::rerun-if-env-changed=HCGEN_FASTAPI");
    if std::env::var("HCGEN_FASTAPI").is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg=hcgen_fastapi");
    }
}
