//! Each 3.1 construct loads as the 3.0 document that means the same (the two typed documents
//! are equal), lowers to the same model, and what cannot be mapped is an error naming the
//! pointer as written.

use crate::error::ErrorKind;
use crate::load::{Loaded, load_str};
use serde_json::{Value, json};

fn doc(version: &str, schemas: Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

fn load(v: &Value) -> Loaded {
    let text = serde_json::to_string(v).unwrap();
    load_str("t.json", &text).unwrap_or_else(|e| panic!("{e}"))
}

fn load_err(v: &Value) -> crate::Error {
    load_str("t.json", &serde_json::to_string(v).unwrap()).unwrap_err()
}

/// The 3.1 schemas load as the 3.0 ones: the typed documents are the same (but for the
/// version).
fn same_doc_as_30(schemas31: Value, schemas30: Value) -> (Loaded, Loaded) {
    let loaded31 = load(&doc("3.1.0", schemas31.clone()));
    let loaded30 = load(&doc("3.0.3", schemas30));
    let mut doc31 = loaded31.doc.clone();
    doc31.openapi = loaded30.doc.openapi.clone();
    assert_eq!(doc31, loaded30.doc, "{schemas31}");
    (loaded31, loaded30)
}

/// The 3.1 schemas load as the 3.0 ones, and lower to the same model.
fn same_as_30(schemas31: Value, schemas30: Value) -> Loaded {
    let (loaded31, loaded30) = same_doc_as_30(schemas31.clone(), schemas30);
    let (api31, _) = crate::lower::lower(&loaded31).unwrap();
    let (api30, _) = crate::lower::lower(&loaded30).unwrap();
    assert_eq!(format!("{api31:?}"), format!("{api30:?}"), "{schemas31}");
    loaded31
}

#[test]
fn type_arrays_with_null_are_nullable() {
    same_as_30(
        json!({"A": {"type": "object", "properties": {
            "s": {"type": ["string", "null"], "maxLength": 3},
            "n": {"type": ["null", "integer"], "format": "int32"},
            "e": {"type": ["string", "null"], "enum": ["x", "y", null]},
            "only": {"type": "null"},
            "only2": {"type": ["null"]}
        }}}),
        json!({"A": {"type": "object", "properties": {
            "s": {"type": "string", "nullable": true, "maxLength": 3},
            "n": {"type": "integer", "nullable": true, "format": "int32"},
            "e": {"type": "string", "nullable": true, "enum": ["x", "y", null]},
            "only": {"nullable": true, "enum": [null]},
            "only2": {"nullable": true, "enum": [null]}
        }}}),
    );
}

#[test]
fn several_types_are_one_branch_per_type() {
    let loaded = same_as_30(
        json!({"A": {"type": ["string", "integer", "null"], "description": "d",
            "maxLength": 5, "minimum": 1, "enum": ["a", 1, 2, null]}}),
        json!({"A": {"description": "d", "nullable": true, "anyOf": [
            {"type": "string", "maxLength": 5, "enum": ["a"]},
            {"type": "integer", "minimum": 1, "enum": [1, 2]}
        ]}}),
    );
    // A type without enum values left is no branch.
    same_as_30(
        json!({"A": {"type": ["string", "boolean"], "enum": ["a"]}}),
        json!({"A": {"type": "string", "enum": ["a"]}}),
    );
    // A problem in a branch is reported where its keyword is written.
    let e = load_err(&doc(
        "3.1.0",
        json!({"A": {"type": ["array", "string"], "items": {"prefixItems": []}}}),
    ));
    assert_eq!(
        e.pointer(),
        Some("/components/schemas/A/items/prefixItems"),
        "{e}"
    );
    assert!(
        loaded
            .origins
            .original("/components/schemas/A/anyOf/1/minimum")
            == "/components/schemas/A/minimum"
    );
}

#[test]
fn null_branches_make_the_others_nullable() {
    same_as_30(
        json!({
            "A": {"type": "object", "properties": {
                "r": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}], "description": "the B"},
                "i": {"anyOf": [{"type": "string", "maxLength": 2}, {"type": "null"}], "title": "T", "default": null},
                "u": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/B"}, {"type": "integer"}]},
                "items": {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]}},
                "nothing": {"anyOf": [{"type": "null"}]}
            }},
            "B": {"type": "object", "properties": {"x": {"type": "string"}}}
        }),
        json!({
            "A": {"type": "object", "properties": {
                "r": {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true, "description": "the B"},
                "i": {"type": "string", "maxLength": 2, "nullable": true, "title": "T", "default": null},
                "u": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "integer"}], "nullable": true},
                "items": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true}},
                "nothing": {"nullable": true, "enum": [null]}
            }},
            "B": {"type": "object", "properties": {"x": {"type": "string"}}}
        }),
    );
}

