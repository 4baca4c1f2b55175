//! OpenAPI 3.1 documents read in one walk (`load::read_3_1`: each schema read as written,
//! normalized where it must be) against the long way (`load::read_3_1_normalized`: every
//! schema normalized, then the document read as 3.0): the same typed document, the same
//! origins, annotations, warnings and errors; and the one walk answers by itself for the
//! usual 3.1 spellings.

use super::schema::tests::{KEYWORDS, schema_value_with, value_for};
use super::{Reader, document};
use crate::error::Error;
use crate::load::openapi31::{Normalized, Normalizer};
use crate::load::{REPOSITORY_SPECS, parse_text, read_3_1, read_3_1_normalized, upgrade_to_3_1};
use openapiv3::OpenAPI;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::LazyLock;

/// What reading gives, made comparable.
type Outcome = Result<(OpenAPI, Normalized), Error>;

fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Ok((da, na)), Ok((db, nb))) => {
            da == db
                && na.origins == nb.origins
                && na.ref_annotations == nb.ref_annotations
                && na.warnings == nb.warnings
        }
        (Err(ea), Err(eb)) => ea == eb,
        _ => false,
    }
}

/// Reads the 3.1 document `raw` both ways and checks that they agree; answers whether the one
/// walk answered by itself (without falling back to the long way).
fn both_ways(raw: &Value) -> bool {
    let top = |raw: &Value| {
        let mut raw = raw.clone();
        let mut n = Normalizer::new("t.json");
        n.document(&mut raw).map(|()| (raw, n))
    };
    let (Ok((mut one, n1)), Ok((mut long, n2))) = (top(raw), top(raw)) else {
        return false;
    };
    let before = one.clone();
    let itself = document(&mut one.clone(), &mut Reader::v3_1("t.json")).is_some();
    let a = read_3_1("t.json", &mut one, n1);
    let b = read_3_1_normalized("t.json", &mut long, n2);
    assert!(
        same_outcome(&a, &b),
        "{raw}\none walk: {a:?}\nlong way: {b:?}"
    );
    if itself {
        assert_eq!(one, before, "the one walk changed the value");
    }
    itself
}

/// A 3.1 document with `schema` in each kind of place.
fn doc_with(schema: &Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", "schema": schema}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
        }}},
        "components": {"schemas": {"S": schema, "T": {"type": "string"}}},
    })
}

/// The keywords of the 3.0 schemas, and those 3.1 spells differently or adds (`type` and
/// `examples` twice as often).
static KEYWORDS_31: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let added = [
        "type",
        "examples",
        "examples",
        "const",
        "$comment",
        "$schema",
        "contentEncoding",
        "contentMediaType",
        "prefixItems",
        "patternProperties",
        "x-other",
    ];
    KEYWORDS.iter().copied().chain(added).collect()
});

