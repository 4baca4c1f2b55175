//! Where the schemas of an OpenAPI document are: each entry of `components.schemas`, and
//! the value of each `schema` key outside schemas (parameters, headers, media types) that is
//! not a name in a map of named things; and, within a schema, its subschemas.

use super::Place;
use serde_json::{Map, Value};

/// Calls `f` on each top-level schema of the document `v` (at `at`), with its place; `f`
/// walks the subschemas itself (see [`subschemas`]).
pub(super) fn schemas<E>(
    v: &mut Value,
    at: &Place,
    f: &mut impl FnMut(&mut Value, &Place<'_>) -> Result<(), E>,
) -> Result<(), E> {
    walk(v, at, false, f)
}

/// `names`: `v` is a map keyed by names (where a key `schema` is a name, not a schema).
fn walk<E>(
    v: &mut Value,
    at: &Place,
    names: bool,
    f: &mut impl FnMut(&mut Value, &Place<'_>) -> Result<(), E>,
) -> Result<(), E> {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let token = [key.as_str()];
                let place = at.child(&token);
                if names {
                    walk(child, &place, false, f)?;
                    continue;
                }
                match key.as_str() {
                    // Examples, links and extensions hold anything, not OpenAPI objects.
                    "example" | "examples" | "links" => {}
                    k if k.starts_with("x-") => {}
                    "schema" => f(child, &place)?,
                    // `components.schemas`: a map of schemas.
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                let token = [name.as_str()];
                                f(schema, &place.child(&token))?;
                            }
                        }
                    }
                    k => walk(child, &place, holds_names(k), f)?,
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let index = i.to_string();
                let token = [index.as_str()];
                walk(child, &at.child(&token), false, f)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether the value of `key` (outside schemas) is a map keyed by names.
fn holds_names(key: &str) -> bool {
    matches!(
        key,
        "paths"
            | "responses"
            | "parameters"
            | "requestBodies"
            | "headers"
            | "securitySchemes"
            | "callbacks"
            | "pathItems"
            | "content"
            | "encoding"
            | "variables"
            | "scopes"
            | "mapping"
    )
}

/// Calls `f` on each direct subschema of the schema `map`, with its tokens below the
/// schema: `properties/*`, `items`, `not`, `additionalProperties` (a schema, not a
/// boolean), `allOf/*`, `anyOf/*` and `oneOf/*`.
pub(super) fn subschemas<E>(
    map: &mut Map<String, Value>,
    f: &mut impl FnMut(&[&str], &mut Value) -> Result<(), E>,
) -> Result<(), E> {
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Value::Object(props) = child {
                    for (name, prop) in props.iter_mut() {
                        f(&[key, name], prop)?;
                    }
                }
            }
            "items" | "not" => f(&[key], child)?,
            "additionalProperties" if child.is_object() => f(&[key], child)?,
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(parts) = child {
                    for (i, part) in parts.iter_mut().enumerate() {
                        f(&[key, &i.to_string()], part)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