/// The generated files' text without white space.
fn generated_code(out: &crate::Output) -> String {
    let all: String = out.files.iter().map(|f| f.contents.as_str()).collect();
    all.split_whitespace().collect()
}

#[test]
fn a_nullable_reference_is_an_option_of_the_referenced_type() {
    let text = serde_json::to_string(&doc(
        "3.1.0",
        json!({
            "A": {"type": "object", "required": ["r"], "properties": {
                "r": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                "v": {"type": "array", "items": {"type": ["integer", "null"]}}
            }},
            "B": {"type": "object", "properties": {"x": {"type": "string"}}}
        }),
    ))
    .unwrap();
    let code = generated_code(
        &crate::generate_from_str("t.json", &text, &crate::Options::default()).unwrap(),
    );
    assert!(code.contains("pubr:Option<B>"), "{code}");
    assert!(code.contains("pubv:Option<Vec<Option<i64>>>"), "{code}");
}

#[test]
fn keywords_that_map_one_to_one() {
    same_as_30(
        json!({"A": {"type": "object", "properties": {
            "c": {"const": "cat"},
            "ci": {"const": 3, "description": "three"},
            "ct": {"type": "string", "const": "dog"},
            "ex": {"type": "string", "examples": ["e1", "e2"]},
            "lo": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
            "both": {"type": "integer", "minimum": 5, "exclusiveMinimum": 1, "maximum": 3, "exclusiveMaximum": 3},
            "b64": {"type": "string", "contentEncoding": "base64"},
            "bin": {"type": "string", "contentMediaType": "image/png"},
            "txt": {"type": "string", "contentMediaType": "text/plain"},
            "yes": true,
            "no": false
        }}}),
        json!({"A": {"type": "object", "properties": {
            "c": {"type": "string", "enum": ["cat"]},
            "ci": {"type": "integer", "enum": [3], "description": "three"},
            "ct": {"type": "string", "enum": ["dog"]},
            "ex": {"type": "string", "example": "e1"},
            "lo": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true},
            "both": {"type": "integer", "minimum": 5, "maximum": 3, "exclusiveMaximum": true},
            "b64": {"type": "string", "format": "byte"},
            "bin": {"type": "string", "format": "binary"},
            "txt": {"type": "string"},
            "yes": {},
            "no": {"not": {}}
        }}}),
    );
}

#[test]
fn a_single_value_enum_from_const_is_an_enum_type() {
    let loaded = load(&doc(
        "3.1.0",
        json!({"A": {"type": "object", "properties": {"kind": {"const": "cat"}}}}),
    ));
    let (api, _) = crate::lower::lower(&loaded).unwrap();
    let kind = api
        .types
        .iter()
        .find(|t| t.name == "AKind")
        .expect("an enum type");
    assert!(
        matches!(&kind.kind, crate::model::TypeKind::Enum { variants, .. } if variants.len() == 1),
        "{kind:?}"
    );
}

#[test]
fn reference_siblings_document_the_field_without_changing_its_type() {
    let (loaded31, loaded30) = same_doc_as_30(
        json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B", "description": "Which B.", "default": "x"},
                "c": {"$ref": "#/components/schemas/B", "maxLength": 2}
            }},
            "B": {"type": "string", "description": "A B."},
            "C": {"$ref": "#/components/schemas/B", "title": "The C"}
        }),
        json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "c": {"allOf": [{"$ref": "#/components/schemas/B"}], "maxLength": 2}
            }},
            "B": {"type": "string", "description": "A B."},
            "C": {"$ref": "#/components/schemas/B"}
        }),
    );
    let (api31, _) = crate::lower::lower(&loaded31).unwrap();
    let (api30, _) = crate::lower::lower(&loaded30).unwrap();
    let ty = |api: &crate::model::Api, name: &str| {
        api.types.iter().find(|t| t.name == name).cloned().unwrap()
    };
    let field = |api: &crate::model::Api, name: &str| match ty(api, "A").kind {
        crate::model::TypeKind::Struct { fields, .. } => {
            fields.into_iter().find(|f| f.wire_name == name).unwrap()
        }
        other => panic!("{other:?}"),
    };
    let (b31, b30) = (field(&api31, "b"), field(&api30, "b"));
    assert_eq!((&b31.ty, b31.nullable), (&b30.ty, b30.nullable));
    assert_eq!(b31.docs.as_deref(), Some("Which B."));
    assert_eq!(b30.docs.as_deref(), Some("A B."));
    assert_eq!(b31.default, Some(json!("x")));
    assert_eq!(field(&api31, "c").ty, field(&api30, "c").ty);
    assert_eq!(ty(&api31, "C").kind, ty(&api30, "C").kind);
    assert_eq!(ty(&api31, "C").docs.as_deref(), Some("The C"));
}

