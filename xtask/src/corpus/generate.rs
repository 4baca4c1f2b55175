//! One spec to one crate: generated, timed by phase, written under `crates/`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `corpus` found out about one spec (a row of its table).
pub struct Row {
    pub spec: String,
    /// The version the spec declares ([`super::version::declared`]).
    pub version: String,
    pub operations: usize,
    pub types: usize,
    pub lines: usize,
    pub parse: Duration,
    pub generate: Duration,
    pub emit: Duration,
    pub result: String,
    pub first_error: String,
    pub crate_name: Option<String>,
    pub examples: usize,
    pub examples_failed: Option<usize>,
}

impl Row {
    /// The row of spec file `spec` declaring `version`, before anything is known about it.
    pub fn new(spec: String, version: String) -> Row {
        Row {
            spec,
            version,
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
        }
    }
}

/// The package name of the crate for `spec`: `corpus-` and its lowercased stem.
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

/// Generates the crate of `spec` (found below `dir`) into `crates/NAME`, with a test of the
/// spec's examples when `with_examples`; a panic or an error is the row's result.
pub fn generate_one(
    spec: &Path,
    dir: &Path,
    crates: &Path,
    root: &Path,
    with_examples: bool,
) -> Row {
    let name = crate_name_for(spec.strip_prefix(dir).unwrap_or(spec));
    let mut row = Row::new(super::file_name(spec), super::version::declared(spec));
    let opts = crate::phases::local_crate_options(
        root,
        &crates.join(&name),
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
