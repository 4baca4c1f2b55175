//! Whole documents: the typed document is `openapiv3`'s, the value is left as it was, and
//! whatever the walks cannot vouch for gets no answer.

use super::{Reader, document};
use crate::load::parse_text;
use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::{Value, json};

/// Reads `raw` both ways: the answer (if any) is `openapiv3`'s, and `raw` is unchanged.
fn read(mut raw: Value) -> Option<OpenAPI> {
    let before = raw.clone();
    let expected = OpenAPI::deserialize(&raw).ok();
    let read = document(&mut raw, &mut Reader::v3_0());
    assert_eq!(raw, before, "the value changed");
    if read.is_some() {
        assert_eq!(read, expected);
    }
    read
}

fn doc(paths: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": components,
    })
}

#[test]
fn the_repository_specs_read_as_openapiv3_reads_them() {
    let fastapi = (
        "openapi.json",
        include_str!("../../../../tests/fastapi-app/openapi.json"),
    );
    for (name, text) in crate::load::REPOSITORY_SPECS.into_iter().chain([fastapi]) {
        let mut raw = parse_text(name, text).unwrap();
        if name == "openapi.json" {
            // FastAPI's document is 3.1: in the 3.0 model's form first, as loading does.
            crate::load::normalize_3_1(name, &mut raw).unwrap();
            raw["openapi"] = json!("3.0.3");
        }
        assert!(read(raw).is_some(), "{name}");
    }
}

/// Every place where `openapiv3` reads a schema outside schemas.
#[test]
fn schemas_are_read_wherever_openapiv3_reads_them() {
    let s = |t: &str| json!({"type": t});
    let media = json!({
        "schema": s("string"),
        "encoding": {"a": {"headers": {"X-A": {"schema": s("integer")}, "X-R": {"$ref": "#/components/headers/H"}}}},
    });
    let operation = json!({
        "parameters": [
            {"name": "q", "in": "query", "schema": s("string")},
            {"name": "c", "in": "query", "content": {"application/json": media}},
            {"$ref": "#/components/parameters/P"},
        ],
        "requestBody": {"content": {"application/json": media, "text/plain": {}}},
        "responses": {
            "200": {"description": "ok", "headers": {"X-H": {"schema": s("boolean")}}, "content": {"application/json": media}},
            "4XX": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "default": {"$ref": "#/components/responses/R"},
            "x-note": {"schema": "not read"},
        },
        "callbacks": {"cb": {"{$request.body#/url}": {"post": {
            "requestBody": {"content": {"application/json": {"schema": s("number")}}},
            "responses": {"200": {"description": "ok"}},
        }}}},
    });
    let raw = doc(
        json!({
            "/a": {"parameters": [{"name": "p", "in": "path", "required": true, "schema": s("string")}], "get": operation, "post": operation},
            "/b": {"$ref": "#/components/pathItems/B", "get": {"responses": {"200": {"description": "ignored"}}}},
            "x-paths": {"schema": "not read"},
        }),
        json!({
            "schemas": {"A": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}, "R": {"$ref": "#/components/schemas/A"}},
            "responses": {"R": {"description": "r", "content": {"application/json": media}}},
            "parameters": {"P": {"name": "h", "in": "header", "schema": s("string")}},
            "requestBodies": {"B": {"content": {"application/json": media}}},
            "headers": {"H": {"schema": s("string")}},
            "callbacks": {"C": {"{$url}": {"get": operation}}},
            "examples": {"E": {"value": {"schema": {"type": "string"}}}},
            "x-components": {"schema": {"type": "string"}},
        }),
    );
    let typed = read(raw).expect("an answer");
    assert_eq!(typed.components.unwrap().schemas.len(), 2);
}

/// Documents `openapiv3` refuses get no answer, and the value is kept for the error.
#[test]
fn documents_openapiv3_refuses_get_no_answer() {
    for raw in [
        json!({"openapi": "3.0.3", "paths": {}}),
        doc(
            json!({"/a": {"get": {"responses": {"200": {"description": 5}}}}}),
            json!({}),
        ),
        doc(json!({}), json!({"schemas": {"A": {"minLength": "1"}}})),
        doc(
            json!({"/a": {"get": {"parameters": [{"name": "q", "in": "nowhere", "schema": {}}], "responses": {}}}}),
            json!({}),
        ),
    ] {
        assert_eq!(read(raw), None);
    }
}

/// A schema the reader leaves to `openapiv3` (a `$ref` that is not a string) is read by it,
/// and a schema position holding something else than a mapping is `openapiv3`'s to judge.
#[test]
fn schemas_the_reader_leaves_are_read_by_openapiv3() {
    let raw = doc(
        json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": 5, "type": "string"}},
            "text/plain": {"schema": null},
        }}}}}}),
        json!({"schemas": {"A": {"$ref": 5}}}),
    );
    assert!(read(raw).is_some());
}

/// A parameter with both `schema` and `content`: `openapiv3` reads one of them, the walk
/// takes both out, so the placeholders disagree and there is no answer (the caller then
/// reads the value with `openapiv3`).
#[test]
fn places_openapiv3_does_not_read_make_no_answer() {
    let raw = doc(
        json!({"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}, "content": {"application/json": {"schema": {"type": "integer"}}}}],
            "responses": {},
        }}}),
        json!({}),
    );
    let mut copy = raw.clone();
    assert_eq!(read(raw), None);
    // And loading still gives openapiv3's document.
    let text = serde_json::to_string(&copy).unwrap();
    let loaded = crate::load::load_str("spec.json", &text).unwrap();
    assert_eq!(loaded.doc, OpenAPI::deserialize(&copy).unwrap());
    copy["paths"]["/a"]["get"]["parameters"][0]
        .as_object_mut()
        .unwrap()
        .remove("content");
    assert!(read(copy).is_some());
}

/// A document cannot name a placeholder: a reference spelled like one is a reference.
#[test]
fn a_reference_spelled_like_a_placeholder_is_a_reference() {
    let fake = "\u{0}hcgen-schema-0000000000000000/0";
    let raw = doc(
        json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": fake}},
        }}}}}}),
        json!({"schemas": {"A": {"type": "string"}}}),
    );
    let typed = read(raw).expect("an answer");
    let json = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        json["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        fake
    );
    assert_eq!(json["components"]["schemas"]["A"]["type"], "string");
}
