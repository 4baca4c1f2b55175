//! `progenitor-runner SPEC [--runs N] [--out DIR --name NAME]`
//!
//! Runs progenitor's generator on SPEC `N` times (default 5) in this process and prints one JSON
//! object on stdout: the median parse (read + deserialize into `openapiv3::OpenAPI`), generate
//! (`Generator::generate_tokens`) and format (`syn::parse2` + `prettyplease::unparse`, as in
//! progenitor's README) times, the total, the number of operations and of generated lines, and
//! the `[dependencies]` lines that progenitor's own `cargo progenitor` would write for the output.
//! A panic or a generator error is reported as `"status": "panic"` / `"error"` (exit code 0), so a
//! caller benchmarking many specs goes on. With `--out DIR --name NAME` the last run's output is
//! written as a crate (`Cargo.toml` + `src/lib.rs`).

use openapiv3::OpenAPI;
use serde_json::json;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// progenitor's version (the one `Cargo.lock` pins), also written for `progenitor-client` in the
/// generated crates, as `cargo progenitor` does. Checked against the lock file by a test.
const PROGENITOR_VERSION: &str = "0.15.1";

struct Run {
    parse: Duration,
    generate: Duration,
    format: Duration,
    operations: usize,
    code: String,
    deps: Vec<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut spec: Option<PathBuf> = None;
    let mut runs = 5usize;
    let mut out: Option<PathBuf> = None;
    let mut name: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => return usage("--runs takes a positive number"),
            },
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next().cloned(),
            other if !other.starts_with("--") && spec.is_none() => {
                spec = Some(PathBuf::from(other));
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let Some(spec) = spec else {
        return usage("missing SPEC");
    };
    // Silence the default panic message: a panic is reported in the JSON.
    std::panic::set_hook(Box::new(|_| {}));
    // A big stack, so that a deep spec fails by an error and not by a stack overflow abort.
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || measure(&spec, runs, out.as_deref(), name.as_deref()))
        .expect("spawn the generator thread");
    let value = handle.join().unwrap_or_else(|_| json!({"status": "panic"}));
    println!("{value}");
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!(
        "progenitor-runner: {msg}\nusage: progenitor-runner SPEC [--runs N] [--out DIR --name NAME]"
    );
    ExitCode::from(2)
}

/// How long to generate untimed before measuring (the same on hcgen's side, in xtask).
const WARM_UP: Duration = Duration::from_millis(300);
/// Timed runs go on past `--runs` until they have taken this long (at most 1,000 runs; the
/// same on hcgen's side).
const MIN_TIMED: Duration = Duration::from_millis(250);

fn measure(spec: &Path, runs: usize, out: Option<&Path>, name: Option<&str>) -> serde_json::Value {
    let mut done: Vec<Run> = Vec::new();
    // Untimed warm-up runs first (page faults, allocator start-up, an idle core waking up),
    // as on hcgen's side: at least one, and until WARM_UP has passed (at most 100).
    let warm_until = Instant::now() + WARM_UP;
    let mut warm_ups = 0;
    let mut timed_since: Option<Instant> = None;
    while done.len() < runs
        || (timed_since.is_none_or(|t| t.elapsed() < MIN_TIMED) && done.len() < 1_000)
    {
        match catch_unwind(AssertUnwindSafe(|| once(spec))) {
            Ok(Ok(run)) if warm_ups == 0 || (Instant::now() < warm_until && warm_ups < 100) => {
                warm_ups += 1;
                drop(run)
            }
            Ok(Ok(run)) => {
                timed_since.get_or_insert_with(Instant::now);
                done.push(run)
            }
            Ok(Err((stage, message))) => {
                return json!({"status": "error", "stage": stage, "message": message});
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                return json!({"status": "panic", "message": message});
            }
        }
    }
    let ms = |f: &dyn Fn(&Run) -> Duration| {
        let mut v: Vec<f64> = done.iter().map(|r| f(r).as_secs_f64() * 1e3).collect();
        median(&mut v)
    };
    let last = done.last().expect("runs > 0");
    let lines = last.code.lines().count();
    let mut written = serde_json::Value::Null;
    if let (Some(dir), Some(name)) = (out, name) {
        match write_crate(dir, name, &last.code, &last.deps) {
            Ok(()) => written = json!(dir.display().to_string()),
            Err(e) => return json!({"status": "error", "stage": "write", "message": e}),
        }
    }
    json!({
        "status": "ok",
        "progenitor": PROGENITOR_VERSION,
        "runs": done.len(),
        "operations": last.operations,
        "parse_ms": ms(&|r| r.parse),
        "generate_ms": ms(&|r| r.generate),
        "format_ms": ms(&|r| r.format),
        "total_ms": ms(&|r| r.parse + r.generate + r.format),
        "lines": lines,
        "deps": last.deps,
        "crate": written,
    })
}

fn once(spec: &Path) -> Result<Run, (&'static str, String)> {
    let t0 = Instant::now();
    let text = std::fs::read_to_string(spec).map_err(|e| ("read", e.to_string()))?;
    let api: OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| ("parse", e.to_string()))?
    } else {
        yaml_serde::from_str(&text).map_err(|e| ("parse", e.to_string()))?
    };
    let t1 = Instant::now();
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&api)
        .map_err(|e| ("generate", e.to_string()))?;
    let t2 = Instant::now();
    let file: syn::File = syn::parse2(tokens).map_err(|e| ("format", e.to_string()))?;
    let code = prettyplease::unparse(&file);
    let t3 = Instant::now();
    let operations = api
        .paths
        .paths
        .values()
        .filter_map(|p| p.as_item())
        .map(|p| p.iter().count())
        .sum();
    Ok(Run {
        parse: t1 - t0,
        generate: t2 - t1,
        format: t3 - t2,
        operations,
        code,
        deps: dependencies(&generator),
    })
}

/// What `cargo progenitor` (release build, client not inlined) writes under `[dependencies]`.
fn dependencies(generator: &progenitor::Generator) -> Vec<String> {
    let mut deps = vec![
        "bytes = \"1.9\"".to_owned(),
        "futures-core = \"0.3\"".to_owned(),
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }".to_owned(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_owned(),
        "serde_urlencoded = \"0.7\"".to_owned(),
        format!("progenitor-client = \"{PROGENITOR_VERSION}\""),
    ];
    let types = generator.get_type_space();
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".to_owned());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".to_owned());
    }
    if types.uses_chrono() {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }"
                .to_owned(),
        );
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".to_owned());
    }
    if generator.uses_websockets() {
        deps.push("base64 = \"0.22\"".to_owned());
        deps.push("rand = \"0.8\"".to_owned());
    }
    if types.uses_serde_json() {
        deps.push("serde_json = \"1.0\"".to_owned());
    }
    deps.sort_unstable();
    deps
}

fn write_crate(dir: &Path, name: &str, code: &str, deps: &[String]) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let toml = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n",
        deps.join("\n")
    );
    let write =
        |p: PathBuf, s: &str| std::fs::write(&p, s).map_err(|e| format!("{}: {e}", p.display()));
    write(dir.join("Cargo.toml"), &toml)?;
    write(src.join("lib.rs"), code)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_matches_the_lock_file() {
        let lock = include_str!("../Cargo.lock");
        let pinned = lock
            .split("[[package]]")
            .find(|p| p.contains("name = \"progenitor\"\n"))
            .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
            .map(|v| v.trim_matches('"'));
        assert_eq!(pinned, Some(super::PROGENITOR_VERSION));
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(super::median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(super::median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}
