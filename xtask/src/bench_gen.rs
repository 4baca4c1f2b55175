//! `cargo xtask bench-gen [DIR] [--filter TEXT] [--skip A,B] [--no-build] [--build-skip A,B] [--runs N] [--rounds N] [--no-progenitor]`
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
//! logs, the runner's own target directory). See `bench/README.md`.

use hcgen_codegen::emit::type_crates;
use std::collections::BTreeSet;
use std::fs::File;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Specs with at least this many operations are "large" for the per-operation targets.
const LARGE_OPS: usize = 100;
/// Targets from the issue.
const TARGET_RATIO: f64 = 0.5;
const TARGET_GEN_MS_PER_OP: f64 = 1.2;
const TARGET_BUILD_MS_PER_OP: f64 = 45.0;
const TARGET_PEAK_MIB: f64 = 1024.0;
/// How long one progenitor-runner call may take (N runs of one spec).
const RUNNER_TIMEOUT: Duration = Duration::from_secs(900);
/// How long one clean build may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(3600);
const TIME_BIN: &str = "/usr/bin/time";

/// Median times in milliseconds.
#[derive(Default, Clone, Copy)]
struct Phases {
    parse: f64,
    generate: f64,
    emit: f64,
    total: f64,
}

#[derive(Default)]
struct Gen {
    /// `ok`, `error` or `panic` (also `crash`, `timeout`, `n/a` for progenitor).
    status: String,
    message: String,
    operations: usize,
    lines: usize,
    times: Phases,
    /// Crate (package) name, when a crate was written.
    crate_name: Option<String>,
    /// progenitor's `[dependencies]` lines.
    deps: Vec<String>,
    /// progenitor's version, as its runner reports it.
    version: Option<String>,
}

#[derive(Default, Clone)]
struct Build {
    /// `ok`, `compile error`, `timeout`, `failed`.
    status: String,
    secs: f64,
    peak_mib: Option<f64>,
    /// The largest summed memory of the `rustc` processes running at once (sampled), MiB.
    concurrent_mib: Option<f64>,
    /// Crates other than the measured one that the timed build compiled (should be none).
    extra: Vec<String>,
}

struct Row {
    spec: String,
    hcgen: Gen,
    progenitor: Gen,
    hcgen_build: Option<Build>,
    progenitor_build: Option<Build>,
    /// The same builds without incremental compilation (`CARGO_INCREMENTAL=0`).
    hcgen_build_ni: Option<Build>,
    progenitor_build_ni: Option<Build>,
}

struct Config {
    runs: usize,
    /// Rounds of (hcgen, progenitor) measurements per spec, alternating; the median is kept.
    rounds: usize,
    build: bool,
    build_skip: Vec<String>,
    progenitor: bool,
    /// Also build every crate without incremental compilation.
    non_incremental: bool,
}

