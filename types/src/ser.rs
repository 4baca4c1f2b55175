//! Building blocks for the `Serialize` impls that generated crates write for their structs.
//!
//! `#[derive(serde::Serialize)]` with `skip_serializing_if` on every optional field expands
//! to a length computation and an `if`/`else` per field, each with its own `?`; on a large
//! API that costs more compile time than everything else in a struct. A generated struct
//! (through `object_serde!`) instead makes one call per field on a [`Struct`], which keeps the
//! first error and ignores the calls after it. The output is the derive's: fields in declaration order, absent
//! optional fields skipped (`skip_field`), present ones serialised as the `Option` they are.
//!
//! This module is an implementation detail of generated code; its items may change between
//! minor versions of the runtime.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// A struct being serialised: the serializer's state, or the first error.
///
/// `len` is the number of fields written: the required and nullable ones, and the optional
/// ones that are set.
pub struct Struct<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Struct<S> {
    /// Starts struct `name` with `len` serialised fields.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Self {
        Struct {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Serialises a field that is always written (required, or nullable and sent as `null`).
    pub fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if let Ok(state) = &mut self.state
            && let Err(error) = state.serialize_field(key, value)
        {
            self.state = Err(error);
        }
    }

    /// Serialises a required field (the `required` kind of `object_serde!`).
    pub fn required<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        self.field(key, value);
    }

    /// Serialises a nullable field, `null` when `None` (the `nullable` kind).
    pub fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.field(key, value);
    }

    /// Serialises an optional field when it is set and skips it otherwise.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.field(key, value);
        } else if let Ok(state) = &mut self.state
            && let Err(error) = state.skip_field(key)
        {
            self.state = Err(error);
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use serde::ser::{Serialize, Serializer};

    /// The derive's output, for comparison.
    #[derive(serde::Serialize)]
    struct Derived {
        id: String,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
        note: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<i64>,
    }

    struct Compact {
        id: String,
        kind: Option<String>,
        note: Option<i64>,
        size: Option<i64>,
    }

    impl Serialize for Compact {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 2 + usize::from(self.kind.is_some()) + usize::from(self.size.is_some());
            let mut s = super::Struct::new(serializer, "Compact", len);
            s.field("id", &self.id);
            s.optional("type", &self.kind);
            s.field("note", &self.note);
            s.optional("size", &self.size);
            s.end()
        }
    }

    #[test]
    fn output_matches_the_derive() {
        let cases = [
            (None, None, None),
            (Some("k"), None, Some(3)),
            (Some("k"), Some(1), None),
            (None, Some(2), Some(4)),
        ];
        for (kind, note, size) in cases {
            let derived = Derived {
                id: "i".into(),
                kind: kind.map(Into::into),
                note,
                size,
            };
            let compact = Compact {
                id: "i".into(),
                kind: kind.map(Into::into),
                note,
                size,
            };
            assert_eq!(
                serde_json::to_string(&compact).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
        let compact = Compact {
            id: "i".into(),
            kind: None,
            note: None,
            size: Some(1),
        };
        assert_eq!(
            serde_json::to_string(&compact).unwrap(),
            r#"{"id":"i","note":null,"size":1}"#
        );
    }

    #[test]
    fn the_first_error_is_returned() {
        // A map key that is not a string fails in serde_json; the struct stops there.
        struct Bad;
        impl Serialize for Bad {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("first"))
            }
        }
        struct Two;
        impl Serialize for Two {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut s = super::Struct::new(serializer, "Two", 2);
                s.field("a", &Bad);
                s.field("b", &1);
                s.end()
            }
        }
        assert_eq!(
            serde_json::to_string(&Two).unwrap_err().to_string(),
            "first"
        );
    }
}
