//! `cargo xtask hostile [--out DIR] [--filter TEXT] [--keep]`: the hostile specs of issue 15,
//! each given to the generator in a child process under a time and memory bound; a crate it
//! writes is `cargo check`ed with `-D warnings` and its `test-util` feature (its mock module
//! included; one shared target directory) and its
//! doctests are run, checking that none came from the spec and that nothing from the spec
//! ran. Prints a Markdown table; exits 1 if any probe fails.

pub mod child;
mod classify;
mod probes;

use child::{Limits, Outcome};
use classify::Verdict;
use probes::Probe;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

/// The generator's bounds: the 60 s, and an address-space backstop well above the
/// 1 GiB peak resident memory that is checked after the run (`classify::GENERATOR_PEAK_KIB`):
/// a Rust program reserves more address space than it touches (thread stacks, allocator
/// arenas).
const GENERATOR: Limits = Limits {
    timeout: Duration::from_secs(60),
    address_space: 4 << 30,
};

/// The bounds of `cargo check` and `cargo test --doc` on a generated crate (rustc inherits
/// the address-space limit, so a crate that needs more memory fails instead of taking the
/// machine down).
const CARGO: Limits = Limits {
    timeout: Duration::from_secs(600),
    address_space: 6 << 30,
};

/// The first crate's cargo runs also build the dependencies (in two profiles).
const CARGO_FIRST: Limits = Limits {
    timeout: Duration::from_secs(1800),
    ..CARGO
};

struct Row {
    name: &'static str,
    item: &'static str,
    expect: probes::Expect,
    verdict: Verdict,
    generator: Option<Outcome>,
    /// `cargo xtask spec-diff` from a minimal spec to the probe: its verdict and run.
    spec_diff: Option<(Verdict, Outcome)>,
    check: Option<Outcome>,
    doc: Option<Outcome>,
}

pub fn run(args: &[String]) -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut filter: Option<String> = None;
    let mut keep = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--filter" => filter = it.next().cloned(),
            "--keep" => keep = true,
            other => {
                eprintln!("hostile: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let root = crate::codegen::root();
    let out = out.unwrap_or_else(|| root.join("target/hostile"));
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hostile: cannot find the xtask binary: {e}");
            return ExitCode::from(2);
        }
    };
    let probes: Vec<Probe> = probes::all()
        .into_iter()
        .filter(|p| filter.as_ref().is_none_or(|f| p.name.contains(f.as_str())))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    for probe in &probes {
        let warm = rows.iter().any(|r| r.check.is_some());
        let limits = if warm { CARGO } else { CARGO_FIRST };
        eprintln!("hostile: {}", probe.name);
        let dir = out.join("probes").join(probe.name);
        let row = run_probe(probe, &dir, &exe, &root, &out.join("target"), limits);
        if !keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
        eprintln!("hostile: {} -> {}", probe.name, result_label(&row.verdict));
        rows.push(row);
    }
    print_table(&rows);
    let failed = rows
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Fail(_)))
        .count();
    println!(
        "\n{} probes: {} generated, {} clear errors, {failed} failed",
        rows.len(),
        rows.iter()
            .filter(|r| r.verdict == Verdict::Generated)
            .count(),
        rows.iter()
            .filter(|r| matches!(r.verdict, Verdict::Error(_)))
            .count(),
    );
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the probe's files under `dir/spec/`, generates, and checks what was generated.
fn run_probe(
    probe: &Probe,
    dir: &Path,
    exe: &Path,
    root: &Path,
    target: &Path,
    limits: Limits,
) -> Row {
    let mut row = Row {
        name: probe.name,
        item: probe.item,
        expect: probe.expect,
        verdict: Verdict::Generated,
        generator: None,
        spec_diff: None,
        check: None,
        doc: None,
    };
    let _ = std::fs::remove_dir_all(dir);
    let marker = dir.join("marker");
    let files = (probe.build)(&marker);
    let spec_dir = dir.join("spec");
    for (rel, text) in &files {
        let path = spec_dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            row.verdict = Verdict::Fail(format!("cannot write {}: {e}", path.display()));
            return row;
        }
    }
    let spec = spec_dir.join(&files[0].0);
    let out = dir.join("crate");
    let package = format!("hostile-{}", probe.name);
    let mut cmd = Command::new(exe);
    cmd.arg("codegen")
        .arg("--spec")
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .arg("--name")
        .arg(&package);
    let generated = match child::run_measured(cmd, GENERATOR, &dir.join("generator.log")) {
        Ok(o) => o,
        Err(e) => {
            row.verdict = Verdict::Fail(format!("cannot run the generator: {e}"));
            return row;
        }
    };
    let verdict = classify::against(
        probe.expect,
        classify::generator(&generated, &spec.display().to_string()),
    );
    row.generator = Some(generated);
    row.verdict = verdict;
    row.spec_diff = spec_diff(exe, dir, &spec);
    if row.verdict == Verdict::Generated {
        let krate = Crate {
            dir: &out,
            package: &package,
            marker: &marker,
            logs: dir,
        };
        if let Some(f) = check_crate(&krate, root, target, limits, &mut row) {
            row.verdict = Verdict::Fail(f);
        }
    }
    if let Some((Verdict::Fail(f), _)) = &row.spec_diff
        && !matches!(row.verdict, Verdict::Fail(_))
    {
        row.verdict = Verdict::Fail(format!("spec-diff: {f}"));
    }
    row
}

