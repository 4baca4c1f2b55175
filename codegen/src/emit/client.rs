//! Client emitter: model operations -> a `Client` with one method per operation, each
//! returning a request builder whose `send()` validates, encodes, authenticates and decodes.

use super::docs::{doc_attrs, paragraphs};
use super::ident;
use super::print::DocComments;
use super::types::{TypeIndex, constraint_checks, rust_type};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Options of the client emitter.
pub struct ClientOptions<'a> {
    /// Service ID of the Huawei Cloud profile's endpoint overrides (e.g. `CBR`).
    pub service: &'a str,
}

/// True for the `{project_id}` path parameter that the Huawei Cloud profile fills from the
/// credentials when unset, and scopes AK/SK signing to.
fn is_huawei_project(api_profile: Option<Profile>, p: &Param) -> bool {
    api_profile == Some(Profile::HuaweiCloud)
        && p.location == ParamLocation::Path
        && p.wire_name == "project_id"
        && p.required
        && matches!(p.ty, TypeRef::String)
}

/// The client module's items: [`emit_client_head`], then `impl Client` with
/// [`emit_methods`] of every operation, then `pub mod builder` with [`emit_builders`] of
/// every operation. (The emitter formats those parts as separate chunks; this is the whole,
/// for tests and for callers that want one token stream.)
pub fn emit_client(api: &Api, opts: &ClientOptions, comments: &DocComments) -> TokenStream {
    let index = TypeIndex::new(api);
    let all = 0..api.operations.len();
    let head = emit_client_head(api, opts, comments);
    let methods = emit_methods(api, all.clone(), true, comments);
    let builders = emit_builders(api, all, &index, comments);
    quote! {
        #head
        impl Client {
            #methods
        }
        /// Request builders, one per operation; finish each with `.send().await`.
        pub mod builder {
            #builders
        }
    }
}

/// The doc line of `pub mod builder`, as formatted (the emitter writes it between chunks).
pub const BUILDER_MODULE_DOC_LINE: &str =
    "/// Request builders, one per operation; finish each with `.send().await`.\n";

