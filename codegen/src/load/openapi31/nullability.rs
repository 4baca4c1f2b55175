//! `null` and `type` arrays. 3.1 spells "or null" as `type: [T, "null"]` or as a
//! `{type: "null"}` branch of `anyOf`/`oneOf`; the 3.0 model as `nullable: true`.
//!
//! - `type: [T, "null"]` -> `type: T, nullable: true`;
//! - `type: "null"` (alone) -> `nullable: true, enum: [null]` (only `null` is valid);
//! - several non-null types -> `anyOf` of one branch per type, each with the keywords that
//!   apply to its type (and the `enum` values of its type; a type with none left is no
//!   branch): what JSON Schema means, in single-type schemas;
//! - `anyOf`/`oneOf` with `null` branches -> the other branches, `nullable: true`; a single
//!   remaining `$ref` becomes `allOf: [$ref]` (the 3.0 idiom, which lowering turns into
//!   `Option<T>` of the referenced type) and a single remaining inline schema replaces the
//!   schema (with the outer annotations, which win: they describe the field).

use super::refs::{is_annotation, is_plain_ref};
use super::{Normalizer, Place};
use crate::error::{Error, ErrorKind, ptr};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The JSON Schema type names.
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// The keywords that apply to values of one type (they move into that type's branch).
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "contentEncoding",
            "contentMediaType",
            "contentSchema",
        ],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
        ],
        _ => &[],
    }
}

/// Whether `v` is an instance of the JSON Schema type `ty`.
fn is_instance(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => v.is_null(),
    }
}

/// A schema that only `null` satisfies (annotations aside). One scan of its keys: most
/// branches of `anyOf`/`oneOf` are told apart by their first key.
pub(in crate::load) fn is_null_schema(v: &Value) -> bool {
    let Some(map) = v.as_object() else {
        return false;
    };
    let (mut ty, mut constant, mut values) = (None, None, None);
    for (key, value) in map {
        match key.as_str() {
            "type" => ty = Some(value),
            "const" => constant = Some(value),
            "enum" => values = Some(value),
            k if is_annotation(k) => {}
            _ => return false,
        }
    }
    match (ty, constant, values) {
        (Some(Value::String(t)), None, None) => t == "null",
        (Some(Value::Array(t)), None, None) => t.len() == 1 && t[0] == "null",
        (None, Some(Value::Null), None) => true,
        (None, None, Some(Value::Array(e))) => e.len() == 1 && e[0].is_null(),
        _ => false,
    }
}

/// Marks the schema as one that `null` also satisfies.
fn set_nullable(map: &mut Map<String, Value>) {
    map.insert("nullable".to_owned(), Value::Bool(true));
}

/// Only `null` satisfies the schema.
fn only_null(map: &mut Map<String, Value>) {
    set_nullable(map);
    map.entry("enum")
        .or_insert_with(|| Value::Array(vec![Value::Null]));
}

