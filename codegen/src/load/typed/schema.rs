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
//!
//! A [`Reader`] for OpenAPI 3.1 reads a schema as written into what `openapiv3` reads from it
//! normalized: `type` arrays of one type (and `"null"`), `examples`, numeric exclusive bounds
//! and the usual `null` branches (one other branch, annotations beside) in the same pass; any
//! other 3.1 form (`const`, a `$ref` with siblings, a boolean schema, ...) by normalizing that
//! schema where it is, then reading it as 3.0. The tests of `typed` compare this with
//! normalizing every schema first.

use super::path::Path;
use crate::load::openapi31::{self, Normalized, Normalizer};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, ExternalDocumentation,
    IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType,
    Type,
};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// How the schemas of one document are read.
pub(in crate::load) struct Reader<'f> {
    /// For an OpenAPI 3.1 document as written (not yet normalized): its file name.
    file_3_1: Option<&'f str>,
    /// What normalizing 3.1 schemas where they are found: moved values and annotations
    /// beside references, in reading order.
    found: Vec<Normalized>,
    /// How many schemas were normalized where they are (each value at most once).
    #[cfg(test)]
    pub(super) normalizations: usize,
}

impl<'f> Reader<'f> {
    /// For schemas in the 3.0 model's form (OpenAPI 3.0, or 3.1 normalized).
    pub(in crate::load) fn v3_0() -> Reader<'static> {
        Reader {
            file_3_1: None,
            found: Vec::new(),
            #[cfg(test)]
            normalizations: 0,
        }
    }

    /// For the schemas of the OpenAPI 3.1 document `file` as written: each is read as
    /// `openapiv3` reads it once normalized (`load::openapi31`). The 3.1 spellings that map
    /// onto keywords of the 3.0 model are read here (`type` arrays of one type and `"null"`,
    /// `examples`, numeric exclusive bounds, the usual `null` branches); a schema with any
    /// other is normalized where it is, then read. The reader answers `None` when that
    /// normalization fails or warns: the caller then normalizes the whole document, which
    /// says so in order.
    pub(in crate::load) fn v3_1(file: &'f str) -> Reader<'f> {
        Reader {
            file_3_1: Some(file),
            found: Vec::new(),
            #[cfg(test)]
            normalizations: 0,
        }
    }

    /// What the normalization of schemas found while reading.
    pub(in crate::load) fn into_found(self) -> Vec<Normalized> {
        self.found
    }

    /// Records that the value now at `new` is the one written at `written`'s place.
    fn moved(&mut self, new: &Path, written: &Path) {
        let Some(file) = self.file_3_1 else { return };
        let mut n = Normalizer::new(file);
        n.moved_to(&pointer(&new.tokens()), &pointer(&written.written_tokens()));
        self.found.push(n.finish());
    }

    /// Whether the schemas are in the 3.0 model's form.
    pub(super) fn is_3_0(&self) -> bool {
        self.file_3_1.is_none()
    }

    /// The schema `v` at `at` normalized, then read as a 3.0 schema. Nothing inside `v` has
    /// been read yet (its normalization may move it).
    fn normalized(&mut self, v: &Value, at: &Path) -> Option<ReferenceOr<Schema>> {
        let mut n = Normalizer::new(self.file_3_1?);
        #[cfg(test)]
        {
            self.normalizations += 1;
        }
        let mut v = v.clone();
        let tokens = at.tokens();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let written = at.is_moved().then(|| pointer(&at.written_tokens()));
        n.schema_at(&mut v, &tokens, written).ok()?;
        let found = n.finish();
        if !found.warnings.is_empty() {
            return None;
        }
        let read = reference_or_schema(&v, at, &mut Reader::v3_0())
            .or_else(|| ReferenceOr::<Schema>::deserialize(&v).ok())?;
        self.found.push(found);
        Some(read)
    }
}

/// The schema (or reference) `v` at `at` as `openapiv3` reads it, or `None` when this reader
/// does not know that it would read it so.
pub(super) fn reference_or_schema(
    v: &Value,
    at: &Path,
    r: &mut Reader,
) -> Option<ReferenceOr<Schema>> {
    let Value::Object(map) = v else {
        // A 3.1 boolean schema is normalized into a mapping.
        return r.file_3_1.and_then(|_| r.normalized(v, at));
    };
    match map.get("$ref") {
        // `openapiv3` reads any mapping with a string `$ref` as a reference, whatever its
        // other keys (which OpenAPI 3.1 applies beside it).
        Some(Value::String(reference)) if r.file_3_1.is_none() || map.len() == 1 => {
            Some(ReferenceOr::Reference {
                reference: reference.clone(),
            })
        }
        Some(Value::String(_)) => r.normalized(v, at),
        Some(_) => None,
        None => schema(map, at, r),
    }
}

