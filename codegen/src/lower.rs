//! Lowering: a loaded OpenAPI document -> the intermediate model.
//!
//! Resolves `$ref`s, names every type (components by their key, inline schemas from their
//! context), decides requiredness, constraints and usage, and rejects what it cannot
//! represent with an error naming the JSON pointer.

use crate::error::{Error, ErrorKind, Warning, ptr};
use crate::load::Loaded;
use crate::model::*;
use crate::names::{self, Namespace};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, MediaType, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the model. Warnings report documented fallbacks.
pub fn lower(loaded: &Loaded) -> Result<(Api, Vec<Warning>), Error> {
    let mut cx = Cx {
        file: &loaded.file,
        doc: &loaded.doc,
        types: BTreeMap::new(),
        component_names: BTreeMap::new(),
        type_ns: Namespace::default(),
        warnings: Vec::new(),
        in_progress: BTreeSet::new(),
        inline_cache: BTreeMap::new(),
        all_of_stack: Vec::new(),
    };
    cx.type_ns.reserve(&["Client", "Error"]);
    cx.name_components()?;
    let component_keys: Vec<String> = cx.component_names.keys().cloned().collect();
    for key in component_keys {
        cx.component_type(&key)?;
    }
    let operations = cx.operations()?;
    let servers = cx.servers();
    let mut types: Vec<TypeDef> = std::mem::take(&mut cx.types).into_values().collect();
    mark_usage(&mut types, &operations);
    box_recursive_fields(&mut types);
    let api = Api {
        title: loaded.doc.info.title.clone(),
        version: loaded.doc.info.version.clone(),
        description: loaded.doc.info.description.clone(),
        servers,
        types,
        operations,
    };
    Ok((api, cx.warnings))
}

struct Cx<'a> {
    file: &'a str,
    doc: &'a OpenAPI,
    /// Finished types by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Component schema key -> Rust type name.
    component_names: BTreeMap<String, String>,
    type_ns: Namespace,
    warnings: Vec<Warning>,
    /// Component keys being lowered (recursion guard).
    in_progress: BTreeSet<String>,
    /// Inline schemas already turned into named types, by their JSON text: identical inline
    /// schemas (common in large specs) share one type.
    inline_cache: BTreeMap<String, String>,
    /// Schemas whose allOf is being merged (cycle guard).
    all_of_stack: Vec<String>,
}

/// A schema or a reference to one, whatever box it comes in.
#[derive(Clone, Copy)]
enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