#[test]
fn document_level_changes() {
    let mut v = doc("3.1.0", json!({"A": {"type": "string"}}));
    v["jsonSchemaDialect"] = json!("https://spec.openapis.org/oas/3.1/dialect/base");
    v["info"]["summary"] = json!("Short.");
    v["info"]["description"] = json!("Long.");
    v["info"]["license"] = json!({"name": "Apache 2.0", "identifier": "Apache-2.0"});
    v["webhooks"] = json!({"ping": {"post": {"responses": {"200": {"description": "ok"}}}}});
    v["paths"]["/b"] = json!({"$ref": "#/components/pathItems/B", "description": "Here."});
    v["components"]["pathItems"] = json!({"B": {"$ref": "#/components/pathItems/C"},
        "C": {"get": {"operationId": "get_b", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}}}});
    let loaded = load(&v);
    assert_eq!(
        loaded.doc.info.description.as_deref(),
        Some("Short.\n\nLong.")
    );
    assert_eq!(
        loaded
            .doc
            .info
            .license
            .as_ref()
            .and_then(|l| l.url.as_deref()),
        Some("https://spdx.org/licenses/Apache-2.0.html")
    );
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("warning: #/webhooks: 1 webhook(s) not generated"));
    let (api, _) = crate::lower::lower(&loaded).unwrap();
    let op = api
        .operations
        .iter()
        .find(|o| o.path == "/b")
        .expect("the referenced path item");
    assert_eq!(op.method_name, "get_b");
    // A problem in the copied path item is reported where it is written.
    v["components"]["pathItems"]["C"]["get"]["responses"]["200"]["description"] = json!(5);
    let e = load_err(&v);
    assert!(
        e.pointer()
            .unwrap()
            .starts_with("/components/pathItems/C/get"),
        "{e}"
    );
    // Without `paths`.
    let mut v = doc("3.1.0", json!({"A": {"type": "string"}}));
    v.as_object_mut().unwrap().remove("paths");
    assert!(load(&v).doc.paths.paths.is_empty());
}

