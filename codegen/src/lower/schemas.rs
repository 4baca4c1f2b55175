//! Schemas: each component schema, and each inline schema that needs a name (objects,
//! enums, unions), becomes a named [`TypeDef`]; other inline schemas become a [`TypeRef`].

use super::*;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ObjectType, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

impl<'a> Cx<'a> {
    pub(super) fn component_type(&mut self, key: &str) -> Result<String, Error> {
        let name = self.component_names[key].clone();
        // Deep in the walk, a component is only named: `lower` lowers every component.
        if self.types.contains_key(&name)
            || self.in_progress.contains(key)
            || self.depth >= DEFER_DEPTH
        {
            return Ok(name);
        }
        let outer_base = std::mem::replace(&mut self.component_base, self.depth);
        self.depth += 1;
        let result = self.lower_component(key, name);
        self.depth -= 1;
        self.component_base = outer_base;
        result
    }

    fn lower_component(&mut self, key: &str, name: String) -> Result<String, Error> {
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
                    docs: self
                        .ref_annotations
                        .get(&pointer)
                        .and_then(|a| a.docs.clone()),
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
    pub(super) fn named_type(
        &mut self,
        name: &str,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeDef, Error> {
        let docs = schema_docs(schema);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => self.object_kind(name, o, pointer)?,
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
            SchemaKind::AllOf { all_of } => self.all_of_kind(name, all_of, None, pointer)?,
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

    pub(super) fn any_kind(
        &mut self,
        name: &str,
        any: &'a AnySchema,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let structured = !any.one_of.is_empty()
            || !any.any_of.is_empty()
            || !any.all_of.is_empty()
            || !any.properties.is_empty()
            || any.typ.as_deref() == Some("object");
        // (The other schemas go through `type_ref`, which warns.)
        if structured && any.not.is_some() {
            self.warn_not(pointer);
        }
        if !any.one_of.is_empty() {
            return self.union_kind(name, &any.one_of, schema, pointer, "oneOf");
        }
        if !any.any_of.is_empty() {
            return self.union_kind(name, &any.any_of, schema, pointer, "anyOf");
        }
        if !any.all_of.is_empty() {
            return self.all_of_kind(name, &any.all_of, super::all_of::own_members(any), pointer);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.any_object_kind(name, any, pointer);
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
                    let mut meta = FieldMeta::from_schema(resolved, false);
                    // What OpenAPI 3.1 writes beside the reference describes this field.
                    if let Some(annotation) = self.ref_annotations.get(&fp) {
                        if annotation.docs.is_some() {
                            meta.docs = annotation.docs.clone();
                        }
                        if annotation.default.is_some() {
                            meta.default = annotation.default.clone();
                        }
                    }
                    (TypeRef::Named(target), meta)
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

    pub(super) fn union_kind(
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

    /// A struct from the members of an object schema.
    pub(super) fn object_kind(
        &mut self,
        name: &str,
        o: &'a ObjectType,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let additional = o.additional_properties.as_ref();
        self.struct_kind(name, &o.properties, &o.required, additional, pointer)
    }

    /// A struct from the object members of a schema without a single `type`.
    pub(super) fn any_object_kind(
        &mut self,
        name: &str,
        any: &'a AnySchema,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let additional = any.additional_properties.as_ref();
        self.struct_kind(name, &any.properties, &any.required, additional, pointer)
    }

    pub(super) fn schema_ref_type(
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
    pub(super) fn element_type(
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
    /// `not` is not checked on the wire: the schema is generated as if it were absent.
    fn warn_not(&mut self, pointer: &str) {
        self.warn(
            &ptr(pointer, &["not"]),
            "`not` is ignored: the schema is generated as if it were absent",
        );
    }

    pub(super) fn type_ref(
        &mut self,
        schema: &'a Schema,
        context: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        self.nested(pointer, |cx| cx.inline_type_ref(schema, context, pointer))
    }

    fn inline_type_ref(
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
            // Every inline schema is named after its own place, whatever else the document
            // holds. Identical ones share one definition: the first met has it, and the
            // others are aliases of it, so adding a schema never renames an existing type.
            let name = self.claim_type_name(&names::type_name(context), pointer);
            let key = structural_key(schema);
            if let Some(first) = key.as_ref().and_then(|k| self.inline_cache.get(k)).cloned() {
                // Lowered for its names only: the shapes nested in it are met again too, and
                // each becomes an alias under its own name, so every name the first place's
                // twin has exists here as well. The definition itself is the first one.
                let _twin = self.named_type(&name, schema, pointer)?;
                let same = format!("The same schema as [`{first}`]: one definition serves both.");
                let docs = match schema_docs(schema) {
                    Some(d) => format!("{d}\n\n{same}"),
                    None => same,
                };
                self.types.insert(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        pointer: pointer.to_owned(),
                        docs: Some(docs),
                        kind: TypeKind::Alias(TypeRef::Named(first)),
                        in_request: false,
                        in_response: false,
                    },
                );
                return Ok(TypeRef::Named(name));
            }
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
                self.warn_not(pointer);
                TypeRef::Json
            }
            SchemaKind::Any(a) => {
                if a.not.is_some() {
                    self.warn_not(pointer);
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
pub(super) struct FieldMeta {
    pub(super) nullable: bool,
    pub(super) docs: Option<String>,
    pub(super) default: Option<serde_json::Value>,
    pub(super) constraints: Constraints,
}

impl FieldMeta {
    pub(super) fn from_schema(s: &Schema, with_docs: bool) -> Self {
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

pub(super) fn schema_docs(s: &Schema) -> Option<String> {
    join_docs(
        s.schema_data.title.as_deref(),
        s.schema_data.description.as_deref(),
    )
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

pub(crate) fn join_docs(a: Option<&str>, b: Option<&str>) -> Option<String> {
    let a = a.map(str::trim).filter(|s| !s.is_empty());
    let b = b.map(str::trim).filter(|s| !s.is_empty());
    match (a, b) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
        (Some(a), _) => Some(a.to_owned()),
        (None, Some(b)) => Some(b.to_owned()),
        (None, None) => None,
    }
}
