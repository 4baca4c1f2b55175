//! The hostile specs of issue 15, built in code (small and deterministic; nothing large is
//! committed). Each probe says which item of the issue it covers and what the generator must
//! do with it.

use serde_json::{Map, Value, json};
use std::path::Path;

/// What a probe demands of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A crate that compiles without warnings and runs no doctest from the spec.
    Generated,
    /// A clear error naming the file and the pointer (or line and column).
    Error,
    /// Either of the two (the issue allows a limit or support).
    Either,
}

impl Expect {
    pub fn label(self) -> &'static str {
        match self {
            Expect::Generated => "generated",
            Expect::Error => "error",
            Expect::Either => "either",
        }
    }
}

/// The files of one probe, written into its own directory. The first file is the spec given
/// to the generator; paths are relative to the probe's directory (`../` reaches outside it).
pub type Files = Vec<(String, String)>;

/// One hostile spec.
pub struct Probe {
    pub name: &'static str,
    /// The item of issue 15 it comes from.
    pub item: &'static str,
    pub expect: Expect,
    /// Builds the files; `marker` is the path that code from the spec would write if it ran.
    pub build: fn(marker: &Path) -> Files,
}

/// Every probe, in a fixed order.
pub fn all() -> Vec<Probe> {
    use Expect::{Either, Error, Generated};
    let p = |name, item, expect, build| Probe {
        name,
        item,
        expect,
        build,
    };
    vec![
        p("baseline", "-", Generated, |_| json_spec(minimal())),
        // 1. Spec text must never run as a doctest.
        p("docs-quoted-fence", "1", Generated, |m| {
            docs(m, quoted_fence)
        }),
        p("docs-nested-quote", "1", Generated, |m| {
            docs(m, nested_quote)
        }),
        p("docs-html-pre", "1", Generated, |m| docs(m, html_pre)),
        p("docs-indented-in-quote", "1", Generated, |m| {
            docs(m, indented_in_quote)
        }),
        p("docs-indented-in-list", "1", Generated, |m| {
            docs(m, indented_in_list)
        }),
        p("docs-list-fence", "1", Generated, |m| docs(m, list_fence)),
        p("docs-tilde-fence", "1", Generated, |m| docs(m, tilde_fence)),
        p("docs-rust-fence", "1", Generated, |m| docs(m, rust_fence)),
        p("docs-indented", "1", Generated, |m| docs(m, indented)),
        // 2. Cycles are errors; deep or long inputs are a limit error or linear work.
        p("param-ref-self", "2", Error, |_| param_cycle(&["P"])),
        p("param-ref-mutual", "2", Error, |_| param_cycle(&["P", "Q"])),
        p("request-body-ref-cycle", "2", Error, |_| {
            component_cycle("requestBodies")
        }),
        p("response-ref-cycle", "2", Error, |_| {
            component_cycle("responses")
        }),
        p("nested-properties-1000-json", "2", Either, |_| {
            nested_properties(1000)
        }),
        // Within every nesting bound (the loader's 48 levels of mappings: two per object).
        p("nested-properties-20", "2", Generated, |_| {
            nested_properties(20)
        }),
        p("nested-properties-1000-yaml", "2", Either, |_| {
            nested_properties_yaml(1000)
        }),
        p("ref-chain-4000", "2", Either, |_| {
            json_spec(ref_chain(4000))
        }),
        p("allof-chain-2000", "2", Either, |_| {
            json_spec(allof_chain(2000))
        }),
        p("allof-chain-300", "2", Either, |_| {
            json_spec(allof_chain(300))
        }),
        p("allof-mutual", "4", Either, |_| json_spec(allof_mutual())),
        p("allof-self", "6", Either, |_| json_spec(allof_self())),
        // 3. YAML alias bombs.
        p("yaml-alias-bomb", "3", Error, |_| alias_bomb(0)),
        p("yaml-alias-bomb-padded", "3", Error, |_| {
            alias_bomb(100_000)
        }),
        // 4. Accepted specs must compile.
        p("prelude-operation-ids", "4", Generated, |_| {
            json_spec(prelude_operations())
        }),
        p("prelude-schema-names", "4", Generated, |_| {
            json_spec(prelude_schemas())
        }),
        p("bidi-override", "4", Generated, |_| json_spec(bidi())),
        p("enum-10000", "4", Generated, |_| {
            json_spec(big_enum(10_000))
        }),
        p("enum-100000", "4", Generated, |_| {
            json_spec(big_enum(100_000))
        }),
        // 5. Smaller ones.
        p("ref-pointer-escapes", "5", Generated, |_| {
            json_spec(pointer_escapes())
        }),
        p("header-name-crlf", "5", Error, |_| json_spec(header_crlf())),
        p("method-upper-case", "5", Either, |_| {
            json_spec(upper_method())
        }),
        p("path-unclosed-brace", "5", Error, |_| {
            json_spec(one_path("/t/{a", get_op("getT", vec![])))
        }),
        // 6. What APIs.guru documents use.
        p("param-content-json", "6", Generated, |_| {
            json_spec(param_content())
        }),
        p("undeclared-path-param", "6", Generated, |_| {
            json_spec(one_path("/t/{id}", get_op("getT", vec![])))
        }),
        p("not-schema", "6", Generated, |_| json_spec(not_schema())),
        p("external-ref-beside", "6", Generated, |_| {
            external_ref_beside()
        }),
        p("external-ref-escaping", "6", Error, |_| {
            external_ref_escaping()
        }),
        p("newline-in-file-name", "-", Either, |_| newline_file_name()),
    ]
}