/// A value for `keyword` in a 3.1 schema: its 3.1 forms, its 3.0 forms, or anything.
fn value_for_31(keyword: &'static str) -> BoxedStrategy<Value> {
    let forms: BoxedStrategy<Value> = match keyword {
        "type" => prop::sample::select(vec![
            json!("string"),
            json!("integer"),
            json!("null"),
            json!(null),
            json!(["string", "null"]),
            json!(["null", "integer"]),
            json!(["object"]),
            json!(["string", "integer"]),
            json!(["object", "string", "null"]),
            json!(["null", "null"]),
            json!(["string", "string"]),
            json!(["x", "null"]),
            json!(["null"]),
            json!([]),
        ])
        .boxed(),
        "examples" => prop::sample::select(vec![
            json!(["a", "b"]),
            json!([]),
            json!([null]),
            json!([{"k": 1}]),
            json!({"named": {"value": 1}}),
        ])
        .boxed(),
        "exclusiveMinimum" | "exclusiveMaximum" => prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            Just(json!(3)),
            Just(json!(0.5)),
            Just(json!(null)),
            Just(json!("1")),
        ]
        .boxed(),
        "minimum" | "maximum" => prop::sample::select(vec![json!(3), json!(1), json!(5.5)]).boxed(),
        "const" => prop::sample::select(vec![json!("a"), json!(1), json!(null)]).boxed(),
        "$ref" => prop::sample::select(vec![json!("#/components/schemas/T"), json!(7)]).boxed(),
        "anyOf" | "oneOf" => prop::sample::select(vec![
            json!([{"type": "null"}, {"$ref": "#/components/schemas/T"}]),
            json!([{"type": "null"}, {"type": "string", "description": "d"}]),
            json!([{"type": "string"}, {"type": "integer"}]),
            json!([{"const": null}, {"type": "string"}, {"type": "integer"}]),
            json!([{"$ref": "#/components/schemas/T", "description": "d"}]),
            json!([true]),
            json!([{"type": "object", "properties": {"a": {"type": ["string", "null"]}}, "description": "inner"}, {"type": "null"}]),
            json!([{"type": "null"}, {"$ref": "#/components/schemas/T", "description": "d", "examples": [1]}]),
            json!([{"anyOf": [{"type": "string"}, {"type": "null"}]}, {"type": "null"}]),
            json!([{"$ref": "#/components/schemas/T", "minLength": 1}, {"type": "null"}]),
            json!([{"type": "null"}, {"items": {"const": 1}, "type": "array", "nullable": false}]),
        ])
        .boxed(),
        "properties" => prop::sample::select(vec![
            json!({"a": true}),
            json!({"a": {"type": ["string", "null"]}}),
            json!({"a": {"$ref": "#/components/schemas/T", "description": "d", "default": "x"}}),
            json!({"a": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}}),
        ])
        .boxed(),
        "items" => prop::sample::select(vec![
            json!(false),
            json!({"type": ["integer", "null"], "examples": [1]}),
            json!({"$ref": "#/components/schemas/T", "minLength": 1}),
        ])
        .boxed(),
        "contentEncoding" => prop::sample::select(vec![json!("base64"), json!("gzip")]).boxed(),
        _ => return value_for(keyword),
    };
    prop_oneof![3 => forms, 1 => value_for(keyword)].boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    /// Whatever a 3.1 schema holds, wherever it is, the one walk reads the document as the
    /// long way does.
    #[test]
    fn one_walk_reads_what_the_long_way_reads(
        schema in schema_value_with(2, KEYWORDS_31.as_slice(), value_for_31)
    ) {
        both_ways(&doc_with(&schema));
    }
}

