//! `cargo xtask corpus [DIR] [--no-check] [--sample N] [--filter TEXT] [--skip A,B]`: generate a crate for
//! every spec in DIR, `cargo check` them with one shared target directory, print a table.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

struct Row {
    spec: String,
    operations: usize,
    types: usize,
    lines: usize,
    parse: Duration,
    generate: Duration,
    emit: Duration,
    result: String,
    first_error: String,
    crate_name: Option<String>,
    examples: usize,
    examples_failed: Option<usize>,
}

pub fn run(args: &[String]) -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut check = true;
    let mut sample: Option<usize> = None;
    let mut summary = false;
    let mut examples = false;
    let mut out: Option<PathBuf> = None;
    let mut filter: Option<String> = None;
    let mut skip: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-check" => check = false,
            "--summary" => summary = true,
            "--examples" => examples = true,
            "--out" => out = it.next().map(PathBuf::from),
            "--sample" => sample = it.next().and_then(|n| n.parse().ok()),
            "--filter" => filter = it.next().cloned(),
            "--skip" => skip.extend(
                it.next()
                    .into_iter()
                    .flat_map(|s| s.split(',').map(str::to_owned)),
            ),
            other if !other.starts_with("--") => dir = Some(PathBuf::from(other)),
            other => {
                eprintln!("corpus: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let root = crate::codegen::root();
    let dir = dir.unwrap_or_else(|| root.join("../shared/specs/real-world"));
    let mut specs = Vec::new();
    if let Err(e) = walk(&dir, &mut specs) {
        eprintln!("corpus: cannot read {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    specs.retain(|p| {
        filter
            .as_ref()
            .is_none_or(|f| p.display().to_string().contains(f.as_str()))
    });
    specs.retain(|p| {
        !skip
            .iter()
            .any(|s| p.display().to_string().contains(s.as_str()))
    });
    specs.sort();
    let out_root = out.unwrap_or_else(|| root.join("target/corpus"));
    let _ = std::fs::remove_dir_all(out_root.join("crates"));
    let mut rows = Vec::new();
    let mut panics = 0;
    for spec in &specs {
        let row = generate_one(spec, &dir, &out_root.join("crates"), &root, examples);
        if row.result == "PANIC" {
            panics += 1;
        }
        rows.push(row);
    }
    if check {
        let mut to_check: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.crate_name.is_some())
            .map(|(i, _)| i)
            .collect();
        if let Some(n) = sample {
            // A deterministic spread over the generated crates.
            let step = (to_check.len() as f64 / n.max(1) as f64).max(1.0);
            to_check = (0..n.min(to_check.len()))
                .map(|k| to_check[(k as f64 * step) as usize])
                .collect();
        }
        write_workspace(&out_root, &rows, &to_check);
        for i in to_check {
            let name = rows[i].crate_name.clone().unwrap_or_default();
            let started = Instant::now();
            let run_examples = examples && rows[i].examples > 0;
            let args: Vec<&str> = if run_examples {
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
                .args(&args)
                .current_dir(&out_root)
                .env("CARGO_TARGET_DIR", out_root.join("target"))
                .output();
            let row = &mut rows[i];
            match output {
                Ok(o) => {
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
                    row.result =
                        if !o.status.success() && row.examples_failed.is_some_and(|n| n > 0) {
                            // Compiled; some examples did not round-trip (reported in the examples column).
                            format!("ok ({:.1}s check)", started.elapsed().as_secs_f64())
                        } else if !o.status.success() {
                            "compile error".to_owned()
                        } else if warnings > 0 {
                            format!("{warnings} warnings")
                        } else {
                            format!("ok ({:.1}s check)", started.elapsed().as_secs_f64())
                        };
                    row.first_error = first;
                }
                Err(e) => {
                    row.result = "cargo failed".to_owned();
                    row.first_error = e.to_string();
                }
            }
        }
    }
    if summary {
        print_summary(&rows);
    } else {
        print_table(&rows);
    }
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
            r.first_error.contains("only 3.0.x is supported") || r.first_error.contains("Swagger")
        })
        .count();
    let in_scope = rows.len() - not_30;
    println!(
        "\n{} specs ({} of them not OpenAPI 3.0.x): {} generated ({:.1}% of the {} OpenAPI 3.0 documents), {} panics; {} of {} checked compiled without warnings",
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
    let failed = rows
        .iter()
        .any(|r| r.result != "generated" && !r.result.starts_with("ok ("));
    if failed || panics > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every `.json`, `.yaml` and `.yml` file below `dir`.
pub(crate) fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn crate_name_for(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("api-{name}");
    }
    format!("corpus-{name}")
}

fn generate_one(spec: &Path, dir: &Path, crates: &Path, root: &Path, with_examples: bool) -> Row {
    let name = crate_name_for(spec.strip_prefix(dir).unwrap_or(spec));
    let mut row = Row {
        spec: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        operations: 0,
        types: 0,
        lines: 0,
        parse: Duration::ZERO,
        generate: Duration::ZERO,
        emit: Duration::ZERO,
        result: String::new(),
        first_error: String::new(),
        crate_name: None,
        examples: 0,
        examples_failed: None,
    };
    let opts = crate::phases::local_crate_options(
        root,
        &name,
        spec,
        format!("cargo xtask corpus (spec {})", row.spec),
    );
    let result = catch_unwind(AssertUnwindSafe(|| {
        let crate::phases::Timed {
            loaded,
            model,
            mut files,
            phases: [parse, generate, emit],
        } = crate::phases::generate(spec, &opts)?;
        let found = if with_examples {
            // The examples are read from the document as a JSON value (not timed).
            let text = std::fs::read_to_string(spec).unwrap_or_default();
            match hcgen_codegen::load::parse_text(&loaded.file, &text) {
                Ok(raw) => crate::corpus_examples::collect(&raw, &model),
                Err(_) => Vec::new(),
            }
        } else {
            Vec::new()
        };
        if !found.is_empty() {
            files.push(hcgen_codegen::GeneratedFile {
                path: PathBuf::from("tests/examples.rs"),
                contents: crate::corpus_examples::test_file(
                    &opts.crate_name.replace('-', "_"),
                    &found,
                ),
            });
        }
        Ok::<_, hcgen_codegen::Error>((model, found.len(), files, parse, generate, emit))
    }));
    match result {
        Err(_) => row.result = "PANIC".to_owned(),
        Ok(Err(e)) => {
            row.result = "generator error".to_owned();
            row.first_error = e.to_string();
        }
        Ok(Ok((model, example_count, files, parse, generate, emit))) => {
            row.examples = example_count;
            row.operations = model.operations.len();
            row.types = model.types.len();
            row.parse = parse;
            row.generate = generate;
            row.emit = emit;
            row.lines = files
                .iter()
                .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
                .map(|f| f.contents.lines().count())
                .sum();
            match crate::codegen::write_files(&crates.join(&name), &files) {
                Ok(_) => {
                    row.result = "generated".to_owned();
                    row.crate_name = Some(name);
                }
                Err(e) => {
                    row.result = "write error".to_owned();
                    row.first_error = e;
                }
            }
        }
    }
    row
}

fn write_workspace(out_root: &Path, rows: &[Row], members: &[usize]) {
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

/// Failures grouped by the kind of message (JSON pointers and names removed), most common first.
fn print_summary(rows: &[Row]) {
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

fn print_table(rows: &[Row]) {
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
