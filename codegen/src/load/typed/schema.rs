//! One schema of the 3.0 model from its JSON value: the `ReferenceOr<Schema>` that
//! `openapiv3`'s `Deserialize` gives for the same value, built in one pass over it.
//!
//! `openapiv3` reads a schema through an untagged `ReferenceOr`, two flattened structs and a
//! catch-all struct, each of which buffers the schema (its subschemas included) before
//! reading it again; nested schemas are buffered again at every level. Here the keywords
//! are read once into [`Keywords`], with the same types and the same treatment of `null`
//! (an optional keyword whose value is `null` is absent), and classified by the same rules
//! into a [`SchemaKind`].
//!
//! [`reference_or_schema`] answers `None` for any value it does not read exactly as
//! `openapiv3` would (a keyword of another type than `openapiv3` expects, a schema that is
//! not a mapping); the caller then asks `openapiv3` itself. So a schema built here is always
//! the one `openapiv3` builds: the tests compare both on every construct, and on generated
//! values. The recursion follows the value's nesting, which parsing bounds
//! ([`crate::load::MAX_DEPTH`]).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, ExternalDocumentation,
    IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType,
    Type,
};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// The schema (or reference) `v` as `openapiv3` reads it, or `None` when this reader does not
/// know that it would read it so.
pub(crate) fn reference_or_schema(v: &Value) -> Option<ReferenceOr<Schema>> {
    let map = v.as_object()?;
    match map.get("$ref") {
        // `openapiv3` reads any mapping with a string `$ref` as a reference, whatever its
        // other keys.
        Some(Value::String(reference)) => Some(ReferenceOr::Reference {
            reference: reference.clone(),
        }),
        Some(_) => None,
        None => schema(map).map(ReferenceOr::Item),
    }
}

