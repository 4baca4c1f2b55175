//! Schemas: the walk over a schema and its subschemas, and the JSON Schema 2020-12 keywords
//! that map one to one onto the 3.0 schema object:
//!
//! - a boolean schema: `true` -> `{}`, `false` -> `{not: {}}`;
//! - `const: v` -> `enum: [v]` (with the type of `v` when the schema names none);
//! - `examples: [a, ...]` -> `example: a` (the other examples are not kept: the 3.0 schema
//!   holds one); `examples` that is not an array is dropped with a [`crate::Warning`];
//! - numeric `exclusiveMinimum`/`exclusiveMaximum: n` -> `minimum`/`maximum: n` with the
//!   boolean form (the stricter bound when both forms are given);
//! - `contentEncoding: base64` -> `format: byte`; `contentMediaType` on a string without
//!   an encoding, other than text or JSON -> `format: binary`;
//! - refused with [`ErrorKind::Unsupported`]: `prefixItems` (tuples), `$defs`, `$id`,
//!   `$anchor`, `$dynamicRef`, `$dynamicAnchor`, `if`/`then`/`else`, `dependentSchemas` and a
//!   `$schema` other than OpenAPI 3.1's dialect;
//! - dropped with a [`crate::Warning`]: the validation keywords lowering would not check
//!   (`patternProperties`, `propertyNames`, `unevaluatedProperties`, `unevaluatedItems`,
//!   `contains`, `minContains`, `maxContains`, `dependentRequired`) and other content
//!   encodings.

