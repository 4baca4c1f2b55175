//! Hostile inputs to lowering: reference cycles, deep nesting and long chains end in an error
//! naming the pointer, or in a model, never in a stack overflow. These run on the default
//! test thread (2 MiB stack), which is the proof that the walks are bounded.

use crate::error::ErrorKind;
use crate::load::Loaded;
use crate::{Error, Options, generate_from_str};
use openapiv3::{ArrayType, ObjectType, ReferenceOr, Schema, SchemaKind, Type};

const HEAD: &str = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}";

/// A JSON spec with the given `paths` and `components` (JSON text of each object).
fn spec(paths: &str, components: &str) -> String {
    format!("{HEAD}, \"paths\": {paths}, \"components\": {components}}}")
}

fn lower_text(text: &str) -> Result<crate::model::Api, Error> {
    let loaded = crate::load::load_str("t.json", text)?;
    super::lower(&loaded).map(|(api, _)| api)
}

fn lower_err(text: &str) -> Error {
    match lower_text(text) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// An operation `get /x` with the given JSON members (`parameters`, `requestBody`, ...).
fn get_x(members: &str) -> String {
    format!(
        "{{\"/x\": {{\"get\": {{{members}\"responses\": {{\"204\": {{\"description\": \"ok\"}}}}}}}}}}"
    )
}

#[test]
fn a_parameter_that_refers_to_itself_is_a_cycle_error() {
    let text = spec(
        &get_x("\"parameters\": [{\"$ref\": \"#/components/parameters/p\"}], "),
        "{\"parameters\": {\"p\": {\"$ref\": \"#/components/parameters/p\"}}}",
    );
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
    assert_eq!(e.pointer(), Some("/components/parameters/p"));
    assert!(
        e.message
            .contains("reference cycle: #/components/parameters/p -> #/components/parameters/p"),
        "{e}"
    );
}

#[test]
fn two_parameters_that_refer_to_each_other_are_a_cycle_error() {
    let text = spec(
        &get_x("\"parameters\": [{\"$ref\": \"#/components/parameters/a\"}], "),
        "{\"parameters\": {\"a\": {\"$ref\": \"#/components/parameters/b\"}, \
          \"b\": {\"$ref\": \"#/components/parameters/a\"}}}",
    );
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
    assert_eq!(e.pointer(), Some("/components/parameters/b"));
    assert!(
        e.message.contains(
            "#/components/parameters/a -> #/components/parameters/b -> #/components/parameters/a"
        ),
        "{e}"
    );
}

#[test]
fn request_body_and_response_cycles_are_errors() {
    let text = spec(
        &get_x("\"requestBody\": {\"$ref\": \"#/components/requestBodies/r\"}, "),
        "{\"requestBodies\": {\"r\": {\"$ref\": \"#/components/requestBodies/r\"}}}",
    );
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
    assert_eq!(e.pointer(), Some("/components/requestBodies/r"));
    assert!(e.message.contains("reference cycle"), "{e}");

    let text = spec(
        "{\"/x\": {\"get\": {\"responses\": {\"200\": {\"$ref\": \"#/components/responses/a\"}}}}}",
        "{\"responses\": {\"a\": {\"$ref\": \"#/components/responses/b\"}, \
          \"b\": {\"$ref\": \"#/components/responses/a\"}}}",
    );
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
    assert_eq!(e.pointer(), Some("/components/responses/b"));
    assert!(e.message.contains("reference cycle"), "{e}");
}

#[test]
fn chains_of_parameter_body_and_response_references_resolve() {
    let text = spec(
        &get_x(
            "\"parameters\": [{\"$ref\": \"#/components/parameters/a\"}], \
             \"requestBody\": {\"$ref\": \"#/components/requestBodies/a\"}, ",
        ),
        "{\"parameters\": {\"a\": {\"$ref\": \"#/components/parameters/b\"}, \
            \"b\": {\"name\": \"q\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}}, \
          \"requestBodies\": {\"a\": {\"$ref\": \"#/components/requestBodies/b\"}, \
            \"b\": {\"content\": {\"text/plain\": {}}}}}",
    );
    let api = lower_text(&text).expect("lowers");
    let op = &api.operations[0];
    assert_eq!(op.params[0].wire_name, "q");
    assert_eq!(
        op.body.as_ref().map(|b| b.media_type.as_str()),
        Some("text/plain")
    );
}

/// `depth` objects, each the only property `p` of the one around it, in JSON.
fn nested_objects_json(depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str("{\"type\": \"object\", \"properties\": {\"p\": ");
    }
    s.push_str("{\"type\": \"string\"}");
    for _ in 0..depth {
        s.push_str("}}");
    }
    s
}