#[test]
fn what_the_model_cannot_hold_is_an_error_at_its_pointer() {
    let cases = [
        (
            json!({"A": {"type": "array", "prefixItems": [{"type": "string"}]}}),
            "/components/schemas/A/prefixItems",
            ErrorKind::Unsupported,
        ),
        (
            json!({"A": {"$defs": {"B": {}}, "type": "object"}}),
            "/components/schemas/A/$defs",
            ErrorKind::Unsupported,
        ),
        (
            json!({"A": {"type": "object", "properties": {"x": {"anyOf": [{"type": "null"}, {"if": {}}]}}}}),
            "/components/schemas/A/properties/x/anyOf/1/if",
            ErrorKind::Unsupported,
        ),
        (
            json!({"A": {"type": ["string", "text"]}}),
            "/components/schemas/A/type/1",
            ErrorKind::InvalidDocument,
        ),
        (
            json!({"A": {"type": ["string", "string"]}}),
            "/components/schemas/A/type/1",
            ErrorKind::InvalidDocument,
        ),
        (
            json!({"A": {"type": ["string", "integer"], "oneOf": [{}]}}),
            "/components/schemas/A/type",
            ErrorKind::Unsupported,
        ),
        (
            json!({"A": {"const": 1, "enum": [2]}}),
            "/components/schemas/A/const",
            ErrorKind::InvalidDocument,
        ),
        (
            json!({"A": {"type": "number", "exclusiveMinimum": "0"}}),
            "/components/schemas/A/exclusiveMinimum",
            ErrorKind::InvalidDocument,
        ),
        (
            json!({"A": {"$schema": "http://json-schema.org/draft-07/schema#"}}),
            "/components/schemas/A/$schema",
            ErrorKind::Unsupported,
        ),
        (
            json!({"A": {"type": "object", "properties": {"x": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"y": {"type": 5}}}]}}}}),
            "/components/schemas/A/properties/x/anyOf/1/properties/y/type",
            ErrorKind::InvalidDocument,
        ),
    ];
    for (schemas, pointer, kind) in cases {
        let e = load_err(&doc("3.1.0", schemas.clone()));
        assert_eq!(
            (e.pointer(), e.kind),
            (Some(pointer), kind),
            "{schemas}: {e}"
        );
    }
    let mut v = doc("3.1.0", json!({}));
    v["jsonSchemaDialect"] = json!("https://example.com/dialect");
    assert_eq!(load_err(&v).pointer(), Some("/jsonSchemaDialect"));
    let mut v = doc("3.1.0", json!({}));
    v["components"]["securitySchemes"] = json!({"tls": {"type": "mutualTLS"}});
    assert_eq!(
        load_err(&v).pointer(),
        Some("/components/securitySchemes/tls/type")
    );
    // Path items that refer to one another: a bounded chain, then an error.
    let mut v = doc("3.1.0", json!({}));
    v["paths"]["/b"] = json!({"$ref": "#/components/pathItems/B"});
    v["components"]["pathItems"] = json!({"B": {"$ref": "#/components/pathItems/C"},
        "C": {"$ref": "#/components/pathItems/B"}});
    let e = load_err(&v);
    assert_eq!(
        (e.kind, e.pointer()),
        (ErrorKind::Limit, Some("/paths/~1b/$ref")),
        "{e}"
    );
    v["components"]["pathItems"] = json!({"B": {"$ref": "#/components/pathItems/Nope"}});
    let e = load_err(&v);
    assert_eq!(
        (e.kind, e.pointer()),
        (ErrorKind::DanglingRef, Some("/components/pathItems/B/$ref")),
        "{e}"
    );
    // A lowering error inside a moved schema names the place as written.
    let v = doc(
        "3.1.0",
        json!({"A": {"type": "object", "properties": {"x": {
        "anyOf": [{"type": "null"}, {"type": "object", "properties": {"y": {"$ref": "#/components/schemas/Nope"}}}]}}}}),
    );
    let e = crate::lower::lower(&load(&v)).map(drop).unwrap_err();
    assert!(
        e.pointer()
            .unwrap()
            .starts_with("/components/schemas/A/properties/x/anyOf/1"),
        "{e}"
    );
}

/// Schemas as deep as the parsers accept, with a `type` array at every level (each becomes
/// a branch, so the typed schema nests twice as deep), load, lower and drop on the default
/// 2 MiB test thread; a huge `type` array is an error, not a huge schema.
#[test]
fn hostile_3_1_schemas_stay_bounded() {
    let levels = crate::load::MAX_DEPTH - 6;
    let mut schema = json!({"type": ["string", "null"]});
    for _ in 0..levels {
        schema = json!({"type": ["array", "boolean", "null"], "items": schema});
    }
    let text = serde_json::to_string(&doc("3.1.0", json!({"A": schema}))).unwrap();
    match load_str("deep.json", &text) {
        Ok(loaded) => {
            let e = crate::lower::lower(&loaded).map(drop);
            if let Err(e) = e {
                assert_eq!(e.kind, ErrorKind::Limit, "{e}");
                assert!(
                    e.pointer()
                        .unwrap()
                        .starts_with("/components/schemas/A/items"),
                    "{e}"
                );
            }
            drop(loaded);
        }
        Err(e) => panic!("{e}"),
    }
    // One large path item referenced from many paths: the copies are bounded.
    let mut v = doc("3.1.0", json!({}));
    let params: Vec<Value> = (0..2_000)
        .map(|i| json!({"name": format!("p{i}"), "in": "query", "schema": {"type": "string"}}))
        .collect();
    v["components"]["pathItems"] = json!({"Big": {"parameters": params,
        "get": {"responses": {"200": {"description": "ok"}}}}});
    for i in 0..200 {
        v["paths"][format!("/p{i}")] = json!({"$ref": "#/components/pathItems/Big"});
    }
    let e = load_err(&v);
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    let many: Vec<Value> = (0..100_000).map(|_| json!("string")).collect();
    let e = load_err(&doc("3.1.0", json!({"A": {"type": many}})));
    assert_eq!(e.pointer(), Some("/components/schemas/A/type/1"), "{e}");
}

