//! Types emitter: model type definitions -> Rust items (structs, open enums, unions, aliases)
//! with serde attributes, constructors, setters and request-side validation.

use super::doc_text::has_visible_text;
use super::docs::{doc_attrs, paragraphs};
use super::ident;
use super::print::DocComments;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// Index of the model's types by name, for resolving aliases.
pub struct TypeIndex<'a>(pub BTreeMap<&'a str, &'a TypeDef>);

impl<'a> TypeIndex<'a> {
    /// Builds the index.
    pub fn new(api: &'a Api) -> Self {
        TypeIndex(api.types.iter().map(|t| (t.name.as_str(), t)).collect())
    }

    /// Follows aliases to the underlying type reference.
    pub fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut current = ty;
        for _ in 0..32 {
            match current {
                TypeRef::Named(n) => match self.0.get(n.as_str()).map(|d| &d.kind) {
                    Some(TypeKind::Alias(inner)) => current = inner,
                    _ => return current,
                },
                TypeRef::Boxed(inner) => current = inner,
                _ => return current,
            }
        }
        current
    }

    /// True when values of this type contain something with a `Validate` impl.
    pub fn validatable(&self, ty: &TypeRef) -> bool {
        self.validatable_depth(ty, 0)
    }

    fn validatable_depth(&self, ty: &TypeRef, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        match ty {
            TypeRef::Named(n) => match self.0.get(n.as_str()).map(|d| &d.kind) {
                Some(TypeKind::Struct { .. }) | Some(TypeKind::Union { .. }) => true,
                Some(TypeKind::Alias(inner)) => self.validatable_depth(inner, depth + 1),
                _ => false,
            },
            TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Nullable(i) => {
                self.validatable_depth(i, depth + 1)
            }
            _ => false,
        }
    }
}