fn boxed(v: &Value) -> Option<ReferenceOr<Box<Schema>>> {
    Some(match reference_or_schema(v)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

fn schema(map: &Map<String, Value>) -> Option<Schema> {
    let mut data = SchemaData::default();
    let mut k = Keywords::default();
    for (key, value) in map {
        match key.as_str() {
            "nullable" => data.nullable = flag(value)?,
            "readOnly" => data.read_only = flag(value)?,
            "writeOnly" => data.write_only = flag(value)?,
            "deprecated" => data.deprecated = flag(value)?,
            "externalDocs" => data.external_docs = small::<ExternalDocumentation>(value)?,
            "example" => data.example = any(value),
            "title" => data.title = text(value)?,
            "description" => data.description = text(value)?,
            "discriminator" => data.discriminator = small::<Discriminator>(value)?,
            "default" => data.default = any(value),
            "type" => k.typ = text(value)?,
            "pattern" => k.pattern = text(value)?,
            "multipleOf" => k.multiple_of = number(value)?,
            "exclusiveMinimum" => k.exclusive_minimum = optional_flag(value)?,
            "exclusiveMaximum" => k.exclusive_maximum = optional_flag(value)?,
            "minimum" => k.minimum = number(value)?,
            "maximum" => k.maximum = number(value)?,
            "properties" => k.properties = properties(value)?,
            "required" => k.required = names(value)?,
            "additionalProperties" => k.additional_properties = additional(value)?,
            "minProperties" => k.min_properties = count(value)?,
            "maxProperties" => k.max_properties = count(value)?,
            "items" => k.items = nullable(value, boxed)?,
            "minItems" => k.min_items = count(value)?,
            "maxItems" => k.max_items = count(value)?,
            "uniqueItems" => k.unique_items = optional_flag(value)?,
            "enum" => k.enumeration = values(value)?,
            "format" => k.format = text(value)?,
            "minLength" => k.min_length = count(value)?,
            "maxLength" => k.max_length = count(value)?,
            "oneOf" => k.one_of = schemas(value)?,
            "allOf" => k.all_of = schemas(value)?,
            "anyOf" => k.any_of = schemas(value)?,
            "not" => k.not = nullable(value, |v| reference_or_schema(v).map(Box::new))?,
            x if x.starts_with("x-") => {
                data.extensions.insert(key.clone(), value.clone());
            }
            // Other keys are not read.
            _ => {}
        }
    }
    Some(Schema {
        schema_data: data,
        schema_kind: k.kind(),
    })
}

/// The keywords that decide a schema's kind, as `openapiv3` reads them (`None`: absent or
/// `null`).
#[derive(Default)]
struct Keywords {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl Keywords {
    /// Whether the keywords of each group are all absent.
    fn none_of_numbers(&self) -> bool {
        self.multiple_of.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
    }
    fn none_of_objects(&self) -> bool {
        self.properties.is_none()
            && self.required.is_none()
            && self.additional_properties.is_none()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
    }
    fn none_of_arrays(&self) -> bool {
        self.items.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.unique_items.is_none()
    }
    fn none_of_strings(&self) -> bool {
        self.pattern.is_none() && self.min_length.is_none() && self.max_length.is_none()
    }
    fn branches(&self) -> usize {
        usize::from(self.one_of.is_some())
            + usize::from(self.all_of.is_some())
            + usize::from(self.any_of.is_some())
            + usize::from(self.not.is_some())
    }

    /// The kind `openapiv3` gives: a single type when only that type's keywords are present
    /// (and the `enum` values are of that type), a single `oneOf`/`allOf`/`anyOf`/`not`
    /// when nothing else is, and otherwise the catch-all.
    fn kind(self) -> SchemaKind {
        let no_branches = self.branches() == 0;
        let typ = self.typ.as_deref();
        if no_branches && typ == Some("string") && self.none_of_numbers() {
            if self.none_of_objects()
                && self.none_of_arrays()
                && enum_valid(&self.enumeration, Value::is_string)
            {
                return SchemaKind::Type(Type::String(StringType {
                    format: self.format.into(),
                    pattern: self.pattern,
                    enumeration: enum_values(self.enumeration, |v| v.as_str().map(String::from)),
                    min_length: self.min_length,
                    max_length: self.max_length,
                }));
            }
        } else if no_branches
            && self.none_of_strings()
            && self.none_of_objects()
            && self.none_of_arrays()
        {
            match typ {
                Some("number") if enum_valid(&self.enumeration, Value::is_number) => {
                    return SchemaKind::Type(Type::Number(NumberType {
                        format: self.format.into(),
                        multiple_of: self.multiple_of.as_ref().and_then(Number::as_f64),
                        exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                        exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                        minimum: self.minimum.as_ref().and_then(Number::as_f64),
                        maximum: self.maximum.as_ref().and_then(Number::as_f64),
                        enumeration: enum_values(self.enumeration, Value::as_f64),
                    }));
                }
                Some("integer")
                    if enum_valid(&self.enumeration, Value::is_i64)
                        && [&self.multiple_of, &self.minimum, &self.maximum]
                            .iter()
                            .all(|n| n.as_ref().is_none_or(Number::is_i64)) =>
                {
                    return SchemaKind::Type(Type::Integer(IntegerType {
                        format: self.format.into(),
                        multiple_of: self.multiple_of.as_ref().and_then(Number::as_i64),
                        exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                        exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                        minimum: self.minimum.as_ref().and_then(Number::as_i64),
                        maximum: self.maximum.as_ref().and_then(Number::as_i64),
                        enumeration: enum_values(self.enumeration, Value::as_i64),
                    }));
                }
                Some("boolean")
                    if self.none_of_numbers()
                        && self.format.is_none()
                        && enum_valid(&self.enumeration, Value::is_boolean) =>
                {
                    return SchemaKind::Type(Type::Boolean(BooleanType {
                        enumeration: enum_values(self.enumeration, Value::as_bool),
                    }));
                }
                _ => {}
            }
        }
        let plain = no_branches
            && self.none_of_numbers()
            && self.none_of_strings()
            && self.enumeration.is_none()
            && self.format.is_none();
        if plain && typ == Some("object") && self.none_of_arrays() {
            return SchemaKind::Type(Type::Object(ObjectType {
                properties: self.properties.unwrap_or_default(),
                required: self.required.unwrap_or_default(),
                additional_properties: self.additional_properties,
                min_properties: self.min_properties,
                max_properties: self.max_properties,
            }));
        }
        if plain && typ == Some("array") && self.none_of_objects() {
            return SchemaKind::Type(Type::Array(ArrayType {
                items: self.items,
                min_items: self.min_items,
                max_items: self.max_items,
                unique_items: self.unique_items.unwrap_or_default(),
            }));
        }
        let only_branch = typ.is_none()
            && self.branches() == 1
            && self.none_of_numbers()
            && self.none_of_strings()
            && self.none_of_objects()
            && self.none_of_arrays()
            && self.enumeration.is_none()
            && self.format.is_none();
        if only_branch {
            if let Some(one_of) = self.one_of {
                return SchemaKind::OneOf { one_of };
            }
            if let Some(all_of) = self.all_of {
                return SchemaKind::AllOf { all_of };
            }
            if let Some(any_of) = self.any_of {
                return SchemaKind::AnyOf { any_of };
            }
            if let Some(not) = self.not {
                return SchemaKind::Not { not };
            }
        }
        SchemaKind::Any(AnySchema {
            typ: self.typ,
            pattern: self.pattern,
            multiple_of: self.multiple_of.as_ref().and_then(Number::as_f64),
            exclusive_minimum: self.exclusive_minimum,
            exclusive_maximum: self.exclusive_maximum,
            minimum: self.minimum.as_ref().and_then(Number::as_f64),
            maximum: self.maximum.as_ref().and_then(Number::as_f64),
            properties: self.properties.unwrap_or_default(),
            required: self.required.unwrap_or_default(),
            additional_properties: self.additional_properties,
            min_properties: self.min_properties,
            max_properties: self.max_properties,
            items: self.items,
            min_items: self.min_items,
            max_items: self.max_items,
            unique_items: self.unique_items,
            enumeration: self.enumeration.unwrap_or_default(),
            format: self.format,
            min_length: self.min_length,
            max_length: self.max_length,
            one_of: self.one_of.unwrap_or_default(),
            all_of: self.all_of.unwrap_or_default(),
            any_of: self.any_of.unwrap_or_default(),
            not: self.not,
        })
    }
}

/// Whether every `enum` value is `null` or passes `check`.
fn enum_valid(values: &Option<Vec<Value>>, check: fn(&Value) -> bool) -> bool {
    values.iter().flatten().all(|v| v.is_null() || check(v))
}

/// The `enum` values of a typed schema (`null` as `None`); only called once
/// [`enum_valid`] holds, so `convert` answers for every other value.
fn enum_values<T>(values: Option<Vec<Value>>, convert: fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    values
        .iter()
        .flatten()
        .map(|v| if v.is_null() { None } else { convert(v) })
        .collect()
}

// The keyword readers: `None` when `openapiv3` would refuse the value (so this reader does
// not answer), `Some(None)` for an optional keyword that is `null`.

/// A `bool` keyword with a default (`null` is refused, as by `openapiv3`).
fn flag(v: &Value) -> Option<bool> {
    v.as_bool()
}

fn optional_flag(v: &Value) -> Option<Option<bool>> {
    nullable(v, Value::as_bool)
}

fn text(v: &Value) -> Option<Option<String>> {
    nullable(v, |v| v.as_str().map(str::to_owned))
}

fn number(v: &Value) -> Option<Option<Number>> {
    nullable(v, |v| match v {
        Value::Number(n) => Some(n.clone()),
        _ => None,
    })
}

/// A `usize` keyword: a non-negative integer that fits.
fn count(v: &Value) -> Option<Option<usize>> {
    nullable(v, |v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
}

/// `example` and `default`: any value, `null` being none.
fn any(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
}

fn names(v: &Value) -> Option<Option<Vec<String>>> {
    nullable(v, |v| {
        v.as_array()?
            .iter()
            .map(|n| n.as_str().map(str::to_owned))
            .collect()
    })
}

fn values(v: &Value) -> Option<Option<Vec<Value>>> {
    nullable(v, |v| v.as_array().cloned())
}

fn schemas(v: &Value) -> Option<Option<Vec<ReferenceOr<Schema>>>> {
    nullable(v, |v| {
        v.as_array()?.iter().map(reference_or_schema).collect()
    })
}

fn properties(v: &Value) -> Option<Option<IndexMap<String, ReferenceOr<Box<Schema>>>>> {
    nullable(v, |v| {
        v.as_object()?
            .iter()
            .map(|(name, p)| Some((name.clone(), boxed(p)?)))
            .collect()
    })
}

fn additional(v: &Value) -> Option<Option<AdditionalProperties>> {
    nullable(v, |v| match v {
        Value::Bool(b) => Some(AdditionalProperties::Any(*b)),
        Value::Object(_) => Some(AdditionalProperties::Schema(Box::new(reference_or_schema(
            v,
        )?))),
        _ => None,
    })
}

/// A small object read by `openapiv3` itself (`externalDocs`, `discriminator`).
fn small<T: for<'de> Deserialize<'de>>(v: &Value) -> Option<Option<T>> {
    nullable(v, |v| T::deserialize(v).ok())
}

/// `null` is an absent keyword; any other value is read by `read`.
fn nullable<T>(v: &Value, read: impl FnOnce(&Value) -> Option<T>) -> Option<Option<T>> {
    match v {
        Value::Null => Some(None),
        _ => read(v).map(Some),
    }
}

#[cfg(test)]
mod tests;