impl Normalizer<'_> {
    /// Removes the `null` branches of `anyOf`/`oneOf`. Returns the place of the schema that
    /// replaced this one (a single remaining inline branch, now holding the outer
    /// annotations), to be normalized from the start. `moved` gets the origin of branches
    /// that now have another index (by their tokens below the schema, `anyOf/0`).
    pub(super) fn null_branches<'p>(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Place<'p>,
        moved: &mut BTreeMap<String, String>,
    ) -> Result<Option<Place<'p>>, Error> {
        for kw in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = map.get(kw) else {
                continue;
            };
            if !branches.iter().any(is_null_schema) {
                continue;
            }
            let Some(Value::Array(branches)) = map.remove(kw) else {
                continue;
            };
            let mut remaining: Vec<(usize, Value)> = branches
                .into_iter()
                .enumerate()
                .filter(|(_, b)| !is_null_schema(b))
                .collect();
            set_nullable(map);
            let alone = map.keys().all(|k| k == "nullable" || is_annotation(k));
            match remaining.len() {
                0 => only_null(map),
                1 if alone => {
                    let (i, branch) = remaining.remove(0);
                    let from = at.orig_at(&[kw, &i.to_string()]);
                    match branch {
                        Value::Object(mut b) if is_plain_ref(&b) => {
                            let reference = b.remove("$ref").unwrap_or_default();
                            for (k, v) in b {
                                map.entry(k).or_insert(v);
                            }
                            let part = Map::from_iter([("$ref".to_owned(), reference)]);
                            map.insert("allOf".to_owned(), Value::Array(vec![Value::Object(part)]));
                            self.moved_to(&ptr(&at.new_pointer(), &["allOf", "0"]), &from);
                        }
                        Value::Object(b) => {
                            let outer = std::mem::replace(map, b);
                            map.extend(outer);
                            let place = at.moved_from(from);
                            self.moved(&place);
                            return Ok(Some(place));
                        }
                        // `true` (anything) or an invalid branch: kept as it is.
                        other => {
                            map.insert(kw.to_owned(), Value::Array(vec![other]));
                            moved.insert(format!("{kw}/0"), from);
                        }
                    }
                }
                _ => {
                    for (j, (i, _)) in remaining.iter().enumerate() {
                        if *i != j {
                            moved.insert(format!("{kw}/{j}"), at.orig_at(&[kw, &i.to_string()]));
                        }
                    }
                    let kept = remaining.into_iter().map(|(_, b)| b).collect();
                    map.insert(kw.to_owned(), Value::Array(kept));
                }
            }
        }
        Ok(None)
    }

    /// `type` arrays and `type: "null"`. `moved` gets the origin of new branches.
    pub(super) fn types(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Place,
        moved: &mut BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let types: Vec<String> = match map.get("type") {
            None => return Ok(()),
            Some(Value::String(t)) if t != "null" => return Ok(()),
            Some(Value::String(_)) => vec!["null".to_owned()],
            Some(Value::Array(list)) => {
                let mut types = Vec::with_capacity(list.len().min(TYPES.len()));
                for (i, t) in list.iter().enumerate() {
                    let at_i = || at.orig_at(&["type", &i.to_string()]);
                    let Some(t) = t.as_str().filter(|t| TYPES.contains(t)) else {
                        return Err(self.err(
                            ErrorKind::InvalidDocument,
                            &at_i(),
                            format!("not a JSON Schema type name: {t}"),
                        ));
                    };
                    if types.iter().any(|seen| seen == t) {
                        return Err(self.err(
                            ErrorKind::InvalidDocument,
                            &at_i(),
                            format!(
                                "`{t}` is listed twice (the types of a `type` array are unique)"
                            ),
                        ));
                    }
                    types.push(t.to_owned());
                }
                types
            }
            Some(other) => {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &at.orig_at(&["type"]),
                    format!("`type` must be a type name or an array of them, not {other}"),
                ));
            }
        };
        let nullable = types.iter().any(|t| t == "null");
        let types: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        map.remove("type");
        if nullable {
            set_nullable(map);
        }
        match types.as_slice() {
            [] => only_null(map),
            [one] => {
                map.insert("type".to_owned(), Value::String(one.clone()));
            }
            several => self.split_types(map, at, several, moved)?,
        }
        Ok(())
    }

    /// Several non-null types: `anyOf` of one branch per type.
    fn split_types(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Place,
        types: &[String],
        moved: &mut BTreeMap<String, String>,
    ) -> Result<(), Error> {
        if map.contains_key("anyOf") || map.contains_key("oneOf") {
            return Err(self.err(
                ErrorKind::Unsupported,
                &at.orig_at(&["type"]),
                "several types beside `anyOf`/`oneOf` are not supported: write one branch per type",
            ));
        }
        let values = match map.remove("enum") {
            Some(Value::Array(values)) => Some(values),
            Some(other) => {
                map.insert("enum".to_owned(), other);
                None
            }
            None => None,
        };
        let mut branches = Vec::with_capacity(types.len());
        for ty in types {
            let mut branch = Map::new();
            branch.insert("type".to_owned(), Value::String(ty.clone()));
            for kw in keywords_of(ty) {
                if let Some(v) = map.get(*kw) {
                    branch.insert((*kw).to_owned(), v.clone());
                }
            }
            if let Some(values) = &values {
                let of_type: Vec<Value> = values
                    .iter()
                    .filter(|v| is_instance(ty, v))
                    .cloned()
                    .collect();
                if of_type.is_empty() {
                    continue;
                }
                branch.insert("enum".to_owned(), Value::Array(of_type));
            }
            branches.push(branch);
        }
        for ty in types {
            for kw in keywords_of(ty) {
                map.remove(*kw);
            }
        }
        let null_allowed = values
            .as_ref()
            .is_some_and(|v| v.iter().any(Value::is_null));
        match branches.len() {
            0 if null_allowed => only_null(map),
            0 => {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &at.orig_at(&["enum"]),
                    "no `enum` value has one of the schema's types: no value is valid",
                ));
            }
            1 => map.extend(branches.remove(0)),
            _ => {
                let orig = at.orig_pointer();
                for i in 0..branches.len() {
                    moved.insert(format!("anyOf/{i}"), orig.clone());
                }
                let branches = branches.into_iter().map(Value::Object).collect();
                map.insert("anyOf".to_owned(), Value::Array(branches));
            }
        }
        Ok(())
    }
}
