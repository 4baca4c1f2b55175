//! The typed document from a JSON value in the 3.0 model's form: what
//! `OpenAPI::deserialize(&value)` gives, in a fraction of its time.
//!
//! `openapiv3` reads every schema through buffering untagged and flattened types, again at
//! each level of nesting: on a large document, most of the time of loading. So the schemas
//! are read apart ([`schema`]), and `openapiv3` reads only the rest, the document's skeleton:
//!
//! 1. each schema at a place where `openapiv3` reads one outside schemas ([`sites`]) is taken
//!    out of the value, and a reference to a placeholder (a marker of this load, which no
//!    document can hold, and its index) is put in its place;
//! 2. `openapiv3` reads the skeleton;
//! 3. each schema is read by [`schema::reference_or_schema`] (or, for a value it does not
//!    read exactly as `openapiv3` does, by `openapiv3`), and put where its placeholder is in
//!    the typed document;
//! 4. the schemas go back into the value, which is unchanged.
//!
//! Every placeholder must be found exactly once in the typed document, at a place where a
//! schema is read: otherwise (a part of the document `openapiv3` does not read as the
//! walk expects), or when anything fails to read, the answer is `None`, and the caller reads
//! the whole value with `openapiv3` (which names the problem, if there is one).

mod schema;
mod sites;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::hash::{BuildHasher, RandomState};

/// The typed document of `raw`, the same as `OpenAPI::deserialize(&*raw)` when that
/// succeeds; `None` when this reader cannot tell. `raw` is left as it was.
pub(super) fn document(raw: &mut Value) -> Option<OpenAPI> {
    let marker = Marker::new();
    let mut taken = Vec::new();
    sites::values(raw, &mut |v| {
        let placeholder = marker.placeholder(taken.len());
        taken.push(std::mem::replace(v, placeholder));
    });
    let doc = read(raw, &taken, &marker);
    sites::values(raw, &mut |v| {
        if let Some(original) = marker.index_in(v).and_then(|i| taken.get_mut(i)) {
            *v = std::mem::take(original);
        }
    });
    doc
}

/// Reads the skeleton `skeleton` and puts the schemas `taken` in the places of their
/// placeholders.
fn read(skeleton: &Value, taken: &[Value], marker: &Marker) -> Option<OpenAPI> {
    let mut doc = OpenAPI::deserialize(skeleton).ok()?;
    let mut schemas: Vec<Option<ReferenceOr<Schema>>> = taken
        .iter()
        .map(|v| {
            schema::reference_or_schema(v)
                .or_else(|| ReferenceOr::<Schema>::deserialize(v).ok())
                .map(Some)
        })
        .collect::<Option<_>>()?;
    let mut complete = true;
    sites::typed(&mut doc, &mut |place| {
        let ReferenceOr::Reference { reference } = &*place else {
            return;
        };
        let Some(i) = marker.index_of(reference) else {
            return;
        };
        match schemas.get_mut(i).and_then(Option::take) {
            Some(schema) => *place = schema,
            // Found twice: the walks disagree.
            None => complete = false,
        }
    });
    (complete && schemas.iter().all(Option::is_none)).then_some(doc)
}

/// The reference of the placeholders of one load: a NUL and a random number, so that no
/// document can hold one.
struct Marker(String);

impl Marker {
    fn new() -> Marker {
        let random = RandomState::new().hash_one(0u8);
        Marker(format!("\u{0}hcgen-schema-{random:016x}/"))
    }

    fn placeholder(&self, index: usize) -> Value {
        let reference = format!("{}{index}", self.0);
        Value::Object(Map::from_iter([(
            "$ref".to_owned(),
            Value::String(reference),
        )]))
    }

    fn index_of(&self, reference: &str) -> Option<usize> {
        reference.strip_prefix(&self.0)?.parse().ok()
    }

    /// The index of the placeholder `v`, if it is one.
    fn index_in(&self, v: &Value) -> Option<usize> {
        match v.as_object()?.get("$ref")? {
            Value::String(reference) => self.index_of(reference),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
