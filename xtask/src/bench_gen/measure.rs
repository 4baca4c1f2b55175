//! Measuring one spec: hcgen's worker and progenitor's runner, each in a process of its own,
//! reporting one JSON object; building the runner.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::args::Config;
use super::process::run_logged;
use crate::progress::Progress;

/// How long one progenitor-runner call may take (N runs of one spec).
const RUNNER_TIMEOUT: Duration = Duration::from_secs(900);

/// Median times in milliseconds.
#[derive(Default, Clone, Copy)]
pub struct Phases {
    pub parse: f64,
    pub generate: f64,
    pub emit: f64,
    pub total: f64,
}

#[derive(Default)]
pub struct Gen {
    /// `ok`, `error` or `panic` (also `crash`, `timeout`, `n/a` for progenitor).
    pub status: String,
    pub message: String,
    pub operations: usize,
    pub lines: usize,
    pub times: Phases,
    /// Crate (package) name, when a crate was written.
    pub crate_name: Option<String>,
    /// progenitor's `[dependencies]` lines.
    pub deps: Vec<String>,
    /// progenitor's version, as its runner reports it.
    pub version: Option<String>,
}

/// The round with the median total time; the last round when one did not succeed (measuring
/// stops at the first failure).
fn median_round(mut rounds: Vec<Gen>) -> Gen {
    if rounds.iter().any(|g| g.status != "ok") {
        return rounds.pop().unwrap_or_default();
    }
    rounds.sort_by(|a, b| a.times.total.total_cmp(&b.times.total));
    let middle = rounds.len() / 2;
    rounds.into_iter().nth(middle).unwrap_or_default()
}

/// Builds `bench/progenitor-runner` (release, own target directory); the binary's path.
pub fn build_runner(root: &Path, out: &Path, progress: &mut Progress) -> Option<PathBuf> {
    let manifest = root.join("bench/progenitor-runner/Cargo.toml");
    let target = out.join("runner-target");
    progress.phase("progenitor runner", 1);
    progress.begin(
        1,
        &manifest
            .strip_prefix(root)
            .unwrap_or(&manifest)
            .display()
            .to_string(),
        "cargo build --release",
    );
    let output = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output();
    let bin = target.join("release/progenitor-runner");
    match output {
        Ok(o) if o.status.success() && bin.exists() => Some(bin),
        other => {
            progress.note(&format!(
                "warning: cannot build the progenitor runner ({}): no progenitor baseline",
                super::process::failure(&other)
            ));
            None
        }
    }
}

/// Where one spec's measurements go, and progenitor's runner when there is one.
pub struct Sides<'a> {
    pub crates: &'a Path,
    /// The spec's package-name-safe stem: the crates are `hcgen-STEM` and `progenitor-STEM`.
    pub stem: &'a str,
    pub runner: Option<&'a Path>,
    pub logs: &'a Path,
}

impl Sides<'_> {
    /// Measures hcgen and (with a runner) progenitor on `spec`, each side's median round.
    ///
    /// Each side runs in a process of its own, so what an earlier spec left in the allocator or
    /// caches does not weigh on the next one; the two alternate for `rounds` rounds, so a slow
    /// spell of the machine falls on both. Measuring a side stops at its first failure.
    pub fn measure(&self, spec: &Path, cfg: &Config, progress: &mut Progress) -> (Gen, Gen) {
        let mut hcgen_rounds = Vec::new();
        let mut progenitor_rounds = Vec::new();
        for round in 1..=cfg.rounds {
            if hcgen_rounds.last().is_none_or(|g: &Gen| g.status == "ok") {
                progress.update(&format!("hcgen round {round}/{}", cfg.rounds));
                hcgen_rounds.push(self.hcgen(spec, cfg));
            }
            if let Some(bin) = self.runner
                && progenitor_rounds
                    .last()
                    .is_none_or(|g: &Gen| g.status == "ok")
            {
                progress.update(&format!("progenitor round {round}/{}", cfg.rounds));
                progenitor_rounds.push(self.progenitor(bin, spec, cfg));
            }
        }
        let hcgen = median_round(hcgen_rounds);
        let progenitor = if self.runner.is_some() {
            median_round(progenitor_rounds)
        } else {
            Gen {
                status: "n/a".to_owned(),
                ..Gen::default()
            }
        };
        (hcgen, progenitor)
    }

    /// One round of hcgen: [`super::worker`] in a child process (`bench-gen-worker`), so that
    /// each spec starts from a fresh process, as progenitor's runner does.
    fn hcgen(&self, spec: &Path, cfg: &Config) -> Gen {
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => {
                return Gen {
                    status: "error".to_owned(),
                    message: format!("cannot find the xtask binary: {e}"),
                    ..Gen::default()
                };
            }
        };
        let name = format!("hcgen-{}", self.stem);
        let mut cmd = Command::new(exe);
        cmd.arg("bench-gen-worker")
            .arg(spec)
            .arg("--runs")
            .arg(cfg.runs.to_string())
            .arg("--name")
            .arg(&name);
        if cfg.build {
            cmd.arg("--out").arg(self.crates);
        }
        run_measurer(cmd, "worker", &name, self.logs)
    }

    /// One round of progenitor: its runner `bin`.
    fn progenitor(&self, bin: &Path, spec: &Path, cfg: &Config) -> Gen {
        let name = format!("progenitor-{}", self.stem);
        let mut cmd = Command::new(bin);
        cmd.arg(spec).arg("--runs").arg(cfg.runs.to_string());
        if cfg.build {
            cmd.arg("--out")
                .arg(self.crates.join(&name))
                .arg("--name")
                .arg(&name);
        }
        run_measurer(cmd, "runner", &name, self.logs)
    }
}

