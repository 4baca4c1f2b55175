//! `cargo xtask bench-gen [DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION] [--no-build]
//! [--build-skip A,B] [--runs N] [--rounds N] [--no-progenitor] [--incremental-only]`
//!
//! Benchmarks the generator on every spec in DIR (default `../shared/specs/real-world`) against
//! progenitor, the crates.io generator, run in-process by `bench/progenitor-runner`:
//!
//! - generation: median of N runs (default 11; more until the timed runs have taken 250 ms,
//!   after 300 ms of untimed warm-up) of parse, generate (lower) and emit+format, and of their
//!   total, in a fresh process per spec; progenitor's parse, generate and format likewise in
//!   its runner; the two alternate for 3 rounds (`--rounds`), each side's median round kept;
//! - the generated crates' clean `cargo build` (debug profile, one crate at a time with its
//!   type crates when its types are split, dependencies prebuilt in a shared target directory):
//!   wall time and peak memory: the larger of the largest process (`/usr/bin/time -v`, in
//!   practice rustc) and the summed memory of the rustc processes running at once (sampled
//!   every 100 ms).
//!
//! Everything is written under `target/bench-gen/` (the crates, a workspace for them, the build
//! logs, the runner's own target directory). See `bench/README.md`. Progress (phase, spec, n
//! of N, time, each measurement's and build's result) goes to stderr, the report to stdout.

mod args;
mod builds;
mod measure;
mod process;
mod report;
mod worker;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub use worker::worker;

use crate::progress::Progress;
use builds::Build;
use measure::Gen;

/// One spec's measurements.
pub struct Row {
    pub spec: String,
    pub hcgen: Gen,
    pub progenitor: Gen,
    pub hcgen_build: Option<Build>,
    pub progenitor_build: Option<Build>,
    /// The same builds without incremental compilation (`CARGO_INCREMENTAL=0`).
    pub hcgen_build_ni: Option<Build>,
    pub progenitor_build_ni: Option<Build>,
}

pub fn run(args: &[String]) -> ExitCode {
    let args::Args {
        specs: selection,
        cfg,
    } = match args::parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench-gen: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let root = crate::codegen::root();
    let (dir, specs) = match selection.specs(&root) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("bench-gen: {e}");
            return ExitCode::from(2);
        }
    };
    if specs.is_empty() {
        eprintln!("bench-gen: no .json/.yaml/.yml spec in {}", dir.display());
        return ExitCode::from(2);
    }
    let debug_warning = cfg!(debug_assertions).then_some(
        "warning: xtask is a debug build, so hcgen's generation times are those of unoptimised code \
         (progenitor's runner is always built --release); for real numbers run \
         `cargo run --release -p xtask -- bench-gen`",
    );
    if let Some(w) = debug_warning {
        eprintln!("{w}");
    }

    let out = root.join("target/bench-gen");
    let crates = out.join("crates");
    let logs = out.join("logs");
    if cfg.build {
        // Crates of specs no longer benchmarked must not stay workspace members.
        let _ = std::fs::remove_dir_all(&crates);
    }
    let _ = std::fs::create_dir_all(&logs);

    let mut progress = Progress::stderr("bench-gen");
    let runner = if cfg.progenitor {
        measure::build_runner(&root, &out, &mut progress)
    } else {
        None
    };
    let time_bin = Path::new(builds::TIME_BIN).exists();
    if cfg.build && !time_bin {
        progress.note(&format!(
            "warning: {} is missing (Debian package `time`: `apt-get install time`): peak memory is not measured",
            builds::TIME_BIN
        ));
    }

    progress.phase("measure", specs.len());
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let rel = spec.strip_prefix(&dir).unwrap_or(spec);
        let spec_name = rel.display().to_string();
        progress.begin(i + 1, &spec_name, "");
        let sides = measure::Sides {
            crates: &crates,
            stem: &crate_stem(rel),
            runner: runner.as_deref(),
            logs: &logs,
        };
        let (hcgen, progenitor) = sides.measure(spec, &cfg, &mut progress);
        progress.done(&format!(
            "hcgen ×{} {:.1} ms ({}), progenitor {} ({})",
            cfg.runs,
            hcgen.times.total,
            hcgen.status,
            if progenitor.status == "ok" {
                format!("{:.1} ms", progenitor.times.total)
            } else {
                "-".to_owned()
            },
            progenitor.status
        ));
        rows.push(Row {
            spec: spec_name,
            hcgen,
            progenitor,
            hcgen_build: None,
            progenitor_build: None,
            hcgen_build_ni: None,
            progenitor_build_ni: None,
        });
    }

    let mut build_note = None;
    if cfg.build {
        build_note = builds::build_all(&root, &out, &mut rows, &cfg, time_bin, &mut progress);
    }
    progress.finish();

    report::print_report(&rows, &cfg, debug_warning, build_note.as_deref());
    println!(
        "\nbench-gen ran in {:.1} s ({} specs, {} runs each{})",
        started.elapsed().as_secs_f64(),
        rows.len(),
        cfg.runs,
        if cfg.build {
            ", with clean builds"
        } else {
            ", no builds"
        }
    );
    if rows
        .iter()
        .any(|r| matches!(r.hcgen.status.as_str(), "panic" | "crash"))
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A package-name-safe stem for a spec path (`github-rest.json` -> `github-rest`).
fn crate_stem(rel: &Path) -> String {
    let s = rel.with_extension("").display().to_string().to_lowercase();
    let mut stem: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while stem.contains("--") {
        stem = stem.replace("--", "-");
    }
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "spec".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_package_names() {
        assert_eq!(crate_stem(Path::new("github-rest.json")), "github-rest");
        assert_eq!(crate_stem(Path::new("a/B_c.d.yaml")), "a-b-c-d");
        assert_eq!(
            crate_stem(Path::new("1password-connect.json")),
            "1password-connect"
        );
    }
}
