//! `allOf`: the parts of an `allOf` are merged into one struct (properties of object parts,
//! other named parts flattened), with a guard against parts that reach the schema again.
//! Each schema's merge is kept by its pointer, so a chain of `allOf`s is merged once per
//! link (not once per link for every schema above it).

use super::*;
use openapiv3::{AnySchema, SchemaKind, Type};

impl<'a> Cx<'a> {
    pub(super) fn all_of_kind(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if let Some(merged) = self.all_of_merged.get(pointer) {
            return Ok(merged.clone());
        }
        // An allOf that reaches itself through its parts has no finite merge.
        if let Some(start) = self.all_of_stack.iter().position(|p| p == pointer) {
            let cycle: Vec<String> = self.all_of_stack[start..]
                .iter()
                .chain([&pointer.to_owned()])
                .map(|p| format!("#{p}"))
                .collect();
            return Err(self.err(
                ErrorKind::Unsupported,
                pointer,
                format!(
                    "allOf refers back to itself through its parts, so it has no finite merge: {}",
                    cycle.join(" -> ")
                ),
            ));
        }
        self.all_of_stack.push(pointer.to_owned());
        let result = self.nested(pointer, |cx| {
            cx.all_of_kind_inner(name, parts, own, pointer)
        });
        self.all_of_stack.pop();
        let merged = result?;
        self.all_of_merged
            .insert(pointer.to_owned(), merged.clone());
        Ok(merged)
    }

    fn all_of_kind_inner(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        if parts.len() == 1 && own.is_none() {
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
                SchemaKind::Type(Type::Object(o)) => self.object_kind(name, o, &sp)?,
                SchemaKind::AllOf { all_of } => self.all_of_kind(name, all_of, None, &sp)?,
                SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                    if !any.all_of.is_empty() {
                        self.all_of_kind(name, &any.all_of, own_members(any), &sp)?
                    } else {
                        self.any_object_kind(name, any, &sp)?
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
            if !merge(&mut fields, &mut additional, kind) {
                return Err(self.err(
                    ErrorKind::Unsupported,
                    &ap,
                    "allOf is supported only when every part is an object schema",
                ));
            }
        }
        // The schema's own properties, beside its `allOf`, are one more part.
        if let Some(any) = own {
            let kind = self.any_object_kind(name, any, pointer)?;
            merge(&mut fields, &mut additional, kind);
        }
        // Field names must stay unique after merging.
        let mut ns = Namespace::default();
        for f in &mut fields {
            let (n, _) = ns.claim(&f.rust_name, &f.pointer);
            f.rust_name = n;
        }
        Ok(TypeKind::Struct { fields, additional })
    }
}

/// The schema itself as an object part of its own `allOf`, when it has properties (or
/// `additionalProperties`) beside the `allOf`.
pub(super) fn own_members(any: &AnySchema) -> Option<&AnySchema> {
    (!any.properties.is_empty() || any.additional_properties.is_some()).then_some(any)
}

/// Merges an object part into the fields so far (a property in several parts is one field,
/// required if any part requires it). `false` when the part is not an object.
fn merge(fields: &mut Vec<Field>, additional: &mut Option<TypeRef>, part: TypeKind) -> bool {
    match part {
        TypeKind::Struct {
            fields: part_fields,
            additional: a,
        } => {
            for f in part_fields {
                if let Some(existing) = fields.iter_mut().find(|e| e.wire_name == f.wire_name) {
                    existing.required |= f.required;
                } else {
                    fields.push(f);
                }
            }
            if additional.is_none() {
                *additional = a;
            }
            true
        }
        TypeKind::Alias(_) => true,
        _ => false,
    }
}