/// The Rust type for a reference. `prefix` qualifies named types (the client's builders
/// use `super::super::types::`: relative paths, so the code works wherever the module is).
pub fn rust_type(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::hcgen_types::__private::serde_json::Value),
        TypeRef::DateTime => quote!(::hcgen_types::Timestamp),
        TypeRef::Date => quote!(::hcgen_types::Date),
        // Binary inside JSON documents travels as a string.
        TypeRef::Bytes => quote!(String),
        TypeRef::Named(n) => {
            let id = format_ident!("{}", n);
            quote!(#prefix #id)
        }
        TypeRef::Array(i) => {
            let i = rust_type(i, prefix);
            quote!(Vec<#i>)
        }
        TypeRef::Map(i) => {
            let i = rust_type(i, prefix);
            quote!(::std::collections::BTreeMap<String, #i>)
        }
        TypeRef::Boxed(i) => {
            let i = rust_type(i, prefix);
            quote!(Box<#i>)
        }
        TypeRef::Nullable(i) => {
            let i = rust_type(i, prefix);
            quote!(Option<#i>)
        }
    }
}

/// All type items of the API.
pub fn emit_types(api: &Api, comments: &DocComments) -> TokenStream {
    let all: Vec<usize> = (0..api.types.len()).collect();
    emit_type_list(api, &all, &TypeIndex::new(api), comments, Features::Crate)
}

/// Whether the code is emitted into a crate with hcgen's cargo features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Features {
    /// A generated crate: response-only types get their constructors and setters behind the
    /// `test-util` feature, for tests that build responses for the mocks.
    Crate,
    /// Code `include!`d into someone else's crate, which has no such feature.
    None,
}

/// The items of the types at these indices of `api.types`, in the order given (the types are
/// formatted in chunks, in parallel, and split over type crates for a large spec).
pub fn emit_type_list(
    api: &Api,
    members: &[usize],
    index: &TypeIndex,
    comments: &DocComments,
    features: Features,
) -> TokenStream {
    // Collected by value: `quote!(#(#items)*)` would copy every item's tokens.
    members
        .iter()
        .filter_map(|&t| api.types.get(t))
        .map(|t| emit_type(t, index, comments, features))
        .collect()
}

fn emit_type(
    t: &TypeDef,
    index: &TypeIndex,
    comments: &DocComments,
    features: Features,
) -> TokenStream {
    match &t.kind {
        TypeKind::Struct { fields, additional } => {
            emit_struct(t, fields, additional.as_ref(), index, comments, features)
        }
        TypeKind::Enum { repr, variants } => emit_enum(t, *repr, variants, comments),
        TypeKind::Union {
            variants,
            discriminator,
        } => emit_union(t, variants, discriminator.as_deref(), index, comments),
        TypeKind::Alias(target) => {
            let name = format_ident!("{}", t.name);
            let docs = type_docs(t, comments);
            let target = rust_type(target, &TokenStream::new());
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

/// The doc attributes of type `t`: its docs, or a line naming it when it has none.
fn type_docs(t: &TypeDef, comments: &DocComments) -> TokenStream {
    match t.docs.as_deref().filter(|d| has_visible_text(d)) {
        Some(docs) => doc_attrs(comments, Some(docs)),
        None => doc_attrs(comments, Some(&format!("`{}` from the spec.", t.name))),
    }
}

fn constraint_text(c: &Constraints) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(n) = c.min_length {
        parts.push(format!("minLength {n}"));
    }
    if let Some(n) = c.max_length {
        parts.push(format!("maxLength {n}"));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("pattern `{}`", p.replace('`', "'")));
    }
    if c.uuid {
        parts.push("format uuid".to_owned());
    }
    if let Some(n) = c.minimum {
        parts.push(format!(
            "{} {n}",
            if c.exclusive_minimum {
                "exclusiveMinimum"
            } else {
                "minimum"
            }
        ));
    }
    if let Some(n) = c.maximum {
        parts.push(format!(
            "{} {n}",
            if c.exclusive_maximum {
                "exclusiveMaximum"
            } else {
                "maximum"
            }
        ));
    }
    if let Some(n) = c.min_items {
        parts.push(format!("minItems {n}"));
    }
    if let Some(n) = c.max_items {
        parts.push(format!("maxItems {n}"));
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!(
            "Constraints (checked before a request is sent): {}.",
            parts.join(", ")
        ))
    }
}

fn field_docs(f: &Field) -> Option<String> {
    let default = f.default.as_ref().map(|d| {
        format!(
            "Default (applied by the service when unset): `{}`.",
            d.to_string().replace('`', "'")
        )
    });
    let wire = (f.wire_name != f.rust_name)
        .then(|| format!("Wire name: `{}`.", f.wire_name.replace('`', "'")));
    // Every field is documented (`#![deny(missing_docs)]` holds on generated crates).
    let docs = f
        .docs
        .clone()
        .filter(|d| has_visible_text(d))
        .unwrap_or_else(|| format!("The `{}` member.", f.wire_name.replace('`', "'")));
    paragraphs(&[Some(docs), default, constraint_text(&f.constraints), wire])
}

pub(super) fn is_optional(f: &Field) -> bool {
    !f.required || f.nullable
}

fn emit_struct(
    t: &TypeDef,
    fields: &[Field],
    additional: Option<&TypeRef>,
    index: &TypeIndex,
    comments: &DocComments,
    features: Features,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let none = TokenStream::new();
    let docs = type_docs(t, comments);
    let all_optional = fields.iter().all(|f| !f.required);
    let default_derive = if all_optional {
        quote!(, Default)
    } else {
        quote!()
    };

    // Flattened members need serde's buffering (the derives); every other struct gets the
    // compact impls below, and its fields carry no serde attributes.
    let compact = additional.is_none() && !fields.iter().any(|f| f.flatten);
    let field_items = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(&f.ty, &none);
        let docs = doc_attrs(comments, field_docs(f).as_deref());
        if compact {
            let ty = if is_optional(f) {
                quote!(Option<#ty>)
            } else {
                ty
            };
            return quote! {
                #docs
                pub #id: #ty,
            };
        }
        let rename = if f.rust_name != f.wire_name {
            let w = &f.wire_name;
            quote!(#[serde(rename = #w)])
        } else {
            quote!()
        };
        if f.flatten {
            quote! {
                #docs
                #[serde(flatten)]
                pub #id: #ty,
            }
        } else if !f.required {
            quote! {
                #docs
                #rename
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub #id: Option<#ty>,
            }
        } else if f.nullable {
            quote! {
                #docs
                #rename
                pub #id: Option<#ty>,
            }
        } else {
            quote! {
                #docs
                #rename
                pub #id: #ty,
            }
        }
    });
    let additional_field = additional.map(|a| {
        let ty = rust_type(a, &none);
        quote! {
            /// Members not described by the spec (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });

    // Constructor: required fields as arguments, in spec order.
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(&f.ty, &none);
        if f.nullable {
            quote!(#id: Option<#ty>)
        } else {
            quote!(#id: impl Into<#ty>)
        }
    });
    let inits = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        if f.required && f.nullable {
            quote!(#id)
        } else if f.required {
            quote!(#id: #id.into())
        } else {
            quote!(#id: None)
        }
    });
    let additional_init =
        additional.map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    let new_doc = if required.is_empty() {
        "Creates a value with every field unset.".to_owned()
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.wire_name.replace('`', "'")))
            .collect();
        format!(
            "Creates a value from its required fields ({}); optional fields start unset.",
            names.join(", ")
        )
    };
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let id = ident(&f.rust_name);
        let setter = format_ident!("with_{}", f.rust_name.trim_start_matches("r#"));
        let ty = rust_type(&f.ty, &none);
        let doc = format!("Sets `{}`.", f.wire_name.replace('`', "'"));
        let doc_tokens = doc_attrs(comments, Some(&doc));
        quote! {
            #doc_tokens
            #[must_use]
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.#id = Some(value.into());
                self
            }
        }
    });
    let must_use = if required.is_empty() {
        quote!()
    } else {
        quote!(#[must_use])
    };

    // Constructors and setters are for values callers build: request types. Response-only
    // types are decoded, not built (they still derive `Default` when every field is
    // optional), except by tests that answer with them through the mocks: there they are
    // behind the `test-util` feature.
    let new_doc_tokens = doc_attrs(comments, Some(&new_doc));
    let constructors = quote! {
        impl #name {
            #new_doc_tokens
            #must_use
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    #additional_init
                }
            }

            #(#setters)*
        }
    };
    let constructors = match (t.in_request || !t.in_response, features) {
        (true, _) => constructors,
        (false, Features::Crate) => quote! {
            #[cfg(feature = "test-util")]
            #constructors
        },
        (false, Features::None) => quote!(),
    };

    let validate = if t.in_request {
        let checks: Vec<TokenStream> = fields
            .iter()
            .filter_map(|f| field_checks(f, index))
            .collect();
        let additional_check = additional.filter(|a| index.validatable(a)).map(|_| {
            quote!(::hcgen_types::Validate::validate_at(&self.additional_properties, path, out);)
        });
        let body = if checks.is_empty() && additional_check.is_none() {
            quote!(let _ = (path, out);)
        } else {
            quote!(#(#checks)* #additional_check)
        };
        quote! {
            impl ::hcgen_types::Validate for #name {
                fn validate_at(&self, path: &::hcgen_types::FieldPath, out: &mut ::hcgen_types::Violations) {
                    #body
                }
            }
        }
    } else {
        quote!()
    };

    let (derive_serde, serde_impls) = if compact {
        (quote!(), super::print::serde_marker(&t.name))
    } else {
        (quote!(, ::serde::Serialize, ::serde::Deserialize), quote!())
    };

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #default_derive #derive_serde)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
            #additional_field
        }

        #serde_impls

        #constructors

        #validate
    }
}