#[test]
fn a_thousand_nested_properties_are_refused_not_a_stack_overflow() {
    // ~60 KB of JSON: the parser's nesting limit refuses it before lowering.
    let text = spec(
        "{}",
        &format!("{{\"schemas\": {{\"A\": {}}}}}", nested_objects_json(1000)),
    );
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::Syntax, "{e}");

    // The same in YAML (flow style inside block style): refused by the YAML parser's limit.
    let mut yaml = String::from(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n",
    );
    let mut indent = String::from("      ");
    for _ in 0..1000 {
        yaml.push_str(&format!(
            "{indent}type: object\n{indent}properties:\n{indent}  p:\n"
        ));
        indent.push_str("    ");
    }
    yaml.push_str(&format!("{indent}type: string\n"));
    let e = match crate::load::load_str("t.yaml", &yaml) {
        Ok(loaded) => super::lower(&loaded).expect_err("an error"),
        Err(e) => e,
    };
    assert!(
        matches!(e.kind, ErrorKind::Syntax | ErrorKind::Limit),
        "{e}"
    );
}

/// A document with the given component schemas, built in code: the loader's own nesting
/// limits (and its stack use, which is not this module's) stay out of the way.
fn doc_with(schemas: Vec<(String, ReferenceOr<Schema>)>) -> Loaded {
    let mut loaded = crate::load::load_str("t.json", &spec("{}", "{}")).expect("loads");
    let components = loaded.doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas);
    loaded
}

fn schema(kind: SchemaKind) -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: kind,
    }
}

/// `depth` arrays, each the items of the one around it, of strings.
fn nested_arrays(depth: usize) -> Schema {
    let mut s = schema(SchemaKind::Type(Type::String(Default::default())));
    for _ in 0..depth {
        s = schema(SchemaKind::Type(Type::Array(ArrayType {
            items: Some(ReferenceOr::Item(Box::new(s))),
            min_items: None,
            max_items: None,
            unique_items: false,
        })));
    }
    s
}

/// An object whose only property `p` is `inner`.
fn object_with(inner: ReferenceOr<Box<Schema>>) -> Schema {
    let mut o = ObjectType::default();
    o.properties.insert("p".to_owned(), inner);
    schema(SchemaKind::Type(Type::Object(o)))
}

/// `depth` objects, each the only property of the one around it.
fn nested_objects(depth: usize) -> Schema {
    let mut s = schema(SchemaKind::Type(Type::String(Default::default())));
    for _ in 0..depth {
        s = object_with(ReferenceOr::Item(Box::new(s)));
    }
    s
}

#[test]
fn nesting_at_the_limit_lowers_and_emits_on_a_2_mib_stack() {
    // C0 -> C1 -> ... through properties, so that the last is lowered as deep as a
    // component can be (`DEFER_DEPTH`), and nests as deep as a component may.
    let last = super::DEFER_DEPTH - 1;
    let mut schemas: Vec<(String, ReferenceOr<Schema>)> = (0..last)
        .map(|i| {
            let next = ReferenceOr::Reference {
                reference: format!("#/components/schemas/C{}", i + 1),
            };
            (format!("C{i}"), ReferenceOr::Item(object_with(next)))
        })
        .collect();
    schemas.push((
        format!("C{last}"),
        ReferenceOr::Item(nested_objects(super::MAX_NESTING - 1)),
    ));
    let loaded = doc_with(schemas);
    let (api, _) = super::lower(&loaded).expect("lowers");
    assert_eq!(api.types.len(), last + super::MAX_NESTING - 1);
    crate::emit::emit_crate(&api, &Options::default()).expect("emits");

    let loaded = doc_with(vec![(
        "A".to_owned(),
        ReferenceOr::Item(nested_objects(super::MAX_NESTING)),
    )]);
    let e = super::lower(&loaded).expect_err("one level more is refused");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
}

