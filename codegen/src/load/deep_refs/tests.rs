//! Deep schema references: small documents for each case, in OpenAPI 3.0 and 3.1.

use super::*;
use crate::load::{Loaded, load_str};
use serde_json::json;

/// A document of `version` with these component schemas and paths, as JSON text.
fn doc(version: &str, schemas: Value, paths: Value) -> String {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

/// A path `/a` whose GET answers with `schema`.
fn get_returning(schema: Value) -> Value {
    json!({"/a": {"get": {"operationId": "getA", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": schema}},
    }}}}})
}

fn load(text: &str) -> Loaded {
    load_str("spec.json", text).unwrap_or_else(|e| panic!("{e}"))
}

/// The generated Rust type names.
fn type_names(loaded: &Loaded) -> Vec<String> {
    let (api, _) = crate::lower::lower(loaded).unwrap_or_else(|e| panic!("{e}"));
    api.types.into_iter().map(|t| t.name).collect()
}

/// The component schema `name` of the loaded document, as JSON.
fn component(loaded: &Loaded, name: &str) -> Value {
    let schemas = &loaded.doc.components.as_ref().unwrap().schemas;
    serde_json::to_value(schemas.get(name).unwrap_or_else(|| panic!("no {name}"))).unwrap()
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// The feedback's repro: references into a component's `definitions` and `properties`.
fn definitions_and_properties() -> Value {
    json!({
        "A": {
            "type": "object",
            "definitions": {"c": {"type": "string", "enum": ["x", "y"]}},
            "properties": {"created": {"type": "string", "format": "date-time", "description": "When."}},
        },
        "B": {
            "type": "object",
            "properties": {
                "when": {"$ref": "#/components/schemas/A/properties/created"},
                "c": {"$ref": "#/components/schemas/A/definitions/c"},
            },
        },
    })
}

#[test]
fn references_into_definitions_and_properties_are_hoisted_in_3_0_and_3_1() {
    for version in ["3.0.3", "3.1.0"] {
        let loaded = load(&doc(
            version,
            definitions_and_properties(),
            get_returning(reference("B")),
        ));
        assert_eq!(
            component(&loaded, "A_c")["enum"],
            json!(["x", "y"]),
            "{version}"
        );
        assert_eq!(component(&loaded, "A_created")["format"], "date-time");
        let b = component(&loaded, "B");
        assert_eq!(b["properties"]["when"], reference("A_created"), "{version}");
        assert_eq!(b["properties"]["c"], reference("A_c"));
        // The place itself refers to the entry: one type for both.
        assert_eq!(
            component(&loaded, "A")["properties"]["created"],
            reference("A_created")
        );
        let names = type_names(&loaded);
        assert!(names.contains(&"AC".to_owned()), "{version}: {names:?}");
        // The entries map back to the targets as written.
        assert_eq!(
            loaded.origins.original("/components/schemas/A_c/enum"),
            "/components/schemas/A/definitions/c/enum"
        );
    }
}

#[test]
fn a_reference_into_a_response_schema_is_hoisted_and_the_response_refers_to_it() {
    let response = json!({"type": "object", "properties": {"logo": {"type": "object", "properties": {
        "full": {"type": "object", "properties": {"url": {"type": "string"}}},
    }}}});
    let schemas = json!({"Branding": {"type": "object", "properties": {
        "button": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/logo/properties/full"},
    }}});
    for version in ["3.0.3", "3.1.0"] {
        let loaded = load(&doc(
            version,
            schemas.clone(),
            get_returning(response.clone()),
        ));
        let name = "a_get_200_application_json_logo_full";
        assert_eq!(
            component(&loaded, name)["properties"]["url"]["type"],
            "string"
        );
        assert_eq!(
            component(&loaded, "Branding")["properties"]["button"],
            reference(name)
        );
        let names = type_names(&loaded);
        assert!(
            names.contains(&"AGet200ApplicationJsonLogoFull".to_owned()),
            "{version}: {names:?}"
        );
    }
}

#[test]
fn chains_of_deep_references_and_references_inside_hoisted_schemas_are_followed() {
    let schemas = json!({
        "A": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/B/properties/y"}}},
        "B": {"type": "object", "properties": {"y": {"$ref": "#/components/schemas/C/definitions/z"}}},
        "C": {"type": "object", "definitions": {"z": {"type": "object", "properties": {
            "w": {"$ref": "#/components/schemas/C/definitions/v"},
        }}, "v": {"type": "integer"}}},
    });
    let loaded = load(&doc("3.0.3", schemas, get_returning(reference("A"))));
    assert_eq!(component(&loaded, "A")["properties"]["x"], reference("B_y"));
    assert_eq!(component(&loaded, "B_y"), reference("C_z"));
    assert_eq!(
        component(&loaded, "C_z")["properties"]["w"],
        reference("C_v")
    );
    assert_eq!(component(&loaded, "C_v")["type"], "integer");
    type_names(&loaded);
}

#[test]
fn a_hoisted_schema_may_refer_to_itself_and_to_its_own_inner_places() {
    let schemas = json!({
        "A": {"type": "object", "properties": {"x": {"type": "object", "properties": {
            "again": {"$ref": "#/components/schemas/A/properties/x"},
            "inner": {"type": "object", "properties": {
                "back": {"$ref": "#/components/schemas/A/properties/x/properties/inner"},
            }},
        }}}},
        "B": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/A/properties/x"}}},
    });
    for version in ["3.0.3", "3.1.0"] {
        let loaded = load(&doc(
            version,
            schemas.clone(),
            get_returning(reference("B")),
        ));
        let x = component(&loaded, "A_x");
        assert_eq!(x["properties"]["again"], reference("A_x"), "{version}");
        assert_eq!(x["properties"]["inner"], reference("A_x_inner"));
        assert_eq!(
            component(&loaded, "A_x_inner")["properties"]["back"],
            reference("A_x_inner")
        );
        assert_eq!(component(&loaded, "A")["properties"]["x"], reference("A_x"));
        type_names(&loaded);
    }
    // A place that is only a reference to itself: a reference cycle, reported where written.
    let schemas = json!({"X": {"type": "object", "properties": {
        "p": {"$ref": "#/components/schemas/X/properties/p"},
    }}});
    let loaded = load(&doc("3.0.3", schemas, get_returning(reference("X"))));
    let e = crate::lower::lower(&loaded).unwrap_err();
    assert!(
        e.pointer()
            .unwrap()
            .starts_with("/components/schemas/X/properties/p"),
        "{e}"
    );
}

#[test]
fn references_to_what_is_not_a_schema_stay_errors_naming_the_pointer() {
    let mut paths = get_returning(reference("A"));
    paths["/a"]["get"]["parameters"] =
        json!([{"name": "q", "in": "query", "schema": {"type": "string"}}]);
    for target in [
        "#/paths/~1a/get/parameters/0",
        "#/components/schemas/A/properties/missing",
        "#/components/schemas/A/example/x",
    ] {
        let schemas = json!({"A": {"type": "object", "example": {"x": {}}, "properties": {
            "p": {"$ref": target},
        }}});
        let loaded = load(&doc("3.0.3", schemas, paths.clone()));
        let e = crate::lower::lower(&loaded).unwrap_err();
        assert_eq!(e.file, "spec.json");
        assert!(
            e.pointer()
                .unwrap()
                .starts_with("/components/schemas/A/properties/p"),
            "{e}"
        );
        assert!(e.message.contains(target), "{e}");
    }
}

#[test]
fn a_name_taken_by_a_component_gets_a_suffix() {
    let mut schemas = definitions_and_properties();
    schemas["A_c"] = json!({"type": "integer"});
    let loaded = load(&doc("3.0.3", schemas, get_returning(reference("B"))));
    assert_eq!(component(&loaded, "A_c")["type"], "integer");
    assert_eq!(component(&loaded, "A_c_2")["type"], "string");
    assert_eq!(
        component(&loaded, "B")["properties"]["c"],
        reference("A_c_2")
    );
}

#[test]
fn generated_names_do_not_change_when_an_unrelated_component_is_added() {
    let before = type_names(&load(&doc(
        "3.0.3",
        definitions_and_properties(),
        get_returning(reference("B")),
    )));
    let mut schemas = definitions_and_properties();
    schemas["Aaa"] = json!({"type": "object", "definitions": {"c": {"type": "boolean"}}});
    schemas["Zed"] = json!({"type": "object", "properties": {
        "c": {"$ref": "#/components/schemas/Aaa/definitions/c"},
    }});
    let mut paths = get_returning(reference("B"));
    paths["/z"] = json!({"get": {"operationId": "getZ", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": reference("Zed")}},
    }}}});
    let after = type_names(&load(&doc("3.0.3", schemas, paths)));
    for name in &before {
        assert!(
            after.contains(name),
            "{name} renamed: {before:?} -> {after:?}"
        );
    }
    assert!(after.contains(&"AaaC".to_owned()), "{after:?}");
}

