//! OpenAPI 3.1 on either side: 3.0 against the same document upgraded to 3.1 (no API
//! change), and 3.1 against 3.1 with the rules for `null`, `const` and `type` arrays.

use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::{Codegen, Generator};
use hcgen_spec_diff::{Semver, Severity, parse_document};
use serde_json::{Value, json};

fn cbr() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cbr.yaml")).unwrap()
}

#[test]
fn a_document_upgraded_to_3_1_has_no_api_change() {
    let text = cbr();
    let base = parse_document("cbr.yaml", &text).unwrap();
    let mut upgraded = hcgen_codegen::load::parse_text("cbr.yaml", &text).unwrap();
    hcgen_codegen::load::upgrade_to_3_1(&mut upgraded);
    let head = parse_document("cbr31.json", &upgraded.to_string()).unwrap();
    let generator = Codegen::default();
    let report = Report::build(&base, &head, Some(&generator as &dyn Generator));
    assert!(
        matches!(report.rust_api, RustApiStatus::Compared),
        "{:?}",
        report.rust_api
    );
    let rows: Vec<(Severity, &str)> = report
        .changes
        .iter()
        .map(|c| (c.severity, c.kind.as_str()))
        .collect();
    assert_eq!(rows, [(Severity::Info, "openapi-version-changed")]);
    assert!(report.semver <= Semver::Patch, "{}", report.semver);
}

/// A 3.1 document whose `Pet` schema (used in a request body and a response) has `field`.
fn pets(field: Value) -> String {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets": {"post": {"operationId": "add",
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"field": field.clone()}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"field": field}}}}}}}}
        }
    })
    .to_string()
}

fn changes(base: Value, head: Value) -> Vec<(Severity, String)> {
    let base = parse_document("base.json", &pets(base)).unwrap();
    let head = parse_document("head.json", &pets(head)).unwrap();
    let mut rows: Vec<(Severity, String)> = Report::build(&base, &head, None)
        .changes
        .into_iter()
        .map(|c| (c.severity, c.kind))
        .collect();
    rows.sort();
    rows
}

#[test]
fn null_in_a_type_array_is_nullable() {
    let rows = changes(
        json!({"type": "string"}),
        json!({"type": ["string", "null"]}),
    );
    assert_eq!(
        rows,
        [
            (
                Severity::Breaking,
                "response-property-became-nullable".to_owned()
            ),
            (
                Severity::NonBreaking,
                "request-property-became-nullable".to_owned()
            ),
        ]
    );
    // The same through a `null` alternative.
    let rows2 = changes(
        json!({"type": "string"}),
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
    );
    assert_eq!(rows, rows2);
    // And nothing when the two spellings meet.
    assert_eq!(
        changes(
            json!({"type": ["string", "null"]}),
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]})
        ),
        []
    );
}

#[test]
fn const_is_a_one_value_enum() {
    let rows = changes(json!({"const": "a"}), json!({"const": "b"}));
    assert!(
        rows.iter()
            .any(|(s, k)| *s == Severity::Breaking && k.contains("enum")),
        "{rows:?}"
    );
    assert_eq!(
        changes(
            json!({"const": "a"}),
            json!({"type": "string", "enum": ["a"]})
        ),
        []
    );
}

/// `string` -> `string | integer`: the generated field changes from `String` to a union,
/// so it is breaking both ways (as a 3.0 `type` -> `anyOf` change is).
#[test]
fn another_type_in_a_type_array_changes_the_type() {
    let rows = changes(
        json!({"type": "string"}),
        json!({"type": ["string", "integer"]}),
    );
    assert_eq!(
        rows,
        [
            (
                Severity::Breaking,
                "request-property-type-changed".to_owned()
            ),
            (
                Severity::Breaking,
                "response-property-type-changed".to_owned()
            ),
        ]
    );
}

#[test]
fn what_the_generator_refuses_is_an_error_with_its_pointer() {
    let e = parse_document(
        "x.json",
        &pets(json!({"prefixItems": [{"type": "string"}]})),
    )
    .unwrap_err();
    let e = e.to_string();
    assert!(e.contains("#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/field/prefixItems"), "{e}");
}

/// A change inside a `null` alternative that the normalization hoisted is reported where the
/// schema is written.
#[test]
fn pointers_name_the_place_as_written() {
    let base = json!({"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 5}]});
    let head = json!({"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 3}]});
    let base = parse_document("base.json", &pets(base)).unwrap();
    let head = parse_document("head.json", &pets(head)).unwrap();
    let pointers: Vec<String> = Report::build(&base, &head, None)
        .changes
        .into_iter()
        .map(|c| c.pointer)
        .collect();
    assert!(!pointers.is_empty());
    for p in pointers {
        assert!(p.ends_with("/properties/field/anyOf/1"), "{p}");
    }
}