// ---- documents ----

/// The baseline probe's spec (also the base of the spec-diff runs).
pub fn baseline_text() -> String {
    to_json(&minimal())
}

fn json_spec(doc: Value) -> Files {
    vec![("spec.json".to_owned(), to_json(&doc))]
}

fn to_json(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default()
}

/// An OpenAPI 3.0 document with these paths and components.
fn document(paths: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile probe", "version": "1"},
        "paths": paths,
        "components": components,
    })
}

fn minimal() -> Value {
    one_path("/t", get_op("getT", vec![]))
}

fn one_path(path: &str, op: Value) -> Value {
    let mut paths = Map::new();
    paths.insert(path.to_owned(), json!({ "get": op }));
    document(Value::Object(paths), json!({}))
}

/// A GET operation with these parameters and a JSON string response.
fn get_op(id: &str, parameters: Vec<Value>) -> Value {
    json!({
        "operationId": id,
        "parameters": parameters,
        "responses": {"200": ok_response(json!({"type": "string"}))},
    })
}

fn ok_response(schema: Value) -> Value {
    json!({"description": "ok", "content": {"application/json": {"schema": schema}}})
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// One operation per schema, each answering with it.
fn operations_for(schemas: &Map<String, Value>) -> Value {
    let mut paths = Map::new();
    for (i, name) in schemas.keys().enumerate() {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        paths.insert(
            format!("/s{i}"),
            json!({"get": {
                "operationId": format!("get{i}"),
                "responses": {"200": ok_response(schema_ref(&escaped))},
            }}),
        );
    }
    Value::Object(paths)
}

fn with_schemas(schemas: Map<String, Value>) -> Value {
    document(operations_for(&schemas), json!({ "schemas": schemas }))
}

// ---- 1. docs ----

/// Code that writes `marker` if it ever runs (as a doctest).
fn payload(marker: &Path) -> String {
    format!(
        "std::fs::write({:?}, \"x\").unwrap();",
        marker.display().to_string()
    )
}

fn quoted_fence(code: &str) -> String {
    format!("Harmless-looking note:\n\n> ```\n> {code}\n> ```\n")
}

fn nested_quote(code: &str) -> String {
    format!("Note:\n\n> > ```\n> > {code}\n> > ```\n>\n> > > ```rust\n> > > {code}\n> > > ```\n")
}

fn html_pre(code: &str) -> String {
    format!("Note:\n\n<pre>\n{code}\n</pre>\n\n<pre><code>{code}</code></pre>\n")
}

fn indented_in_quote(code: &str) -> String {
    format!("Note:\n\n>     {code}\n")
}

fn indented_in_list(code: &str) -> String {
    format!("Steps:\n\n- first\n\n        {code}\n\n1. second\n\n         {code}\n")
}

fn list_fence(code: &str) -> String {
    format!("Steps:\n\n- ```\n  {code}\n  ```\n* > ```\n  > {code}\n  > ```\n")
}

fn tilde_fence(code: &str) -> String {
    format!("Note:\n\n~~~\n{code}\n~~~\n\n> ~~~rust\n> {code}\n> ~~~\n")
}

fn rust_fence(code: &str) -> String {
    format!("Note:\n\n```rust\n{code}\n```\n\n````\n{code}\n````\n")
}

fn indented(code: &str) -> String {
    format!("Note:\n\n    {code}\n")
}

/// The hostile description everywhere the generator copies text into docs: the API, an
/// operation (summary and description), a parameter, a schema, a property and an enum.
fn docs(marker: &Path, text: fn(&str) -> String) -> Files {
    let d = text(&payload(marker));
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Docs probe", "version": "1", "description": d},
        "paths": {"/t/{id}": {"post": {
            "operationId": "postT",
            "summary": d,
            "description": d,
            "parameters": [{"name": "id", "in": "path", "required": true,
                            "description": d, "schema": {"type": "string"}}],
            "requestBody": {"description": d, "content": {"application/json": {
                "schema": schema_ref("Thing")}}},
            "responses": {"200": {"description": d, "content": {"application/json": {
                "schema": schema_ref("Thing")}}}},
        }}},
        "components": {"schemas": {
            "Thing": {"type": "object", "description": d, "properties": {
                "name": {"type": "string", "description": d},
                "kind": {"type": "string", "enum": ["a", "b"], "description": d},
            }},
        }},
    });
    json_spec(doc)
}

