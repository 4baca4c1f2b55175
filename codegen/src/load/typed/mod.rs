//! The typed document from a JSON value: what `OpenAPI::deserialize(&value)` gives (for an
//! OpenAPI 3.1 document, of the value normalized into the 3.0 model's form), in a fraction of
//! its time.
//!
//! `openapiv3` reads every schema through buffering untagged and flattened types, again at
//! each level of nesting: on a large document, most of the time of loading. So the schemas
//! are read apart ([`schema`]), and `openapiv3` reads only the rest, the document's skeleton:
//!
//! 1. each schema at a place where `openapiv3` reads one outside schemas ([`sites`], which
//!    knows each one's place: [`path`]) is read by [`schema::reference_or_schema`] (or, for a
//!    3.0 value it does not read exactly as `openapiv3` does, by `openapiv3`), taken out of
//!    the value, and a reference to a placeholder (a marker of this load, which no document
//!    can hold, and its index) is put in its place;
//! 2. `openapiv3` reads the skeleton;
//! 3. each schema is put where its placeholder is in the typed document;
//! 4. the schemas go back into the value, which is unchanged.
//!
//! The schemas of an OpenAPI 3.1 document are read as written, by a [`Reader`] for 3.1: the
//! spellings that map onto one keyword of the 3.0 model are read as such, and a schema that
//! needs more is normalized where it is (`load::openapi31`), then read. So they are walked
//! once, as those of a 3.0 document are, instead of normalized in a walk of their own first.
//!
//! Every place where `openapiv3` reads a schema in the skeleton must hold a placeholder, and
//! each placeholder be found there once: otherwise (a part of the document `openapiv3` does
//! not read as the walk expects), or when anything fails to read, the answer is `None`, and
//! the caller takes the long way (for 3.1, normalizing every schema first; then `openapiv3`
//! reading the whole value, which names the problem, if there is one).

mod path;
mod schema;
mod sites;

pub(super) use schema::Reader;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::hash::{BuildHasher, RandomState};

/// The typed document of `raw`, the same as `OpenAPI::deserialize(&*raw)` (of `raw`
/// normalized, for an OpenAPI 3.1 `reader`) when that succeeds; `None` when this reader
/// cannot tell. `raw` is left as it was.
pub(super) fn document(raw: &mut Value, reader: &mut Reader) -> Option<OpenAPI> {
    let marker = Marker::new();
    let mut taken = Vec::new();
    let mut schemas = Vec::new();
    let mut readable = true;
    sites::values(raw, &mut |v, at| {
        if !readable {
            return;
        }
        let read = schema::reference_or_schema(v, at, reader).or_else(|| {
            // `openapiv3` reads what this reader does not know it would read so, but only
            // in the form of its model.
            reader
                .is_3_0()
                .then(|| ReferenceOr::<Schema>::deserialize(&*v).ok())
                .flatten()
        });
        match read {
            Some(schema) => {
                schemas.push(Some(schema));
                let placeholder = marker.placeholder(taken.len());
                taken.push(std::mem::replace(v, placeholder));
            }
            None => readable = false,
        }
    });
    let doc = readable.then(|| place(raw, schemas, &marker)).flatten();
    sites::values(raw, &mut |v, _| {
        if let Some(original) = marker.index_in(v).and_then(|i| taken.get_mut(i)) {
            *v = std::mem::take(original);
        }
    });
    doc
}

/// Reads the skeleton `skeleton` and puts the `schemas` in the places of their placeholders:
/// every place where `openapiv3` read a schema must hold one, and each placeholder be found
/// once.
fn place(
    skeleton: &Value,
    mut schemas: Vec<Option<ReferenceOr<Schema>>>,
    marker: &Marker,
) -> Option<OpenAPI> {
    let mut doc = OpenAPI::deserialize(skeleton).ok()?;
    let mut complete = true;
    sites::typed(&mut doc, &mut |place| {
        let index = match &*place {
            ReferenceOr::Reference { reference } => marker.index_of(reference),
            ReferenceOr::Item(_) => None,
        };
        match index
            .and_then(|i| schemas.get_mut(i))
            .and_then(Option::take)
        {
            Some(schema) => *place = schema,
            // Not a placeholder (a schema the walk of the value did not take), or one found
            // twice: the walks disagree.
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
#[cfg(test)]
mod tests_3_1;