/// Statements that check `value` (a `&T` of type `ty`) against `c`, reporting to `out`
/// under `path`. Shared by struct fields and operation parameters.
pub fn constraint_checks(
    c: &Constraints,
    ty: &TypeRef,
    index: &TypeIndex,
    out: &proc_macro2::Ident,
) -> Vec<TokenStream> {
    let resolved = index.resolve(ty);
    let mut checks = Vec::new();
    if matches!(resolved, TypeRef::String) {
        if c.min_length.is_some() || c.max_length.is_some() {
            let min = opt_usize(c.min_length);
            let max = opt_usize(c.max_length);
            checks.push(quote!(#out.length(&path, value, #min, #max);));
        }
        if c.uuid {
            checks.push(quote!(#out.uuid(&path, value);));
        }
        if let Some(p) = &c.pattern {
            checks.push(quote!(#out.pattern(&path, value, #p);));
        }
    }
    if matches!(resolved, TypeRef::I32 | TypeRef::I64 | TypeRef::F64)
        && (c.minimum.is_some() || c.maximum.is_some())
    {
        let min = opt_bound(c.minimum, c.exclusive_minimum);
        let max = opt_bound(c.maximum, c.exclusive_maximum);
        checks.push(quote!(#out.range(&path, *value as f64, #min, #max);));
    }
    if matches!(resolved, TypeRef::Array(_)) && (c.min_items.is_some() || c.max_items.is_some()) {
        let min = opt_usize(c.min_items);
        let max = opt_usize(c.max_items);
        checks.push(quote!(#out.items(&path, value.len(), #min, #max);));
    }
    checks
}

/// Validation statements for one field, or `None` when there is nothing to check.
fn field_checks(f: &Field, index: &TypeIndex) -> Option<TokenStream> {
    let mut checks = constraint_checks(&f.constraints, &f.ty, index, &format_ident!("out"));
    if index.validatable(&f.ty) {
        checks.push(quote!(::hcgen_types::Validate::validate_at(value, &path, out);));
    }
    if checks.is_empty() {
        return None;
    }
    let id = ident(&f.rust_name);
    let wire = &f.wire_name;
    Some(if is_optional(f) {
        quote! {
            if let Some(value) = &self.#id {
                let path = path.field(#wire);
                #(#checks)*
            }
        }
    } else {
        quote! {
            {
                let value = &self.#id;
                let path = path.field(#wire);
                #(#checks)*
            }
        }
    })
}

fn opt_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn opt_bound(v: Option<f64>, exclusive: bool) -> TokenStream {
    match v {
        Some(n) => {
            let n = proc_macro2::Literal::f64_suffixed(n);
            quote!(Some((#n, #exclusive)))
        }
        None => quote!(None),
    }
}

fn emit_enum(
    t: &TypeDef,
    repr: EnumRepr,
    variants: &[EnumVariant],
    comments: &DocComments,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t, comments);
    if variants.len() > super::value_sets::MAX_ENUM_VARIANTS {
        return super::value_sets::emit_value_set(t, docs, repr, variants, comments);
    }
    let var_items = variants.iter().map(|v| {
        let id = format_ident!("{}", v.rust_name);
        let doc = format!("`{}`", v.value.to_string().replace('`', "'"));
        let doc_tokens = doc_attrs(comments, Some(&doc));
        quote!(#doc_tokens #id,)
    });
    match repr {
        EnumRepr::String => {
            let to_str = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                let s = v.value.as_str().unwrap_or_default();
                quote!(Self::#id => #s,)
            });
            let from_str = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                let s = v.value.as_str().unwrap_or_default();
                quote!(#s => Self::#id,)
            });
            let wire = wire_value_impls(&name, EnumRepr::String);
            quote! {
                #docs
                ///
                /// Open: a value this version does not know decodes into `Unknown` instead of failing.
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#var_items)*
                    /// A value this version of the crate does not know.
                    Unknown(String),
                }

                impl #name {
                    /// The wire value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#to_str)*
                            Self::Unknown(v) => v,
                        }
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#from_str)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                #wire
            }
        }
        EnumRepr::Integer => {
            let to_int = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                let n = v.value.as_i64().unwrap_or_default();
                quote!(Self::#id => #n,)
            });
            let from_int = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                let n = v.value.as_i64().unwrap_or_default();
                quote!(#n => Self::#id,)
            });
            let wire = wire_value_impls(&name, EnumRepr::Integer);
            quote! {
                #docs
                ///
                /// Open: a value this version does not know decodes into `Unknown` instead of failing.
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#var_items)*
                    /// A value this version of the crate does not know.
                    Unknown(i64),
                }

                impl #name {
                    /// The wire value.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #(#to_int)*
                            Self::Unknown(v) => *v,
                        }
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#from_int)*
                            other => Self::Unknown(other),
                        }
                    }
                }

                #wire
            }
        }
    }
}

/// `Display`, `Serialize` and `Deserialize` of an open enum or value set as its wire value,
/// through its `as_str` and `From<&str>` (strings) or `as_i64` and `From<i64>` (integers).
pub(super) fn wire_value_impls(name: &proc_macro2::Ident, repr: EnumRepr) -> TokenStream {
    match repr {
        EnumRepr::String => quote! {
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                        Ok(Self::from(value.as_str()))
                    }
                }
        },
        EnumRepr::Integer => quote! {
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "{}", self.as_i64())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.as_i64())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                        Ok(Self::from(value))
                    }
                }
        },
    }
}