fn boxed(v: &Value, at: &Path, r: &mut Reader) -> Option<ReferenceOr<Box<Schema>>> {
    Some(match reference_or_schema(v, at, r)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

fn schema(map: &Map<String, Value>, at: &Path, r: &mut Reader) -> Option<ReferenceOr<Schema>> {
    keywords(
        map.iter(),
        &|| Value::Object(map.clone()),
        at,
        r,
        Implied::Nothing(map),
    )
}

/// What the 3.1 normalization of a schema with a `null` branch adds to the keywords read.
enum Implied<'v> {
    /// Nothing: the keywords are those of the mapping.
    Nothing(&'v Map<String, Value>),
    /// `nullable: true`.
    Nullable,
    /// `nullable: true` and `allOf: [{$ref}]`.
    NullableRef(&'v str),
}

/// The schema of the keywords `entries` at `at`; `whole` is the schema as a value, to be
/// normalized when the reader cannot read it as written.
fn keywords<'v>(
    entries: impl Iterator<Item = (&'v String, &'v Value)>,
    whole: &dyn Fn() -> Value,
    at: &Path,
    r: &mut Reader,
    implied: Implied,
) -> Option<ReferenceOr<Schema>> {
    let v3_1 = r.file_3_1.is_some();
    let mut data = SchemaData::default();
    let mut k = Keywords::default();
    // 3.1: `"null"` among the types, the first of `examples`, numeric exclusive bounds.
    let mut s31 = Spelled31::default();
    // Read once the schema's own keywords are: a 3.1 schema found to need normalizing is
    // normalized whole, before any schema in it is read (so each is read once).
    let mut subschemas = Subschemas::default();
    for (key, value) in entries {
        match key.as_str() {
            "nullable" => data.nullable = flag(value)?,
            "readOnly" => data.read_only = flag(value)?,
            "writeOnly" => data.write_only = flag(value)?,
            "deprecated" => data.deprecated = flag(value)?,
            "externalDocs" => data.external_docs = small::<ExternalDocumentation>(value)?,
            "example" => {
                data.example = any(value);
                s31.example = true;
            }
            "title" => data.title = text(value)?,
            "description" => data.description = text(value)?,
            "discriminator" => data.discriminator = small::<Discriminator>(value)?,
            "default" => data.default = any(value),
            "type" if v3_1 => match value {
                Value::String(t) if t != "null" => k.typ = Some(t.clone()),
                Value::Array(types) => match one_type(types) {
                    Some((t, null)) => {
                        k.typ = Some(t);
                        s31.null_type = null;
                    }
                    None => return r.normalized(&whole(), at),
                },
                // `"null"` alone, or what the normalization refuses.
                _ => return r.normalized(&whole(), at),
            },
            "type" => k.typ = text(value)?,
            "pattern" => k.pattern = text(value)?,
            "multipleOf" => k.multiple_of = number(value)?,
            "exclusiveMinimum" | "exclusiveMaximum" if v3_1 && !value.is_boolean() => {
                let Value::Number(n) = value else {
                    return r.normalized(&whole(), at);
                };
                if key == "exclusiveMinimum" {
                    s31.exclusive_minimum = Some(n.clone());
                } else {
                    s31.exclusive_maximum = Some(n.clone());
                }
            }
            "exclusiveMinimum" => k.exclusive_minimum = optional_flag(value)?,
            "exclusiveMaximum" => k.exclusive_maximum = optional_flag(value)?,
            "minimum" => k.minimum = number(value)?,
            "maximum" => k.maximum = number(value)?,
            "properties" => subschemas.properties = Some(value),
            "required" => k.required = names(value)?,
            "additionalProperties" => subschemas.additional_properties = Some(value),
            "minProperties" => k.min_properties = count(value)?,
            "maxProperties" => k.max_properties = count(value)?,
            "items" => subschemas.items = Some(value),
            "minItems" => k.min_items = count(value)?,
            "maxItems" => k.max_items = count(value)?,
            "uniqueItems" => k.unique_items = optional_flag(value)?,
            "enum" => k.enumeration = values(value)?,
            "format" => k.format = text(value)?,
            "minLength" => k.min_length = count(value)?,
            "maxLength" => k.max_length = count(value)?,
            "oneOf" | "anyOf" if v3_1 && has_null_branch(value) => {
                return match implied {
                    Implied::Nothing(map) => null_branches(map, key, at, r),
                    _ => r.normalized(&whole(), at),
                };
            }
            "oneOf" => subschemas.one_of = Some(value),
            "allOf" => subschemas.all_of = Some(value),
            "anyOf" => subschemas.any_of = Some(value),
            "not" => subschemas.not = Some(value),
            x if x.starts_with("x-") => {
                data.extensions.insert(key.clone(), value.clone());
            }
            "examples" if v3_1 => match value {
                Value::Array(examples) => s31.first_example = examples.first(),
                _ => return r.normalized(&whole(), at),
            },
            // What OpenAPI 3.1 normalizes otherwise: `const`, `$`-keywords, the content
            // keywords, keywords refused or dropped with a warning.
            x if v3_1 && rewritten_in_3_1(x) => {
                return r.normalized(&whole(), at);
            }
            // Other keys are not read.
            _ => {}
        }
    }
    subschemas.read(&mut k, at, r)?;
    if v3_1 {
        s31.apply(&mut data, &mut k);
    }
    match implied {
        Implied::Nothing(_) => {}
        Implied::Nullable => data.nullable = true,
        Implied::NullableRef(reference) => {
            data.nullable = true;
            k.all_of = Some(vec![ReferenceOr::Reference {
                reference: reference.to_owned(),
            }]);
        }
    }
    Some(ReferenceOr::Item(Schema {
        schema_data: data,
        schema_kind: k.kind(),
    }))
}

/// The values of a schema's keywords that hold schemas.
#[derive(Default)]
struct Subschemas<'v> {
    properties: Option<&'v Value>,
    additional_properties: Option<&'v Value>,
    items: Option<&'v Value>,
    one_of: Option<&'v Value>,
    all_of: Option<&'v Value>,
    any_of: Option<&'v Value>,
    not: Option<&'v Value>,
}

impl Subschemas<'_> {
    /// Reads them into `k`, below the schema at `at`.
    fn read(self, k: &mut Keywords, at: &Path, r: &mut Reader) -> Option<()> {
        if let Some(v) = self.properties {
            k.properties = properties(v, &at.key("properties"), r)?;
        }
        if let Some(v) = self.additional_properties {
            k.additional_properties = additional(v, &at.key("additionalProperties"), r)?;
        }
        if let Some(v) = self.items {
            k.items = nullable(v, |v| boxed(v, &at.key("items"), r))?;
        }
        if let Some(v) = self.one_of {
            k.one_of = schemas(v, &at.key("oneOf"), r)?;
        }
        if let Some(v) = self.all_of {
            k.all_of = schemas(v, &at.key("allOf"), r)?;
        }
        if let Some(v) = self.any_of {
            k.any_of = schemas(v, &at.key("anyOf"), r)?;
        }
        if let Some(v) = self.not {
            k.not = nullable(v, |v| {
                reference_or_schema(v, &at.key("not"), r).map(Box::new)
            })?;
        }
        Some(())
    }
}

