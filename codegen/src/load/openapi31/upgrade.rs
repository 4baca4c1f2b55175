//! OpenAPI 3.0 -> 3.1, mechanically, keeping the meaning: the inverse of the normalization,
//! to check that a 3.1 document generates the same API as its 3.0 twin (`cargo xtask
//! upgrade-31`, `cargo xtask same-api-31`, spec-diff's tests).
//!
//! - `openapi: 3.1.0`;
//! - `nullable: true` -> `"null"` in the `type` array, or, for a schema without a `type`,
//!   `anyOf: [the schema, {type: "null"}]`; `nullable: false` is removed;
//! - `example` -> `examples: [example]` (an `examples` keyword, not 3.0, is removed first);
//! - `exclusiveMinimum`/`exclusiveMaximum: true` with its bound -> the bound as the number
//!   (without a bound, the flag is kept as written: it means nothing in either version);
//! - the siblings of a schema `$ref` are removed (3.0 ignores them; 3.1 would apply them).

use super::Place;
use serde_json::{Map, Value};

/// Rewrites the OpenAPI 3.0 document `doc` in place into OpenAPI 3.1 meaning the same.
pub fn upgrade_to_3_1(doc: &mut Value) {
    let Some(map) = doc.as_object_mut() else {
        return;
    };
    map.insert("openapi".to_owned(), Value::String("3.1.0".to_owned()));
    let done: Result<(), std::convert::Infallible> =
        super::walk::schemas(doc, &Place::root(), &mut |schema, _| {
            upgrade_schema(schema);
            Ok(())
        });
    let Ok(()) = done;
}

fn upgrade_schema(v: &mut Value) {
    let Value::Object(map) = v else { return };
    if map.get("$ref").is_some_and(Value::is_string) {
        map.retain(|k, _| k == "$ref");
        return;
    }
    let _ = super::walk::subschemas(map, &mut |_, child| {
        upgrade_schema(child);
        Ok::<(), std::convert::Infallible>(())
    });
    map.remove("examples");
    if let Some(example) = map.remove("example") {
        map.insert("examples".to_owned(), Value::Array(vec![example]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(exclusive) == Some(&Value::Bool(true))
            && let Some(n) = map.remove(bound)
        {
            map.insert(exclusive.to_owned(), n);
        }
    }
    match map.remove("nullable") {
        Some(Value::Bool(true)) => {}
        _ => return,
    }
    match map.get_mut("type") {
        Some(Value::String(t)) => {
            let types = vec![Value::String(std::mem::take(t)), Value::from("null")];
            map.insert("type".to_owned(), Value::Array(types));
        }
        _ => {
            let rest = std::mem::take(map);
            let null = Map::from_iter([("type".to_owned(), Value::from("null"))]);
            map.insert(
                "anyOf".to_owned(),
                Value::Array(vec![Value::Object(rest), Value::Object(null)]),
            );
        }
    }
}
