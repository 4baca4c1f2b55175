//! Corpus-wide checks that compare each spec with a rewrite of itself, through spec-diff with
//! the generator wired in: `additive` (a copied schema and operation added) and
//! `same-api-31` (the spec upgraded to OpenAPI 3.1). One table row per spec.

use crate::corpus::specs::Selection;
use hcgen_spec_diff::parse_document;
use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::{Codegen, Generator};
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

/// What the check of one spec found: its table cells (after the spec's name) and whether
/// it passed.
pub struct Outcome {
    pub cells: Vec<String>,
    pub ok: bool,
}

/// A check over the specs of a folder.
pub struct Check<'a> {
    /// The command's name, for messages.
    pub command: &'a str,
    /// Its arguments after the command's name.
    pub usage: &'a str,
    /// The table's column titles after `spec` and before `result`.
    pub columns: &'a [&'a str],
    /// The last line, given how many specs passed of how many.
    pub summary: fn(usize, usize) -> String,
}

impl Check<'_> {
    /// Runs `check` on each spec that `args` (`[DIR] [--filter TEXT] [--skip A,B]`) selects,
    /// printing a markdown table; fails when one spec does.
    pub fn run(
        &self,
        args: &[String],
        check: impl Fn(&Path) -> Result<Outcome, String>,
    ) -> ExitCode {
        let command = self.command;
        let mut selection = Selection::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if !selection.take(arg, &mut it) {
                eprintln!(
                    "{command}: unknown argument `{arg}`\nusage: cargo xtask {command} {}",
                    self.usage
                );
                return ExitCode::from(2);
            }
        }
        let root = crate::codegen::root();
        let (dir, specs) = match selection.specs(&root) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("{command}: {e}");
                return ExitCode::from(2);
            }
        };
        if specs.is_empty() {
            eprintln!("{command}: no spec in {}", dir.display());
            return ExitCode::from(2);
        }
        let blanks = "| ".repeat(self.columns.len());
        println!(
            "| spec | {} | result |\n|---|{}---|",
            self.columns.join(" | "),
            "---:|".repeat(self.columns.len())
        );
        let mut failed = 0;
        for spec in &specs {
            let name = spec
                .strip_prefix(&dir)
                .unwrap_or(spec)
                .display()
                .to_string();
            match check(spec) {
                Ok(o) => {
                    println!(
                        "| {name} | {} | {} |",
                        o.cells.join(" | "),
                        if o.ok { "ok" } else { "FAIL" }
                    );
                    failed += usize::from(!o.ok);
                }
                Err(e) => {
                    println!("| {name} | {blanks}FAIL: {} |", e.replace('|', "\\|"));
                    failed += 1;
                }
            }
        }
        println!("\n{}", (self.summary)(specs.len() - failed, specs.len()));
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// The spec at `path` as a JSON value, and its file name.
pub fn read_spec(path: &Path) -> Result<(String, Value), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let value = hcgen_codegen::load::parse_text(&name, &text).map_err(|e| e.to_string())?;
    Ok((name, value))
}

/// spec-diff of `base` and `head` (named `name`) with the generator: an error when either
/// side does not parse or the Rust APIs could not be compared.
pub fn compare(name: &str, base: &Value, head: &Value) -> Result<Report, String> {
    let json = |v: &Value| serde_json::to_string(v).map_err(|e| e.to_string());
    let json_name = format!("{name}.json");
    let base_doc = parse_document(&json_name, &json(base)?).map_err(|e| e.to_string())?;
    let head_doc = parse_document(&json_name, &json(head)?).map_err(|e| e.to_string())?;
    let generator = Codegen::default();
    let report = Report::build(&base_doc, &head_doc, Some(&generator as &dyn Generator));
    if let RustApiStatus::Failed(e) = &report.rust_api {
        return Err(format!("the Rust API was not compared: {e}"));
    }
    Ok(report)
}

/// The number of `rust-*` rows of a report.
pub fn rust_rows(report: &Report) -> usize {
    report
        .changes
        .iter()
        .filter(|c| c.kind.starts_with("rust-"))
        .count()
}