fn emit_union(
    t: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&str>,
    index: &TypeIndex,
    comments: &DocComments,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let none = TokenStream::new();
    let docs = type_docs(t, comments);
    let items = variants.iter().map(|v| {
        let id = format_ident!("{}", v.rust_name);
        let ty = rust_type(&v.ty, &none);
        let doc = format!("The `{}` alternative.", v.rust_name);
        let doc_tokens = doc_attrs(comments, Some(&doc));
        quote!(#doc_tokens #id(#ty),)
    });
    let validate = if t.in_request && !variants.iter().any(|v| index.validatable(&v.ty)) {
        quote! {
            impl ::hcgen_types::Validate for #name {
                fn validate_at(&self, path: &::hcgen_types::FieldPath, out: &mut ::hcgen_types::Violations) {
                    let _ = (path, out);
                }
            }
        }
    } else if t.in_request {
        let arms = variants
            .iter()
            .filter(|v| index.validatable(&v.ty))
            .map(|v| {
                let id = format_ident!("{}", v.rust_name);
                quote!(Self::#id(value) => ::hcgen_types::Validate::validate_at(value, path, out),)
            });
        quote! {
            impl ::hcgen_types::Validate for #name {
                fn validate_at(&self, path: &::hcgen_types::FieldPath, out: &mut ::hcgen_types::Violations) {
                    #[allow(unreachable_patterns)]
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    } else {
        quote!()
    };
    // With a discriminator, the tag property selects the alternative (an unknown tag is kept
    // as `Other`); without one, alternatives are tried in order.
    let (decoding_doc, derive_de, tagged_de) = match discriminator {
        Some(prop) => {
            let arms = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                let tags = &v.tags;
                quote! {
                    #(Some(#tags))|* => ::hcgen_types::__private::serde_json::from_value(value).map(Self::#id).map_err(::serde::de::Error::custom),
                }
            });
            let doc = doc_attrs(
                comments,
                Some(&format!(
                    "\nTagged by `{}`: the tag selects the alternative; an unknown tag is kept as `Other`.",
                    prop.replace('`', "'")
                )),
            );
            (
                doc,
                quote!(),
                quote! {
                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <::hcgen_types::__private::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                            let tag = value.get(#prop).and_then(::hcgen_types::__private::serde_json::Value::as_str).map(str::to_owned);
                            match tag.as_deref() {
                                #(#arms)*
                                _ => Ok(Self::Other(value)),
                            }
                        }
                    }
                },
            )
        }
        None => {
            // What `#[serde(untagged)]` derives, over a `serde_json::Value` rather than serde's
            // private buffer: a fraction of the derive's code to compile.
            let attempts = variants.iter().map(|v| {
                let id = format_ident!("{}", v.rust_name);
                quote! {
                    if let Ok(v) = ::serde::Deserialize::deserialize(&value) {
                        return Ok(Self::#id(v));
                    }
                }
            });
            (
                doc_attrs(
                    comments,
                    Some(
                        "\nDecoded by trying each alternative in order; a value matching none is kept as `Other`.",
                    ),
                ),
                quote!(),
                quote! {
                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <::hcgen_types::__private::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                            #(#attempts)*
                            Ok(Self::Other(value))
                        }
                    }
                },
            )
        }
    };
    quote! {
        #docs
        #decoding_doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_de)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            /// A value matching no alternative this version of the crate knows.
            Other(::hcgen_types::__private::serde_json::Value),
        }

        #tagged_de
        #validate
    }
}
