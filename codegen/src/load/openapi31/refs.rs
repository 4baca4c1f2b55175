//! `$ref` with sibling keywords. OpenAPI 3.0 ignores a `$ref`'s siblings; in 3.1 (JSON Schema
//! 2020-12) they apply beside it. Annotations (`description`, `title`, `default` and those
//! lowering reads from no schema) leave the reference as it is, so the generated type is the
//! referenced one, and are kept in [`RefAnnotations`] for lowering (a field's documentation
//! and default). Any other sibling constrains the value: the schema becomes
//! `allOf: [{$ref}]` with the siblings beside it, which is what 3.1 means.

use super::{Normalizer, Place};
use crate::error::Error;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What the annotations beside a schema `$ref` say, by the pointer of the reference (in the
/// normalized document).
pub type RefAnnotations = BTreeMap<String, RefAnnotation>;

/// The annotations beside one schema `$ref`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefAnnotation {
    /// `title` and `description`, as documentation.
    pub docs: Option<String>,
    /// `default`.
    pub default: Option<Value>,
}

/// Keywords that describe a value without constraining it. `nullable` is not one: a 3.1
/// document that still writes it means it.
pub(in crate::load) fn is_annotation(key: &str) -> bool {
    key.starts_with("x-")
        || matches!(
            key,
            "title"
                | "description"
                | "default"
                | "examples"
                | "example"
                | "deprecated"
                | "readOnly"
                | "writeOnly"
                | "$comment"
                | "externalDocs"
                | "xml"
        )
}

/// A `$ref` whose siblings (if any) are annotations.
pub(in crate::load) fn is_plain_ref(map: &Map<String, Value>) -> bool {
    map.get("$ref").is_some_and(Value::is_string)
        && map.keys().all(|k| k == "$ref" || is_annotation(k))
}

impl Normalizer<'_> {
    /// Handles a schema with a `$ref` and siblings. `true` when the schema is now a plain
    /// `{$ref}` (nothing else to normalize in it).
    pub(super) fn reference(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Place,
    ) -> Result<bool, Error> {
        if !map.get("$ref").is_some_and(Value::is_string) {
            return Ok(false);
        }
        if map.len() == 1 {
            return Ok(true);
        }
        if is_plain_ref(map) {
            let docs = crate::lower::join_docs(
                map.get("title").and_then(Value::as_str),
                map.get("description").and_then(Value::as_str),
            );
            let default = map.get("default").cloned();
            if docs.is_some() || default.is_some() {
                self.out
                    .ref_annotations
                    .insert(at.new_pointer(), RefAnnotation { docs, default });
            }
            map.retain(|k, _| k == "$ref");
            return Ok(true);
        }
        // A constraint beside the reference: `allOf: [{$ref}]` with the siblings.
        let reference = map.remove("$ref").unwrap_or_default();
        if map.contains_key("allOf") {
            // Both the reference and the existing parts apply: the reference is one part more.
            if let Some(Value::Array(parts)) = map.get_mut("allOf") {
                let n = parts.len().to_string();
                parts.push(Value::Object(Map::from_iter([(
                    "$ref".to_owned(),
                    reference,
                )])));
                let new = crate::error::ptr(&at.new_pointer(), &["allOf", &n]);
                self.moved_to(&new, &at.orig_pointer());
            }
        } else {
            map.insert(
                "allOf".to_owned(),
                Value::Array(vec![Value::Object(Map::from_iter([(
                    "$ref".to_owned(),
                    reference,
                )]))]),
            );
            let new = crate::error::ptr(&at.new_pointer(), &["allOf", "0"]);
            self.moved_to(&new, &at.orig_pointer());
        }
        Ok(false)
    }
}
