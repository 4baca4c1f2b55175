//! `corpus`'s report on stdout: a table (or failures grouped by kind) and the totals.

use std::time::Duration;

use super::generate::Row;

/// Failures grouped by the kind of message (JSON pointers and names removed), most common first.
pub fn print_summary(rows: &[Row]) {
    let mut groups: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for r in rows
        .iter()
        .filter(|r| r.result != "generated" && !r.result.starts_with("ok ("))
    {
        let msg = r
            .first_error
            .split(": ")
            .skip(2)
            .collect::<Vec<_>>()
            .join(": ");
        let key: String = msg
            .split('`')
            .enumerate()
            .map(|(i, p)| if i % 2 == 1 { "`…`" } else { p })
            .collect();
        let key = format!(
            "{}: {}",
            r.result,
            key.chars().take(120).collect::<String>()
        );
        let e = groups.entry(key).or_insert((0, r.spec.clone()));
        e.0 += 1;
    }
    let mut sorted: Vec<_> = groups.into_iter().collect();
    sorted.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    println!("| count | failure | example spec |");
    println!("|---:|---|---|");
    for (k, (n, example)) in sorted.iter().take(40) {
        println!("| {n} | {} | {example} |", k.replace('|', "\\|"));
    }
}

pub fn print_table(rows: &[Row]) {
    println!(
        "| spec | operations | types | generated lines | parse ms | generate ms | emit+format ms | result | first error |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|---|");
    for r in rows {
        let first: String = r
            .first_error
            .chars()
            .take(160)
            .collect::<String>()
            .replace('|', "\\|");
        println!(
            "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {} | {} | {} |",
            r.spec,
            r.operations,
            r.types,
            r.lines,
            r.parse.as_secs_f64() * 1e3,
            r.generate.as_secs_f64() * 1e3,
            r.emit.as_secs_f64() * 1e3,
            match r.examples_failed {
                Some(f) => format!("{}/{}", r.examples - f, r.examples),
                None if r.examples > 0 => format!("?/{}", r.examples),
                None => "-".to_owned(),
            },
            r.result,
            first
        );
    }
}

/// The closing lines (what CI and the README quote): specs generated, panics, crates that
/// compiled, examples round-tripped, generation time per operation.
pub fn print_totals(rows: &[Row], examples: bool) {
    let panics = rows.iter().filter(|r| r.result == "PANIC").count();
    let generated = rows.iter().filter(|r| r.crate_name.is_some()).count();
    let compiled = rows.iter().filter(|r| r.result.starts_with("ok (")).count();
    let checked = rows
        .iter()
        .filter(|r| {
            r.result.starts_with("ok (")
                || r.result.contains("warnings")
                || r.result.contains("compile")
        })
        .count();
    let not_30 = rows
        .iter()
        .filter(|r| {
            r.first_error.contains("unsupported OpenAPI version")
                || r.first_error.contains("Swagger")
        })
        .count();
    let in_scope = rows.len() - not_30;
    println!(
        "\n{} specs ({} of them not OpenAPI 3.0.x or 3.1.x): {} generated ({:.1}% of the {} OpenAPI 3.0/3.1 documents), {} panics; {} of {} checked compiled without warnings",
        rows.len(),
        not_30,
        generated,
        100.0 * generated as f64 / in_scope.max(1) as f64,
        in_scope,
        panics,
        compiled,
        checked
    );
    let ex_total: usize = rows
        .iter()
        .filter(|r| r.examples_failed.is_some())
        .map(|r| r.examples)
        .sum();
    let ex_failed: usize = rows.iter().filter_map(|r| r.examples_failed).sum();
    if examples {
        println!(
            "examples: {} round-tripped of {} checked",
            ex_total - ex_failed,
            ex_total
        );
    }
    let total_ops: usize = rows.iter().map(|r| r.operations).sum();
    let total_time: Duration = rows.iter().map(|r| r.parse + r.generate + r.emit).sum();
    if total_ops > 0 {
        println!(
            "generation: {} operations in {:.2?} ({:.3} ms per operation)",
            total_ops,
            total_time,
            total_time.as_secs_f64() * 1e3 / total_ops as f64
        );
    }
}