// ---- 2. cycles and depth ----

/// Parameters that refer to each other in a ring (one name: to itself).
fn param_cycle(names: &[&str]) -> Files {
    let mut params = Map::new();
    for (i, n) in names.iter().enumerate() {
        let next = names[(i + 1) % names.len()];
        params.insert(
            (*n).to_owned(),
            json!({ "$ref": format!("#/components/parameters/{next}") }),
        );
    }
    let op = get_op("getT", vec![json!({"$ref": "#/components/parameters/P"})]);
    let mut doc = one_path("/t", op);
    doc["components"] = json!({ "parameters": params });
    json_spec(doc)
}

/// A request body or a response that refers to another that refers back.
fn component_cycle(kind: &str) -> Files {
    let a = json!({ "$ref": format!("#/components/{kind}/B") });
    let b = json!({ "$ref": format!("#/components/{kind}/A") });
    let mut op = json!({"operationId": "postT", "responses": {"200": ok_response(json!({"type": "string"}))}});
    if kind == "responses" {
        op["responses"] = json!({"200": {"$ref": "#/components/responses/A"}});
    } else {
        op["requestBody"] = json!({"$ref": "#/components/requestBodies/A"});
    }
    let mut components = Map::new();
    components.insert(kind.to_owned(), json!({"A": a, "B": b}));
    json_spec(document(
        json!({"/t": {"post": op}}),
        Value::Object(components),
    ))
}

