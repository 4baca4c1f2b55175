//! The reader against `openapiv3` itself: whenever the reader answers, its schema is the one
//! `openapiv3` reads from the same value, and it answers for every schema a document writes
//! in the usual ways.

use super::{Reader, reference_or_schema};
use crate::load::typed::path::Path;
use openapiv3::{ReferenceOr, Schema};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

/// What the reader reads from a 3.0 schema.
fn read(v: &Value) -> Option<ReferenceOr<Schema>> {
    reference_or_schema(v, &Path::ROOT, &mut Reader::v3_0())
}

/// What `openapiv3` reads.
fn openapiv3(v: &Value) -> Option<ReferenceOr<Schema>> {
    ReferenceOr::<Schema>::deserialize(v).ok()
}

/// The reader answers for `v`, with what `openapiv3` reads.
fn same(v: Value) {
    let expected = openapiv3(&v).unwrap_or_else(|| panic!("openapiv3 refuses {v}"));
    assert_eq!(read(&v), Some(expected), "{v}");
}

#[test]
fn every_kind_of_schema_reads_as_openapiv3_reads_it() {
    let cases = [
        json!({}),
        json!({"$ref": "#/components/schemas/A"}),
        json!({"$ref": "#/components/schemas/A", "description": "ignored", "type": "string"}),
        json!({"type": "string", "format": "date-time", "pattern": "^a", "minLength": 1, "maxLength": 9, "enum": ["a", null]}),
        json!({"type": "string", "format": "uuid", "nullable": true, "x-kind": {"a": [1]}}),
        json!({"type": "number", "format": "double", "minimum": 0.5, "maximum": 2, "exclusiveMinimum": true, "multipleOf": 0.1, "enum": [1, 2.5, null]}),
        json!({"type": "integer", "format": "int64", "minimum": -3, "maximum": 9, "multipleOf": 3, "enum": [1, -2]}),
        // An integer with a fractional bound is not an integer type for `openapiv3`.
        json!({"type": "integer", "minimum": 1.5}),
        json!({"type": "integer", "enum": [1.5]}),
        json!({"type": "integer", "maximum": 18446744073709551615u64}),
        json!({"type": "boolean", "enum": [true, null], "default": false}),
        json!({"type": "boolean", "format": "flag"}),
        json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"$ref": "#/x"}}, "required": ["a"], "additionalProperties": false, "minProperties": 1, "maxProperties": 3}),
        json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        json!({"type": "object", "additionalProperties": true, "title": "T", "readOnly": true, "writeOnly": false, "deprecated": true}),
        json!({"type": "object", "enum": [{}]}),
        json!({"type": "array", "items": {"type": "array", "items": {"$ref": "#/y"}}, "minItems": 0, "maxItems": 4, "uniqueItems": true}),
        json!({"type": "array", "properties": {}}),
        json!({"oneOf": [{"$ref": "#/a"}, {"type": "string"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/a"}}}),
        json!({"allOf": [{"$ref": "#/a"}], "nullable": true, "description": "d"}),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"not": {"type": "string"}}),
        json!({"oneOf": [{}], "anyOf": [{}]}),
        json!({"type": "string", "allOf": [{}]}),
        json!({"properties": {"a": {}}, "items": {}, "minLength": 2, "enum": [1, "a"]}),
        json!({"type": "unknown", "minimum": 1}),
        json!({"format": "byte"}),
        // `null` is an absent keyword wherever `openapiv3` reads an `Option`.
        json!({"type": null, "format": null, "items": null, "properties": null, "enum": null, "example": null, "default": null, "title": null, "additionalProperties": null, "not": null, "oneOf": null, "minLength": null, "minimum": null, "exclusiveMinimum": null, "externalDocs": null, "discriminator": null}),
        json!({"type": "string", "example": {"nested": [1, "two", null]}, "externalDocs": {"url": "https://example.com", "description": "more"}}),
        // Keys `openapiv3` does not read.
        json!({"type": "string", "const": "a", "examples": ["a"], "$comment": "c", "contentEncoding": "base64"}),
        // A `$ref` that is not a string is not a reference: `openapiv3` reads the schema.
        json!({"$ref": 5, "type": "string"}),
    ];
    for case in cases {
        if case.get("$ref").is_some_and(|r| !r.is_string()) {
            // The reader leaves it to `openapiv3`.
            assert_eq!(read(&case), None);
            assert!(openapiv3(&case).is_some());
            continue;
        }
        same(case);
    }
}

/// Values `openapiv3` refuses get no answer from the reader, nested or not.
#[test]
fn what_openapiv3_refuses_gets_no_answer() {
    let refused = [
        json!("string"),
        json!(null),
        json!({"nullable": null}),
        json!({"nullable": "yes"}),
        json!({"type": 5}),
        json!({"minLength": -1}),
        json!({"minLength": 1.0}),
        json!({"required": ["a", 1]}),
        json!({"enum": "a"}),
        json!({"properties": {"a": 5}}),
        json!({"items": [{}]}),
        json!({"allOf": {}}),
        json!({"additionalProperties": 5}),
        json!({"externalDocs": {"description": "no url"}}),
        json!({"discriminator": {"mapping": {}}}),
        json!({"type": "object", "properties": {"a": {"type": "array", "items": {"maxItems": "3"}}}}),
    ];
    for case in refused {
        assert_eq!(openapiv3(&case), None, "{case}");
        assert_eq!(read(&case), None, "{case}");
    }
}

