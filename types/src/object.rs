//! The `Serialize` and `Deserialize` impls of generated structs, as one macro invocation per
//! struct with one entry per field.
//!
//! Generated code writes
//!
//! ```ignore
//! hcgen_types::object_serde!(Pet { id: "id" required, name: "name" optional, note: "note" nullable } required { id: "id" });
//! ```
//!
//! after the struct, listing every field in declaration order (Rust name, wire name, kind),
//! then the required ones again. Kinds: `required` (always present), `nullable` (always
//! sent, `null` when `None`; absent or `null` decodes as `None`), `optional` (skipped when
//! `None`; absent or `null` decodes as `None`).
//!
//! What it expands to is the code of [`crate::ser`] and [`crate::de`]: the same JSON as
//! serde's derives (unknown keys skipped, duplicate and missing fields reported by wire
//! name), at a fraction of their compile time, and the generated source stays a line per
//! field. The expansion is kept small on purpose: one generic call per field to write it
//! and one to read it; counting, unwrapping and the missing-field check are plain `match`es;
//! the map visitor is the runtime's generic one ([`crate::de::deserialize`]). All names the
//! expansion introduces are hygienic or start with `__`, so a struct or field may be called
//! `Visitor`, `A`, `map` or `name`.

/// Implements `Serialize` and `Deserialize` for a generated struct (see the module docs).
#[macro_export]
#[doc(hidden)]
macro_rules! object_serde {
    (
        $name:ident { $($field:ident : $wire:literal $kind:ident),* $(,)? }
        required { $($req:ident : $rwire:literal),* $(,)? }
    ) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                let len = 0 $(+ $crate::object_serde!(@count $kind self.$field))*;
                #[allow(unused_mut)]
                let mut s = $crate::ser::Struct::new(serializer, ::core::stringify!($name), len);
                $(s.$kind($wire, &self.$field);)*
                s.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::de::deserialize(deserializer)
            }
        }

        impl $crate::de::Object for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn visit<'de, __A: $crate::__private::serde::de::MapAccess<'de>>(
                mut map: $crate::de::Map<__A>,
            ) -> ::core::result::Result<Self, __A::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                // One `?` per key, not per field: the compiler's work stays linear in the
                // number of fields.
                while let ::core::option::Option::Some(name) = map.next_field()? {
                    match name {
                        $($wire => map.read(&mut $field, name),)*
                        _ => map.skip(),
                    }?;
                }
                $crate::object_serde!(@build map, $name { $($field $kind),* } required { $($req : $rwire),* })
            }
        }
    };
    // How many fields a field writes.
    (@count required $value:expr) => { 1 };
    (@count nullable $value:expr) => { 1 };
    (@count optional $value:expr) => {
        match $value {
            ::core::option::Option::Some(_) => 1,
            ::core::option::Option::None => 0,
        }
    };
    // A field's value from its slot: required fields are already unwrapped; absent and
    // `null` are both `None` for the others.
    (@value required $field:ident) => { $field };
    (@value nullable $field:ident) => { $crate::object_serde!(@flatten $field) };
    (@value optional $field:ident) => { $crate::object_serde!(@flatten $field) };
    (@flatten $field:ident) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => ::core::option::Option::None,
        }
    };
    // Every required field present builds the value (one match on all of them); otherwise
    // the first absent one is reported by wire name.
    (@build $map:ident, $name:ident { $($field:ident $kind:ident),* } required { }) => {
        ::core::result::Result::Ok($name { $($field: $crate::object_serde!(@value $kind $field)),* })
    };
    (@build $map:ident, $name:ident { $($field:ident $kind:ident),* } required { $($req:ident : $rwire:literal),+ }) => {
        match ($($req,)+) {
            ($(::core::option::Option::Some($req),)+) => {
                ::core::result::Result::Ok($name { $($field: $crate::object_serde!(@value $kind $field)),* })
            }
            ($($req,)+) => ::core::result::Result::Err($map.missing(&[
                $(($rwire, ::core::matches!($req, ::core::option::Option::None))),+
            ])),
        }
    };
}

#[cfg(test)]
mod tests {
    /// serde's derive, for comparison.
    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Reference {
        map: String,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        r#type: Option<String>,
        name: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<i64>,
    }

    // Names that would clash with an unhygienic expansion: the struct `A` (the visitor's
    // type parameter), `Visitor`, and fields `map` and `name` (its local variables).
    #[derive(Debug, PartialEq)]
    struct Visitor {
        map: String,
    }
    crate::object_serde!(Visitor { map: "map" required } required { map: "map" });