#[test]
fn the_number_and_depth_of_hoisted_schemas_are_bounded() {
    // One place more than allowed.
    let n = MAX_HOISTED + 1;
    let props: Map<String, Value> = (0..n)
        .map(|i| (format!("p{i}"), json!({"type": "string"})))
        .collect();
    let refs: Map<String, Value> = (0..n)
        .map(|i| {
            (
                format!("r{i}"),
                json!({"$ref": format!("#/components/schemas/A/properties/p{i}")}),
            )
        })
        .collect();
    let schemas = json!({"A": {"type": "object", "properties": props}, "B": {"type": "object", "properties": refs}});
    let e = load_str("spec.json", &doc("3.0.3", schemas, json!({}))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(
        e.pointer()
            .unwrap()
            .starts_with("/components/schemas/B/properties/r"),
        "{e}"
    );
    // A chain of hoisted schemas, each referring into the next component, one too long.
    let mut schemas = Map::new();
    for i in 0..=MAX_HOIST_DEPTH + 1 {
        let next = format!("#/components/schemas/C{}/definitions/d", i + 1);
        schemas.insert(
            format!("C{i}"),
            json!({"definitions": {"d": {"type": "array", "items": {"$ref": next}}}}),
        );
    }
    schemas.insert(
        "Start".to_owned(),
        json!({"$ref": "#/components/schemas/C0/definitions/d"}),
    );
    let e = load_str(
        "spec.json",
        &doc("3.1.0", Value::Object(schemas.clone()), json!({})),
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.message.contains("deep"), "{e}");
    // Within the bound (from C2, the chain is MAX_HOIST_DEPTH long), the same chain loads.
    schemas.insert(
        "Start".to_owned(),
        json!({"$ref": "#/components/schemas/C2/definitions/d"}),
    );
    load(&doc("3.1.0", Value::Object(schemas), json!({})));
}

/// Errors and warnings in a hoisted 3.1 schema name the place as written.
#[test]
fn diagnostics_in_hoisted_3_1_schemas_name_the_pointer_as_written() {
    let schemas = json!({
        "A": {"type": "object", "definitions": {"c": {"type": ["string", "null"], "examples": {"one": {"value": "x"}}}}},
        "B": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/A/definitions/c"}}},
    });
    let loaded = load(&doc(
        "3.1.0",
        schemas.clone(),
        get_returning(reference("B")),
    ));
    let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/A/definitions/c/examples"]);
    let mut bad = schemas;
    bad["A"]["definitions"]["c"]["prefixItems"] = json!([]);
    let e = load_str("spec.json", &doc("3.1.0", bad, json!({}))).unwrap_err();
    assert_eq!(
        e.pointer(),
        Some("/components/schemas/A/definitions/c/prefixItems"),
        "{e}"
    );
}

#[test]
fn examples_that_are_not_an_array_are_dropped_with_a_warning() {
    let schemas = json!({"E": {"type": "string", "examples": {"Example 1": {"value": "x"}}}});
    let loaded = load(&doc("3.1.0", schemas, get_returning(reference("E"))));
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].pointer, "/components/schemas/E/examples");
    assert!(component(&loaded, "E").get("example").is_none());
}