/// `depth` objects nested through one property each, as JSON text (a `Value` that deep
/// would recurse as deep to serialize and to drop).
fn nested_properties(depth: usize) -> Files {
    let mut schemas = Map::new();
    schemas.insert("Deep".to_owned(), json!(DEEP));
    let doc = to_json(&with_schemas(schemas));
    let mut inner = String::from(r#"{"type": "string"}"#);
    for i in (0..depth).rev() {
        inner = format!(r#"{{"type": "object", "properties": {{"p{i}": {inner}}}}}"#);
    }
    vec![(
        "spec.json".to_owned(),
        doc.replace(&format!("{DEEP:?}"), &inner),
    )]
}

const DEEP: &str = "(the deep schema)";

/// The same nesting in YAML (flow style: block style would indent by twice the depth).
fn nested_properties_yaml(depth: usize) -> Files {
    let mut y = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: '1'\npaths:\n  /s0:\n    get:\n      operationId: get0\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Deep'\ncomponents:\n  schemas:\n    Deep:\n",
    );
    let mut inner = String::from("{type: string}");
    for i in (0..depth).rev() {
        inner = format!("{{type: object, properties: {{p{i}: {inner}}}}}");
    }
    y.push_str(&format!("      {inner}\n"));
    vec![("spec.yaml".to_owned(), y)]
}

/// `S0` -> `S1` -> ... -> `S{n-1}` (a string).
fn ref_chain(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let s = if i + 1 == n {
            json!({"type": "string"})
        } else {
            schema_ref(&format!("S{}", i + 1))
        };
        schemas.insert(format!("S{i}"), s);
    }
    let doc = one_path(
        "/t",
        json!({"operationId": "getT", "responses": {"200": ok_response(schema_ref("S0"))}}),
    );
    let mut doc = doc;
    doc["components"] = json!({ "schemas": schemas });
    doc
}

/// `A{i}` is `allOf: [A{i+1}]` plus a property of its own.
fn allof_chain(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let own = json!({"type": "object", "properties": { format!("p{i}"): {"type": "string"} }});
        let s = if i + 1 == n {
            own
        } else {
            json!({"allOf": [schema_ref(&format!("A{}", i + 1)), own]})
        };
        schemas.insert(format!("A{i}"), s);
    }
    let mut doc = one_path(
        "/t",
        json!({"operationId": "getT", "responses": {"200": ok_response(schema_ref("A0"))}}),
    );
    doc["components"] = json!({ "schemas": schemas });
    doc
}

fn allof_mutual() -> Value {
    let mut schemas = Map::new();
    schemas.insert("A".to_owned(), json!({"allOf": [schema_ref("B"), {"type": "object", "properties": {"a": {"type": "string"}}}]}));
    schemas.insert("B".to_owned(), json!({"allOf": [schema_ref("A"), {"type": "object", "properties": {"b": {"type": "string"}}}]}));
    with_schemas(schemas)
}

fn allof_self() -> Value {
    let mut schemas = Map::new();
    schemas.insert("A".to_owned(), json!({"allOf": [schema_ref("A"), {"type": "object", "properties": {"a": {"type": "string"}}}]}));
    with_schemas(schemas)
}

// ---- 3. YAML aliases ----

/// 9 levels of 9 aliases (9^9 nodes once expanded) after `padding` harmless scalars.
fn alias_bomb(padding: usize) -> Files {
    let mut y = String::from("openapi: 3.0.3\ninfo:\n  title: Bomb\n  version: '1'\npaths: {}\n");
    if padding > 0 {
        y.push_str("x-padding: [");
        y.push_str(&vec!["0"; padding].join(","));
        y.push_str("]\n");
    }
    y.push_str("x-bomb:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..9 {
        let prev = format!("*l{}", level - 1);
        y.push_str(&format!(
            "  l{level}: &l{level} [{}]\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    vec![("spec.yaml".to_owned(), y)]
}

// ---- 4. names, text, size ----

const PRELUDE: [&str; 9] = [
    "Option", "Result", "String", "Vec", "Box", "Some", "Ok", "Err", "None",
];

fn prelude_operations() -> Value {
    let mut paths = Map::new();
    for name in PRELUDE {
        paths.insert(
            format!("/{}", name.to_lowercase()),
            json!({"post": {
                "operationId": name,
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"v": {"type": "string"}}}}}},
                "responses": {"200": ok_response(json!({"type": "object", "properties": {"v": {"type": "integer"}}}))},
            }}),
        );
    }
    document(Value::Object(paths), json!({}))
}

