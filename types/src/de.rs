//! Building blocks for the `Deserialize` impls that generated crates write for their structs.
//!
//! `#[derive(serde::Deserialize)]` expands to about 30 lines per field (a field enum, three
//! identifier matches, a sequence visitor, a map visitor, missing-field handling), and the
//! compiler type-checks and borrow-checks all of it: on a large API that expansion is most
//! of the generated crate's build time and memory. A generated struct instead implements
//! [`Object`] (through `object_serde!`): a `visit` function of a handful of lines per field
//! over a [`Map`]; the map visitor around it ([`deserialize`]) is generic and compiled here,
//! once. The behaviour on JSON objects is the derive's:
//!
//! - keys are matched against the wire names of the struct ([`Key`]); unknown keys are
//!   skipped ([`Map::next_field`]);
//! - a repeated key is an error (`duplicate field`), as with the derive;
//! - a missing required field is an error (`missing field`) ([`Map::missing`]); a missing
//!   optional or nullable field, or `null`, is `None`.
//!
//! Unlike the derive, a struct is not accepted from a sequence (a JSON array): no OpenAPI
//! object is sent that way, and the generated structs skip unset optional fields when
//! serialising, which sequence formats cannot represent anyway.
//!
//! This module is an implementation detail of generated code; its items may change between
//! minor versions of the runtime.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

/// A map key, matched against the wire names of one struct.
///
/// Deserialises to `Some(name)` (the matching entry of the table, so it can be matched
/// against string literals) or `None` for a key the struct does not know.
#[derive(Clone, Copy, Debug)]
pub struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<&'static str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|name| *name == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|name| name.as_bytes() == v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(v).ok().and_then(|i| self.0.get(i).copied()))
    }
}

/// The map access of a struct visitor, with the struct's wire names.
///
/// Generated `visit_map` bodies wrap their `MapAccess` in this and read one key at a time
/// with [`Map::next_field`] (unknown keys are skipped there) and [`Map::read`].
pub struct Map<A> {
    access: A,
    fields: &'static [&'static str],
}

impl<'de, A: MapAccess<'de>> Map<A> {
    /// Wraps `access`; `fields` are the wire names the struct knows.
    pub fn new(access: A, fields: &'static [&'static str]) -> Self {
        Map { access, fields }
    }

    /// The next known key (its entry in the table), skipping unknown keys and their values;
    /// `None` at the end of the map.
    pub fn next_field(&mut self) -> Result<Option<&'static str>, A::Error> {
        loop {
            match self.access.next_key_seed(Key(self.fields))? {
                None => return Ok(None),
                Some(Some(name)) => return Ok(Some(name)),
                Some(None) => self.skip()?,
            }
        }
    }

    /// Reads the value of field `name` into `slot`; a second occurrence of the key is an
    /// error (`duplicate field`).
    pub fn read<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.access.next_value()?);
        Ok(())
    }

    /// Skips the value of the current key.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.access.next_value::<IgnoredAny>().map(|_| ())
    }

    /// The `missing field` error for the first of `required` (wire name, value absent)
    /// that is absent.
    pub fn missing(&self, required: &[(&'static str, bool)]) -> A::Error {
        let name = required
            .iter()
            .find(|(_, absent)| *absent)
            .map_or("?", |(name, _)| *name);
        de::Error::missing_field(name)
    }
}

/// A generated struct, decoded from a JSON object by [`deserialize`].
pub trait Object: Sized {
    /// The struct's name (`invalid type: …, expected struct Name`).
    const NAME: &'static str;
    /// The wire names of its fields.
    const FIELDS: &'static [&'static str];

    /// Reads the fields from `map` (keys in any order) and builds the struct.
    fn visit<'de, A: MapAccess<'de>>(map: Map<A>) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of an [`Object`]: a struct from a map.
pub fn deserialize<'de, T: Object, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(std::marker::PhantomData))
}

/// The map visitor of every [`Object`].
struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(Map::new(map, T::FIELDS))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::{Deserializer, MapAccess};

    /// A struct decoded the way generated code decodes one.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        kind: Option<String>,
        size: Option<i64>,
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    impl super::Object for Sample {
        const NAME: &'static str = "Sample";
        const FIELDS: &'static [&'static str] = &["id", "type", "size"];

        fn visit<'de, A: MapAccess<'de>>(mut map: super::Map<A>) -> Result<Self, A::Error> {
            let mut f_id = None;
            let mut f_kind: Option<Option<String>> = None;
            let mut f_size: Option<Option<i64>> = None;
            while let Some(name) = map.next_field()? {
                match name {
                    "id" => map.read(&mut f_id, name),
                    "type" => map.read(&mut f_kind, name),
                    "size" => map.read(&mut f_size, name),
                    _ => map.skip(),
                }?;
            }
            match (f_id,) {
                (Some(f_id),) => Ok(Sample {
                    id: f_id,
                    kind: f_kind.flatten(),
                    size: f_size.flatten(),
                }),
                (f_id,) => Err(map.missing(&[("id", f_id.is_none())])),
            }
        }
    }

    fn decode(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_known_keys_and_skips_unknown_ones() {
        assert_eq!(
            decode(r#"{"x":[1,{"y":2}],"type":"a","id":"i","size":3}"#).unwrap(),
            Sample {
                id: "i".into(),
                kind: Some("a".into()),
                size: Some(3)
            }
        );
    }

    #[test]
    fn absent_and_null_optional_fields_are_none() {
        assert_eq!(
            decode(r#"{"id":"i","size":null}"#).unwrap(),
            Sample {
                id: "i".into(),
                kind: None,
                size: None
            }
        );
    }

    #[test]
    fn escaped_keys_match() {
        // serde_json hands an escaped key over as an owned string (visit_str, not borrowed).
        assert_eq!(decode(r#"{"\u0069d":"i"}"#).unwrap().id, "i");
    }

    #[test]
    fn errors_match_the_derive() {
        assert!(
            decode(r#"{"type":"a"}"#)
                .unwrap_err()
                .starts_with("missing field `id`")
        );
        assert!(
            decode(r#"{"id":"a","id":"b"}"#)
                .unwrap_err()
                .starts_with("duplicate field `id`")
        );
        assert!(
            decode(r#"{"id":1}"#)
                .unwrap_err()
                .starts_with("invalid type: integer `1`, expected a string")
        );
        assert!(
            decode(r#""text""#)
                .unwrap_err()
                .starts_with("invalid type: string \"text\", expected struct Sample")
        );
        assert!(
            decode(r#"["i"]"#)
                .unwrap_err()
                .starts_with("invalid type: sequence, expected struct Sample")
        );
    }

    #[test]
    fn keys_by_index_and_bytes() {
        use serde::de::value::{BytesDeserializer, Error, U64Deserializer};
        use serde::de::{DeserializeSeed, IntoDeserializer};
        let key = super::Key(&["a", "b"]);
        let by_index: U64Deserializer<Error> = 1u64.into_deserializer();
        assert_eq!(key.deserialize(by_index).unwrap(), Some("b"));
        let out_of_range: U64Deserializer<Error> = 7u64.into_deserializer();
        assert_eq!(key.deserialize(out_of_range).unwrap(), None);
        let bytes: BytesDeserializer<'_, Error> = BytesDeserializer::new(b"a");
        assert_eq!(key.deserialize(bytes).unwrap(), Some("a"));
    }
}
