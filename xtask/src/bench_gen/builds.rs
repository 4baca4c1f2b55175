//! The generated crates' clean builds: a workspace for them, their dependencies prebuilt,
//! then each crate built alone, timed, its peak memory measured.

use hcgen_codegen::emit::type_crates;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Row;
use super::args::Config;
use super::process::{max_rss_kib, run_logged_sampling};
use crate::progress::Progress;

/// How long one clean build may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(3600);
pub const TIME_BIN: &str = "/usr/bin/time";

#[derive(Default, Clone)]
pub struct Build {
    /// `ok`, `compile error`, `timeout`, `failed`.
    pub status: String,
    pub secs: f64,
    pub peak_mib: Option<f64>,
    /// The largest summed memory of the `rustc` processes running at once (sampled), MiB.
    pub concurrent_mib: Option<f64>,
    /// Crates other than the measured one that the timed build compiled (should be none).
    pub extra: Vec<String>,
}

/// Writes the bench workspace, prebuilds the dependencies, then builds each generated crate
/// clean, one at a time. Returns a note for the report when something was off.
pub fn build_all(
    root: &Path,
    out: &Path,
    rows: &mut [Row],
    cfg: &Config,
    time_bin: bool,
    progress: &mut Progress,
) -> Option<String> {
    // Two tiny crates with exactly the generated crates' dependencies.
    let hcgen_deps = format!(
        "hcgen-types = {{ path = {:?} }}\nhcgen-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        root.join("types").display().to_string(),
        root.join("runtime").display().to_string()
    );
    let progenitor_deps: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.progenitor.crate_name.is_some())
        .flat_map(|r| r.progenitor.deps.iter().cloned())
        .collect();
    let mut members = vec!["deps/hcgen".to_owned()];
    let write_deps_crate = |dir: &str, edition: &str, deps: &str| {
        let d = out.join(dir);
        let _ = std::fs::create_dir_all(d.join("src"));
        let _ = std::fs::write(
            d.join("Cargo.toml"),
            format!(
                "[package]\nname = \"bench-{}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\n[dependencies]\n{deps}",
                dir.replace('/', "-")
            ),
        );
        let _ = std::fs::write(d.join("src/lib.rs"), "");
    };
    write_deps_crate("deps/hcgen", "2024", &hcgen_deps);
    if !progenitor_deps.is_empty() {
        let deps: Vec<String> = progenitor_deps.into_iter().collect();
        write_deps_crate("deps/progenitor", "2021", &(deps.join("\n") + "\n"));
        members.push("deps/progenitor".to_owned());
    }
    let to_build = |r: &Row| !cfg.build_skip.iter().any(|s| r.spec.contains(s.as_str()));
    for r in rows.iter().filter(|r| to_build(r)) {
        for g in [&r.hcgen, &r.progenitor] {
            if let Some(n) = &g.crate_name {
                members.push(format!("crates/{n}"));
            }
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("    \"{m}\",")).collect();
    let _ = std::fs::write(
        out.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask bench-gen`.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
            list.join("\n")
        ),
    );
    // Start from the project's lock file so hcgen-runtime's dependencies are the tested ones.
    if !out.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    }

    let target = out.join("target");
    // Cargo keeps the path dependencies (hcgen-runtime) built in each mode apart: prebuilt
    // in both, neither kind of timed build compiles them.
    let modes: &[bool] = if cfg.non_incremental {
        &[true, false]
    } else {
        &[true]
    };
    let prebuilds: Vec<(String, bool)> = members
        .iter()
        .filter(|m| m.starts_with("deps/"))
        .flat_map(|m| {
            modes
                .iter()
                .map(move |i| (format!("bench-{}", m.replace('/', "-")), *i))
        })
        .collect();
    progress.phase("prebuild", prebuilds.len());
    for (k, (pkg, incremental)) in prebuilds.iter().enumerate() {
        progress.begin(
            k + 1,
            pkg,
            if *incremental {
                "cargo build"
            } else {
                "cargo build, CARGO_INCREMENTAL=0"
            },
        );
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "-p", pkg])
            .current_dir(out)
            .env("CARGO_TARGET_DIR", &target);
        // Each mode as named, whatever the caller's environment says (CI sets
        // CARGO_INCREMENTAL=0 for all its builds).
        if *incremental {
            cmd.env_remove("CARGO_INCREMENTAL");
        } else {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        let output = cmd.output();
        if !output.as_ref().is_ok_and(|o| o.status.success()) {
            progress.done(&format!("failed ({})", super::process::failure(&output)));
            return Some(format!(
                "prebuilding {pkg} failed: no build times (see `cargo build -p {pkg}` in {})",
                out.display()
            ));
        }
    }

    let mut skipped = Vec::new();
    progress.phase("build", rows.iter().filter(|r| to_build(r)).count());
    let mut n = 0;
    for r in rows.iter_mut() {
        if !to_build(r) {
            skipped.push(r.spec.clone());
            continue;
        }
        n += 1;
        for &incremental in modes {
            let mode = if incremental {
                ""
            } else {
                " (CARGO_INCREMENTAL=0)"
            };
            let sides = [
                ("hcgen", r.hcgen.crate_name.clone()),
                ("progenitor", r.progenitor.crate_name.clone()),
            ];
            for (who, name) in sides {
                let Some(name) = name else { continue };
                progress.begin(n, &r.spec, &format!("{who} build{mode}"));
                let b = timed_build(out, &target, &name, time_bin, incremental);
                progress.done(&describe(&b));
                *match (who, incremental) {
                    ("hcgen", true) => &mut r.hcgen_build,
                    ("hcgen", false) => &mut r.hcgen_build_ni,
                    (_, true) => &mut r.progenitor_build,
                    (_, false) => &mut r.progenitor_build_ni,
                } = Some(b);
            }
        }
    }
    let mut notes = Vec::new();
    if !skipped.is_empty() {
        notes.push(format!(
            "builds skipped (--build-skip): {}",
            skipped.join(", ")
        ));
    }
    let dirty: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            [
                &r.hcgen_build,
                &r.progenitor_build,
                &r.hcgen_build_ni,
                &r.progenitor_build_ni,
            ]
        })
        .flatten()
        .filter(|b| !b.extra.is_empty())
        .flat_map(|b| b.extra.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !dirty.is_empty() {
        notes.push(format!(
            "some timed builds also compiled dependencies ({}), even after a retry",
            dirty.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn describe(b: &Build) -> String {
    format!(
        "{} in {:.1} s, peak {}",
        b.status,
        b.secs,
        b.peak_mib
            .map(|m| format!("{m:.0} MiB"))
            .unwrap_or_else(|| "?".to_owned())
    )
}

/// A clean build of package `name`, timed: `cargo clean -p NAME` then a timed `cargo build -p
/// NAME`, once more if the build also compiled a dependency (a feature set the prebuild did not
/// cover); with incremental compilation (cargo's default for a workspace member) or without
/// (`CARGO_INCREMENTAL=0`: how a registry or git dependency is built, or a package with
/// `incremental = false` in the profile).
fn timed_build(ws: &Path, target: &Path, name: &str, time_bin: bool, incremental: bool) -> Build {
    let mut b = Build::default();
    for attempt in 0..2 {
        let packages = packages_of(ws, name);
        let mut clean = Command::new(env!("CARGO"));
        clean.args(["clean", "--quiet"]);
        for p in &packages {
            clean.args(["-p", p]);
        }
        let _ = clean
            .current_dir(ws)
            .env("CARGO_TARGET_DIR", target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let logs = ws.join("logs");
        let stem = if incremental {
            name.to_owned()
        } else {
            format!("{name}.non-incremental")
        };
        let log = logs.join(format!("{stem}.build.log"));
        let time_out = logs.join(format!("{stem}.time.txt"));
        let mut cmd = if time_bin {
            let mut c = Command::new(TIME_BIN);
            c.arg("-v").arg("-o").arg(&time_out).arg(env!("CARGO"));
            c
        } else {
            Command::new(env!("CARGO"))
        };
        cmd.args(["build", "--message-format", "short", "-p", name])
            .current_dir(ws)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never");
        // Each mode as named, whatever the caller's environment says (CI sets
        // CARGO_INCREMENTAL=0 for all its builds).
        if incremental {
            cmd.env_remove("CARGO_INCREMENTAL");
        } else {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        let t0 = Instant::now();
        let mut concurrent_kib = 0;
        let result = run_logged_sampling(
            cmd,
            &logs.join(format!("{stem}.build.out")),
            &log,
            BUILD_TIMEOUT,
            Some(&mut concurrent_kib),
        );
        b.secs = t0.elapsed().as_secs_f64();
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        b.extra = compiled_crates(&text)
            .into_iter()
            .filter(|c| !packages.contains(c))
            .collect();
        b.concurrent_mib = (concurrent_kib > 0).then(|| concurrent_kib as f64 / 1024.0);
        // The larger of the largest process and the sampled sum of concurrent ones.
        let largest = if time_bin {
            std::fs::read_to_string(&time_out)
                .ok()
                .and_then(|t| max_rss_kib(&t))
                .map(|k| k as f64 / 1024.0)
        } else {
            None
        };
        b.peak_mib = match (largest, b.concurrent_mib) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        b.status = match result {
            Ok(Some(s)) if s.success() => "ok".to_owned(),
            Ok(Some(_)) => "compile error".to_owned(),
            Ok(None) => "timeout".to_owned(),
            Err(_) => "failed".to_owned(),
        };
        if b.extra.is_empty() || b.status != "ok" || attempt == 1 {
            break;
        }
    }
    b
}

/// The packages of a generated crate in the bench workspace: its own and those of its type
/// crates (`type-crates/N`, when the generator split its types).
fn packages_of(ws: &Path, name: &str) -> Vec<String> {
    let mut packages = vec![name.to_owned()];
    let dir = ws.join("crates").join(name).join(type_crates::DIR);
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut numbers: Vec<usize> = entries
            .flatten()
            .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
            .collect();
        numbers.sort_unstable();
        packages.extend(
            numbers
                .into_iter()
                .map(|k| type_crates::package_name(name, k)),
        );
    }
    packages
}

/// Package names from cargo's `Compiling NAME vX (...)` lines.
fn compiled_crates(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_and_time_output() {
        let log = "   Compiling serde v1.0.0\n   Compiling hcgen-x v0.1.0 (/p)\n    Finished `dev`";
        assert_eq!(compiled_crates(log), ["serde", "hcgen-x"]);
        let time =
            "\tCommand being timed: \"cargo\"\n\tMaximum resident set size (kbytes): 123456\n";
        assert_eq!(max_rss_kib(time), Some(123456));
    }
}