fn view<S: std::borrow::Borrow<Schema>>(r: &ReferenceOr<S>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Inline(s.borrow()),
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Cx<'a> {
    fn err(&self, kind: ErrorKind, pointer: &str, msg: impl Into<String>) -> Error {
        Error::at(kind, self.file, pointer, msg)
    }

    fn warn(&mut self, pointer: &str, msg: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: msg.into(),
        });
    }

    fn claim_type_name(&mut self, wanted: &str, pointer: &str) -> String {
        let (name, clash) = self.type_ns.claim(wanted, pointer);
        if let Some(first) = clash {
            self.warn(
                pointer,
                format!(
                    "type name `{wanted}` is already used by #{first}; this one is named `{name}`"
                ),
            );
        }
        name
    }

    /// Names all component schemas first (sorted by key), so references resolve to stable names.
    fn name_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.components else {
            return Ok(());
        };
        let keys: BTreeSet<&String> = components.schemas.keys().collect();
        for key in keys {
            let pointer = ptr("/components/schemas", &[key]);
            let name = self.claim_type_name(&names::type_name(key), &pointer);
            self.component_names.insert(key.clone(), name);
        }
        Ok(())
    }

    fn component_schema(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref()?.schemas.get(key)
    }

    /// Resolves a schema reference to the component key, or errors naming `at`.
    fn ref_key<'r>(&self, reference: &'r str, at: &str) -> Result<&'r str, Error> {
        let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return Err(self.err(
                ErrorKind::Unsupported,
                at,
                format!(
                    "`$ref: {reference}` is not supported: only local references to #/components/schemas/ are"
                ),
            ));
        };
        if key.contains('/') || self.component_schema(key).is_none() {
            return Err(self.err(
                ErrorKind::DanglingRef,
                at,
                format!("`$ref: {reference}` points to nothing in this document"),
            ));
        }
        Ok(key)
    }

    /// Follows `$ref` chains to an inline schema. Errors on dangling refs and pure cycles.
    fn deref_schema(&self, r: SchemaRef<'a>, at: &str) -> Result<(&'a Schema, String), Error> {
        let mut current = r;
        let mut pointer = at.to_owned();
        let mut seen = BTreeSet::new();
        loop {
            match current {
                SchemaRef::Inline(s) => return Ok((s, pointer)),
                SchemaRef::Ref(reference) => {
                    let key = self.ref_key(reference, &pointer)?;
                    if !seen.insert(key.to_owned()) {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            at,
                            format!("`$ref: {reference}` is part of a reference cycle with no schema in it"),
                        ));
                    }
                    pointer = ptr("/components/schemas", &[key]);
                    // Safe: ref_key checked it exists.
                    let Some(next) = self.component_schema(key) else {
                        return Err(self.err(ErrorKind::DanglingRef, at, "dangling reference"));
                    };
                    current = view(next);
                }
            }
        }
    }

    fn component_type(&mut self, key: &str) -> Result<String, Error> {
        let name = self.component_names[key].clone();
        if self.types.contains_key(&name) || self.in_progress.contains(key) {
            return Ok(name);
        }
        self.in_progress.insert(key.to_owned());
        let pointer = ptr("/components/schemas", &[key]);
        let Some(schema_ref) = self.component_schema(key) else {
            return Err(self.err(ErrorKind::DanglingRef, &pointer, "missing schema"));
        };
        let def = match view(schema_ref) {
            SchemaRef::Ref(reference) => {
                let target = self.ref_key(reference, &pointer)?.to_owned();
                let target_name = self.component_type(&target)?;
                TypeDef {
                    name: name.clone(),
                    pointer: pointer.clone(),
                    docs: None,
                    kind: TypeKind::Alias(TypeRef::Named(target_name)),
                    in_request: false,
                    in_response: false,
                }
            }
            SchemaRef::Inline(schema) => self.named_type(&name, schema, &pointer)?,
        };
        self.in_progress.remove(key);
        self.types.insert(name.clone(), def);
        Ok(name)
    }

    /// Builds a named type definition from a schema.
    fn named_type(
        &mut self,
        name: &str,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeDef, Error> {
        let docs = schema_docs(schema);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => self.struct_kind(
                name,
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                pointer,
            )?,
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| serde_json::Value::String(v.clone()))
                    .collect::<Vec<_>>();
                enum_kind(EnumRepr::String, &values)
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| serde_json::Value::from(*v))
                    .collect::<Vec<_>>();
                enum_kind(EnumRepr::Integer, &values)
            }
            SchemaKind::OneOf { one_of } => {
                self.union_kind(name, one_of, schema, pointer, "oneOf")?
            }
            SchemaKind::AnyOf { any_of } => {
                self.union_kind(name, any_of, schema, pointer, "anyOf")?
            }
            SchemaKind::AllOf { all_of } => self.all_of_kind(name, all_of, pointer)?,
            SchemaKind::Any(any) => self.any_kind(name, any, schema, pointer)?,
            _ => TypeKind::Alias(self.type_ref(schema, name, pointer)?),
        };
        Ok(TypeDef {
            name: name.to_owned(),
            pointer: pointer.to_owned(),
            docs,
            kind,
            in_request: false,
            in_response: false,
        })
    }

    fn any_kind(
        &mut self,
        name: &str,
        any: &'a AnySchema,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if !any.one_of.is_empty() {
            return self.union_kind(name, &any.one_of, schema, pointer, "oneOf");
        }
        if !any.any_of.is_empty() {
            return self.union_kind(name, &any.any_of, schema, pointer, "anyOf");
        }
        if !any.all_of.is_empty() {
            return self.all_of_kind(name, &any.all_of, pointer);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.struct_kind(
                name,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
            );
        }
        Ok(TypeKind::Alias(self.type_ref(schema, name, pointer)?))
    }

    fn struct_kind(
        &mut self,
        name: &str,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let mut fields = Vec::with_capacity(properties.len());
        let mut ns = Namespace::default();
        if additional.is_some() {
            ns.reserve(&["additional_properties"]);
        }
        for (wire, prop) in properties {
            let fp = ptr(pointer, &["properties", wire]);
            let (rust_name, clash) = ns.claim(&names::snake(wire), &fp);
            if let Some(first) = clash {
                self.warn(
                    &fp,
                    format!(
                        "field name collides with #{first} after conversion; named `{rust_name}`"
                    ),
                );
            }
            let context = format!("{name}{}", names::camel(wire));
            let (ty, meta) = match view(prop) {
                SchemaRef::Ref(reference) => {
                    let key = self.ref_key(reference, &fp)?.to_owned();
                    let target = self.component_type(&key)?;
                    let (resolved, _) = self.deref_schema(view(prop), &fp)?;
                    (
                        TypeRef::Named(target),
                        FieldMeta::from_schema(resolved, false),
                    )
                }
                SchemaRef::Inline(s) => (
                    self.type_ref(s, &context, &fp)?,
                    FieldMeta::from_schema(s, true),
                ),
            };
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                pointer: fp,
                ty,
                required: required.iter().any(|r| r == wire),
                nullable: meta.nullable,
                docs: meta.docs,
                default: meta.default,
                constraints: meta.constraints,
                flatten: false,
            });
        }
        for r in required {
            if !properties.contains_key(r) {
                self.warn(
                    &ptr(pointer, &["required"]),
                    format!("`{r}` is required but not among the properties; it is not generated"),
                );
            }
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(s)) => {
                let ap = ptr(pointer, &["additionalProperties"]);
                Some(self.schema_ref_type(view(s.as_ref()), &format!("{name}Value"), &ap)?)
            }
        };
        Ok(TypeKind::Struct { fields, additional })
    }

    fn union_kind(
        &mut self,
        name: &str,
        alternatives: &'a [ReferenceOr<Schema>],
        schema: &'a Schema,
        pointer: &str,
        keyword: &str,
    ) -> Result<TypeKind, Error> {
        let mut variants = Vec::new();
        let mut ns = Namespace::default();
        ns.reserve(&["Other"]);
        let discriminator = schema.schema_data.discriminator.as_ref();
        for (i, alt) in alternatives.iter().enumerate() {
            let ap = ptr(pointer, &[keyword, &i.to_string()]);
            let (wanted, ty, tags) = match view(alt) {
                SchemaRef::Ref(reference) => {
                    let key = self.ref_key(reference, &ap)?.to_owned();
                    let target = self.component_type(&key)?;
                    let mut tags: Vec<String> = discriminator
                        .map(|d| {
                            d.mapping
                                .iter()
                                .filter(|(_, r)| r.as_str() == reference)
                                .map(|(v, _)| v.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    if tags.is_empty() && discriminator.is_some() {
                        tags.push(key.clone());
                    }
                    (target.clone(), TypeRef::Named(target), tags)
                }
                SchemaRef::Inline(s) => {
                    let ty = self.type_ref(s, &format!("{name}Variant{i}"), &ap)?;
                    (variant_name_for(&ty, i), ty, Vec::new())
                }
            };
            let (rust_name, _) = ns.claim(&names::camel(&wanted), &ap);
            variants.push(UnionVariant {
                rust_name,
                tags,
                ty,
            });
        }
        if variants.is_empty() {
            return Err(self.err(
                ErrorKind::InvalidDocument,
                pointer,
                format!("`{keyword}` is empty"),
            ));
        }
        let discriminator = match discriminator {
            Some(d)
                if variants
                    .iter()
                    .all(|v| !v.tags.is_empty() && matches!(v.ty, TypeRef::Named(_))) =>
            {
                Some(d.property_name.clone())
            }
            Some(_) => {
                self.warn(
                    pointer,
                    "discriminator ignored: not every alternative is a $ref; decoding is untagged",
                );
                None
            }
            None => None,
        };
        Ok(TypeKind::Union {
            variants,
            discriminator,
        })
    }

    fn all_of_kind(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        // An allOf that reaches itself through its parts has no finite merge.
        if self.all_of_stack.iter().any(|p| p == pointer) {
            return Err(self.err(
                ErrorKind::Unsupported,
                pointer,
                "allOf refers back to itself through its parts (a reference cycle with nothing to merge)",
            ));
        }
        self.all_of_stack.push(pointer.to_owned());
        let result = self.all_of_kind_inner(name, parts, pointer);
        self.all_of_stack.pop();
        result
    }

    fn all_of_kind_inner(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if parts.len() == 1 {
            let ap = ptr(pointer, &["allOf", "0"]);
            return Ok(TypeKind::Alias(self.schema_ref_type(
                view(&parts[0]),
                name,
                &ap,
            )?));
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut additional = None;
        for (i, part) in parts.iter().enumerate() {
            let ap = ptr(pointer, &["allOf", &i.to_string()]);
            let (schema, sp) = self.deref_schema(view(part), &ap)?;
            let kind = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => self.struct_kind(
                    name,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    &sp,
                )?,
                SchemaKind::AllOf { all_of } => self.all_of_kind(name, all_of, &sp)?,
                SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                    if !any.all_of.is_empty() {
                        self.all_of_kind(name, &any.all_of, &sp)?
                    } else {
                        self.struct_kind(
                            name,
                            &any.properties,
                            &any.required,
                            any.additional_properties.as_ref(),
                            &sp,
                        )?
                    }
                }
                _ => {
                    // A union, enum or other named part: flattened into the struct.
                    let ty = self.schema_ref_type(view(part), &format!("{name}Part{i}"), &ap)?;
                    if matches!(ty, TypeRef::Named(_)) {
                        let base = match &ty {
                            TypeRef::Named(n) => names::snake(n),
                            _ => format!("part_{i}"),
                        };
                        fields.push(Field {
                            wire_name: base.clone(),
                            rust_name: base,
                            pointer: ap.clone(),
                            ty,
                            required: true,
                            nullable: false,
                            docs: Some(format!(
                                "The `allOf` part #{i}, flattened into this object."
                            )),
                            default: None,
                            constraints: Constraints::default(),
                            flatten: true,
                        });
                    } else {
                        self.warn(&ap, "allOf part that is neither an object nor a reference is not represented; its members are ignored");
                    }
                    continue;
                }
            };
            match kind {
                TypeKind::Struct {
                    fields: part_fields,
                    additional: a,
                } => {
                    for f in part_fields {
                        if let Some(existing) =
                            fields.iter_mut().find(|e| e.wire_name == f.wire_name)
                        {
                            existing.required |= f.required;
                        } else {
                            fields.push(f);
                        }
                    }
                    additional = additional.or(a);
                }
                TypeKind::Alias(_) => {}
                _ => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &ap,
                        "allOf is supported only when every part is an object schema",
                    ));
                }
            }
        }
        // Field names must stay unique after merging.
        let mut ns = Namespace::default();
        for f in &mut fields {
            let (n, _) = ns.claim(&f.rust_name, &f.pointer);
            f.rust_name = n;
        }
        Ok(TypeKind::Struct { fields, additional })
    }

    fn schema_ref_type(
        &mut self,
        r: SchemaRef<'a>,
        context: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        match r {
            SchemaRef::Ref(reference) => {
                let key = self.ref_key(reference, pointer)?.to_owned();
                Ok(TypeRef::Named(self.component_type(&key)?))
            }
            SchemaRef::Inline(s) => self.type_ref(s, context, pointer),
        }
    }

    /// The type of an array item or map value: `Option<T>` when its schema (after `$ref`s)
    /// is `nullable`, so that `null` elements decode instead of failing the whole value.
    fn element_type(
        &mut self,
        r: SchemaRef<'a>,
        context: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        let ty = self.schema_ref_type(r, context, pointer)?;
        let nullable = self
            .deref_schema(r, pointer)
            .is_ok_and(|(s, _)| s.schema_data.nullable);
        Ok(if nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        })
    }

    /// The type of an inline schema; inline objects, enums and unions become named types
    /// called `context`.
    fn type_ref(
        &mut self,
        schema: &'a Schema,
        context: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        let needs_named = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
            SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::AllOf { all_of } => all_of.len() > 1,
            SchemaKind::Any(a) => {
                !a.properties.is_empty()
                    || !a.one_of.is_empty()
                    || !a.any_of.is_empty()
                    || a.all_of.len() > 1
            }
            _ => false,
        };
        if needs_named {
            let key = structural_key(schema);
            if let Some(existing) = key.as_ref().and_then(|k| self.inline_cache.get(k)) {
                return Ok(TypeRef::Named(existing.clone()));
            }
            let name = self.claim_type_name(&names::type_name(context), pointer);
            if let Some(k) = key {
                self.inline_cache.insert(k, name.clone());
            }
            let def = self.named_type(&name, schema, pointer)?;
            self.types.insert(name.clone(), def);
            return Ok(TypeRef::Named(name));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(s)) => {
                    let ap = ptr(pointer, &["additionalProperties"]);
                    TypeRef::Map(Box::new(self.element_type(
                        view(s.as_ref()),
                        &format!("{context}Value"),
                        &ap,
                    )?))
                }
                _ => TypeRef::Json,
            },
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let ip = ptr(pointer, &["items"]);
                    TypeRef::Array(Box::new(self.element_type(
                        view(items),
                        &format!("{context}Item"),
                        &ip,
                    )?))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::AllOf { all_of } => {
                let ap = ptr(pointer, &["allOf", "0"]);
                match all_of.first() {
                    Some(first) => self.schema_ref_type(view(first), context, &ap)?,
                    None => TypeRef::Json,
                }
            }
            SchemaKind::Not { .. } => {
                return Err(self.err(
                    ErrorKind::Unsupported,
                    pointer,
                    "`not` schemas are not supported",
                ));
            }
            SchemaKind::Any(a) => {
                if a.not.is_some() {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        pointer,
                        "`not` schemas are not supported",
                    ));
                }
                if let Some(first) = a.all_of.first() {
                    let ap = ptr(pointer, &["allOf", "0"]);
                    self.schema_ref_type(view(first), context, &ap)?
                } else if let Some(items) = &a.items {
                    let ip = ptr(pointer, &["items"]);
                    TypeRef::Array(Box::new(self.element_type(
                        view(items),
                        &format!("{context}Item"),
                        &ip,
                    )?))
                } else {
                    match a.typ.as_deref() {
                        Some("string") => TypeRef::String,
                        Some("integer") => TypeRef::I64,
                        Some("number") => TypeRef::F64,
                        Some("boolean") => TypeRef::Bool,
                        _ => TypeRef::Json,
                    }
                }
            }
            // Handled above by `needs_named`.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => TypeRef::Json,
        })
    }

    fn servers(&self) -> Vec<Server> {
        self.doc
            .servers
            .iter()
            .map(|s| {
                let mut variables: Vec<ServerVariable> = s
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, v)| ServerVariable {
                        name: name.clone(),
                        default: v.default.clone(),
                        allowed: v.enumeration.clone(),
                        description: v.description.clone(),
                    })
                    .collect();
                variables.sort_by(|a, b| a.name.cmp(&b.name));
                Server {
                    url: s.url.clone(),
                    description: s.description.clone(),
                    variables,
                }
            })
            .collect()
    }

    fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut ops = Vec::new();
        let mut by_id: BTreeMap<String, String> = BTreeMap::new();
        let mut method_ns = Namespace::default();
        method_ns.reserve(&["new", "builder", "with_core", "core"]);
        // Builder names come from method names, but two of those can give one name in
        // UpperCamelCase (`foo_2`, `foo2`), and a prelude name gets a suffix.
        let mut builder_ns = Namespace::default();
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> =
            self.doc.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, item) in paths {
            let item_ptr = ptr("/paths", &[path]);
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { reference } => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &item_ptr,
                        format!("path item `$ref: {reference}` is not supported"),
                    ));
                }
            };
            for (method, op) in item.iter() {
                let op_ptr = ptr(&item_ptr, &[method]);
                if let Some(id) = &op.operation_id
                    && let Some(first) = by_id.insert(id.clone(), op_ptr.clone())
                {
                    return Err(self.err(
                        ErrorKind::Conflict,
                        &op_ptr,
                        format!("duplicate operationId `{id}` (also used at #{first})"),
                    ));
                }
                let base = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => format!("{method} {path}"),
                };
                let (method_name, clash) = method_ns.claim(&names::snake(&base), &op_ptr);
                if let Some(first) = clash {
                    self.warn(
                        &op_ptr,
                        format!("method name collides with #{first}; named `{method_name}`"),
                    );
                }
                let (builder_name, _) =
                    builder_ns.claim(&names::builder_name(&method_name), &op_ptr);
                ops.push(self.operation(
                    op,
                    &item.parameters,
                    path,
                    method,
                    &op_ptr,
                    method_name,
                    builder_name,
                )?);
            }
        }
        Ok(ops)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        op: &'a openapiv3::Operation,
        path_params: &'a [ReferenceOr<Parameter>],
        path: &str,
        method: &str,
        op_ptr: &str,
        method_name: String,
        builder_name: String,
    ) -> Result<Operation, Error> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<(&Parameter, String)> = Vec::new();
        for (list, base) in [
            (path_params, ptr("/paths", &[path, "parameters"])),
            (&op.parameters[..], ptr(op_ptr, &["parameters"])),
        ] {
            for (i, p) in list.iter().enumerate() {
                let pp = ptr(&base, &[&i.to_string()]);
                let (param, pp) = self.resolve_param(p, &pp)?;
                let key = (param.parameter_data_ref().name.clone(), location_of(param));
                merged
                    .retain(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
                merged.push((param, pp));
            }
        }
        let mut params = Vec::new();
        let mut ns = Namespace::default();
        ns.reserve(&[
            "body", "client", "send", "new", "core", "invalid", "request", "raw", "value", "path",
        ]);
        for (param, pp) in merged {
            let data = param.parameter_data_ref();
            let mut query_style = QueryStyle::Form;
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { style, .. } => {
                    query_style = match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    (ParamLocation::Query, data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &pp,
                        "cookie parameters are not supported",
                    ));
                }
            };
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &pp,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`",
                        data.name
                    ),
                ));
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &pp,
                        "parameters with `content` are not supported (use `schema`)",
                    ));
                }
            };
            let sp = ptr(&pp, &["schema"]);
            let context = format!("{builder_name}{}", names::camel(&data.name));
            let ty = self.schema_ref_type(view(schema), &context, &sp)?;
            let (resolved, _) = self.deref_schema(view(schema), &sp)?;
            let meta = FieldMeta::from_schema(resolved, true);
            let (rust_name, _) = ns.claim(&names::snake(&data.name), &pp);
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name,
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs: data.description.clone().or(meta.docs),
                constraints: meta.constraints,
                explode,
                style: query_style,
                example: data.example.clone(),
            });
        }
        for name in template_params(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    op_ptr,
                    format!(
                        "path template `{path}` uses `{{{name}}}` but no path parameter declares it"
                    ),
                ));
            }
        }
        let order = template_params(path);
        params.sort_by_key(|p| {
            let pos = order
                .iter()
                .position(|n| *n == p.wire_name)
                .unwrap_or(usize::MAX);
            (p.location, pos, p.wire_name.clone())
        });

        let body = match &op.request_body {
            None => None,
            Some(rb) => self.request_body(rb, &ptr(op_ptr, &["requestBody"]), &builder_name)?,
        };
        let success = self.success(op, op_ptr, &builder_name)?;
        let security = self.security(op, op_ptr)?;
        let docs = join_docs(op.summary.as_deref(), op.description.as_deref());
        Ok(Operation {
            operation_id: op.operation_id.clone(),
            method_name,
            builder_name,
            pointer: op_ptr.to_owned(),
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs,
            deprecated: op.deprecated,
            params,
            body,
            success,
            security,
        })
    }

    fn resolve_param(
        &self,
        p: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Result<(&'a Parameter, String), Error> {
        match p {
            ReferenceOr::Item(i) => Ok((i, at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/parameters/");
                let found = key.and_then(|k| self.doc.components.as_ref()?.parameters.get(k));
                match (key, found) {
                    (Some(k), Some(ReferenceOr::Item(i))) => {
                        Ok((i, ptr("/components/parameters", &[k])))
                    }
                    (Some(k), Some(r @ ReferenceOr::Reference { .. })) => {
                        self.resolve_param(r, &ptr("/components/parameters", &[k]))
                    }
                    _ => Err(self.err(
                        ErrorKind::DanglingRef,
                        at,
                        format!("`$ref: {reference}` points to nothing in this document"),
                    )),
                }
            }
        }
    }

    fn request_body(
        &mut self,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        builder_name: &str,
    ) -> Result<Option<RequestBody>, Error> {
        let (rb, rp) = match rb {
            ReferenceOr::Item(i) => (i, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/requestBodies/");
                match key.and_then(|k| {
                    self.doc
                        .components
                        .as_ref()?
                        .request_bodies
                        .get(k)
                        .map(|v| (k, v))
                }) {
                    Some((k, ReferenceOr::Item(i))) => (i, ptr("/components/requestBodies", &[k])),
                    _ => {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            at,
                            format!("`$ref: {reference}` points to nothing in this document"),
                        ));
                    }
                }
            }
        };
        let Some((media_type, kind, media)) = pick_media(&rb.content) else {
            if rb.content.is_empty() {
                return Ok(None);
            }
            let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            return Err(self.err(
                ErrorKind::Unsupported,
                &ptr(&rp, &["content"]),
                format!("request body media type(s) {types:?} are not supported"),
            ));
        };
        for other in rb.content.keys().filter(|k| *k != media_type) {
            self.warn(
                &ptr(&rp, &["content", other]),
                format!(
                    "request body media type `{other}` is not generated; `{media_type}` is used"
                ),
            );
        }
        let mp = ptr(&rp, &["content", media_type]);
        let ty = match (&media.schema, kind) {
            (_, BodyKind::Binary | BodyKind::Multipart) => TypeRef::Bytes,
            (_, BodyKind::Text) => TypeRef::String,
            (Some(s), _) => self.schema_ref_type(
                view(s),
                &format!("{builder_name}Body"),
                &ptr(&mp, &["schema"]),
            )?,
            (None, _) => TypeRef::Json,
        };
        let example = media
            .examples
            .values()
            .find_map(|e| match e {
                ReferenceOr::Item(ex) => ex.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
            .or_else(|| media.example.clone());
        Ok(Some(RequestBody {
            media_type: media_type.to_owned(),
            kind,
            ty,
            required: rb.required,
            example,
        }))
    }

    fn success(
        &mut self,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        builder_name: &str,
    ) -> Result<SuccessResponse, Error> {
        let mut statuses = Vec::new();
        let mut ty: Option<TypeRef> = None;
        for (code, resp) in &op.responses.responses {
            let code_str = code.to_string();
            if !code_str.starts_with('2') {
                continue;
            }
            statuses.push(code_str.clone());
            let rp = ptr(op_ptr, &["responses", &code_str]);
            let resp = self.resolve_response(resp, &rp)?;
            let json = resp
                .content
                .iter()
                .find(|(k, _)| is_json(k))
                .map(|(k, m)| (k.clone(), m));
            let Some((mt, media)) = json else { continue };
            let this = match &media.schema {
                Some(s) => self.schema_ref_type(
                    view(s),
                    &format!("{builder_name}Response"),
                    &ptr(&rp, &["content", &mt, "schema"]),
                )?,
                None => TypeRef::Json,
            };
            match &ty {
                None => ty = Some(this),
                Some(prev) if *prev == this => {}
                Some(_) => {
                    self.warn(&rp, "success responses have different body types; the body is decoded as a JSON value");
                    ty = Some(TypeRef::Json);
                }
            }
        }
        Ok(SuccessResponse { statuses, ty })
    }

    fn resolve_response(
        &self,
        r: &'a ReferenceOr<openapiv3::Response>,
        at: &str,
    ) -> Result<&'a openapiv3::Response, Error> {
        match r {
            ReferenceOr::Item(i) => Ok(i),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/");
                match key.and_then(|k| self.doc.components.as_ref()?.responses.get(k)) {
                    Some(ReferenceOr::Item(i)) => Ok(i),
                    _ => Err(self.err(
                        ErrorKind::DanglingRef,
                        at,
                        format!("`$ref: {reference}` points to nothing in this document"),
                    )),
                }
            }
        }
    }

    fn security(
        &mut self,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
    ) -> Result<Vec<SecurityScheme>, Error> {
        let reqs = op.security.as_ref().or(self.doc.security.as_ref());
        let mut out = Vec::new();
        for req in reqs.into_iter().flatten() {
            for name in req.keys() {
                let scheme = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.security_schemes.get(name));
                let scheme = match scheme {
                    Some(ReferenceOr::Item(s)) => s,
                    _ => {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            &ptr(op_ptr, &["security"]),
                            format!("security scheme `{name}` is not defined in #/components/securitySchemes"),
                        ));
                    }
                };
                let s = match scheme {
                    openapiv3::SecurityScheme::APIKey {
                        location: openapiv3::APIKeyLocation::Header,
                        name,
                        ..
                    } => SecurityScheme::ApiKeyHeader(name.clone()),
                    openapiv3::SecurityScheme::HTTP { scheme, .. }
                        if scheme.eq_ignore_ascii_case("bearer") =>
                    {
                        SecurityScheme::Bearer
                    }
                    _ => SecurityScheme::Other(name.clone()),
                };
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }
}

/// The JSON of a schema without its prose (`description`, `title`, `example`, ...), so
/// inline schemas that differ only in wording share one generated type.
fn structural_key(schema: &Schema) -> Option<String> {
    use serde_json::Value;
    fn strip_schema(v: &mut Value) {
        let Value::Object(map) = v else { return };
        for k in [
            "description",
            "title",
            "example",
            "examples",
            "externalDocs",
        ] {
            map.remove(k);
        }
        for (k, child) in map.iter_mut() {
            match (k.as_str(), child) {
                ("properties", Value::Object(props)) => props.values_mut().for_each(strip_schema),
                ("items" | "additionalProperties" | "not", c) => strip_schema(c),
                ("allOf" | "oneOf" | "anyOf", Value::Array(parts)) => {
                    parts.iter_mut().for_each(strip_schema)
                }
                _ => {}
            }
        }
    }
    let mut v = serde_json::to_value(schema).ok()?;
    strip_schema(&mut v);
    serde_json::to_string(&v).ok()
}

/// Field-level facts read from a property schema.
struct FieldMeta {
    nullable: bool,
    docs: Option<String>,
    default: Option<serde_json::Value>,
    constraints: Constraints,
}

impl FieldMeta {
    fn from_schema(s: &Schema, with_docs: bool) -> Self {
        let mut c = Constraints::default();
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                c.min_length = t.min_length.filter(|n| *n > 0);
                c.max_length = t.max_length;
                c.pattern = t.pattern.clone();
                c.uuid = matches!(&t.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid");
            }
            SchemaKind::Type(Type::Integer(t)) => {
                c.minimum = t.minimum.map(|v| v as f64);
                c.maximum = t.maximum.map(|v| v as f64);
                c.exclusive_minimum = t.exclusive_minimum;
                c.exclusive_maximum = t.exclusive_maximum;
            }
            SchemaKind::Type(Type::Number(t)) => {
                c.minimum = t.minimum;
                c.maximum = t.maximum;
                c.exclusive_minimum = t.exclusive_minimum;
                c.exclusive_maximum = t.exclusive_maximum;
            }
            SchemaKind::Type(Type::Array(t)) => {
                c.min_items = t.min_items.filter(|n| *n > 0);
                c.max_items = t.max_items;
            }
            _ => {}
        }
        FieldMeta {
            nullable: s.schema_data.nullable,
            docs: if with_docs {
                schema_docs(s)
            } else {
                s.schema_data.description.clone()
            },
            default: s.schema_data.default.clone(),
            constraints: c,
        }
    }
}

fn schema_docs(s: &Schema) -> Option<String> {
    join_docs(
        s.schema_data.title.as_deref(),
        s.schema_data.description.as_deref(),
    )
}

fn join_docs(a: Option<&str>, b: Option<&str>) -> Option<String> {
    let a = a.map(str::trim).filter(|s| !s.is_empty());
    let b = b.map(str::trim).filter(|s| !s.is_empty());
    match (a, b) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
        (Some(a), _) => Some(a.to_owned()),
        (None, Some(b)) => Some(b.to_owned()),
        (None, None) => None,
    }
}

fn enum_kind(repr: EnumRepr, values: &[serde_json::Value]) -> TypeKind {
    let mut ns = Namespace::default();
    ns.reserve(&["Unknown"]);
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for v in values {
        if !seen.insert(v.to_string()) {
            continue;
        }
        let label = match v {
            serde_json::Value::String(s) => s.clone(),
            other => format!("V{other}"),
        };
        let (rust_name, _) = ns.claim(&names::camel(&label), &label);
        variants.push(EnumVariant {
            rust_name,
            value: v.clone(),
        });
    }
    TypeKind::Enum { repr, variants }
}

fn variant_name_for(ty: &TypeRef, i: usize) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Named(n) => n.clone(),
        _ => format!("Variant{i}"),
    }
}

fn location_of(p: &Parameter) -> u8 {
    match p {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// The `{name}` placeholders of a path template, in order.
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

fn is_json(media_type: &str) -> bool {
    let base = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base == "application/json" || base.ends_with("+json") || base == "*/*"
}

fn pick_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, BodyKind, &MediaType)> {
    let classify = |k: &str| -> Option<BodyKind> {
        let base = k
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if is_json(k) {
            Some(BodyKind::Json)
        } else if base == "application/x-www-form-urlencoded" {
            Some(BodyKind::Form)
        } else if base.starts_with("text/") {
            Some(BodyKind::Text)
        } else if base == "multipart/form-data" {
            Some(BodyKind::Multipart)
        } else {
            // Any other media type is sent as raw bytes with its content type.
            Some(BodyKind::Binary)
        }
    };
    for want in [
        BodyKind::Json,
        BodyKind::Form,
        BodyKind::Multipart,
        BodyKind::Text,
        BodyKind::Binary,
    ] {
        if let Some((k, m)) = content.iter().find(|(k, _)| classify(k) == Some(want)) {
            return Some((k.as_str(), want, m));
        }
    }
    None
}

/// Marks which types are reachable from requests and from responses.
fn mark_usage(types: &mut [TypeDef], ops: &[Operation]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut req = Vec::new();
    let mut resp = Vec::new();
    for op in ops {
        for p in &op.params {
            collect_named(&p.ty, &mut req);
        }
        if let Some(b) = &op.body {
            collect_named(&b.ty, &mut req);
        }
        if let Some(t) = &op.success.ty {
            collect_named(t, &mut resp);
        }
    }
    for (roots, is_req) in [(req, true), (resp, false)] {
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(&name) else { continue };
            let flag = if is_req {
                &mut types[i].in_request
            } else {
                &mut types[i].in_response
            };
            if *flag {
                continue;
            }
            *flag = true;
            for r in refs_of(&types[i].kind) {
                collect_named(r, &mut stack);
            }
        }
    }
}

fn refs_of(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields, additional } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.iter())
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum { .. } => vec![],
    }
}

fn collect_named(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Nullable(i) => {
            collect_named(i, out)
        }
        _ => {}
    }
}

/// Direct (unboxed, not behind Vec/Map) named references of a type.
fn direct_refs(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    for r in refs_of(kind) {
        if let TypeRef::Named(n) = r {
            out.push(n.clone());
        }
    }
    out
}

/// Boxes every direct field or variant reference that can reach its own type again.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let graph: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), direct_refs(&t.kind)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(next) = graph.get(&n) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let own = t.name.clone();
        let fix = |ty: &mut TypeRef| {
            if let TypeRef::Named(n) = ty
                && reaches(n, &own)
            {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        };
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| fix(&mut v.ty)),
            TypeKind::Alias(ty) => fix(ty),
            TypeKind::Enum { .. } => {}
        }
    }
}
