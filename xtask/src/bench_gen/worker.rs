//! `bench-gen-worker`: hcgen's generation measured in a process of its own, one spec.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::args::Config;
use super::measure::{Gen, Phases};

/// How long to generate untimed before measuring (the same in progenitor's runner).
const WARM_UP: Duration = Duration::from_millis(300);
/// Timed runs go on past `--runs` until they have taken this long (at most 1,000 runs; the
/// same in progenitor's runner): a small spec's 11 runs take a few milliseconds, within one
/// slow spell of a virtual machine's second core.
const MIN_TIMED: Duration = Duration::from_millis(250);

/// Runs hcgen `cfg.runs` times on `spec`; writes the last run's crate when builds are on.
fn hcgen_measure(spec: &Path, root: &Path, crates: &Path, name: &str, cfg: &Config) -> Gen {
    let opts = crate::phases::local_crate_options(
        root,
        &crates.join(name),
        name,
        spec,
        "cargo xtask bench-gen".to_owned(),
    );
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

/// The median of `v` (0 when empty).
pub fn median(v: &mut [f64]) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }
}
