//! Large enums as open value sets: a newtype over the wire value with an associated constant
//! per listed value, instead of a Rust `enum`.
//!
//! A Rust enum costs the compiler a variant, two match arms and a doc comment per value:
//! 10,000 values took 816 MB to `cargo check`, 100,000 more than 24 GB. Above
//! [`MAX_ENUM_VARIANTS`] values the generator emits this form instead. Measured with
//! `cargo check` (peak memory of rustc, dependencies built): 1,000 values as an enum 126 MB;
//! as a value set, 10,000 values 268 MB with a constant per value and 210 MB without;
//! 100,000 values 1.26 GB with constants and 780 MB without. So constants are generated up
//! to [`MAX_VALUE_CONSTANTS`] values, and larger sets have only the list of values. The type
//! stays open (any value decodes), like the generated enums: `Type::RED`,
//! `Type::from("red")`, `.as_str()`, `Type::VALUES`, `.is_listed()`.

use super::docs::doc_attrs;
use super::print::DocComments;
use crate::model::{EnumRepr, EnumVariant, TypeDef};
use crate::names::Namespace;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Enums with more values than this become value sets.
pub const MAX_ENUM_VARIANTS: usize = 1_024;

/// Value sets with more values than this have no constant per value.
pub const MAX_VALUE_CONSTANTS: usize = 10_000;

/// The value set for `t` (`docs` are its doc attributes).
pub fn emit_value_set(
    t: &TypeDef,
    docs: TokenStream,
    repr: EnumRepr,
    variants: &[EnumVariant],
    comments: &DocComments,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let mut ns = Namespace::default();
    ns.reserve(&["VALUES"]);
    let with_constants = variants.len() <= MAX_VALUE_CONSTANTS;
    let consts = variants.iter().take_while(|_| with_constants).map(|v| {
        let (id, _) = ns.claim(&v.rust_name.to_shouty_snake_case(), &v.rust_name);
        let id = format_ident!("{}", id);
        let doc = doc_attrs(
            comments,
            Some(&format!("`{}`", v.value.to_string().replace('`', "'"))),
        );
        match repr {
            EnumRepr::String => {
                let s = v.value.as_str().unwrap_or_default();
                quote!(#doc pub const #id: Self = Self(::std::borrow::Cow::Borrowed(#s));)
            }
            EnumRepr::Integer => {
                let n = v.value.as_i64().unwrap_or_default();
                quote!(#doc pub const #id: Self = Self(#n);)
            }
        }
    });
    let wire = super::types::wire_value_impls(&name, repr);
    let count = variants.len();
    let open = if with_constants {
        format!(
            " The spec lists {count} values, too many for an enum that builds in bounded \
             memory: each is an associated constant, all are in [`Self::VALUES`], and any \
             other value decodes too (see [`Self::is_listed`])."
        )
    } else {
        format!(
            " The spec lists {count} values, too many for an enum or a constant each: they \
             are in [`Self::VALUES`], and any other value decodes too (see \
             [`Self::is_listed`])."
        )
    };
    match repr {
        EnumRepr::String => {
            let values = variants
                .iter()
                .map(|v| v.value.as_str().unwrap_or_default());
            quote! {
                #docs
                ///
                #[doc = #open]
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub struct #name(::std::borrow::Cow<'static, str>);

                impl #name {
                    #(#consts)*

                    /// Every value the spec lists, in its order.
                    pub const VALUES: &'static [&'static str] = &[#(#values),*];

                    /// The wire value.
                    pub fn as_str(&self) -> &str {
                        &self.0
                    }

                    /// Whether the spec lists this value.
                    pub fn is_listed(&self) -> bool {
                        Self::VALUES.contains(&self.as_str())
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self(::std::borrow::Cow::Owned(value.to_owned()))
                    }
                }

                impl From<::std::string::String> for #name {
                    fn from(value: ::std::string::String) -> Self {
                        Self(::std::borrow::Cow::Owned(value))
                    }
                }

                #wire
            }
        }
        EnumRepr::Integer => {
            let values = variants
                .iter()
                .map(|v| v.value.as_i64().unwrap_or_default());
            quote! {
                #docs
                ///
                #[doc = #open]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub struct #name(i64);

                impl #name {
                    #(#consts)*

                    /// Every value the spec lists, in its order.
                    pub const VALUES: &'static [i64] = &[#(#values),*];

                    /// The wire value.
                    pub fn as_i64(&self) -> i64 {
                        self.0
                    }

                    /// Whether the spec lists this value.
                    pub fn is_listed(&self) -> bool {
                        Self::VALUES.contains(&self.0)
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        Self(value)
                    }
                }

                #wire
            }
        }
    }
}