fn prelude_schemas() -> Value {
    let mut schemas = Map::new();
    for name in PRELUDE {
        schemas.insert(
            name.to_owned(),
            json!({"type": "object", "properties": {
                "value": {"type": "string"},
                "items": {"type": "array", "items": {"type": "string"}},
                "maybe": {"type": "integer", "nullable": true},
            }}),
        );
    }
    with_schemas(schemas)
}

fn bidi() -> Value {
    let text = "access granted \u{202E} }if (admin) {\u{2066} \u{2069} \u{202D}";
    let mut doc = one_path(
        "/t",
        json!({
            "operationId": "getT",
            "summary": text,
            "description": text,
            "responses": {"200": ok_response(json!({"type": "string", "description": text,
                "enum": ["plain", text]}))},
        }),
    );
    doc["info"]["description"] = json!(text);
    doc["info"]["title"] = json!(format!("Bidi {text}"));
    doc
}

fn big_enum(n: usize) -> Value {
    let values: Vec<Value> = (0..n).map(|i| json!(format!("value-{i}"))).collect();
    let mut schemas = Map::new();
    schemas.insert("Big".to_owned(), json!({"type": "string", "enum": values}));
    with_schemas(schemas)
}

// ---- 5. smaller ones ----

/// Schemas named `a/b` and `a~b`, referred to as `a~1b` and `a~0b` (RFC 6901).
fn pointer_escapes() -> Value {
    let mut schemas = Map::new();
    schemas.insert(
        "a/b".to_owned(),
        json!({"type": "object", "properties": {"x": {"type": "string"}}}),
    );
    schemas.insert(
        "a~b".to_owned(),
        json!({"type": "object", "properties": {"y": {"type": "string"}}}),
    );
    with_schemas(schemas)
}

fn header_crlf() -> Value {
    one_path(
        "/t",
        get_op(
            "getT",
            vec![json!({
        "name": "X-Probe\r\nX-Injected: 1", "in": "header", "schema": {"type": "string"}})],
        ),
    )
}

fn upper_method() -> Value {
    let mut doc = minimal();
    doc["paths"]["/u"] = json!({"GET": get_op("getU", vec![])});
    doc
}

// ---- 6. APIs.guru ----

fn param_content() -> Value {
    one_path(
        "/t",
        get_op(
            "getT",
            vec![json!({
        "name": "filter", "in": "query",
        "content": {"application/json": {"schema": {
            "type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}}}})],
        ),
    )
}

fn not_schema() -> Value {
    let mut schemas = Map::new();
    schemas.insert("NotString".to_owned(), json!({"not": {"type": "string"}}));
    schemas.insert(
        "Holder".to_owned(),
        json!({"type": "object", "properties": {
            "x": {"type": "integer", "not": {"enum": [3]}},
            "y": schema_ref("NotString"),
        }}),
    );
    with_schemas(schemas)
}

fn external_ref_beside() -> Files {
    let doc = one_path(
        "/t",
        json!({"operationId": "getT", "responses": {
        "200": ok_response(json!({"$ref": "other.json#/components/schemas/Thing"}))}}),
    );
    let other = json!({"components": {"schemas": {"Thing": {"type": "object", "properties": {
        "name": {"type": "string"},
        "child": {"$ref": "#/components/schemas/Child"}}},
        "Child": {"type": "integer"}}}});
    vec![
        ("spec.json".to_owned(), to_json(&doc)),
        ("other.json".to_owned(), to_json(&other)),
    ]
}

fn external_ref_escaping() -> Files {
    let doc = one_path(
        "/t",
        json!({"operationId": "getT", "responses": {
        "200": ok_response(json!({"$ref": "../outside.json#/components/schemas/Thing"}))}}),
    );
    let outside = json!({"components": {"schemas": {"Thing": {"type": "string"}}}});
    vec![
        ("spec.json".to_owned(), to_json(&doc)),
        ("../outside.json".to_owned(), to_json(&outside)),
    ]
}

/// A file name that would end a `//` comment and start a line of code, if copied as is.
fn newline_file_name() -> Files {
    vec![(
        "spec\ncompile_error!(\"file name became code\");\n.json".to_owned(),
        to_json(&minimal()),
    )]
}
