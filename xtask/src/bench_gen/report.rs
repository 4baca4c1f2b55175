//! bench-gen's report on stdout: the tables, the totals and the targets.

use super::Row;
use super::args::Config;
use super::builds::Build;
use super::measure::Gen;

/// Specs with at least this many operations are "large" for the per-operation targets.
const LARGE_OPS: usize = 100;
/// Targets from the issue.
const TARGET_RATIO: f64 = 0.5;
const TARGET_GEN_MS_PER_OP: f64 = 1.2;
const TARGET_BUILD_MS_PER_OP: f64 = 45.0;
const TARGET_PEAK_MIB: f64 = 1024.0;

/// Prints the report of `rows` (see `bench/README.md`).
pub fn print_report(rows: &[Row], cfg: &Config, debug_warning: Option<&str>, note: Option<&str>) {
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
