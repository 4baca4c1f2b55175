//! The generated crates, compiled: one workspace for all of them (one shared target
//! directory), then `cargo check` of each, or `cargo test --test examples` when its spec's
//! examples are round-tripped; with the crates' `test-util` feature unless asked not to, so
//! that their mock modules compile without warnings too.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use super::generate::Row;

/// The rows to check: those with a crate, or `sample` of them spread evenly (deterministic).
pub fn pick(rows: &[Row], sample: Option<usize>) -> Vec<usize> {
    let with_crate: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.crate_name.is_some())
        .map(|(i, _)| i)
        .collect();
    let Some(n) = sample else {
        return with_crate;
    };
    let step = (with_crate.len() as f64 / n.max(1) as f64).max(1.0);
    (0..n.min(with_crate.len()))
        .map(|k| with_crate[(k as f64 * step) as usize])
        .collect()
}

/// Writes `out_root/Cargo.toml`, a workspace of the crates of `rows[members]`, with this
/// repository's lock file.
pub fn write_workspace(out_root: &Path, rows: &[Row], members: &[usize]) {
    let members: Vec<String> = members
        .iter()
        .filter_map(|i| rows[*i].crate_name.as_ref())
        .map(|n| format!("    \"crates/{n}\","))
        .collect();
    let text = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    let _ = std::fs::create_dir_all(out_root);
    let _ = std::fs::write(out_root.join("Cargo.toml"), text);
    // Reuse the project's lock file so dependency versions match the tested ones.
    let _ = std::fs::copy(
        crate::codegen::root().join("Cargo.lock"),
        out_root.join("Cargo.lock"),
    );
}

/// What [`check`] runs on `row`'s crate, as the progress shows it.
pub fn kind(row: &Row, examples: bool) -> &'static str {
    if runs_examples(row, examples) {
        "examples test"
    } else {
        "cargo check"
    }
}

fn runs_examples(row: &Row, examples: bool) -> bool {
    examples && row.examples > 0
}

/// Checks `row`'s crate in the workspace at `out_root` (see [`kind`]), with its `test-util`
/// feature when `test_util`; sets its result.
pub fn check(out_root: &Path, row: &mut Row, examples: bool, test_util: bool) {
    let name = row.crate_name.clone().unwrap_or_default();
    let started = Instant::now();
    let features: &[&str] = if test_util {
        &["--features", "test-util"]
    } else {
        &[]
    };
    let args: Vec<&str> = if runs_examples(row, examples) {
        vec![
            "test",
            "--quiet",
            "--offline",
            "--message-format",
            "short",
            "--test",
            "examples",
            "-p",
            &name,
            "--",
            "--nocapture",
        ]
    } else {
        vec![
            "check",
            "--quiet",
            "--offline",
            "--message-format",
            "short",
            "-p",
            &name,
        ]
    };
    let output = Command::new(env!("CARGO"))
        .args(&args[..1])
        .args(features)
        .args(&args[1..])
        .current_dir(out_root)
        .env("CARGO_TARGET_DIR", out_root.join("target"))
        .output();
    match output {
        Ok(o) => record(row, &o, started.elapsed().as_secs_f64()),
        Err(e) => {
            row.result = "cargo failed".to_owned();
            row.first_error = e.to_string();
        }
    }
}

/// Reads cargo's output into `row`: the examples' count of failures, the result, the first
/// error or warning.
fn record(row: &mut Row, o: &Output, secs: f64) {
    let stdout = String::from_utf8_lossy(&o.stdout);
    if let Some(line) = stdout.lines().find(|l| l.starts_with("EXAMPLES ")) {
        row.examples_failed = line
            .split(", ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok());
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    let first = stderr
        .lines()
        .find(|l| l.contains("error") || l.contains("warning"))
        .unwrap_or("")
        .to_owned();
    let warnings = stderr.lines().filter(|l| l.contains(": warning")).count();
    row.result = if !o.status.success() && row.examples_failed.is_some_and(|n| n > 0) {
        // Compiled; some examples did not round-trip (reported in the examples column).
        format!("ok ({secs:.1}s check)")
    } else if !o.status.success() {
        "compile error".to_owned()
    } else if warnings > 0 {
        format!("{warnings} warnings")
    } else {
        format!("ok ({secs:.1}s check)")
    };
    row.first_error = first;
}