pub fn run(args: &[String]) -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut filter: Option<String> = None;
    let mut skip: Vec<String> = Vec::new();
    let mut cfg = Config {
        runs: 11,
        rounds: 3,
        build: true,
        build_skip: Vec::new(),
        progenitor: true,
        non_incremental: true,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let list = |it: &mut std::slice::Iter<String>| -> Vec<String> {
            it.next()
                .into_iter()
                .flat_map(|s| s.split(',').filter(|s| !s.is_empty()).map(str::to_owned))
                .collect()
        };
        match a.as_str() {
            "--no-build" => cfg.build = false,
            "--no-progenitor" => cfg.progenitor = false,
            "--incremental-only" => cfg.non_incremental = false,
            "--filter" => filter = it.next().cloned(),
            "--skip" => skip.extend(list(&mut it)),
            "--build-skip" => cfg.build_skip.extend(list(&mut it)),
            "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => cfg.runs = n,
                _ => {
                    eprintln!("bench-gen: --runs takes a positive number");
                    return ExitCode::from(2);
                }
            },
            "--rounds" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => cfg.rounds = n,
                _ => {
                    eprintln!("bench-gen: --rounds takes a positive number");
                    return ExitCode::from(2);
                }
            },
            other if !other.starts_with("--") => dir = Some(PathBuf::from(other)),
            other => {
                eprintln!("bench-gen: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let started = Instant::now();
    let root = crate::codegen::root();
    let dir = dir.unwrap_or_else(|| root.join("../shared/specs/real-world"));
    let mut specs = Vec::new();
    if let Err(e) = crate::corpus::walk(&dir, &mut specs) {
        eprintln!("bench-gen: cannot read {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    specs.retain(|p| {
        // Matched against the path below DIR, so that DIR's own name matches nothing.
        let s = p.strip_prefix(&dir).unwrap_or(p).display().to_string();
        filter.as_ref().is_none_or(|f| s.contains(f.as_str()))
            && !skip.iter().any(|k| s.contains(k.as_str()))
    });
    specs.sort();
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

    let runner = if cfg.progenitor {
        build_runner(&root, &out)
    } else {
        None
    };
    let time_bin = Path::new(TIME_BIN).exists();
    if cfg.build && !time_bin {
        eprintln!(
            "warning: {TIME_BIN} is missing (Debian package `time`: `apt-get install time`): peak memory is not measured"
        );
    }

    let mut rows = Vec::new();
    for spec in &specs {
        let rel = spec.strip_prefix(&dir).unwrap_or(spec);
        let stem = crate_stem(rel);
        let spec_name = rel.display().to_string();
        eprint!("bench-gen: {spec_name}: hcgen ×{} ", cfg.runs);
        // Each side in a process of its own, so what an earlier spec left in the allocator or
        // caches does not weigh on the next one; the two alternate for `rounds` rounds, so a
        // slow spell of the machine falls on both, and each side's median round is kept.
        let mut hcgen_rounds = Vec::new();
        let mut progenitor_rounds = Vec::new();
        for _ in 0..cfg.rounds {
            if hcgen_rounds.last().is_none_or(|g: &Gen| g.status == "ok") {
                hcgen_rounds.push(hcgen_measure_in_child(
                    spec,
                    &crates,
                    &format!("hcgen-{stem}"),
                    &cfg,
                    &logs,
                ));
            }
            if let Some(bin) = &runner
                && progenitor_rounds
                    .last()
                    .is_none_or(|g: &Gen| g.status == "ok")
            {
                progenitor_rounds.push(progenitor_measure(
                    bin,
                    spec,
                    &crates,
                    &format!("progenitor-{stem}"),
                    &cfg,
                    &logs,
                ));
            }
        }
        let hcgen = median_round(hcgen_rounds);
        eprint!(
            "{:.1} ms ({}), progenitor ",
            hcgen.times.total, hcgen.status
        );
        let progenitor = if runner.is_some() {
            median_round(progenitor_rounds)
        } else {
            Gen {
                status: "n/a".to_owned(),
                ..Gen::default()
            }
        };
        eprintln!(
            "{} ({})",
            if progenitor.status == "ok" {
                format!("{:.1} ms", progenitor.times.total)
            } else {
                "-".to_owned()
            },
            progenitor.status
        );
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
        build_note = build_all(&root, &out, &mut rows, &cfg, time_bin);
    }

    print_report(&rows, &cfg, debug_warning, build_note.as_deref());
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

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs hcgen `cfg.runs` times on `spec`; writes the last run's crate when builds are on.
/// How long to generate untimed before measuring (the same in progenitor's runner).
const WARM_UP: Duration = Duration::from_millis(300);
/// Timed runs go on past `--runs` until they have taken this long (at most 1,000 runs; the
/// same in progenitor's runner): a small spec's 11 runs take a few milliseconds, within one
/// slow spell of a virtual machine's second core.
const MIN_TIMED: Duration = Duration::from_millis(250);

fn hcgen_measure(spec: &Path, root: &Path, crates: &Path, name: &str, cfg: &Config) -> Gen {
    let opts =
        crate::phases::local_crate_options(root, name, spec, "cargo xtask bench-gen".to_owned());
    let mut g = Gen::default();
    let mut samples: Vec<[f64; 3]> = Vec::new();
    let mut last_files = Vec::new();
    // Untimed warm-up runs first (page faults, allocator start-up, an idle core waking up:
    // on a virtual machine the first runs of a spec alternate between about one-core and
    // two-core times), as on progenitor's side: at least one, and until WARM_UP has passed
    // (at most 100).
    let warm_until = Instant::now() + WARM_UP;
    let mut warm_ups = 0;
    let mut timed_since: Option<Instant> = None;
    let more = |n: usize, since: Option<Instant>| {
        n < cfg.runs || (since.is_none_or(|t| t.elapsed() < MIN_TIMED) && n < 1_000)
    };
    while more(samples.len(), timed_since) {
        let result = catch_unwind(AssertUnwindSafe(|| {
            crate::phases::generate(spec, &opts)
                .map(|t| (t.model.operations.len(), t.files, t.phases))
        }));
        match result {
            Err(_) => {
                g.status = "panic".to_owned();
                return g;
            }
            Ok(Err(e)) => {
                g.status = "error".to_owned();
                g.message = e.to_string();
                return g;
            }
            Ok(Ok((ops, files, t))) => {
                g.operations = ops;
                if warm_ups == 0 || (Instant::now() < warm_until && warm_ups < 100) {
                    warm_ups += 1;
                } else {
                    timed_since.get_or_insert_with(Instant::now);
                    samples.push(t.map(ms));
                }
                last_files = files;
            }
        }
    }
    let col = |i: usize| median(&mut samples.iter().map(|s| s[i]).collect::<Vec<_>>());
    g.times = Phases {
        parse: col(0),
        generate: col(1),
        emit: col(2),
        total: median(&mut samples.iter().map(|s| s.iter().sum()).collect::<Vec<_>>()),
    };
    g.lines = last_files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    g.status = "ok".to_owned();
    if cfg.build {
        match crate::codegen::write_files(&crates.join(name), &last_files) {
            Ok(_) => g.crate_name = Some(name.to_owned()),
            Err(e) => g.message = format!("cannot write the crate: {e}"),
        }
    }
    g
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
fn build_runner(root: &Path, out: &Path) -> Option<PathBuf> {
    let manifest = root.join("bench/progenitor-runner/Cargo.toml");
    let target = out.join("runner-target");
    eprintln!(
        "bench-gen: building {} (release) ...",
        manifest.strip_prefix(root).unwrap_or(&manifest).display()
    );
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status();
    let bin = target.join("release/progenitor-runner");
    match status {
        Ok(s) if s.success() && bin.exists() => Some(bin),
        other => {
            eprintln!(
                "warning: cannot build the progenitor runner ({other:?}): no progenitor baseline"
            );
            None
        }
    }
}

/// Runs `cmd` with stdout and stderr to files, killing it after `timeout`; `None` on timeout.
fn run_logged(
    cmd: Command,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    run_logged_sampling(cmd, stdout, stderr, timeout, None)
}

/// [`run_logged`]; with `rustc_peak`, also samples (every 100 ms) the summed resident memory
/// of all `rustc` processes, and keeps the largest sum in KiB: when cargo builds several
/// crates at once, that is what the build needs, more than its largest process.
fn run_logged_sampling(
    mut cmd: Command,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
    mut rustc_peak: Option<&mut u64>,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    cmd.stdin(Stdio::null())
        .stdout(File::create(stdout)?)
        .stderr(File::create(stderr)?);
    let mut child = cmd.spawn()?;
    let deadline = Instant::now() + timeout;
    for tick in 0u64.. {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        if tick % 5 == 0
            && let Some(peak) = rustc_peak.as_deref_mut()
        {
            *peak = (*peak).max(rustc_rss_kib());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(None)
}

/// The summed resident memory of the running `rustc` processes, in KiB (Linux `/proc`; 0
/// elsewhere).
fn rustc_rss_kib() -> u64 {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return 0;
    };
    procs
        .flatten()
        .filter(|p| {
            p.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|p| {
            std::fs::read_to_string(p.path().join("comm")).is_ok_and(|c| c.trim_end() == "rustc")
        })
        .filter_map(|p| std::fs::read_to_string(p.path().join("status")).ok())
        .filter_map(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum()
}

/// `cargo xtask bench-gen-worker SPEC --runs N --name NAME [--out DIR]`: measures hcgen on one
/// spec in this process and prints the result as one JSON object (the runner's fields), for
/// [`hcgen_measure_in_child`]. With `--out`, writes the crate to DIR/NAME.
pub fn worker(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut runs = 5;
    let mut name = String::from("hcgen-spec");
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            "--name" => name = it.next().cloned().unwrap_or(name),
            "--out" => out = it.next().map(PathBuf::from),
            other => spec = Some(PathBuf::from(other)),
        }
    }
    let Some(spec) = spec else {
        eprintln!("bench-gen-worker: no spec given");
        return ExitCode::from(2);
    };
    let cfg = Config {
        runs,
        rounds: 1,
        build: out.is_some(),
        build_skip: Vec::new(),
        progenitor: false,
        non_incremental: false,
    };
    let root = crate::codegen::root();
    let crates = out.unwrap_or_default();
    let g = hcgen_measure(&spec, &root, &crates, &name, &cfg);
    let report = serde_json::json!({
        "status": g.status,
        "message": g.message,
        "operations": g.operations,
        "lines": g.lines,
        "parse_ms": g.times.parse,
        "generate_ms": g.times.generate,
        "format_ms": g.times.emit,
        "total_ms": g.times.total,
        "crate": g.crate_name.map(|n| crates.join(n).display().to_string()),
    });
    println!("{report}");
    ExitCode::SUCCESS
}

/// [`hcgen_measure`] in a child process (`bench-gen-worker`), so that each spec starts from a
/// fresh process, as progenitor's runner does.
fn hcgen_measure_in_child(
    spec: &Path,
    crates: &Path,
    name: &str,
    cfg: &Config,
    logs: &Path,
) -> Gen {
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
    let mut cmd = Command::new(exe);
    cmd.arg("bench-gen-worker")
        .arg(spec)
        .arg("--runs")
        .arg(cfg.runs.to_string())
        .arg("--name")
        .arg(name);
    if cfg.build {
        cmd.arg("--out").arg(crates);
    }
    run_measurer(cmd, "worker", name, logs)
}

fn progenitor_measure(
    bin: &Path,
    spec: &Path,
    crates: &Path,
    name: &str,
    cfg: &Config,
    logs: &Path,
) -> Gen {
    let mut cmd = Command::new(bin);
    cmd.arg(spec).arg("--runs").arg(cfg.runs.to_string());
    if cfg.build {
        cmd.arg("--out")
            .arg(crates.join(name))
            .arg("--name")
            .arg(name);
    }
    run_measurer(cmd, "runner", name, logs)
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

/// Writes the bench workspace, prebuilds the dependencies, then builds each generated crate
/// clean, one at a time. Returns a note for the report when something was off.
fn build_all(
    root: &Path,
    out: &Path,
    rows: &mut [Row],
    cfg: &Config,
    time_bin: bool,
) -> Option<String> {
    // Two tiny crates with exactly the generated crates' dependencies.
    let hcgen_deps = format!(
        "hcgen-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
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
    for (m, incremental) in members
        .iter()
        .filter(|m| m.starts_with("deps/"))
        .flat_map(|m| modes.iter().map(move |i| (m, *i)))
    {
        let pkg = format!("bench-{}", m.replace('/', "-"));
        eprintln!(
            "bench-gen: prebuilding the dependencies ({pkg}{}) ...",
            if incremental {
                ""
            } else {
                ", CARGO_INCREMENTAL=0"
            }
        );
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "-p", &pkg])
            .current_dir(out)
            .env("CARGO_TARGET_DIR", &target);
        if !incremental {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        let status = cmd.status();
        if !status.is_ok_and(|s| s.success()) {
            return Some(format!(
                "prebuilding {pkg} failed: no build times (see `cargo build -p {pkg}` in {})",
                out.display()
            ));
        }
    }

    let mut skipped = Vec::new();
    for r in rows.iter_mut() {
        if !to_build(r) {
            skipped.push(r.spec.clone());
            continue;
        }
        for &incremental in modes {
            let mode = if incremental {
                ""
            } else {
                " (CARGO_INCREMENTAL=0)"
            };
            if let Some(n) = r.hcgen.crate_name.clone() {
                let b = timed_build(out, &target, &n, time_bin, incremental);
                eprintln!("bench-gen: {}: hcgen build{mode} {}", r.spec, describe(&b));
                *if incremental {
                    &mut r.hcgen_build
                } else {
                    &mut r.hcgen_build_ni
                } = Some(b);
            }
            if let Some(n) = r.progenitor.crate_name.clone() {
                let b = timed_build(out, &target, &n, time_bin, incremental);
                eprintln!(
                    "bench-gen: {}: progenitor build{mode} {}",
                    r.spec,
                    describe(&b)
                );
                *if incremental {
                    &mut r.progenitor_build
                } else {
                    &mut r.progenitor_build_ni
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

/// `cargo clean -p NAME` then a timed `cargo build -p NAME`; once more if the build also
/// compiled a dependency (a feature set the prebuild did not cover).
/// A clean build of package `name`, timed; with incremental compilation (cargo's default for a
/// workspace member) or without (`CARGO_INCREMENTAL=0`: how a registry or git dependency is
/// built, or a package with `incremental = false` in the profile).
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
        if !incremental {
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

/// `Maximum resident set size (kbytes): N` from `/usr/bin/time -v`.
fn max_rss_kib(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

fn print_report(rows: &[Row], cfg: &Config, debug_warning: Option<&str>, note: Option<&str>) {
    if let Some(w) = debug_warning {
        println!("> {w}\n");
    }
    println!(
        "Generation: median of at least {} in-process runs and 250 ms of them (wall clock; progenitor {} as a library, bench/progenitor-runner). \
         Builds: clean `cargo build` (debug profile, incremental as for a workspace member) of one generated crate, dependencies prebuilt; \
         peak = the larger of the largest process's RSS and the sampled sum of concurrent rustc processes' RSS; a crate that fails to compile shows the time to the error and (peak).\n",
        cfg.runs,
        rows.iter()
            .find_map(|r| r.progenitor.version.as_deref())
            .unwrap_or("(version unknown)")
    );
    println!(
        "| spec | operations | hcgen total ms | hcgen ms/op | progenitor total ms | hcgen/progenitor | hcgen lines | progenitor lines | hcgen build s | hcgen build ms/op | hcgen peak MiB | progenitor build s | progenitor peak MiB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let ops = operations(r);
        let h_ok = r.hcgen.status == "ok";
        let p_ok = r.progenitor.status == "ok";
        let hb = r.hcgen_build.as_ref();
        let pb = r.progenitor_build.as_ref();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.spec,
            ops,
            if h_ok {
                format!("{:.1}", r.hcgen.times.total)
            } else {
                r.hcgen.status.clone()
            },
            if h_ok && ops > 0 {
                format!("{:.3}", r.hcgen.times.total / ops as f64)
            } else {
                "-".to_owned()
            },
            if p_ok {
                format!("{:.1}", r.progenitor.times.total)
            } else {
                r.progenitor.status.clone()
            },
            if h_ok && p_ok && r.progenitor.times.total > 0.0 {
                format!("{:.2}×", r.hcgen.times.total / r.progenitor.times.total)
            } else {
                "-".to_owned()
            },
            if h_ok {
                r.hcgen.lines.to_string()
            } else {
                "-".to_owned()
            },
            if p_ok {
                r.progenitor.lines.to_string()
            } else {
                "-".to_owned()
            },
            build_secs(hb),
            build_ms_per_op(hb, ops),
            peak(hb),
            build_secs(pb),
            peak(pb),
        );
    }

    if rows.iter().any(|r| r.hcgen_build_ni.is_some()) {
        println!(
            "\nThe same builds without incremental compilation (`CARGO_INCREMENTAL=0`): how a registry or git \
             dependency builds, or a path dependency with `incremental = false` in the workspace's profile.\n"
        );
        println!(
            "| spec | operations | hcgen build s | hcgen build ms/op | hcgen peak MiB | progenitor build s | progenitor peak MiB |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for r in rows.iter().filter(|r| r.hcgen_build_ni.is_some()) {
            let ops = operations(r);
            let hb = r.hcgen_build_ni.as_ref();
            let pb = r.progenitor_build_ni.as_ref();
            println!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.spec,
                ops,
                build_secs(hb),
                build_ms_per_op(hb, ops),
                peak(hb),
                build_secs(pb),
                peak(pb),
            );
        }
    }

    println!("\nWhere the time goes (median ms per phase; lines per operation):\n");
    println!(
        "| spec | hcgen parse | hcgen generate | hcgen emit+format | hcgen lines/op | progenitor parse | progenitor generate | progenitor format | progenitor lines/op | note |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for r in rows {
        let ops = operations(r).max(1) as f64;
        let phases = |g: &Gen| {
            if g.status == "ok" {
                format!(
                    "{:.1} | {:.1} | {:.1} | {:.0}",
                    g.times.parse,
                    g.times.generate,
                    g.times.emit,
                    g.lines as f64 / ops
                )
            } else {
                "- | - | - | -".to_owned()
            }
        };
        let mut note = Vec::new();
        if r.hcgen.status != "ok" {
            note.push(format!(
                "hcgen {}: {}",
                r.hcgen.status,
                short(&r.hcgen.message)
            ));
        }
        if !matches!(r.progenitor.status.as_str(), "ok" | "n/a") {
            note.push(format!(
                "progenitor {}: {}",
                r.progenitor.status,
                short(&r.progenitor.message)
            ));
        }
        for (who, b) in [
            ("hcgen", &r.hcgen_build),
            ("progenitor", &r.progenitor_build),
            ("hcgen non-incremental", &r.hcgen_build_ni),
            ("progenitor non-incremental", &r.progenitor_build_ni),
        ] {
            if let Some(b) = b.as_ref().filter(|b| b.status != "ok") {
                note.push(format!("{who} build: {}", b.status));
            }
        }
        println!(
            "| {} | {} | {} | {} |",
            r.spec,
            phases(&r.hcgen),
            phases(&r.progenitor),
            note.join("; ").replace('|', "\\|")
        );
    }
    if let Some(n) = note {
        println!("\nnote: {n}");
    }
    print_totals(rows);
    print_targets(rows, cfg);
}

fn operations(r: &Row) -> usize {
    if r.hcgen.status == "ok" {
        r.hcgen.operations
    } else {
        r.progenitor.operations
    }
}

fn build_secs(b: Option<&Build>) -> String {
    match b {
        None => "-".to_owned(),
        Some(b) if b.status == "ok" => format!("{:.1}", b.secs),
        // rustc stops after type checking: the time to the error, not a build time.
        Some(b) if b.status == "compile error" => format!("compile error ({:.1})", b.secs),
        Some(b) => b.status.clone(),
    }
}

fn build_ms_per_op(b: Option<&Build>, ops: usize) -> String {
    match b {
        Some(b) if b.status == "ok" && ops > 0 => format!("{:.0}", b.secs * 1e3 / ops as f64),
        _ => "-".to_owned(),
    }
}

fn peak(b: Option<&Build>) -> String {
    match b.map(|b| (b.status == "ok", b.peak_mib)) {
        Some((true, Some(m))) => format!("{m:.0}"),
        Some((false, Some(m))) => format!("({m:.0})"),
        _ => "-".to_owned(),
    }
}

fn short(s: &str) -> String {
    let s: String = s.chars().take(90).collect();
    s.replace('\n', " ")
}

fn print_totals(rows: &[Row]) {
    let ok: Vec<&Row> = rows.iter().filter(|r| r.hcgen.status == "ok").collect();
    let ops: usize = ok.iter().map(|r| r.hcgen.operations).sum();
    let total: f64 = ok.iter().map(|r| r.hcgen.times.total).sum();
    let both: Vec<&&Row> = ok.iter().filter(|r| r.progenitor.status == "ok").collect();
    let h: f64 = both.iter().map(|r| r.hcgen.times.total).sum();
    let p: f64 = both.iter().map(|r| r.progenitor.times.total).sum();
    println!(
        "\nhcgen generated {} of {} specs: {} operations in {:.1} ms ({:.3} ms per operation); progenitor accepted {} of them{}",
        ok.len(),
        rows.len(),
        ops,
        total,
        total / ops.max(1) as f64,
        rows.iter().filter(|r| r.progenitor.status == "ok").count(),
        if both.is_empty() {
            String::new()
        } else {
            format!(
                " (on those hcgen takes {h:.1} ms, progenitor {p:.1} ms: {:.2}×)",
                h / p
            )
        }
    );
}

/// The targets, each with the specs that miss it.
fn print_targets(rows: &[Row], cfg: &Config) {
    let mut parts = Vec::new();
    let check = |label: String, misses: Vec<String>, checked: usize| {
        if checked == 0 {
            format!("{label}: not measured")
        } else if misses.is_empty() {
            format!("{label}: met ({checked} specs)")
        } else {
            format!(
                "{label}: MISSED by {} of {checked} ({})",
                misses.len(),
                misses.join(", ")
            )
        }
    };
    let both: Vec<&Row> = rows
        .iter()
        .filter(|r| r.hcgen.status == "ok" && r.progenitor.status == "ok")
        .collect();
    parts.push(check(
        format!("generation ≤ {TARGET_RATIO}× progenitor where it accepts the spec"),
        both.iter()
            .filter(|r| r.hcgen.times.total > TARGET_RATIO * r.progenitor.times.total)
            .map(|r| {
                format!(
                    "{} {:.2}×",
                    r.spec,
                    r.hcgen.times.total / r.progenitor.times.total
                )
            })
            .collect(),
        both.len(),
    ));
    let large: Vec<&Row> = rows
        .iter()
        .filter(|r| r.hcgen.status == "ok" && r.hcgen.operations >= LARGE_OPS)
        .collect();
    parts.push(check(
        format!("≤ {TARGET_GEN_MS_PER_OP} ms per operation on the large specs (≥ {LARGE_OPS} operations)"),
        large
            .iter()
            .filter(|r| r.hcgen.times.total / r.hcgen.operations as f64 > TARGET_GEN_MS_PER_OP)
            .map(|r| format!("{} {:.2} ms/op", r.spec, r.hcgen.times.total / r.hcgen.operations as f64))
            .collect(),
        large.len(),
    ));
    if cfg.build {
        type Pick = fn(&Row) -> Option<&Build>;
        let modes: [(&str, Pick); 2] = [
            ("incremental", |r| r.hcgen_build.as_ref()),
            ("non-incremental", |r| r.hcgen_build_ni.as_ref()),
        ];
        for (mode, pick) in modes {
            let built: Vec<(&Row, &Build)> = rows
                .iter()
                .filter_map(|r| pick(r).map(|b| (r, b)))
                .filter(|(_, b)| b.status == "ok")
                .collect();
            if built.is_empty() {
                continue;
            }
            let large_built: Vec<&(&Row, &Build)> = built
                .iter()
                .filter(|(r, _)| r.hcgen.operations >= LARGE_OPS)
                .collect();
            parts.push(check(
                format!("generated code builds in ≤ {TARGET_BUILD_MS_PER_OP:.0} ms per operation (large specs, {mode})"),
                large_built
                    .iter()
                    .filter(|(r, b)| b.secs * 1e3 / r.hcgen.operations as f64 > TARGET_BUILD_MS_PER_OP)
                    .map(|(r, b)| format!("{} {:.0} ms/op", r.spec, b.secs * 1e3 / r.hcgen.operations as f64))
                    .collect(),
                large_built.len(),
            ));
            let measured: Vec<&(&Row, &Build)> =
                built.iter().filter(|(_, b)| b.peak_mib.is_some()).collect();
            parts.push(check(
                format!("≤ 1 GiB peak ({mode})"),
                measured
                    .iter()
                    .filter(|(_, b)| b.peak_mib.is_some_and(|m| m > TARGET_PEAK_MIB))
                    .map(|(r, b)| format!("{} {:.0} MiB", r.spec, b.peak_mib.unwrap_or(0.0)))
                    .collect(),
                measured.len(),
            ));
        }
        let failed: Vec<&str> = rows
            .iter()
            .filter(|r| {
                [&r.hcgen_build, &r.hcgen_build_ni]
                    .into_iter()
                    .flatten()
                    .any(|b| b.status != "ok")
            })
            .map(|r| r.spec.as_str())
            .collect();
        if !failed.is_empty() {
            parts.push(format!(
                "hcgen crates that did not build: {}",
                failed.join(", ")
            ));
        }
    } else {
        parts.push("builds: skipped (--no-build)".to_owned());
    }
    println!("\nTargets: {}.", parts.join("; "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn stems_are_package_names() {
        assert_eq!(crate_stem(Path::new("github-rest.json")), "github-rest");
        assert_eq!(crate_stem(Path::new("a/B_c.d.yaml")), "a-b-c-d");
        assert_eq!(
            crate_stem(Path::new("1password-connect.json")),
            "1password-connect"
        );
    }

    #[test]
    fn reads_cargo_and_time_output() {
        let log = "   Compiling serde v1.0.0\n   Compiling hcgen-x v0.1.0 (/p)\n    Finished `dev`";
        assert_eq!(compiled_crates(log), ["serde", "hcgen-x"]);
        let time =
            "\tCommand being timed: \"cargo\"\n\tMaximum resident set size (kbytes): 123456\n";
        assert_eq!(max_rss_kib(time), Some(123456));
    }

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