/// A schema with a `null` branch in `anyOf` or `oneOf`, one other branch (any schema, or a
/// reference with annotations), and annotations beside: what the reader reads without the
/// normalizer when nothing else is there.
fn null_branch_schema() -> BoxedStrategy<Value> {
    // Annotations, with the values of the schema (`outer`) or of its branch.
    let annotation = |outer: bool| {
        let (text, flag) = if outer {
            ("outer", true)
        } else {
            ("inner", false)
        };
        prop::sample::select(vec![
            ("description", json!(text)),
            ("title", json!(text)),
            ("example", json!(text)),
            ("examples", json!([text, "y"])),
            ("default", json!(text)),
            ("deprecated", json!(flag)),
            ("x-extra", json!({"k": text})),
            ("$comment", json!(text)),
            ("nullable", json!(flag)),
            ("readOnly", json!("not a flag")),
        ])
    };
    let with = |schema: Value, notes: Vec<(&str, Value)>| {
        let mut schema = schema;
        for (k, v) in notes {
            schema[k] = v;
        }
        schema
    };
    let reference = prop::collection::vec(annotation(false), 0..3)
        .prop_map(move |notes| with(json!({"$ref": "#/components/schemas/T"}), notes));
    let inline = (
        prop::sample::select(vec![
            json!({"type": "string", "maxLength": 3}),
            json!({"type": ["object", "null"], "properties": {"a": {"type": ["string", "null"]}}}),
            json!({"type": "array", "items": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}),
            json!({}),
        ]),
        prop::collection::vec(annotation(false), 0..3),
    )
        .prop_map(move |(schema, notes)| with(schema, notes));
    let branch = prop_oneof![
        schema_value_with(1, KEYWORDS_31.as_slice(), value_for_31),
        reference,
        inline,
    ];
    (
        prop::collection::vec(annotation(true), 0..4),
        prop::sample::select(vec!["anyOf", "oneOf"]),
        branch,
        any::<bool>(),
    )
        .prop_map(move |(notes, kw, branch, null_first)| {
            let null = json!({"type": "null"});
            let branches = if null_first {
                vec![null, branch]
            } else {
                vec![branch, null]
            };
            let schema = Value::Object(serde_json::Map::from_iter([(
                kw.to_owned(),
                Value::Array(branches),
            )]));
            with(schema, notes)
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]
    /// A `null` branch beside one other branch, read as the long way reads it.
    #[test]
    fn null_branches_read_what_the_long_way_reads(schema in null_branch_schema()) {
        both_ways(&doc_with(&schema));
    }
}

/// The 3.1 spellings, each read by the one walk itself (a schema it cannot read as written is
/// normalized where it is), as the long way reads them.
#[test]
fn the_usual_3_1_spellings_are_read_in_one_walk() {
    for schema in [
        json!({"type": ["string", "null"], "maxLength": 3}),
        json!({"type": ["null", "integer"], "nullable": false, "minimum": 1}),
        json!({"type": ["object"], "properties": {"a": {"type": ["array", "null"], "items": {"type": "string"}}}}),
        json!({"type": "string", "examples": ["a", "b"]}),
        json!({"type": "string", "examples": ["a"], "example": "b"}),
        json!({"type": "string", "example": null, "examples": ["a"]}),
        json!({"type": "integer", "exclusiveMinimum": 1, "minimum": 5, "exclusiveMaximum": 9}),
        json!({"type": "number", "exclusiveMinimum": 1.5, "minimum": 0}),
        json!({"anyOf": [{"type": "string"}, {"type": ["integer", "null"]}]}),
        json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"}),
        json!({"oneOf": [{"type": "null"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}),
        json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/T", "description": "d"}}}),
        json!({"$ref": "#/components/schemas/T", "maxLength": 2}),
        json!({"type": ["string", "integer", "null"]}),
        json!({"type": "null"}),
        json!({"const": "a"}),
        json!({"type": "string", "contentEncoding": "base64"}),
        json!({"type": "array", "items": true}),
        json!({"$comment": "c", "type": "string"}),
    ] {
        assert!(both_ways(&doc_with(&schema)), "{schema}");
    }
}

/// What the normalization refuses, or warns of, is left to the long way, which says so in the
/// document's order.
#[test]
fn errors_and_warnings_are_those_of_the_long_way() {
    for schema in [
        json!({"type": ["string", "string"]}),
        json!({"prefixItems": [{}]}),
        json!({"const": "a", "enum": ["b"]}),
        json!({"exclusiveMinimum": "1"}),
        json!({"type": "object", "patternProperties": {"^a": {}}}),
        json!({"examples": {"a": 1}}),
        json!({"properties": {"a": {"$defs": {}}}}),
    ] {
        assert!(!both_ways(&doc_with(&schema)), "{schema}");
    }
}

/// Whole documents: the repository's specs upgraded to 3.1, and FastAPI's document.
#[test]
fn whole_3_1_documents_are_read_in_one_walk() {
    let fastapi = (
        "openapi.json",
        include_str!("../../../../tests/fastapi-app/openapi.json"),
    );
    for (name, text) in REPOSITORY_SPECS.into_iter().chain([fastapi]) {
        let mut raw = parse_text(name, text).unwrap();
        if name != "openapi.json" {
            upgrade_to_3_1(&mut raw);
        }
        assert!(both_ways(&raw), "{name}");
    }
}

/// A schema that must be normalized is normalized whole, before anything in it is read: each
/// value is normalized at most once, however deep the schemas that need it nest (reading
/// stays linear in the document).
#[test]
fn nested_schemas_that_need_normalizing_are_normalized_once() {
    let mut schema = json!({"type": "string"});
    for _ in 0..40 {
        // The subschemas come first, the keyword that needs normalizing last.
        schema = json!({"properties": {"a": schema, "b": {"const": 1}}, "const": {}});
    }
    let mut raw = doc_with(&schema);
    let mut n = Normalizer::new("t.json");
    n.document(&mut raw).unwrap();
    let mut reader = Reader::v3_1("t.json");
    assert!(document(&mut raw, &mut reader).is_some());
    // One normalization for each of the three places the schema is.
    assert_eq!(reader.normalizations, 3);
    assert!(both_ways(&raw));
}

/// The usual `null` branches are read without the normalizer: a reference, or one inline
/// schema (3.1 spellings inside it included), with annotations beside.
#[test]
fn the_usual_null_branches_need_no_normalizer() {
    for schema in [
        json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
        json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/T", "description": "inner"}], "description": "outer", "example": "e"}),
        json!({"anyOf": [{"type": "object", "properties": {"a": {"type": ["string", "null"], "examples": ["x"]}}}, {"type": "null"}], "title": "t"}),
        json!({"anyOf": [{}, {"type": "null"}]}),
        json!({"anyOf": [{"type": "string", "description": "inner", "x-a": 1}, {"type": "null"}], "description": "outer", "x-a": 2}),
    ] {
        let mut raw = doc_with(&schema);
        let mut n = Normalizer::new("t.json");
        n.document(&mut raw).unwrap();
        let mut reader = Reader::v3_1("t.json");
        assert!(document(&mut raw, &mut reader).is_some(), "{schema}");
        assert_eq!(reader.normalizations, 0, "{schema}");
        assert!(both_ways(&raw), "{schema}");
    }
}