#[test]
fn array_items_nested_past_the_limit_are_a_limit_error() {
    let loaded = doc_with(vec![(
        "A".to_owned(),
        ReferenceOr::Item(nested_arrays(1000)),
    )]);
    let e = super::lower(&loaded).expect_err("an error");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    // The component is level 1, its array level 2, ...: the 65th level is refused.
    let expected = format!(
        "/components/schemas/A{}",
        "/items".repeat(super::MAX_NESTING - 1)
    );
    assert_eq!(e.pointer(), Some(expected.as_str()));
    assert!(e.message.contains("more than 64 levels"), "{e}");
}

/// `n` schemas `A0` .. `A{n-1}` where each is `member(i)` and the last is an object.
fn chain(n: usize, member: impl Fn(usize) -> String) -> String {
    let mut schemas: Vec<String> = (0..n).map(|i| format!("\"A{i}\": {}", member(i))).collect();
    schemas.push(format!(
        "\"A{n}\": {{\"type\": \"object\", \"properties\": {{\"end\": {{\"type\": \"string\"}}}}}}"
    ));
    spec(
        &get_x(
            "\"requestBody\": {\"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/A0\"}}}}, ",
        ),
        &format!("{{\"schemas\": {{{}}}}}", schemas.join(", ")),
    )
}

#[test]
fn a_chain_of_4000_references_generates() {
    let text = chain(4000, |i| {
        format!("{{\"$ref\": \"#/components/schemas/A{}\"}}", i + 1)
    });
    let out = generate_from_str("t.json", &text, &Options::default()).expect("generates");
    assert_eq!(out.model.types.len(), 4001);
}

#[test]
fn a_chain_of_4000_properties_through_references_generates() {
    let text = chain(4000, |i| {
        format!(
            "{{\"type\": \"object\", \"properties\": {{\"next\": {{\"$ref\": \"#/components/schemas/A{}\"}}}}}}",
            i + 1
        )
    });
    let api = lower_text(&text).expect("lowers");
    assert_eq!(api.types.len(), 4001);
}

#[test]
fn an_all_of_chain_of_2000_is_a_limit_error() {
    let text = chain(2000, |i| {
        format!(
            "{{\"allOf\": [{{\"$ref\": \"#/components/schemas/A{}\"}}, \
              {{\"type\": \"object\", \"properties\": {{\"p{i}\": {{\"type\": \"string\"}}}}}}]}}",
            i + 1
        )
    });
    let e = lower_err(&text);
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(
        e.pointer()
            .is_some_and(|p| p.starts_with("/components/schemas/A")),
        "{e}"
    );
}

#[test]
fn an_all_of_chain_under_the_limit_merges_every_link() {
    let text = chain(40, |i| {
        format!(
            "{{\"allOf\": [{{\"$ref\": \"#/components/schemas/A{}\"}}, \
              {{\"type\": \"object\", \"properties\": {{\"p{i}\": {{\"type\": \"string\"}}}}}}]}}",
            i + 1
        )
    });
    let api = lower_text(&text).expect("lowers");
    let a0 = api.types.iter().find(|t| t.name == "A0").expect("A0");
    match &a0.kind {
        crate::model::TypeKind::Struct { fields, .. } => assert_eq!(fields.len(), 41),
        other => panic!("{other:?}"),
    }
}