/// The start of the client module: the `Client` type, the `API` description (servers,
/// regions) and the runtime's constructor hook. `impl Client` and `pub mod builder` follow.
pub fn emit_client_head(api: &Api, opts: &ClientOptions, comments: &DocComments) -> TokenStream {
    let service = opts.service;
    let profile = match api.profile {
        None => quote!(None),
        Some(Profile::HuaweiCloud) => {
            quote!(Some(&::hcgen_huaweicloud::HuaweiCloud { service: #service }))
        }
    };
    let servers = api.servers.iter().map(|s| {
        let url = &s.url;
        let vars = s.variables.iter().map(|v| {
            let name = &v.name;
            let default = &v.default;
            let allowed = &v.allowed;
            let is_regions = std::ptr::eq(s, &api.servers[0]) && v.name == "region" && !v.allowed.is_empty();
            let allowed = if is_regions { quote!(REGIONS) } else { quote!(&[#(#allowed),*]) };
            quote!(::hcgen_runtime::VariableInfo { name: #name, default: #default, allowed: #allowed })
        });
        quote!(::hcgen_runtime::ServerInfo { url: #url, variables: &[#(#vars),*] })
    });
    let regions = api
        .servers
        .first()
        .and_then(|s| s.variables.iter().find(|v| v.name == "region"))
        .filter(|v| !v.allowed.is_empty())
        .map(|v| {
            let allowed = &v.allowed;
            let doc = format!(
                "The region IDs this API is served in (from the `region` variable of the spec's first server, `{}`).",
                api.servers[0].url
            );
            let doc_tokens = doc_attrs(comments, Some(&doc));
            quote! {
                #doc_tokens
                pub const REGIONS: &[&str] = &[#(#allowed),*];
            }
        });
    let client_doc = doc_attrs(
        comments,
        Some(&format!(
            "Client for {}.\n\nBuild one with [`Client::builder`]; it is cheap to clone and safe to share between tasks.",
            api.title.replace('`', "'")
        )),
    );
    quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            core: ::hcgen_runtime::ClientCore,
        }

        /// What the runtime needs to know about this API: crate identity and servers.
        pub static API: ::hcgen_runtime::ApiInfo = ::hcgen_runtime::ApiInfo {
            crate_name: env!("CARGO_PKG_NAME"),
            crate_version: env!("CARGO_PKG_VERSION"),
            servers: &[#(#servers),*],
            profile: #profile,
        };

        #regions

        impl ::hcgen_runtime::FromCore for Client {
            fn from_core(core: ::hcgen_runtime::ClientCore) -> Self {
                Client { core }
            }
        }
    }
}

/// Items of `impl Client`: the methods of the operations in `range`, after `builder()`,
/// `core()` and `with_retry_policy()` when `first`.
pub fn emit_methods(
    api: &Api,
    range: std::ops::Range<usize>,
    first: bool,
    comments: &DocComments,
) -> TokenStream {
    let methods: TokenStream = api.operations[range]
        .iter()
        .map(|op| emit_method(op, comments))
        .collect();
    let constructors = first.then(|| {
        quote! {
            /// A builder: endpoint or region, credentials, time-outs.
            pub fn builder() -> ::hcgen_runtime::ClientBuilder<Self> {
                ::hcgen_runtime::ClientBuilder::new(&API)
            }

            /// The shared runtime state (endpoint, credentials, transport).
            pub fn core(&self) -> &::hcgen_runtime::ClientCore {
                &self.core
            }

            /// The same client with another retry policy, for the calls made through the
            /// copy: the transport, credentials and hooks are shared (cheap to call per call).
            pub fn with_retry_policy(&self, policy: ::hcgen_runtime::RetryPolicy) -> Self {
                Client {
                    core: self.core.with_retry_policy(policy),
                }
            }
        }
    });
    let mut items = constructors.unwrap_or_default();
    items.extend(methods);
    items
}

/// Items of `pub mod builder`: the request builders of the operations in `range`.
pub fn emit_builders(
    api: &Api,
    range: std::ops::Range<usize>,
    index: &TypeIndex,
    comments: &DocComments,
) -> TokenStream {
    // Collected by value: `quote!(#(#builders)*)` would copy every builder's tokens.
    api.operations[range]
        .iter()
        .map(|op| emit_builder(op, api.profile, index, comments))
        .collect()
}

fn signature_line(op: &Operation) -> String {
    format!("`{} {}`", op.http_method, op.path.replace('`', "'"))
}

fn emit_method(op: &Operation, comments: &DocComments) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let op_id = op
        .operation_id
        .as_ref()
        .map(|id| format!("Operation ID: `{}`.", id.replace('`', "'")));
    let params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            format!(
                "- [`{}`](builder::{}::{}) ({} {}{})",
                p.rust_name,
                op.builder_name,
                p.rust_name,
                match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                },
                p.wire_name.replace('`', "'"),
                if p.required { ", required" } else { "" }
            )
        })
        .chain(op.body.iter().map(|b| {
            format!(
                "- [`body`](builder::{}::body) ({}{})",
                op.builder_name,
                b.media_type.replace('`', "'"),
                if b.required { ", required" } else { "" }
            )
        }))
        .collect();
    let params = if params.is_empty() {
        None
    } else {
        Some(format!(
            "Set on the returned builder:\n{}",
            params.join("\n")
        ))
    };
    let docs = doc_attrs(
        comments,
        paragraphs(&[op.docs.clone(), Some(signature_line(op)), op_id, params]).as_deref(),
    );
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };
    quote! {
        #docs
        #deprecated
        pub fn #name(&self) -> builder::#builder<'_> {
            builder::#builder::new(self)
        }
    }
}

fn param_type(p: &Param) -> TokenStream {
    rust_type(&p.ty, &quote!(super::super::types::))
}

fn body_type(b: &RequestBody) -> TokenStream {
    match b.kind {
        BodyKind::Binary => quote!(::hcgen_runtime::Bytes),
        BodyKind::Multipart => quote!(::hcgen_runtime::Multipart),
        BodyKind::Text => quote!(String),
        _ => rust_type(&b.ty, &quote!(super::super::types::)),
    }
}

/// The runtime's static description of `op` (`::hcgen_runtime::OperationInfo { … }`): its
/// name (the `operationId`), method, path template and security schemes.
pub(super) fn operation_info(op: &Operation) -> TokenStream {
    let op_name = op
        .operation_id
        .clone()
        .unwrap_or_else(|| op.method_name.clone());
    let http_method = &op.http_method;
    let path_template = &op.path;
    let security = op.security.iter().map(|s| match s {
        SecurityScheme::ApiKey { scheme, location, name } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote!(::hcgen_runtime::SecurityInfo::ApiKey { scheme: #scheme, location: ::hcgen_runtime::KeyLocation::#location, name: #name })
        }
        SecurityScheme::Bearer { scheme } => quote!(::hcgen_runtime::SecurityInfo::Bearer { scheme: #scheme }),
        SecurityScheme::Basic { scheme } => quote!(::hcgen_runtime::SecurityInfo::Basic { scheme: #scheme }),
        SecurityScheme::OAuth2 { scheme } => quote!(::hcgen_runtime::SecurityInfo::OAuth2 { scheme: #scheme }),
        SecurityScheme::OtherHttp { scheme, http_scheme } => quote!(::hcgen_runtime::SecurityInfo::OtherHttp { scheme: #scheme, http_scheme: #http_scheme }),
    });
    quote! {
        ::hcgen_runtime::OperationInfo {
            name: #op_name,
            method: #http_method,
            path_template: #path_template,
            security: &[#(#security),*],
        }
    }
}

fn emit_builder(
    op: &Operation,
    profile: Option<Profile>,
    index: &TypeIndex,
    comments: &DocComments,
) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let operation_info = operation_info(op);

    let fields = op.params.iter().map(|p| {
        let id = ident(&p.rust_name);
        let ty = param_type(p);
        quote!(#id: Option<#ty>,)
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = body_type(b);
        quote!(body: Option<#ty>,)
    });
    let inits = op.params.iter().map(|p| {
        let id = ident(&p.rust_name);
        quote!(#id: None,)
    });
    let body_init = op.body.as_ref().map(|_| quote!(body: None,));

    let setters = op.params.iter().map(|p| {
        let id = ident(&p.rust_name);
        let ty = param_type(p);
        let extra = if is_huawei_project(profile, p) {
            Some("When unset, the project ID of the client's credentials is used.".to_owned())
        } else {
            None
        };
        let docs = doc_attrs(
            comments,
            paragraphs(&[
                p.docs.clone(),
                Some(format!(
                    "{} parameter `{}`{}.",
                    match p.location {
                        ParamLocation::Path => "Path",
                        ParamLocation::Query => "Query",
                        ParamLocation::Header => "Header",
                    },
                    p.wire_name.replace('`', "'"),
                    if p.required { ", required" } else { "" }
                )),
                extra,
            ])
            .as_deref(),
        );
        quote! {
            #docs
            pub fn #id(mut self, value: impl Into<#ty>) -> Self {
                self.#id = Some(value.into());
                self
            }
        }
    });
    let body_setter = op.body.as_ref().map(|b| {
        let ty = body_type(b);
        let doc = format!(
            "The request body (`{}`{}).",
            b.media_type.replace('`', "'"),
            if b.required { ", required" } else { "" }
        );
        let doc_tokens = doc_attrs(comments, Some(&doc));
        quote! {
            #doc_tokens
            pub fn body(mut self, value: impl Into<#ty>) -> Self {
                self.body = Some(value.into());
                self
            }
        }
    });

    // send(): required values first (every missing one is reported), then constraints,
    // then the request. Optional values go straight from `self` to the request.
    let requires: Vec<TokenStream> = op.params.iter().filter(|p| p.required).map(|p| {
        let id = ident(&p.rust_name);
        let wire = &p.wire_name;
        if is_huawei_project(profile, p) {
            quote!(let #id = invalid.require(#wire, self.#id.or_else(|| ::hcgen_huaweicloud::project_id(core)));)
        } else {
            quote!(let #id = invalid.require(#wire, self.#id);)
        }
    }).collect();
    let body_require = op
        .body
        .as_ref()
        .filter(|b| b.required)
        .map(|_| quote!(let body = invalid.require("body", self.body);));
    let checks: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| {
            let c = param_checks(p, index)?;
            let id = ident(&p.rust_name);
            let wire = &p.wire_name;
            let source = if p.required {
                quote!(&#id)
            } else {
                quote!(&self.#id)
            };
            Some(quote! {
                if let Some(value) = #source {
                    let path = ::hcgen_runtime::FieldPath::root().field(#wire);
                    #c
                }
            })
        })
        .collect();
    let body_validate = op.body.as_ref().filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Form) && index.validatable(&b.ty)).map(|b| {
        let source = if b.required { quote!(&body) } else { quote!(&self.body) };
        quote!(if let Some(value) = #source {
            ::hcgen_runtime::Validate::validate_at(value, &::hcgen_runtime::FieldPath::root(), &mut invalid);
        })
    });
    let mut required_ids: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let id = ident(&p.rust_name);
            quote!(#id)
        })
        .collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        required_ids.push(quote!(body));
    }
    let unwrap = if required_ids.is_empty() {
        quote!(invalid.into_result()?;)
    } else {
        let somes = required_ids.iter().map(|id| quote!(Some(#id)));
        quote! {
            let (#(#somes,)*) = (#(#required_ids,)*) else {
                return Err(invalid.into_result().err().map_or_else(::hcgen_runtime::Error::internal, ::hcgen_runtime::Error::from));
            };
            invalid.into_result()?;
        }
    };
    // The Huawei Cloud profile scopes the request to its project (the raw value: the path
    // encodes it in a block of its own): AK/SK credentials send and sign it as `X-Project-Id`.
    let scope_request = match op.params.iter().find(|p| is_huawei_project(profile, p)) {
        Some(p) => {
            let id = ident(&p.rust_name);
            quote!(::hcgen_huaweicloud::scope(&mut request, &#id);)
        }
        None => quote!(),
    };

    let mutated = !requires.is_empty()
        || body_require.is_some()
        || !checks.is_empty()
        || body_validate.is_some();
    let invalid_decl = if mutated {
        quote!(let mut invalid = ::hcgen_runtime::Violations::default();)
    } else {
        quote!(let invalid = ::hcgen_runtime::Violations::default();)
    };

    // Path: a format string of the template's literal pieces and encoded parameters.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let after = &rest[start + 1..];
        let end = after.find('}').unwrap_or(after.len());
        let name = &after[..end];
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            let id = ident(&p.rust_name);
            let wire = &p.wire_name;
            fmt.push_str(&format!("{{{id}}}"));
            let text = if p.json {
                quote!(&::hcgen_runtime::json_param(&#id).unwrap_or_default())
            } else if p.required && matches!(p.ty, TypeRef::String) {
                // A string is its own text: no copy through `param_text`.
                quote!(&#id)
            } else {
                quote!(&::hcgen_runtime::param_text(&#id))
            };
            fmt_args.push(quote!(let #id = ::hcgen_runtime::path::segment(#wire, #text)?;));
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    // The encoded values shadow the parameters only inside the path's block.
    let path_expr = if fmt_args.is_empty() {
        let lit = fmt.replace("{{", "{").replace("}}", "}");
        quote!(String::from(#lit))
    } else {
        quote!({
            #(#fmt_args)*
            format!(#fmt)
        })
    };

    let query_header = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let id = ident(&p.rust_name);
            let wire = &p.wire_name;
            let explode = p.explode;
            let source = if p.required {
                quote!(&#id)
            } else {
                quote!(&self.#id)
            };
            match p.location {
                // JSON text, sent as one string whatever the style.
                ParamLocation::Query if p.json => quote!(
                    request.query_styled(#wire, &::hcgen_runtime::json_param(#source), "form", true);
                ),
                _ if p.json => {
                    quote!(request.header(#wire, &::hcgen_runtime::json_param(#source));)
                }
                ParamLocation::Query => {
                    let style = style_name(p.style);
                    quote!(request.query_styled(#wire, #source, #style, #explode);)
                }
                _ => quote!(request.header(#wire, #source);),
            }
        });
    let body_set = op.body.as_ref().map(|b| {
        let set = match b.kind {
            BodyKind::Json => quote!(request.json_body(&body)?;),
            BodyKind::Form => quote!(request.form_body(&body)?;),
            BodyKind::Multipart => quote!(request.multipart_body(&body);),
            BodyKind::Text | BodyKind::Binary => {
                let mt = &b.media_type;
                quote!(request.raw_body(body, #mt);)
            }
        };
        if b.required {
            set
        } else {
            quote!(if let Some(body) = self.body { #set })
        }
    });
    let query_header: Vec<TokenStream> = query_header.collect();
    let request_mut = if query_header.is_empty() && body_set.is_none() && scope_request.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let (ret_ty, decode) = match &op.success.ty {
        Some(t) => {
            let t = rust_type(t, &quote!(super::super::types::));
            (t.clone(), quote!(raw.json::<#t>()))
        }
        None => (quote!(::hcgen_runtime::Bytes), quote!(Ok(raw.bytes()))),
    };
    let builder_doc = format!(
        "Request builder for [`Client::{}`](super::Client::{}) ({}).",
        op.method_name,
        op.method_name,
        signature_line(op)
    );
    let statuses = op.success.statuses.join(", ");
    let send_doc = doc_attrs(
        comments,
        paragraphs(&[
            Some(format!(
                "Validates the request against the spec (nothing is sent if that fails), sends it, and decodes a success response ({}).",
                if statuses.is_empty() {
                    "2xx".to_owned()
                } else {
                    statuses
                }
            )),
            Some("Errors: [`Error::InvalidRequest`](::hcgen_runtime::Error::InvalidRequest) before sending; otherwise connection, time-out, service ([`Error::Service`](::hcgen_runtime::Error::Service), with status, request ID, error code and message) or decode errors. Never retried automatically.".to_owned()),
            error_bodies_doc(op),
        ])
        .as_deref(),
    );
    let decode_errors = error_decoder(op).map(|d| quote!(.map_err(|e| e.decode_service_body(#d))));
    let error_body_fn = single_error_type(op).map(|t| {
        let doc = format!(
            "The body of an error response of this operation, decoded as the spec declares it ({}): `None` for other errors, undeclared statuses and bodies that do not decode (the raw bytes stay in [`ServiceError::body`](::hcgen_runtime::ServiceError#structfield.body)).",
            type_doc(t)
        );
        let doc_tokens = doc_attrs(comments, Some(&doc));
        let t = rust_type(t, &quote!(super::super::types::));
        quote! {
            #doc_tokens
            pub fn error_body(error: &::hcgen_runtime::Error) -> Option<&#t> {
                error.body()
            }
        }
    });
    let builder_doc_tokens = doc_attrs(comments, Some(&builder_doc));
    quote! {
        #builder_doc_tokens
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until `.send().await`"]
        pub struct #builder<'a> {
            client: &'a super::Client,
            #(#fields)*
            #body_field
        }

        impl<'a> #builder<'a> {
            pub(super) fn new(client: &'a super::Client) -> Self {
                Self {
                    client,
                    #(#inits)*
                    #body_init
                }
            }

            #(#setters)*
            #body_setter

            #error_body_fn

            #send_doc
            pub async fn send(self) -> Result<::hcgen_runtime::ApiResponse<#ret_ty>, ::hcgen_runtime::Error> {
                static OPERATION: ::hcgen_runtime::OperationInfo = #operation_info;
                let core = self.client.core();
                #invalid_decl
                #(#requires)*
                #body_require
                #(#checks)*
                #body_validate
                #unwrap
                let #request_mut request = core.request(&OPERATION, #path_expr);
                #scope_request
                #(#query_header)*
                #body_set
                let raw = request.send().await #decode_errors ?;
                #decode
            }
        }
    }
}

/// The decoder `send()` hands to `Error::decode_service_body`: it picks the response the
/// spec declares for the status (the exact code, else its range, else `default`) and
/// decodes its JSON body; `None` when no error response has a JSON body.
fn error_decoder(op: &Operation) -> Option<TokenStream> {
    op.errors.iter().find(|e| e.ty.is_some())?;
    let declared = |key: StatusKey| op.errors.iter().find(|e| e.status == key);
    let default_ty = declared(StatusKey::Default).and_then(|e| e.ty.as_ref());
    // Codes, then ranges: each kind's statuses are disjoint, so one arm per type and kind.
    let mut arms: Vec<(bool, Option<&TypeRef>, Vec<TokenStream>)> = Vec::new();
    for e in &op.errors {
        let (is_code, pattern, fallback) = match e.status {
            StatusKey::Code(c) => {
                let fallback =
                    declared(StatusKey::Range(c / 100)).map_or(default_ty, |r| r.ty.as_ref());
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                (true, quote!(#c), fallback)
            }
            StatusKey::Range(d) => {
                let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
                let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
                (false, quote!(#lo..=#hi), default_ty)
            }
            StatusKey::Default => continue,
        };
        // A status without a body needs an arm only where a later one would decode it.
        if e.ty.is_none() && fallback.is_none() {
            continue;
        }
        let ty = e.ty.as_ref();
        match arms.iter_mut().find(|(c, t, _)| *c == is_code && *t == ty) {
            Some((_, _, patterns)) => patterns.push(pattern),
            None => arms.push((is_code, ty, vec![pattern])),
        }
    }
    let decode = |ty: Option<&TypeRef>| match ty {
        Some(t) => {
            let t = rust_type(t, &quote!(super::super::types::));
            quote!(::hcgen_runtime::decode_error_body::<#t>(body))
        }
        None => quote!(None),
    };
    let fallback = decode(default_ty);
    if arms.is_empty() {
        return Some(quote!(|_, body| #fallback));
    }
    let arms = arms.into_iter().map(|(_, ty, patterns)| {
        let decode = decode(ty);
        quote!(#(#patterns)|* => #decode,)
    });
    Some(quote! {
        |status, body| match status.as_u16() {
            #(#arms)*
            _ => #fallback,
        }
    })
}

/// The one type of every error body `op` declares, if they all have the same.
fn single_error_type(op: &Operation) -> Option<&TypeRef> {
    let mut types = op.errors.iter().filter_map(|e| e.ty.as_ref());
    let first = types.next()?;
    types.all(|t| t == first).then_some(first)
}

/// A type for documentation: a link to a generated type, code otherwise.
fn type_doc(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("[`{n}`](super::super::types::{n})"),
        other => format!(
            "`{}`",
            rust_type(other, &quote!(types::))
                .to_string()
                .replace(' ', "")
        ),
    }
}

/// The `send()` paragraph naming the body type of each declared error status.
fn error_bodies_doc(op: &Operation) -> Option<String> {
    const RAW: &str = "[`ServiceError::body`](::hcgen_runtime::ServiceError#structfield.body)";
    if op.errors.is_empty() {
        return None;
    }
    if op.errors.iter().all(|e| e.ty.is_none()) {
        let statuses: Vec<String> = op.errors.iter().map(|e| e.status.to_string()).collect();
        return Some(format!(
            "The error responses the spec declares ({}) have no JSON body: the raw bytes are in {RAW}.",
            statuses.join(", ")
        ));
    }
    // Statuses with the same type on one line, in the order they are declared.
    let mut lines: Vec<(Option<&TypeRef>, Vec<String>)> = Vec::new();
    for e in &op.errors {
        let status = e.status.to_string();
        match lines.iter_mut().find(|(t, _)| *t == e.ty.as_ref()) {
            Some((_, statuses)) => statuses.push(status),
            None => lines.push((e.ty.as_ref(), vec![status])),
        }
    }
    let lines: Vec<String> = lines
        .into_iter()
        .map(|(ty, statuses)| {
            let what = ty.map_or_else(|| "no JSON body".to_owned(), type_doc);
            format!("- {}: {what}", statuses.join(", "))
        })
        .collect();
    let access = if single_error_type(op).is_some() {
        "[`error_body`](Self::error_body) (or [`Error::body`](::hcgen_runtime::Error::body))"
    } else {
        "[`Error::body`](::hcgen_runtime::Error::body) with the type of the status"
    };
    Some(format!(
        "Error bodies the spec declares are decoded and reachable with {access}; the raw bytes stay in {RAW}, also when a body does not decode:\n{}",
        lines.join("\n")
    ))
}

/// The OpenAPI name of a query style, as the runtime takes it.
pub(super) fn style_name(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form => "form",
        QueryStyle::SpaceDelimited => "spaceDelimited",
        QueryStyle::PipeDelimited => "pipeDelimited",
        QueryStyle::DeepObject => "deepObject",
    }
}

fn param_checks(p: &Param, index: &TypeIndex) -> Option<TokenStream> {
    let checks = constraint_checks(&p.constraints, &p.ty, index, &format_ident!("invalid"));
    if checks.is_empty() {
        None
    } else {
        Some(quote!(#(#checks)*))
    }
}
