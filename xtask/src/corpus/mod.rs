//! `cargo xtask corpus [DIR] [--no-check] [--no-test-util] [--sample N] [--filter TEXT]
//! [--skip A,B] [--openapi VERSION] [--examples] [--summary] [--out DIR]`: generate a crate for
//! every spec in DIR, `cargo check` them (with their `test-util` feature, unless
//! `--no-test-util`) with one shared target directory, print a table and totals by OpenAPI
//! version. Progress (phase, spec, n of N, time) goes to stderr.

mod args;
mod check;
mod generate;
mod report;
pub mod specs;
mod version;

use std::path::Path;
use std::process::ExitCode;

use crate::progress::Progress;

pub fn run(args: &[String]) -> ExitCode {
    let args = match args::parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("corpus: {e}");
            return ExitCode::from(2);
        }
    };
    let root = crate::codegen::root();
    let (dir, specs) = match args.specs.specs(&root) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("corpus: {e}");
            return ExitCode::from(2);
        }
    };
    let out_root = args.out.unwrap_or_else(|| root.join("target/corpus"));
    let crates = out_root.join("crates");
    let _ = std::fs::remove_dir_all(&crates);

    let mut progress = Progress::stderr("corpus");
    progress.phase("generate", specs.len());
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        progress.begin(i + 1, &file_name(spec), "");
        rows.push(generate::generate_one(
            spec,
            &dir,
            &crates,
            &root,
            args.examples,
        ));
    }
    if args.check {
        let to_check = check::pick(&rows, args.sample);
        check::write_workspace(&out_root, &rows, &to_check);
        progress.phase("check", to_check.len());
        for (k, i) in to_check.into_iter().enumerate() {
            let row = &mut rows[i];
            progress.begin(k + 1, &row.spec, check::kind(row, args.examples));
            check::check(&out_root, row, args.examples, args.test_util);
        }
    }
    progress.finish();

    if args.summary {
        report::print_summary(&rows);
    } else {
        report::print_table(&rows);
    }
    report::print_totals(&rows, args.examples);
    if rows.iter().any(report::failed) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A spec's file name, as the table names it.
fn file_name(spec: &Path) -> String {
    spec.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
