//! `corpus`'s report on stdout: a table (or failures grouped by kind) and the totals.

use std::time::Duration;

use super::generate::Row;

/// Whether `row` failed (a generator error, a panic, a crate that did not compile cleanly).
pub fn failed(row: &Row) -> bool {
    row.result != "generated" && !row.result.starts_with("ok (")
}

/// The kind of `row`'s failure: its result and first error with the file, JSON pointer and
/// names (between backticks) removed, at most 120 characters.
fn failure_kind(row: &Row) -> String {
    let msg = row
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
    format!(
        "{}: {}",
        row.result,
        key.chars().take(120).collect::<String>()
    )
}

/// The failures of `rows` grouped by [`failure_kind`], most common first: kind, count and
/// the first spec of that kind.
fn failure_groups<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<(String, (usize, String))> {
    let mut groups: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for r in rows.filter(|r| failed(r)) {
        let e = groups.entry(failure_kind(r)).or_insert((0, r.spec.clone()));
        e.0 += 1;
    }
    let mut sorted: Vec<_> = groups.into_iter().collect();
    sorted.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    sorted
}

/// Failures grouped by the kind of message (JSON pointers and names removed), most common first.
pub fn print_summary(rows: &[Row]) {
    println!("| count | failure | example spec |");
    println!("|---:|---|---|");
    for (k, (n, example)) in failure_groups(rows.iter()).iter().take(40) {
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
/// compiled, then the same by declared OpenAPI version with the kinds of failure of each,
/// examples round-tripped, generation time per operation.
pub fn print_totals(rows: &[Row], examples: bool) {
    let all = Counts::of(rows.iter());
    println!(
        "\n{} specs: {} generated, {} refused, {} panics; {} of {} checked compiled without warnings",
        rows.len(),
        all.generated,
        all.refused,
        all.panics,
        all.compiled,
        all.checked
    );
    let versions: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.version.as_str()).collect();
    for v in versions {
        let of_v = || rows.iter().filter(move |r| r.version == v);
        let c = Counts::of(of_v());
        println!(
            "  {}: {} documents, {} generated ({:.1}%), {} refused, {} panics; {} of {} checked compiled without warnings",
            super::version::title(v),
            c.specs,
            c.generated,
            100.0 * c.generated as f64 / c.specs.max(1) as f64,
            c.refused,
            c.panics,
            c.compiled,
            c.checked
        );
        for (kind, (n, example)) in failure_groups(of_v()).iter().take(12) {
            println!("    {n} × {kind} (e.g. {example})");
        }
    }
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

/// What the totals count over some rows.
struct Counts {
    specs: usize,
    generated: usize,
    /// Generator errors (not panics).
    refused: usize,
    panics: usize,
    /// Crates that compiled without warnings.
    compiled: usize,
    /// Crates that were compiled.
    checked: usize,
}

impl Counts {
    fn of<'a>(rows: impl Iterator<Item = &'a Row>) -> Counts {
        let mut c = Counts {
            specs: 0,
            generated: 0,
            refused: 0,
            panics: 0,
            compiled: 0,
            checked: 0,
        };
        for r in rows {
            c.specs += 1;
            c.generated += usize::from(r.crate_name.is_some());
            c.refused += usize::from(r.result == "generator error");
            c.panics += usize::from(r.result == "PANIC");
            let ok = r.result.starts_with("ok (");
            c.compiled += usize::from(ok);
            c.checked +=
                usize::from(ok || r.result.contains("warnings") || r.result.contains("compile"));
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(spec: &str, version: &str, result: &str, error: &str) -> Row {
        let mut r = Row::new(spec.to_owned(), version.to_owned());
        r.result = result.to_owned();
        r.first_error = error.to_owned();
        r.crate_name = result.starts_with("ok").then(|| format!("corpus-{spec}"));
        r
    }

    #[test]
    fn counts_and_groups_failures_by_kind() {
        let rows = [
            row("a", "3.1", "ok (1.0s check)", ""),
            row(
                "b",
                "3.1",
                "generator error",
                "b.json: #/x: unsupported `y` here",
            ),
            row(
                "c",
                "3.1",
                "generator error",
                "c.json: #/z: unsupported `w` here",
            ),
            row("d", "3.1", "PANIC", ""),
            row("e", "3.0", "generator error", "e.json: #/q: other"),
        ];
        let c = Counts::of(rows.iter().filter(|r| r.version == "3.1"));
        assert_eq!(
            (
                c.specs,
                c.generated,
                c.refused,
                c.panics,
                c.compiled,
                c.checked
            ),
            (4, 1, 2, 1, 1, 1)
        );
        let groups = failure_groups(rows.iter().filter(|r| r.version == "3.1"));
        assert_eq!(
            groups,
            [
                (
                    "generator error: unsupported `…` here".to_owned(),
                    (2, "b".to_owned())
                ),
                ("PANIC: ".to_owned(), (1, "d".to_owned())),
            ]
        );
    }
}