use super::{Normalizer, Place};
use crate::error::{Error, ErrorKind};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The dialects a 3.1 schema may name in `$schema` (the OpenAPI 3.1 default, and the JSON
/// Schema 2020-12 it extends).
pub(super) const DIALECTS: [&str; 2] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Keywords the 3.0 model cannot represent.
const REFUSED: [(&str, &str); 10] = [
    (
        "prefixItems",
        "tuples (`prefixItems`) are not supported: use `items`",
    ),
    (
        "$defs",
        "`$defs` is not supported: move the schemas to `components/schemas`",
    ),
    (
        "$id",
        "`$id` (a new base URI for references) is not supported",
    ),
    (
        "$anchor",
        "`$anchor` is not supported: refer to `components/schemas`",
    ),
    ("$dynamicRef", "`$dynamicRef` is not supported"),
    ("$dynamicAnchor", "`$dynamicAnchor` is not supported"),
    ("if", "`if`/`then`/`else` is not supported"),
    ("then", "`if`/`then`/`else` is not supported"),
    ("else", "`if`/`then`/`else` is not supported"),
    ("dependentSchemas", "`dependentSchemas` is not supported"),
];

/// Validation keywords that lowering would not check: dropped with a warning.
const UNCHECKED: [&str; 8] = [
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
];

/// Whether the normalization refuses the keyword `key` ([`REFUSED`]), drops it with a warning
/// ([`UNCHECKED`]) or checks it (`$schema`, `$comment` and other `$`-keywords; `$ref` too,
/// which callers look at first). The keys are matched as literals (a test checks that the
/// lists agree).
pub(in crate::load) fn is_special(key: &str) -> bool {
    matches!(
        key,
        "prefixItems"
            | "if"
            | "then"
            | "else"
            | "dependentSchemas"
            | "patternProperties"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contains"
            | "minContains"
            | "maxContains"
            | "dependentRequired"
    ) || key.starts_with('$')
}

/// Which steps a schema needs, from one scan of its keys: most schemas need none of the
/// rewrites, and a scan costs less than looking each keyword up.
#[derive(Default)]
struct Needs {
    special: bool,
    reference: bool,
    branches: bool,
    constant: bool,
    types: bool,
    examples: bool,
    bounds: bool,
    content: bool,
}

impl Needs {
    /// The keys are matched as literals (compiled into a few comparisons), and `type`,
    /// `$ref` and the exclusive bounds only when their values need a rewrite: a scan of each
    /// schema's keys is most of what normalizing a document that needs no rewrite costs.
    fn of(map: &Map<String, Value>) -> Needs {
        let mut n = Needs::default();
        for (key, value) in map {
            match key.as_str() {
                "$ref" => n.reference |= map.len() > 1,
                "anyOf" | "oneOf" => n.branches = true,
                "const" => n.constant = true,
                "type" => n.types |= !matches!(value, Value::String(t) if t != "null"),
                "examples" => n.examples = true,
                "exclusiveMinimum" | "exclusiveMaximum" => n.bounds |= !value.is_boolean(),
                "contentEncoding" | "contentMediaType" | "contentSchema" => n.content = true,
                k if is_special(k) => n.special = true,
                _ => {}
            }
        }
        n
    }

    /// Whether a step that may add or remove keys runs.
    fn rewrites_keys(&self) -> bool {
        self.special || self.reference || self.branches
    }
}

impl Normalizer<'_> {
    /// Normalizes the schema `v` at `at`, and every schema in it.
    pub(super) fn schema(&mut self, v: &mut Value, at: &Place) -> Result<(), Error> {
        let map = match v {
            Value::Bool(true) => {
                *v = Value::Object(Map::new());
                return Ok(());
            }
            Value::Bool(false) => {
                let not = Map::from_iter([("not".to_owned(), Value::Object(Map::new()))]);
                *v = Value::Object(not);
                return Ok(());
            }
            Value::Object(map) => map,
            // Not a schema: `openapiv3` says so, at this pointer.
            _ => return Ok(()),
        };
        let mut at: Place<'_> = at.clone();
        // New places of subschemas whose origin is not the same path below `at`'s origin.
        let mut moved = BTreeMap::new();
        let mut needs = Needs::of(map);
        if needs.rewrites_keys() {
            loop {
                if needs.special {
                    self.refuse(map, &at)?;
                }
                if needs.reference && self.reference(map, &at)? {
                    return Ok(());
                }
                if !needs.branches {
                    break;
                }
                match self.null_branches(map, &at, &mut moved)? {
                    Some(hoisted) => {
                        at = hoisted;
                        moved.clear();
                        needs = Needs::of(map);
                    }
                    None => break,
                }
            }
            needs = Needs::of(map);
        }
        if needs.constant {
            self.constant(map, &at)?;
        }
        if needs.types {
            self.types(map, &at, &mut moved)?;
        }
        if needs.examples {
            self.examples(map, &at)?;
        }
        if needs.bounds {
            self.exclusive_bounds(map, &at)?;
        }
        if needs.content {
            self.content(map, &at);
        }
        self.subschemas(map, &at, &moved)
    }

    fn refuse(&mut self, map: &mut Map<String, Value>, at: &Place) -> Result<(), Error> {
        for (kw, message) in REFUSED {
            if map.contains_key(kw) {
                return Err(self.err(ErrorKind::Unsupported, &at.orig_at(&[kw]), message));
            }
        }
        if let Some(dialect) = map.remove("$schema")
            && !dialect.as_str().is_some_and(|d| DIALECTS.contains(&d))
        {
            return Err(self.err(
                ErrorKind::Unsupported,
                &at.orig_at(&["$schema"]),
                format!(
                    "the schema dialect {dialect} is not supported: only OpenAPI 3.1's ({})",
                    DIALECTS[0]
                ),
            ));
        }
        for kw in UNCHECKED {
            if map.remove(kw).is_some() {
                self.warn(
                    &at.orig_at(&[kw]),
                    format!("`{kw}` is not checked: the schema is generated as if it were absent"),
                );
            }
        }
        map.remove("$comment");
        Ok(())
    }

    /// `const: v` -> `enum: [v]`.
    fn constant(&mut self, map: &mut Map<String, Value>, at: &Place) -> Result<(), Error> {
        let Some(value) = map.remove("const") else {
            return Ok(());
        };
        if let Some(values) = map.get("enum").and_then(Value::as_array)
            && !values.contains(&value)
        {
            return Err(self.err(
                ErrorKind::InvalidDocument,
                &at.orig_at(&["const"]),
                "`const` is not among the `enum` values: no value is valid",
            ));
        }
        if !map.contains_key("type") {
            let ty = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                Value::Null => {
                    map.insert("nullable".to_owned(), Value::Bool(true));
                    None
                }
                _ => None,
            };
            if let Some(ty) = ty {
                map.insert("type".to_owned(), Value::String(ty.to_owned()));
            }
        }
        map.insert("enum".to_owned(), Value::Array(vec![value]));
        Ok(())
    }

    /// `examples: [a, ...]` -> `example: a`; any other `examples` is dropped with a warning.
    fn examples(&mut self, map: &mut Map<String, Value>, at: &Place) -> Result<(), Error> {
        match map.remove("examples") {
            None => Ok(()),
            Some(Value::Array(examples)) => {
                if let Some(first) = examples.into_iter().next() {
                    map.entry("example").or_insert(first);
                }
                Ok(())
            }
            Some(_) => {
                self.warn(
                    &at.orig_at(&["examples"]),
                    "`examples` of a schema must be an array: ignored (it documents the schema; \
                     nothing is generated from it)",
                );
                Ok(())
            }
        }
    }

    /// Numeric `exclusiveMinimum`/`exclusiveMaximum` -> the 3.0 boolean form.
    fn exclusive_bounds(&mut self, map: &mut Map<String, Value>, at: &Place) -> Result<(), Error> {
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            match map.get(exclusive) {
                // The 3.0 form (not 3.1, but meant as in 3.0): kept.
                None | Some(Value::Bool(_)) => continue,
                Some(Value::Number(_)) => {}
                Some(other) => {
                    return Err(self.err(
                        ErrorKind::InvalidDocument,
                        &at.orig_at(&[exclusive]),
                        format!("`{exclusive}` must be a number, not {other}"),
                    ));
                }
            }
            let Some(Value::Number(n)) = map.remove(exclusive) else {
                continue;
            };
            // With both, the stricter bound applies: an inclusive one beyond the exclusive.
            let inclusive_wins = map
                .get(bound)
                .and_then(Value::as_f64)
                .zip(n.as_f64())
                .is_some_and(|(b, e)| b.partial_cmp(&e) == Some(stricter));
            if !inclusive_wins {
                map.insert(bound.to_owned(), Value::Number(n));
                map.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
        Ok(())
    }

    /// `contentEncoding` and `contentMediaType` -> `format`.
    fn content(&mut self, map: &mut Map<String, Value>, at: &Place) {
        let encoding = map.remove("contentEncoding");
        let media_type = map.remove("contentMediaType");
        map.remove("contentSchema");
        let string = map.get("type").and_then(Value::as_str) == Some("string");
        match encoding {
            Some(Value::String(e)) if e.eq_ignore_ascii_case("base64") => {
                if string {
                    map.entry("format")
                        .or_insert_with(|| Value::String("byte".to_owned()));
                }
            }
            Some(other) => self.warn(
                &at.orig_at(&["contentEncoding"]),
                format!("content encoding {other} is not applied: the value is exchanged as the encoded string"),
            ),
            None => {
                let binary = media_type.as_ref().and_then(Value::as_str).is_some_and(|m| {
                    let m = m.to_ascii_lowercase();
                    !(m.starts_with("text/") || m.contains("json") || m.contains("xml"))
                });
                if string && binary {
                    map.entry("format")
                        .or_insert_with(|| Value::String("binary".to_owned()));
                }
            }
        }
    }

    /// Normalizes the subschemas of a schema.
    fn subschemas(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Place,
        moved: &BTreeMap<String, String>,
    ) -> Result<(), Error> {
        super::walk::subschemas(map, &mut |tokens, child| {
            let mut p = at.child(tokens);
            if !moved.is_empty()
                && let Some(orig) = moved.get(&tokens.join("/"))
            {
                p = p.moved_from(orig.clone());
                self.moved(&p);
            }
            self.schema(child, &p)
        })
    }
}

