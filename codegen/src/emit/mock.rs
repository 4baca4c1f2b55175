//! Mock emitter: `src/mock.rs` of a generated crate, compiled only with its `test-util`
//! feature. Per operation, the typed request a rule's matchers see (its path, query and
//! header parameters and its body as their generated types, decoded from the outgoing
//! request) and a function returning a typed rule of `hcgen_runtime::mock`.
//!
//! The decoders and rule functions are `#[inline]`: like generic code, they are compiled in
//! the crate that uses them (a test), for the operations it mocks, instead of all of them
//! in the generated crate (their serde code per body type made a clean build of GitHub's
//! crate with the feature 2.5 times as long).

use super::client::{operation_info, style_name};
use super::docs::{doc_attrs, paragraphs};
use super::ident;
use super::print::DocComments;
use super::types::rust_type;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The start of `src/mock.rs`: module docs, attributes and the runtime's mock types.
pub fn emit_mock_head() -> TokenStream {
    quote! {
        //! Test support (feature `test-util`): typed rules for every operation, answered in
        //! process ([`ClientBuilder::mock`](::hcgen_runtime::ClientBuilder::mock): no socket,
        //! no port) or over loopback HTTP ([`Loopback`]).
        //!
        //! Each function returns a [`Rule`] for one operation: `.matching(|req| …)` sees the
        //! request decoded into the operation's typed request (the `…Request` structs here),
        //! `.then_ok(body)`, `.then_error(status, body)`, `.then_service_error(status, code,
        //! message)`, `.then_timeout()` and `.then_connect_error()` answer, in order (the
        //! last answer repeats), and `.calls()` counts the requests answered. Put the rules
        //! into a [`Mock`]; the crate's README shows both styles.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        pub use ::hcgen_runtime::mock::{Loopback, Mock, Reply, Rule};
    }
}

/// The typed requests and rule functions of the operations in `range`.
pub fn emit_mocks(api: &Api, range: std::ops::Range<usize>, comments: &DocComments) -> TokenStream {
    api.operations[range]
        .iter()
        .map(|op| emit_mock(op, comments))
        .collect()
}

fn types_prefix() -> TokenStream {
    quote!(super::types::)
}

/// The name of `op`'s typed request.
pub fn request_type_name(op: &Operation) -> String {
    format!("{}Request", op.builder_name)
}

