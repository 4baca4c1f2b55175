//! Generates `$OUT_DIR/api.rs` (the types and the client of `openapi.yaml`) for `include!`.

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    // Prints `cargo:rerun-if-changed=` for the spec and the files it refers to, so the module
    // is generated again when one of them changes.
    if let Err(e) = hcgen_codegen::Generator::new("openapi.yaml").write_module(out_dir) {
        // The error names the file and the JSON pointer of the problem.
        panic!("{e}");
    }
}