#[test]
fn only_documents_that_may_have_deep_references_are_walked_for_them() {
    for (text, deep) in [
        (r##"{"$ref": "#/components/schemas/A"}"##, false),
        (r##"{"$ref":"#/components/parameters/p~1q"}"##, false),
        (r##"{"$ref": "#/components/schemas/A/properties/b"}"##, true),
        (r##"{"$ref": "#/paths/~1a/get"}"##, true),
        (r##"{"$ref": "#/components/schemas/A\/b"}"##, true),
        (r##"{"$ref": "other.json#/x/y"}"##, false),
        (r##"{"$ref": {"type": "string"}}"##, false),
        // Spelled with escapes, the key may be `$ref`.
        (r##"{"\u0024ref": "#/components/schemas/A"}"##, true),
        (r##"{"$re\u0066": "#/components/schemas/A"}"##, true),
    ] {
        assert_eq!(crate::load::ref_scan::scan(text).deep, deep, "{text}");
    }
    // A document without deep references is not changed.
    let text = doc(
        "3.0.3",
        json!({"A": {"type": "string"}}),
        get_returning(reference("A")),
    );
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let copy = value.clone();
    assert!(
        hoist("spec.json", &mut value, text.len())
            .unwrap()
            .is_empty()
    );
    assert_eq!(value, copy);
}

#[test]
fn a_parameter_reference_to_a_parameter_of_another_path_goes_through_the_components() {
    let mut paths = get_returning(reference("A"));
    paths["/a"]["parameters"] =
        json!([{"name": "page", "in": "query", "schema": {"type": "integer"}}]);
    paths["/b"] = json!({
        "parameters": [{"$ref": "#/paths/~1a/parameters/0"}],
        "get": {"operationId": "getB", "responses": {"204": {"description": "none"}}},
    });
    let schemas = json!({"A": {"type": "string"}});
    for version in ["3.0.3", "3.1.0"] {
        let loaded = load(&doc(version, schemas.clone(), paths.clone()));
        let parameters = &loaded.doc.components.as_ref().unwrap().parameters;
        let entry = serde_json::to_value(&parameters["a_parameters0"]).unwrap();
        assert_eq!(entry["name"], "page", "{version}");
        let (api, _) = crate::lower::lower(&loaded).unwrap_or_else(|e| panic!("{e}"));
        for op in &api.operations {
            assert_eq!(op.params.len(), 1, "{version}: {}", op.path);
        }
    }
}

/// A property's inline object has the same Rust name before and after another schema
/// refers to it: hoisting names it after its place as lowering does.
#[test]
fn referring_to_a_property_keeps_the_name_of_its_type() {
    let a = json!({"type": "object", "properties": {"shape": {"type": "object", "properties": {
        "side": {"type": "integer"},
    }}}});
    let before = type_names(&load(&doc(
        "3.0.3",
        json!({"A": a}),
        get_returning(reference("A")),
    )));
    let b = json!({"type": "object", "properties": {"s": {"$ref": "#/components/schemas/A/properties/shape"}}});
    let mut paths = get_returning(reference("A"));
    paths["/b"] = json!({"get": {"operationId": "getB", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": reference("B")}},
    }}}});
    let after = type_names(&load(&doc("3.0.3", json!({"A": a, "B": b}), paths)));
    assert_eq!(before, ["A", "AShape"]);
    assert_eq!(after, ["A", "AShape", "B"]);
}