fn emit_mock(op: &Operation, comments: &DocComments) -> TokenStream {
    let request = format_ident!("{}", request_type_name(op));
    let method = ident(&op.method_name);
    let prefix = types_prefix();
    let mut fields = Vec::new();
    let mut decodes = Vec::new();
    for p in &op.params {
        let id = ident(&p.rust_name);
        let ty = rust_type(&p.ty, &prefix);
        let wire = &p.wire_name;
        let json = p.json;
        let (location, what) = match p.location {
            ParamLocation::Path => ("Path", "path parameter"),
            ParamLocation::Query => ("Query", "query parameter"),
            ParamLocation::Header => ("Header", "header"),
        };
        let name = format!("{what} `{}`", p.wire_name);
        let (required, optional) = match p.location {
            ParamLocation::Path => (
                quote!(request.path_param(#wire, #json)?),
                quote!(Some(request.path_param(#wire, #json)?)),
            ),
            ParamLocation::Query => {
                let style = style_name(p.style);
                let explode = p.explode;
                let decode = quote!(request.query_param(#wire, #style, #explode, #json)?);
                (
                    quote!(::hcgen_runtime::mock::required(#decode, #name)?),
                    decode,
                )
            }
            ParamLocation::Header => {
                let decode = quote!(request.header_param(#wire, #json)?);
                (
                    quote!(::hcgen_runtime::mock::required(#decode, #name)?),
                    decode,
                )
            }
        };
        let doc = format!(
            "{location} parameter `{}`{}.",
            p.wire_name.replace('`', "'"),
            if p.required { ", required" } else { "" }
        );
        let doc = doc_attrs(comments, Some(&doc));
        if p.required {
            fields.push(quote!(#doc pub #id: #ty,));
            decodes.push(quote!(#id: #required,));
        } else {
            fields.push(quote!(#doc pub #id: Option<#ty>,));
            decodes.push(quote!(#id: #optional,));
        }
    }
    if let Some(b) = &op.body {
        let (ty, decode) = match b.kind {
            BodyKind::Json => (rust_type(&b.ty, &prefix), quote!(request.json_body())),
            BodyKind::Form => (rust_type(&b.ty, &prefix), quote!(request.form_body())),
            BodyKind::Text => (quote!(String), quote!(request.text_body())),
            BodyKind::Binary | BodyKind::Multipart => {
                (quote!(::hcgen_runtime::Bytes), quote!(request.bytes_body()))
            }
        };
        let doc = format!(
            "The request body (`{}`{}){}.",
            b.media_type.replace('`', "'"),
            if b.required { ", required" } else { "" },
            if b.kind == BodyKind::Multipart {
                ", as its raw bytes"
            } else {
                ""
            }
        );
        let doc = doc_attrs(comments, Some(&doc));
        if b.required {
            fields.push(quote!(#doc pub body: #ty,));
            decodes.push(quote!(body: ::hcgen_runtime::mock::required(#decode?, "body")?,));
        } else {
            fields.push(quote!(#doc pub body: Option<#ty>,));
            decodes.push(quote!(body: #decode?,));
        }
    }
    let (ok_ty, encode) = match &op.success.ty {
        Some(t) => (
            rust_type(t, &prefix),
            quote!(::hcgen_runtime::mock::json_reply),
        ),
        None => (
            quote!(::hcgen_runtime::Bytes),
            quote!(::hcgen_runtime::mock::bytes_reply),
        ),
    };
    let success = op
        .success
        .statuses
        .iter()
        .find_map(|s| s.parse::<u16>().ok())
        .filter(|s| (200..300).contains(s))
        .unwrap_or(200);
    let success = proc_macro2::Literal::u16_unsuffixed(success);
    let info = operation_info(op);
    let signature = format!("`{} {}`", op.http_method, op.path.replace('`', "'"));
    let request_doc = doc_attrs(
        comments,
        Some(&format!(
            "The request of [`Client::{m}`](super::Client::{m}) ({signature}) as a rule's matchers see it, decoded from what would go on the wire.",
            m = op.method_name
        )),
    );
    let success_doc = match &op.success.ty {
        Some(_) => "`.then_ok(body)` answers with the success status and `body`".to_owned(),
        None => "`.then_ok(bytes)` answers with the success status and `bytes`".to_owned(),
    };
    let rule_doc = doc_attrs(
        comments,
        paragraphs(&[
            Some(format!(
                "A rule for [`Client::{m}`](super::Client::{m}) ({signature}); its matchers see a [`{request}`].",
                m = op.method_name
            )),
            Some(format!(
                "{success_doc}; see [`Rule`] for the other answers."
            )),
        ])
        .as_deref(),
    );
    // An operation without parameters or body decodes from nothing.
    let request_arg = if decodes.is_empty() {
        quote!(_request)
    } else {
        quote!(request)
    };
    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #request {
            #(#fields)*
        }

        impl ::hcgen_runtime::mock::DecodeRequest for #request {
            #[inline]
            fn decode(#request_arg: &::hcgen_runtime::mock::MockRequest<'_>) -> Result<Self, String> {
                Ok(Self {
                    #(#decodes)*
                })
            }
        }

        #rule_doc
        #[inline]
        pub fn #method() -> Rule<#request, #ok_ty> {
            static OPERATION: ::hcgen_runtime::OperationInfo = #info;
            Rule::new(&super::API, &OPERATION, #success, #encode)
        }
    }
}