/// A JSON value for a schema keyword: of the type `openapiv3` expects or of another.
fn keyword_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..20).prop_map(|n| json!(n)),
        Just(json!(1.5)),
        Just(json!(u64::MAX)),
        prop::sample::select(vec![
            "string",
            "number",
            "integer",
            "boolean",
            "object",
            "array",
            "null",
            "int32",
            "int64",
            "double",
            "date-time",
            "byte",
            "x",
        ])
        .prop_map(|s| json!(s)),
        Just(json!(["a", null])),
        Just(json!([1, 2])),
        Just(json!([true])),
        Just(json!([1.5, "a"])),
        Just(json!(["string", "null"])),
        Just(json!({"url": "https://example.com"})),
        Just(json!({"propertyName": "kind"})),
    ]
}

pub(in crate::load::typed) const KEYWORDS: [&str; 36] = [
    "type",
    "format",
    "pattern",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "title",
    "description",
    "example",
    "default",
    "externalDocs",
    "discriminator",
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "enum",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "$ref",
    "x-extra",
];

/// A value for `keyword`: mostly of the type `openapiv3` expects, sometimes of any type.
pub(in crate::load::typed) fn value_for(keyword: &'static str) -> BoxedStrategy<Value> {
    let typed: BoxedStrategy<Value> = match keyword {
        "type" => prop::sample::select(vec![
            "string", "number", "integer", "boolean", "object", "array", "x",
        ])
        .prop_map(|s| json!(s))
        .boxed(),
        "format" => prop::sample::select(vec![
            "int32",
            "int64",
            "double",
            "date-time",
            "byte",
            "uuid",
        ])
        .prop_map(|s| json!(s))
        .boxed(),
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "exclusiveMinimum"
        | "exclusiveMaximum" | "uniqueItems" => any::<bool>().prop_map(Value::Bool).boxed(),
        "multipleOf" | "minimum" | "maximum" => {
            prop_oneof![(-3i64..20).prop_map(|n| json!(n)), Just(json!(1.5))].boxed()
        }
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            (0u64..5).prop_map(|n| json!(n)).boxed()
        }
        "required" => Just(json!(["a"])).boxed(),
        "enum" => prop::sample::select(vec![
            json!(["a", null]),
            json!([1, 2]),
            json!([true]),
            json!([1.5]),
            json!([{}]),
        ])
        .boxed(),
        "externalDocs" => Just(json!({"url": "https://example.com"})).boxed(),
        "discriminator" => Just(json!({"propertyName": "kind"})).boxed(),
        "$ref" => Just(json!("#/a")).boxed(),
        "properties" | "items" | "not" | "additionalProperties" => Just(json!({})).boxed(),
        "allOf" | "anyOf" | "oneOf" => Just(json!([{}])).boxed(),
        _ => keyword_value().boxed(),
    };
    prop_oneof![4 => typed, 1 => keyword_value()].boxed()
}

/// A schema of up to `depth` levels: keywords with values mostly of their types, and
/// subschemas where the keyword holds schemas.
fn schema_value(depth: u32) -> BoxedStrategy<Value> {
    schema_value_with(depth, &KEYWORDS, value_for)
}

/// A schema of up to `depth` levels, of the keywords `keywords` with values from `value`.
pub(in crate::load::typed) fn schema_value_with(
    depth: u32,
    keywords: &'static [&'static str],
    value: fn(&'static str) -> BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    let entry = prop::sample::select(keywords).prop_flat_map(move |k| (Just(k), value(k)));
    let leaf = prop::collection::vec(entry, 0..5).prop_map(|entries| {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    });
    if depth == 0 {
        return leaf.boxed();
    }
    let sub = schema_value_with(depth - 1, keywords, value);
    (
        leaf,
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "items",
                    "not",
                    "additionalProperties",
                    "properties",
                    "allOf",
                    "oneOf",
                    "anyOf",
                ]),
                prop::collection::vec(sub, 1..3),
            ),
            0..3,
        ),
    )
        .prop_map(|(mut schema, subs)| {
            for (key, mut parts) in subs {
                let value = match key {
                    "items" | "not" | "additionalProperties" => parts.swap_remove(0),
                    "properties" => Value::Object(
                        parts
                            .into_iter()
                            .enumerate()
                            .map(|(i, p)| (format!("p{i}"), p))
                            .collect(),
                    ),
                    _ => Value::Array(parts),
                };
                schema[key] = value;
            }
            schema
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    /// Whatever the keywords and their values, an answer is `openapiv3`'s, and a schema
    /// `openapiv3` refuses gets none.
    #[test]
    fn an_answer_is_always_openapiv3s(schema in schema_value(2)) {
        let expected = openapiv3(&schema);
        match read(&schema) {
            Some(read) => prop_assert_eq!(Some(read), expected, "{}", schema),
            None => prop_assert!(
                expected.is_none() || schema.get("$ref").is_some_and(|r| !r.is_string()) || has_unread(&schema),
                "no answer for a schema openapiv3 reads: {}", schema
            ),
        }
    }
}

/// Whether a schema holds, at any depth, a value the reader leaves to `openapiv3` (a `$ref`
/// that is not a string).
fn has_unread(v: &Value) -> bool {
    match v {
        Value::Object(map) => {
            map.get("$ref").is_some_and(|r| !r.is_string()) || map.values().any(has_unread)
        }
        Value::Array(items) => items.iter().any(has_unread),
        _ => false,
    }
}