/// Runs a measuring child (hcgen's worker or progenitor's runner), which prints one JSON
/// object; its output goes to `logs/NAME.KIND.json` and `.stderr`.
fn run_measurer(cmd: Command, kind: &str, name: &str, logs: &Path) -> Gen {
    let out_file = logs.join(format!("{name}.{kind}.json"));
    let err_file = logs.join(format!("{name}.{kind}.stderr"));
    let mut g = Gen::default();
    match run_logged(cmd, &out_file, &err_file, RUNNER_TIMEOUT) {
        Err(e) => {
            g.status = "error".to_owned();
            g.message = format!("cannot run the {kind}: {e}");
        }
        Ok(None) => g.status = "timeout".to_owned(),
        Ok(Some(status)) => {
            let text = std::fs::read_to_string(&out_file).unwrap_or_default();
            match serde_json::from_str::<serde_json::Value>(text.trim()) {
                Ok(v) => parse_runner(&v, &mut g),
                Err(_) => {
                    // No JSON: the process died (stack overflow, abort, out of memory).
                    g.status = "crash".to_owned();
                    g.message = format!(
                        "{kind} exited with {status}: {}",
                        std::fs::read_to_string(&err_file)
                            .unwrap_or_default()
                            .lines()
                            .last()
                            .unwrap_or("")
                    );
                }
            }
        }
    }
    g
}

fn parse_runner(v: &serde_json::Value, g: &mut Gen) {
    let f = |k: &str| v.get(k).and_then(serde_json::Value::as_f64).unwrap_or(0.0);
    g.status = v
        .get("status")
        .and_then(|s| s.as_str())
        .unwrap_or("error")
        .to_owned();
    g.message = v
        .get("message")
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_owned();
    g.operations = f("operations") as usize;
    g.lines = f("lines") as usize;
    g.times = Phases {
        parse: f("parse_ms"),
        generate: f("generate_ms"),
        emit: f("format_ms"),
        total: f("total_ms"),
    };
    g.deps = v
        .get("deps")
        .and_then(|d| d.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    g.version = v
        .get("progenitor")
        .and_then(|s| s.as_str())
        .map(str::to_owned);
    g.crate_name = v
        .get("crate")
        .and_then(|c| c.as_str())
        .and_then(|p| Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_runner_json() {
        let v = serde_json::json!({"status": "ok", "operations": 5, "lines": 536, "parse_ms": 1.0,
            "generate_ms": 2.0, "format_ms": 3.0, "total_ms": 6.0, "deps": ["bytes = \"1.9\""],
            "crate": "/x/crates/progenitor-a"});
        let mut g = Gen::default();
        parse_runner(&v, &mut g);
        assert_eq!((g.status.as_str(), g.operations, g.lines), ("ok", 5, 536));
        assert_eq!(g.times.total, 6.0);
        assert_eq!(g.crate_name.as_deref(), Some("progenitor-a"));
        let mut p = Gen::default();
        parse_runner(
            &serde_json::json!({"status": "panic", "message": "boom"}),
            &mut p,
        );
        assert_eq!((p.status.as_str(), p.message.as_str()), ("panic", "boom"));
    }
}