/// A 3.1 schema whose `kw` (`anyOf` or `oneOf`) has a branch that only `null` satisfies,
/// read as its normalization (`openapi31::nullability`) has it, for the usual form: the
/// schema holds annotations besides, and one other branch, a mapping. A reference becomes
/// `allOf: [{$ref}]` with the annotations of both, and `nullable`; an inline schema takes the
/// schema's place, with its annotations and `nullable`, and is read there. Any other form is
/// normalized where it is.
fn null_branches(
    outer: &Map<String, Value>,
    kw: &str,
    at: &Path,
    r: &mut Reader,
) -> Option<ReferenceOr<Schema>> {
    let value = || Value::Object(outer.clone());
    let alone = outer
        .keys()
        .all(|k| k == kw || k == "nullable" || openapi31::is_annotation(k));
    let branches = outer.get(kw).and_then(Value::as_array);
    let mut others = branches
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, b)| !openapi31::is_null_schema(b));
    let (true, Some((i, Value::Object(branch))), None) = (alone, others.next(), others.next())
    else {
        return r.normalized(&value(), at);
    };
    let kw_at = at.key(kw);
    let written = kw_at.index(i);
    // Outside the branch, the schema's keywords but `kw` (and `nullable`, which is implied).
    let outside = || outer.iter().filter(|(k, _)| *k != kw && *k != "nullable");
    if openapi31::is_plain_ref(branch) {
        let reference = branch.get("$ref").and_then(Value::as_str)?;
        // The schema's annotations win over the branch's.
        let branch_annotations = branch
            .iter()
            .filter(|(k, _)| *k != "$ref" && *k != "nullable" && !outer.contains_key(*k));
        let read = keywords(
            outside().chain(branch_annotations),
            &value,
            at,
            r,
            Implied::NullableRef(reference),
        )?;
        let all_of = at.key("allOf");
        r.moved(&all_of.index(0), &written);
        return Some(read);
    }
    // The branch in the schema's place, normalized from the start there.
    r.moved(at, &written);
    let hoisted = at.moved_from(&written);
    let merged = || {
        let mut merged = branch.clone();
        merged.extend(outside().map(|(k, v)| (k.clone(), v.clone())));
        merged.insert("nullable".to_owned(), Value::Bool(true));
        Value::Object(merged)
    };
    // The branch's keywords (the schema's where both have one), then the schema's others.
    let overridden = branch.iter().map(|(k, v)| match outer.get(k) {
        Some(o) if k != kw && k != "nullable" => (k, o),
        _ => (k, v),
    });
    let added = outside().filter(|(k, _)| !branch.contains_key(*k));
    keywords(
        overridden.filter(|(k, _)| *k != "nullable").chain(added),
        &merged,
        &hoisted,
        r,
        Implied::Nullable,
    )
}