/// The repository's specs, upgraded to 3.1 mechanically, load as the same typed document and
/// generate the same files (byte for byte).
#[test]
fn upgraded_specs_generate_the_same_crate() {
    // (type arrays with "null", examples arrays) were met
    let mut upgraded = (false, false);
    for (name, yaml) in crate::load::REPOSITORY_SPECS {
        let loaded30 = load_str(name, yaml).unwrap();
        let mut v = crate::load::parse_text(name, yaml).unwrap();
        super::upgrade_to_3_1(&mut v);
        let text = serde_json::to_string(&v).unwrap();
        upgraded.0 |= text.contains("\"null\"");
        upgraded.1 |= text.contains("\"examples\"");
        let loaded31 = load_str(name, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut doc31 = loaded31.doc.clone();
        doc31.openapi = loaded30.doc.openapi.clone();
        assert!(doc31 == loaded30.doc, "{name}: the typed documents differ");
        let opts = crate::Options::default();
        let files = |l: &Loaded| crate::generate(l, &opts).unwrap().files;
        assert!(
            files(&loaded31) == files(&loaded30),
            "{name}: the generated files differ"
        );
    }
    assert_eq!(upgraded, (true, true));
}

/// What FastAPI 0.11x with pydantic 2 writes (its constructs, abridged): `Optional` fields
/// as `anyOf` with `null`, discriminated unions with `const` tags, `$ref` with a `default`,
/// a `contentMediaType` upload, `Decimal` as number-or-string, the validation error body.
#[test]
fn a_fastapi_style_document_generates() {
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "0.1.0"},
        "paths": {
            "/pets/{pet_id}": {"get": {
                "operationId": "get_pet",
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid", "title": "Pet Id"}},
                    {"name": "q", "in": "query", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Q"}},
                    {"name": "x-token", "in": "header", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "X-Token"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}},
                    "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}
                }
            }},
            "/upload": {"post": {
                "operationId": "upload",
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Body_upload"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {}}}}}
            }}
        },
        "components": {"schemas": {
            "Body_upload": {"type": "object", "required": ["file"], "title": "Body_upload", "properties": {
                "file": {"type": "string", "contentMediaType": "application/octet-stream", "title": "File"}}},
            "Cat": {"type": "object", "required": ["pet_type"], "title": "Cat", "properties": {
                "pet_type": {"type": "string", "const": "cat", "title": "Pet Type"},
                "lives": {"type": "integer", "exclusiveMinimum": 0, "title": "Lives", "default": 9}}},
            "Dog": {"type": "object", "required": ["pet_type"], "title": "Dog", "properties": {
                "pet_type": {"type": "string", "const": "dog", "title": "Pet Type"}}},
            "Color": {"type": "string", "enum": ["red", "green"], "title": "Color"},
            "Owner": {"type": "object", "required": ["name", "pet"], "title": "Owner", "properties": {
                "name": {"type": "string", "title": "Name"},
                "nick": {"anyOf": [{"type": "string", "maxLength": 20}, {"type": "null"}], "title": "Nick"},
                "pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "title": "Pet", "discriminator": {"propertyName": "pet_type",
                    "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}},
                "best_friend": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
                "color": {"$ref": "#/components/schemas/Color", "default": "red"},
                "tags": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}], "title": "Tags"},
                "scores": {"type": "object", "additionalProperties": {"type": "integer"}, "title": "Scores"},
                "price": {"anyOf": [{"type": "number"}, {"type": "string"}], "title": "Price"},
                "born": {"type": "string", "format": "date-time", "title": "Born"},
                "mode": {"type": "string", "enum": ["a", "b"], "title": "Mode"}}},
            "HTTPValidationError": {"type": "object", "title": "HTTPValidationError", "properties": {
                "detail": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}, "title": "Detail"}}},
            "ValidationError": {"type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError", "properties": {
                "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "title": "Location"},
                "msg": {"type": "string", "title": "Message"},
                "type": {"type": "string", "title": "Error Type"}}}
        }}
    });
    let text = serde_json::to_string(&spec).unwrap();
    let out = crate::generate_from_str("openapi.json", &text, &crate::Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let code = generated_code(&out);
    for expected in [
        "pubnick:Option<String>",
        "pubbest_friend:Option<Box<Owner>>",
        "pubtags:Option<Vec<String>>",
        "pubpet:OwnerPet",
        "pubcolor:Option<Color>",
        "Default(appliedbytheservicewhenunset):`\"red\"`",
    ] {
        assert!(code.contains(expected), "{expected} in {code}");
    }
}