#[cfg(test)]
mod needs {
    use super::*;

    /// The literal keys of [`Needs::of`] are the lists' keys.
    #[test]
    fn every_refused_or_unchecked_keyword_is_special() {
        let keys = REFUSED.iter().map(|(k, _)| *k).chain(UNCHECKED);
        for key in keys.chain(["$schema", "$comment", "$other"]) {
            let map = Map::from_iter([(key.to_owned(), Value::Bool(true))]);
            assert!(Needs::of(&map).special, "{key}");
        }
        for key in ["description", "properties", "items", "title", "format"] {
            let map = Map::from_iter([(key.to_owned(), Value::Bool(true))]);
            assert!(!Needs::of(&map).rewrites_keys(), "{key}");
        }
    }

    /// `type`, `$ref` and the exclusive bounds need a step only in their 3.1 forms.
    #[test]
    fn only_values_in_their_3_1_forms_need_a_rewrite() {
        let needs = |v: Value| Needs::of(v.as_object().unwrap());
        assert!(!needs(serde_json::json!({"type": "string"})).types);
        assert!(needs(serde_json::json!({"type": "null"})).types);
        assert!(needs(serde_json::json!({"type": ["string", "null"]})).types);
        assert!(needs(serde_json::json!({"type": 5})).types);
        assert!(!needs(serde_json::json!({"$ref": "#/a"})).reference);
        assert!(needs(serde_json::json!({"$ref": "#/a", "description": "d"})).reference);
        assert!(!needs(serde_json::json!({"exclusiveMinimum": true})).bounds);
        assert!(needs(serde_json::json!({"exclusiveMinimum": 1})).bounds);
        assert!(needs(serde_json::json!({"exclusiveMaximum": "x"})).bounds);
    }
}