/// A JSON pointer of unescaped `tokens`.
fn pointer(tokens: &[String]) -> String {
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    crate::error::ptr("", &tokens)
}

/// What a 3.1 schema spells in the forms the reader reads itself.
#[derive(Default)]
struct Spelled31<'v> {
    /// `"null"` in a `type` array.
    null_type: bool,
    /// An `example` keyword is there (whose value wins over `examples`).
    example: bool,
    first_example: Option<&'v Value>,
    exclusive_minimum: Option<Number>,
    exclusive_maximum: Option<Number>,
}

impl Spelled31<'_> {
    /// Sets what the normalized schema holds: `nullable`, `example`, and the 3.0 form of
    /// exclusive bounds (a stricter inclusive bound beside one wins).
    fn apply(self, data: &mut SchemaData, k: &mut Keywords) {
        if self.null_type {
            data.nullable = true;
        }
        if let Some(first) = self.first_example
            && !self.example
        {
            data.example = any(first);
        }
        for (exclusive, bound, flag, stricter) in [
            (
                self.exclusive_minimum,
                &mut k.minimum,
                &mut k.exclusive_minimum,
                std::cmp::Ordering::Greater,
            ),
            (
                self.exclusive_maximum,
                &mut k.maximum,
                &mut k.exclusive_maximum,
                std::cmp::Ordering::Less,
            ),
        ] {
            let Some(n) = exclusive else { continue };
            let inclusive_wins = bound
                .as_ref()
                .and_then(Number::as_f64)
                .zip(n.as_f64())
                .is_some_and(|(b, e)| b.partial_cmp(&e) == Some(stricter));
            if inclusive_wins {
                *flag = None;
            } else {
                *bound = Some(n);
                *flag = Some(true);
            }
        }
    }
}

/// A 3.1 `type` array of one JSON Schema type, with `"null"` or not: the type, and whether
/// `"null"` is there (`None` for any other array, which the normalization rewrites or
/// refuses).
fn one_type(types: &[Value]) -> Option<(String, bool)> {
    const NAMES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
    let name = |v: &Value| v.as_str().filter(|t| NAMES.contains(t)).map(str::to_owned);
    match types {
        [one] => Some((name(one)?, false)),
        [one, null] | [null, one] if null.as_str() == Some("null") => Some((name(one)?, true)),
        _ => None,
    }
}

/// Whether the `anyOf`/`oneOf` value `v` has a branch that only `null` satisfies (which the
/// normalization removes).
fn has_null_branch(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|branches| branches.iter().any(openapi31::is_null_schema))
}

/// Keywords of a 3.1 schema that the normalization rewrites, refuses or drops, besides
/// those the reader reads in their 3.1 forms.
fn rewritten_in_3_1(key: &str) -> bool {
    matches!(
        key,
        "const" | "contentEncoding" | "contentMediaType" | "contentSchema"
    ) || openapi31::is_special(key)
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
    // Inlined into each reading of keywords (three instances): moved by value otherwise, the
    // keywords cost a copy per schema (GitHub's spec: 5 M instructions of its 0.88 G load).
    #[inline(always)]
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

fn schemas(v: &Value, at: &Path, r: &mut Reader) -> Option<Option<Vec<ReferenceOr<Schema>>>> {
    nullable(v, |v| {
        v.as_array()?
            .iter()
            .enumerate()
            .map(|(i, b)| reference_or_schema(b, &at.index(i), r))
            .collect()
    })
}

fn properties(
    v: &Value,
    at: &Path,
    r: &mut Reader,
) -> Option<Option<IndexMap<String, ReferenceOr<Box<Schema>>>>> {
    nullable(v, |v| {
        v.as_object()?
            .iter()
            .map(|(name, p)| Some((name.clone(), boxed(p, &at.key(name), r)?)))
            .collect()
    })
}

fn additional(v: &Value, at: &Path, r: &mut Reader) -> Option<Option<AdditionalProperties>> {
    nullable(v, |v| match v {
        Value::Bool(b) => Some(AdditionalProperties::Any(*b)),
        Value::Object(_) => Some(AdditionalProperties::Schema(Box::new(reference_or_schema(
            v, at, r,
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
pub(super) mod tests;