/// A YAML spec with the given component schemas (indented YAML under `schemas:`).
fn yaml_schemas(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn yaml_err(text: &str) -> Error {
    let loaded = crate::load::load_str("t.yaml", text).expect("loads");
    super::lower(&loaded).expect_err("an error")
}

#[test]
fn mutual_all_of_with_properties_is_refused_naming_both_schemas() {
    let e = yaml_err(&yaml_schemas(
        "    A:\n      allOf: [{$ref: '#/components/schemas/B'}]\n      properties: {a: {type: string}}\n\
         \x20   B:\n      allOf: [{$ref: '#/components/schemas/A'}]\n      properties: {b: {type: string}}\n",
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    assert_eq!(e.pointer(), Some("/components/schemas/A"));
    assert!(
        e.message.contains(
            "no finite merge: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
        ),
        "{e}"
    );
}

#[test]
fn an_all_of_that_includes_itself_is_refused() {
    let e = yaml_err(&yaml_schemas(
        "    A:\n      allOf:\n        - {$ref: '#/components/schemas/A'}\n        - {type: object, properties: {a: {type: string}}}\n",
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    assert!(
        e.message
            .contains("no finite merge: #/components/schemas/A -> #/components/schemas/A"),
        "{e}"
    );
}

#[test]
fn schemas_that_are_only_each_other_are_refused() {
    for schemas in [
        "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    ] {
        let e = yaml_err(&yaml_schemas(schemas));
        assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
        assert!(e.message.contains("none has a definition"), "{e}");
        assert!(e.message.contains("#/components/schemas/A"), "{e}");
    }
}

#[test]
fn properties_beside_all_of_are_merged() {
    let loaded = crate::load::load_str(
        "t.yaml",
        &yaml_schemas(
            "    A:\n      allOf: [{$ref: '#/components/schemas/B'}]\n      properties: {a: {type: string}}\n      required: [a]\n\
             \x20   B: {type: object, properties: {b: {type: string}}}\n",
        ),
    )
    .expect("loads");
    let (api, _) = super::lower(&loaded).expect("lowers");
    let a = api.types.iter().find(|t| t.name == "A").expect("A");
    let crate::model::TypeKind::Struct { fields, .. } = &a.kind else {
        panic!("{:?}", a.kind)
    };
    let names: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required))
        .collect();
    assert_eq!(names, [("b", false), ("a", true)]);
}

#[test]
fn an_array_of_itself_decodes_its_items_as_json_with_a_warning() {
    let loaded = crate::load::load_str(
        "t.yaml",
        &yaml_schemas("    A: {type: array, items: {$ref: '#/components/schemas/A'}}\n"),
    )
    .expect("loads");
    let (api, warnings) = super::lower(&loaded).expect("lowers");
    assert_eq!(
        api.types[0].kind,
        crate::model::TypeKind::Alias(crate::model::TypeRef::Array(Box::new(
            crate::model::TypeRef::Json
        )))
    );
    assert_eq!(warnings[0].pointer, "/components/schemas/A");
    assert!(
        warnings[0].message.contains("contains itself"),
        "{}",
        warnings[0]
    );
}

/// A YAML spec with the given paths (indented YAML under `paths:`) and schemas.
fn yaml_spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

fn yaml_lower(text: &str) -> Result<(crate::model::Api, Vec<crate::Warning>), Error> {
    super::lower(&crate::load::load_str("t.yaml", text)?)
}

#[test]
fn references_are_unescaped_and_percent_decoded() {
    let text = yaml_schemas(
        "    a/b: {type: string}\n    a~b: {type: integer}\n    a~1b: {type: boolean}\n    '{x}': {type: number}\n\
         \x20   U:\n      type: object\n      properties:\n\
         \x20       slash: {$ref: '#/components/schemas/a~1b'}\n\
         \x20       tilde: {$ref: '#/components/schemas/a~0b'}\n\
         \x20       literal: {$ref: '#/components/schemas/a~01b'}\n\
         \x20       braces: {$ref: '#/components/schemas/%7Bx%7D'}\n",
    );
    let (api, _) = yaml_lower(&text).expect("lowers");
    let u = api.types.iter().find(|t| t.name == "U").expect("U");
    let crate::model::TypeKind::Struct { fields, .. } = &u.kind else {
        panic!("{:?}", u.kind)
    };
    let target = |wire: &str| {
        let f = fields.iter().find(|f| f.wire_name == wire).expect(wire);
        let crate::model::TypeRef::Named(n) = &f.ty else {
            panic!("{:?}", f.ty)
        };
        let def = api.types.iter().find(|t| &t.name == n).expect("target");
        def.pointer.clone()
    };
    assert_eq!(target("slash"), "/components/schemas/a~1b");
    assert_eq!(target("tilde"), "/components/schemas/a~0b");
    assert_eq!(target("literal"), "/components/schemas/a~01b");
    assert_eq!(target("braces"), "/components/schemas/{x}");

    for bad in ["a~2b", "a%zz", "a~1b/c"] {
        let text = yaml_schemas(&format!(
            "    a/b: {{type: string}}\n    U: {{type: object, properties: {{p: {{$ref: '#/components/schemas/{bad}'}}}}}}\n"
        ));
        let e = yaml_lower(&text).expect_err(bad);
        assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
        assert!(e.message.contains("points to nothing"), "{e}");
    }
}

const NO_SCHEMAS: &str = "    Unused: {type: string}\n";

#[test]
fn a_header_name_that_is_not_a_token_is_an_error() {
    for name in ["'X-A\\r\\nX-B: 1'", "'X A'", "''", "'X:A'"] {
        let text = yaml_spec(
            &format!(
                "  /x:\n    get:\n      parameters:\n        - {{name: \"{}\", in: header, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n",
                name.trim_matches('\'')
            ),
            NO_SCHEMAS,
        );
        let e = yaml_lower(&text).expect_err(name);
        assert_eq!(e.kind, ErrorKind::InvalidDocument, "{e}");
        assert_eq!(e.pointer(), Some("/paths/~1x/get/parameters/0"));
        assert!(e.message.contains("not a valid HTTP header name"), "{e}");
    }
}

#[test]
fn malformed_path_templates_are_errors() {
    for (path, problem) in [
        ("/t/{a", "never closed"),
        ("/t/a}", "closes nothing"),
        ("/t/{}", "empty placeholder"),
        ("/t/{a{b}}", "inside a placeholder"),
    ] {
        let text = yaml_spec(
            &format!("  '{path}':\n    get:\n      responses: {{'204': {{description: ok}}}}\n"),
            NO_SCHEMAS,
        );
        let e = yaml_lower(&text).expect_err(path);
        assert_eq!(e.kind, ErrorKind::InvalidDocument, "{e}");
        assert_eq!(
            e.pointer(),
            Some(crate::error::ptr("/paths", &[path]).as_str())
        );
        assert!(e.message.contains(problem), "{e}");
    }
}

#[test]
fn an_undeclared_path_parameter_is_a_string_with_a_warning() {
    let text = yaml_spec(
        "  /a/{id}/b/{other}:\n    get:\n      parameters:\n        - {name: other, in: path, required: true, schema: {type: integer}}\n      responses: {'204': {description: ok}}\n",
        NO_SCHEMAS,
    );
    let (api, warnings) = yaml_lower(&text).expect("lowers");
    let params: Vec<(&str, &crate::model::TypeRef, bool)> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.ty, p.required))
        .collect();
    assert_eq!(
        params,
        [
            ("id", &crate::model::TypeRef::String, true),
            ("other", &crate::model::TypeRef::I64, true)
        ]
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer, "/paths/~1a~1{id}~1b~1{other}/get");
    assert!(warnings[0].message.contains("`{id}`"), "{}", warnings[0]);
}

#[test]
fn not_is_ignored_with_a_warning() {
    let text = yaml_schemas(
        "    A:\n      type: object\n      properties:\n        b: {not: {type: string}}\n        c: {type: integer, not: {enum: [1]}}\n",
    );
    let (api, warnings) = yaml_lower(&text).expect("lowers");
    let crate::model::TypeKind::Struct { fields, .. } = &api.types[0].kind else {
        panic!()
    };
    assert_eq!(fields[0].ty, crate::model::TypeRef::Json);
    assert_eq!(fields[1].ty, crate::model::TypeRef::I64);
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/A/properties/b/not",
            "/components/schemas/A/properties/c/not"
        ]
    );
}

#[test]
fn parameters_with_json_content_have_the_schema_type_and_are_sent_as_json() {
    let text = yaml_spec(
        "  /x:\n    get:\n      parameters:\n        - name: filter\n          in: query\n          content: {application/json: {schema: {$ref: '#/components/schemas/F'}}}\n        - {name: any, in: header, content: {application/json: {}}}\n      responses: {'204': {description: ok}}\n",
        "    F: {type: object, properties: {a: {type: integer}}}\n",
    );
    let (api, _) = yaml_lower(&text).expect("lowers");
    let params = &api.operations[0].params;
    assert_eq!(params[0].ty, crate::model::TypeRef::Named("F".to_owned()));
    assert!(params[0].json && params[1].json);
    assert_eq!(params[1].ty, crate::model::TypeRef::Json);

    let text = yaml_spec(
        "  /x:\n    get:\n      parameters:\n        - {name: f, in: query, content: {text/plain: {schema: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
        NO_SCHEMAS,
    );
    let e = yaml_lower(&text).expect_err("text/plain content");
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    assert_eq!(e.pointer(), Some("/paths/~1x/get/parameters/0/content"));
    assert!(e.message.contains("\"text/plain\""), "{e}");
}