    #[derive(Debug, PartialEq)]
    struct A {
        map: String,
        r#type: Option<String>,
        name: Option<i64>,
        size: Option<i64>,
    }
    crate::object_serde!(A {
        map: "map" required,
        r#type: "type" optional,
        name: "name" nullable,
        size: "size" optional,
    } required { map: "map" });

    #[derive(Debug, PartialEq, Default)]
    struct Empty {}
    crate::object_serde!(Empty {} required {});

    #[derive(Debug, PartialEq, Default)]
    struct AllOptional {
        x: Option<bool>,
    }
    crate::object_serde!(AllOptional { x: "x" optional } required {});

    fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn serialises_like_the_derive() {
        for (kind, name, size) in [
            (None, None, None),
            (Some("t"), Some(1), Some(2)),
            (Some("t"), None, Some(3)),
        ] {
            let derived = Reference {
                map: "m".into(),
                r#type: kind.map(Into::into),
                name,
                size,
            };
            let ours = A {
                map: "m".into(),
                r#type: kind.map(Into::into),
                name,
                size,
            };
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        assert_eq!(
            serde_json::to_string(&AllOptional::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn decodes_and_reports_by_wire_name() {
        let a: A = decode(r#"{"extra":[1],"type":"t","map":"m","name":null}"#).unwrap();
        assert_eq!(
            a,
            A {
                map: "m".into(),
                r#type: Some("t".into()),
                name: None,
                size: None
            }
        );
        assert!(
            decode::<A>(r#"{"type":"t"}"#)
                .unwrap_err()
                .starts_with("missing field `map`")
        );
        assert!(
            decode::<A>(r#"{"map":"a","map":"b"}"#)
                .unwrap_err()
                .starts_with("duplicate field `map`")
        );
        assert!(
            decode::<A>(r#"{"map":1}"#)
                .unwrap_err()
                .starts_with("invalid type: integer `1`, expected a string")
        );
        assert!(
            decode::<A>("[]")
                .unwrap_err()
                .starts_with("invalid type: sequence, expected struct A")
        );
        assert_eq!(decode::<Empty>(r#"{"a":1}"#).unwrap(), Empty {});
        assert_eq!(
            decode::<AllOptional>(r#"{"x":true}"#).unwrap(),
            AllOptional { x: Some(true) }
        );
        assert_eq!(
            decode::<Visitor>(r#"{"map":"x"}"#).unwrap(),
            Visitor { map: "x".into() }
        );
        let from_value: A = serde_json::from_value(serde_json::json!({"map": "v"})).unwrap();
        assert_eq!(from_value.map, "v");
    }
}
#[cfg(test)]
mod nested {
    //! Values and errors of nested structs (in an `Option`, in a `Vec`) are the derive's,
    //! error positions included.

    #[derive(Debug, PartialEq)]
    struct Inner {
        x: i64,
    }
    crate::object_serde!(Inner { x: "x" required } required { x: "x" });

    #[derive(Debug, PartialEq)]
    struct Outer {
        inner: Option<Inner>,
        list: Vec<Inner>,
    }
    crate::object_serde!(Outer { inner: "inner" optional, list: "list" required } required { list: "list" });

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct DerivedInner {
        x: i64,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct DerivedOuter {
        inner: Option<DerivedInner>,
        list: Vec<DerivedInner>,
    }

    #[test]
    fn results_match_the_derive_at_every_depth() {
        let inputs = [
            r#"{"list":[{"x":"s"}]}"#,
            r#"{"list":[{"x":1}], "inner": {"y": 2}}"#,
            r#"{"list":[{"x":1}], "inner": {"x": 2,}}"#,
            r#"{"list":[{"x":1}], "inner": {"x": 1, "x": 2}}"#,
            r#"{"list":5}"#,
            r#"{"list":[{"x":1},{"x":2}], "inner": {"x": 3, "y": [null]}}"#,
            r#"{"list":[], "inner": null}"#,
        ];
        for json in inputs {
            let ours = serde_json::from_str::<Outer>(json).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<DerivedOuter>(json).map_err(|e| e.to_string());
            match (ours, derived) {
                (Err(ours), Err(derived)) => assert_eq!(ours, derived, "{json}"),
                (Ok(ours), Ok(derived)) => {
                    let xs = |l: &[Inner]| l.iter().map(|i| i.x).collect::<Vec<_>>();
                    let dxs = |l: &[DerivedInner]| l.iter().map(|i| i.x).collect::<Vec<_>>();
                    assert_eq!(xs(&ours.list), dxs(&derived.list), "{json}");
                    assert_eq!(
                        ours.inner.map(|i| i.x),
                        derived.inner.map(|i| i.x),
                        "{json}"
                    );
                }
                (ours, derived) => panic!("{json}: {ours:?} vs {derived:?}"),
            }
        }
    }
}