/// A generated crate and where its probe keeps the marker and the logs.
struct Crate<'a> {
    dir: &'a Path,
    package: &'a str,
    marker: &'a Path,
    logs: &'a Path,
}

/// `cargo check` with the `test-util` feature (warnings denied), then `cargo test --doc`
/// without it; records both runs in `row` and returns what failed.
fn check_crate(
    krate: &Crate,
    root: &Path,
    target: &Path,
    limits: Limits,
    row: &mut Row,
) -> Option<String> {
    // Pin dependency versions to the project's tested ones (and build offline).
    let _ = std::fs::copy(root.join("Cargo.lock"), krate.dir.join("Cargo.lock"));
    let check_log = krate.logs.join("check.log");
    // With the crate's `test-util` feature: its mock module compiles without warnings too.
    let feature = format!("{}/test-util", krate.package);
    let check = ["check", "--features", &feature];
    let checked = match cargo(krate.dir, target, &check, &check_log, limits) {
        Ok(o) => o,
        Err(e) => return Some(format!("cannot run cargo check: {e}")),
    };
    let failure = classify::check(&checked);
    row.check = Some(checked);
    if failure.is_some() {
        return failure;
    }
    let name = krate.package.replace('-', "_");
    let allowed: Vec<String> = std::fs::read_to_string(krate.dir.join("src/lib.rs"))
        .ok()
        .and_then(|lib| classify::own_example(&name, &lib))
        .into_iter()
        .collect();
    let doc_log = krate.logs.join("doc.log");
    match cargo(krate.dir, target, &["test", "--doc"], &doc_log, limits) {
        Ok(o) => {
            let failure = classify::doctests(&o, krate.marker.exists(), &allowed);
            row.doc = Some(o);
            failure
        }
        Err(e) => Some(format!("cannot run cargo test --doc: {e}")),
    }
}

/// Runs `cargo xtask spec-diff` from a minimal spec to the probe's, under the generator's
/// bounds (it loads and generates both sides): a report or a clear error, never an abort.
fn spec_diff(exe: &Path, dir: &Path, spec: &Path) -> Option<(Verdict, Outcome)> {
    let base = dir.join("base.json");
    std::fs::write(&base, probes::baseline_text()).ok()?;
    let mut cmd = Command::new(exe);
    cmd.arg("spec-diff")
        .arg("--base")
        .arg(&base)
        .arg("--head")
        .arg(spec)
        .args(["--format", "json"]);
    let o = child::run_measured(cmd, GENERATOR, &dir.join("spec-diff.log")).ok()?;
    let verdict = classify::spec_diff(&o, &spec.display().to_string());
    Some((verdict, o))
}

