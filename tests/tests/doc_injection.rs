//! Spec prose never becomes a doctest. A spec arrives in a pull request and CI runs
//! `cargo test` on the crate generated from it, so a description that rustdoc read as a Rust
//! code block would run the spec's text on the CI machine.
//!
//! Thousands of random Markdown-ish descriptions (quotes, lists, footnotes, HTML, fences of
//! every kind and indentation, each carrying code that would write a marker file) are put
//! into one spec; the crate generated from it is tested with `cargo test --doc`, which must
//! run exactly the generator's own doctest, and the marker file must not exist afterwards;
//! with the `test-util` feature, the README's programs are doctests too, and only they run.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::process::Command;

/// Pieces of Markdown that open or continue blocks, and a payload that writes `marker`.
fn description(marker: &str) -> impl Strategy<Value = String> + use<> {
    let payload = format!("std::fs::write({marker:?}, \"x\").unwrap();");
    let pieces = vec![
        "```".to_owned(),
        "```rust".to_owned(),
        "````".to_owned(),
        "~~~".to_owned(),
        "~~~ignore".to_owned(),
        "```text".to_owned(),
        "```no_run".to_owned(),
        "```should_panic".to_owned(),
        "```text,rust".to_owned(),
        "> ".to_owned(),
        "> > ".to_owned(),
        ">".to_owned(),
        "- ".to_owned(),
        "* ".to_owned(),
        "1. ".to_owned(),
        "2) ".to_owned(),
        "[^1]: ".to_owned(),
        "[^1]".to_owned(),
        "<pre>".to_owned(),
        "</pre>".to_owned(),
        "<!--".to_owned(),
        "-->".to_owned(),
        "<div>".to_owned(),
        "| a | b |\n|---|---|\n".to_owned(),
        " ".to_owned(),
        "  ".to_owned(),
        "    ".to_owned(),
        "\t".to_owned(),
        "\n".to_owned(),
        "\n".to_owned(),
        "\n\n".to_owned(),
        "\r\n".to_owned(),
        "`".to_owned(),
        "*".to_owned(),
        "#".to_owned(),
        "\\".to_owned(),
        "words".to_owned(),
        "\u{202e}".to_owned(),
        "fn main() {".to_owned(),
        "}".to_owned(),
        payload.clone(),
        payload,
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.concat())
}

/// 60 schemas of 40 documented fields: 2,460 descriptions, a few more in the operation.
const SCHEMAS: usize = 60;
const FIELDS: usize = 40;

#[test]
fn random_markdown_in_a_spec_runs_no_doctest() {
    let dir = hcgen_tests::root().join("target/hcgen-test-crates/doc-injection");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let marker = dir.join("pwned");
    let marker_text = marker.display().to_string();

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = description(&marker_text);
    let mut text = || strategy.new_tree(&mut runner).unwrap().current();

    let mut schemas = serde_json::Map::new();
    for i in 0..SCHEMAS {
        let properties: serde_json::Map<_, _> = (0..FIELDS)
            .map(|j| {
                let ty = if j % 2 == 0 { "string" } else { "integer" };
                (
                    format!("f{j}"),
                    serde_json::json!({"type": ty, "description": text()}),
                )
            })
            .collect();
        schemas.insert(
            format!("S{i}"),
            serde_json::json!({"type": "object", "description": text(), "properties": properties}),
        );
    }
    // Every schema is reachable from the operation, whose example gives the generator's own
    // doctest (the crate's usage example).
    let all: serde_json::Map<_, _> = (0..SCHEMAS)
        .map(|i| {
            let schema = serde_json::json!({"$ref": format!("#/components/schemas/S{i}")});
            (format!("s{i}"), schema)
        })
        .collect();
    schemas.insert(
        "All".to_owned(),
        serde_json::json!({"type": "object", "description": text(), "properties": all}),
    );
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "doc injection", "version": "1", "description": text()},
        "paths": {"/all/{id}": {"post": {
            "operationId": "postAll",
            "summary": text(),
            // The issue's example: a fence inside a quote, which rustdoc runs as a doctest.
            "description": format!(
                "Harmless-looking note:\n\n> ```\n> {}\n> ```\n",
                format_args!("std::fs::write({marker_text:?}, \"x\").unwrap();")
            ),
            "parameters": [{"name": "id", "in": "path", "required": true,
                            "description": text(), "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/All"},
                "example": {},
            }}},
            "responses": {"200": {"description": text()}},
        }}},
        "components": {"schemas": schemas},
    });
    let spec_path = dir.join("spec.json");
    std::fs::write(&spec_path, serde_json::to_string_pretty(&spec).unwrap()).unwrap();

    let out = hcgen_codegen::generate_from_path(
        &spec_path,
        &hcgen_codegen::Options {
            crate_name: "doc-injection".to_owned(),
            runtime: hcgen_codegen::RuntimeDependency::Path {
                path: hcgen_tests::root().display().to_string(),
                version: "0.1.0".to_owned(),
            },
            standalone: true,
            // One crate: the test is about docs, not about how types are split.
            type_crate_lines: 0,
            ..hcgen_codegen::Options::default()
        },
    )
    .expect("generates");
    let crate_dir = dir.join("crate");
    for f in &out.files {
        let p = crate_dir.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, &f.contents).unwrap();
    }
    // The payload really is in the docs (so the test would catch it running).
    let docs = out
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<String>();
    assert!(
        docs.matches(&format!("{marker_text:?}")).count() > 500,
        "the payload is in the generated docs"
    );

    let stdout = doc_tests(&crate_dir, &[]);
    assert!(!marker.exists(), "a doctest from the spec ran");
    // Exactly one doctest: the usage example the generator writes into the crate docs.
    let ran: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains(" ... "))
        .collect();
    assert_eq!(ran.len(), 1, "{stdout}");
    assert!(ran[0].contains("src/lib.rs"), "{stdout}");
    assert!(
        stdout.contains("test result: ok. 1 passed; 0 failed"),
        "{stdout}"
    );

    // With `test-util`, the README (the spec's description included) is a doctest too: it
    // runs the generator's three programs (the usage example, compiled; the two mock
    // examples, run), and nothing from the spec.
    let stdout = doc_tests(&crate_dir, &["--features", "test-util"]);
    assert!(!marker.exists(), "a doctest from the spec ran");
    let readme: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains("ReadmeDoctests"))
        .collect();
    assert_eq!(readme.len(), 3, "{stdout}");
    assert!(
        stdout.contains("test result: ok. 4 passed; 0 failed"),
        "{stdout}"
    );
}

/// `cargo test --doc` with `args` on the crate in `dir`; its output, once it passed.
fn doc_tests(dir: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["test", "--doc", "--offline"])
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            hcgen_tests::root().join("target/hcgen-test-crates/target"),
        )
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    stdout
}
