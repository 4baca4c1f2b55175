//! `cargo xtask additive [DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION]`: additive
//! spec changes stay additive in Rust, on every spec of a folder.
//!
//! For each spec it adds a schema that copies an existing component with inline shapes (under
//! a key that sorts first, so its shapes are met first) and an operation that copies an
//! existing operation's request body and responses, then compares the two with spec-diff and
//! the generator: no existing type, field or method may change (no breaking row, a `minor`
//! bump). A generated name that depended on what else the document holds would fail here.

use crate::spec_pairs::{Check, Outcome, compare, read_spec, rust_rows};
use hcgen_spec_diff::{Semver, Severity};
use serde_json::{Map, Value};
use std::path::Path;
use std::process::ExitCode;

/// The key of the copied schema: it sorts before the corpus's component keys.
const COPY_SCHEMA: &str = "AAAHcgenAdditiveCopy";
/// The path of the copied operation: it sorts before the corpus's paths.
const COPY_PATH: &str = "/aaa-hcgen-additive-copy";

pub fn run(args: &[String]) -> ExitCode {
    Check {
        command: "additive",
        usage: "[DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION]",
        columns: &["copied", "Rust API rows", "breaking", "bump"],
        summary: |ok, all| {
            format!(
                "{ok} of {all} specs: adding a copied schema and operation changed no existing Rust item"
            )
        },
    }
    .run(args, check_one)
}

fn check_one(spec: &Path) -> Result<Outcome, String> {
    let (name, base) = read_spec(spec)?;
    let (head, copied) = with_copies(&base);
    if copied.is_empty() {
        return Err("nothing to copy: no component or operation with inline shapes".to_owned());
    }
    let report = compare(&name, &base, &head)?;
    let breaking: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    for c in breaking.iter().take(5) {
        eprintln!(
            "additive: {name}: {} at {}: {}",
            c.kind, c.pointer, c.message
        );
    }
    Ok(Outcome {
        cells: vec![
            copied.join(", "),
            rust_rows(&report).to_string(),
            breaking.len().to_string(),
            report.semver.to_string(),
        ],
        ok: breaking.is_empty() && report.semver == Semver::Minor,
    })
}

/// Whether `schema` holds a shape the generator names (an enum, or an object with
/// properties) below its top level.
fn has_inline_shapes(schema: &Value) -> bool {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return false;
    };
    props.values().any(|p| {
        p.get("$ref").is_none()
            && (p.get("enum").is_some()
                || p.get("properties").is_some()
                || p.get("items").is_some_and(|i| {
                    i.get("$ref").is_none()
                        && (i.get("enum").is_some() || i.get("properties").is_some())
                }))
    })
}

/// `doc` with a copy of the first component schema with inline shapes and of the first
/// operation with a request body or responses, and what was copied.
fn with_copies(doc: &Value) -> (Value, Vec<String>) {
    let mut head = doc.clone();
    let mut copied = Vec::new();
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut keys: Vec<&String> = schemas.keys().collect();
    keys.sort();
    if let Some(key) = keys.into_iter().find(|k| has_inline_shapes(&schemas[*k]))
        && let Some(target) = head
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
    {
        target.insert(COPY_SCHEMA.to_owned(), schemas[key].clone());
        copied.push(format!("schema {key}"));
    }
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut path_keys: Vec<&String> = paths.keys().collect();
    path_keys.sort();
    let methods = ["get", "put", "post", "delete", "patch"];
    let found = path_keys.into_iter().find_map(|p| {
        let item = paths[p].as_object()?;
        methods.iter().find_map(|m| {
            let op = item.get(*m)?.as_object()?;
            (op.contains_key("requestBody") || op.contains_key("responses"))
                .then(|| (p.clone(), (*m).to_owned(), op.clone()))
        })
    });
    if let Some((path, method, op)) = found
        && let Some(target) = head.get_mut("paths").and_then(Value::as_object_mut)
    {
        let mut copy = Map::new();
        copy.insert(
            "operationId".to_owned(),
            Value::String("AaaHcgenAdditiveCopy".to_owned()),
        );
        for key in ["requestBody", "responses"] {
            if let Some(v) = op.get(key) {
                copy.insert(key.to_owned(), v.clone());
            }
        }
        let mut item = Map::new();
        item.insert("post".to_owned(), Value::Object(copy));
        target.insert(COPY_PATH.to_owned(), Value::Object(item));
        copied.push(format!("{} {path}", method.to_ascii_uppercase()));
    }
    (head, copied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copies_a_component_with_inline_shapes_and_an_operation() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/b": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {
                "Plain": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Bee": {"type": "object", "properties": {"spec": {"type": "string", "enum": ["s"]}}}
            }}
        });
        let (head, copied) = with_copies(&doc);
        assert_eq!(copied, ["schema Bee", "GET /b"]);
        assert_eq!(
            head["components"]["schemas"][COPY_SCHEMA],
            doc["components"]["schemas"]["Bee"]
        );
        assert_eq!(
            head["paths"][COPY_PATH]["post"]["responses"],
            doc["paths"]["/b"]["get"]["responses"]
        );
    }
}