/// `cargo SUBCOMMAND --workspace` on a generated crate (its own workspace, with the type
/// crates it may have), in the shared target directory, with warnings denied.
fn cargo(
    krate: &Path,
    target: &Path,
    sub: &[&str],
    log: &Path,
    limits: Limits,
) -> std::io::Result<Outcome> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(sub)
        .args(["--workspace", "--offline", "--message-format", "short"])
        .arg("--manifest-path")
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("RUSTDOCFLAGS");
    child::run_measured(cmd, limits, log)
}

fn result_label(v: &Verdict) -> &'static str {
    match v {
        Verdict::Generated => "generated",
        Verdict::Error(_) => "error",
        Verdict::Fail(_) => "FAIL",
    }
}

/// Peak resident memory in MiB; NaN (`killed` in the table) for a child killed at its timeout,
/// whose children were not waited for and so are not counted.
fn peak(o: &Outcome) -> f64 {
    if o.status == child::Status::TimedOut {
        f64::NAN
    } else {
        o.peak_mib()
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "| probe | issue item | expected | result | generator s | generator peak MiB | spec-diff | check s | check peak MiB | doctests s | first line of the error |"
    );
    println!("|---|---|---|---|---:|---:|---|---:|---:|---:|---|");
    let cell = |o: &Option<Outcome>, f: fn(&Outcome) -> f64| match o.as_ref().map(f) {
        None => "-".to_owned(),
        Some(v) if v.is_nan() => "killed".to_owned(),
        Some(v) => format!("{v:.1}"),
    };
    for r in rows {
        let detail = match &r.verdict {
            Verdict::Generated => "",
            Verdict::Error(e) | Verdict::Fail(e) => e,
        };
        let detail: String = detail
            .chars()
            .take(200)
            .collect::<String>()
            .replace('|', "\\|")
            .replace(['\r', '\n'], " ");
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.item,
            r.expect.label(),
            result_label(&r.verdict),
            cell(&r.generator, |o| o.elapsed.as_secs_f64()),
            cell(&r.generator, peak),
            r.spec_diff.as_ref().map_or_else(
                || "-".to_owned(),
                |(v, o)| format!(
                    "{} ({:.1} s, {:.0} MiB)",
                    match v {
                        Verdict::Generated => "ok",
                        other => result_label(other),
                    },
                    o.elapsed.as_secs_f64(),
                    o.peak_mib()
                )
            ),
            cell(&r.check, |o| o.elapsed.as_secs_f64()),
            cell(&r.check, peak),
            cell(&r.doc, |o| o.elapsed.as_secs_f64()),
            detail
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probes_are_deterministic_and_uniquely_named() {
        let marker = Path::new("/tmp/hostile/marker");
        let first: Vec<_> = probes::all()
            .iter()
            .map(|p| (p.name, (p.build)(marker)))
            .collect();
        let second: Vec<_> = probes::all()
            .iter()
            .map(|p| (p.name, (p.build)(marker)))
            .collect();
        assert_eq!(first, second);
        let mut names: Vec<_> = first.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), first.len());
    }

    #[test]
    fn every_docs_probe_carries_the_code_that_writes_the_marker() {
        let marker = Path::new("/tmp/hostile/marker");
        let docs: Vec<_> = probes::all()
            .into_iter()
            .filter(|p| p.name.starts_with("docs-"))
            .collect();
        assert!(docs.len() >= 9);
        for p in docs {
            let files = (p.build)(marker);
            assert!(files[0].1.contains("std::fs::write"), "{}", p.name);
            assert!(files[0].1.contains("/tmp/hostile/marker"), "{}", p.name);
        }
    }
}
