//! The usage example: the first operation with a documented request body, called with that
//! example built from the generated constructors. The crate docs show it as a compiled
//! doctest ([`usage_doc`]), the README as a whole program ([`usage_program`]).

use super::types::TypeIndex;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// The example as Markdown (a `no_run` doctest), or `None` when no operation has one.
pub fn usage_doc(api: &Api, crate_ident: &str, service: &str) -> Option<String> {
    let code = usage_fn(api, crate_ident, service, quote!(async fn example()))?;
    let mut lines = vec!["```no_run".to_owned()];
    let body: Vec<&str> = code.lines().collect();
    // Hide the wrapper function lines, show its body dedented.
    let n = body.len();
    for (i, line) in body.iter().enumerate() {
        if i == 0 || i + 1 == n || line.trim() == "Ok(())" {
            lines.push(format!("# {line}"));
        } else {
            lines.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        }
    }
    lines.push("```".to_owned());
    Some(lines.join("\n"))
}

/// The example as a whole program (`#[tokio::main] async fn main`), formatted Rust without a
/// fence, or `None` when no operation has one.
pub fn usage_program(api: &Api, crate_ident: &str, service: &str) -> Option<String> {
    usage_fn(
        api,
        crate_ident,
        service,
        quote!(#[tokio::main] async fn main()),
    )
}

/// The example as the formatted function `head() -> Result<(), crate::Error> { … }`.
fn usage_fn(api: &Api, crate_ident: &str, service: &str, head: TokenStream) -> Option<String> {
    let call = example_call(api)?;
    let chain = &call.chain;
    let crate_id = format_ident!("{}", crate_ident);
    let endpoint = endpoint_call(api);
    let env = format!("{}_AUTH_TOKEN", service);
    let tokens = quote! {
        #head -> Result<(), #crate_id::Error> {
            use #crate_id::{Client, Credentials, types};
            let client = Client::builder()
                #endpoint
                .credentials(Credentials::token(std::env::var(#env).unwrap_or_default()))
                .build()?;
            let response = client
                #chain
                .send()
                .await?;
            println!("request ID {:?}: {:?}", response.request_id(), response.body);
            Ok(())
        }
    };
    unparse(tokens)
}

/// `.region(default)` when the first server has a region variable, else an explicit endpoint.
fn endpoint_call(api: &Api) -> TokenStream {
    let has_regions = api
        .servers
        .first()
        .and_then(|s| s.variables.iter().find(|v| v.name == "region"))
        .map(|v| v.default.clone());
    match has_regions {
        Some(r) => quote!(.region(#r)),
        None => quote!(.endpoint("https://api.example.com")),
    }
}

fn unparse(tokens: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(tokens).ok()?;
    Some(prettyplease::unparse(&file))
}

/// The call of the example: the operation, and the method call with its arguments.
struct ExampleCall<'a> {
    op: &'a Operation,
    /// `.method().param(value)… .body(…)`, without `.send()`.
    chain: TokenStream,
    /// A required text parameter of the call and its value, for a matcher.
    text_param: Option<(&'a Param, String)>,
    /// The call uses the `types` module.
    uses_types: bool,
}

/// The first operation with a documented JSON request body (else the first without a body),
/// called with its examples.
fn example_call(api: &Api) -> Option<ExampleCall<'_>> {
    let index = TypeIndex::new(api);
    let op = api
        .operations
        .iter()
        .find(|o| {
            o.body
                .as_ref()
                .is_some_and(|b| b.example.is_some() && b.kind == BodyKind::Json)
        })
        .or_else(|| api.operations.iter().find(|o| o.body.is_none()))?;
    let body_expr = match &op.body {
        Some(b) => {
            let example = b.example.as_ref()?;
            let expr = value_expr(&b.ty, example, &index, 0)?;
            Some(quote!(.body(#expr)))
        }
        None => None,
    };
    let params: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .filter_map(|p| {
            let setter = super::ident(&p.rust_name);
            let value = p
                .example
                .as_ref()
                .and_then(|e| value_expr(&p.ty, e, &index, 0))
                .or_else(|| placeholder(&p.ty, &p.wire_name, &index));
            // A parameter whose type has no simple placeholder is left out of the example.
            value.map(|value| quote!(.#setter(#value)))
        })
        .collect();
    let text_param = op
        .params
        .iter()
        .filter(|p| p.required && *index.resolve(&p.ty) == TypeRef::String)
        .find_map(|p| match &p.example {
            Some(Value::String(s)) => Some((p, s.clone())),
            Some(_) => None,
            None => Some((p, format!("<{}>", p.wire_name))),
        });
    let method = super::ident(&op.method_name);
    let uses_types = body_expr.is_some() || params.iter().any(|p| p.to_string().contains("types"));
    Some(ExampleCall {
        op,
        chain: quote!(.#method() #(#params)* #body_expr),
        text_param,
        uses_types,
    })
}

/// The examples of the README's testing section, as whole programs: a rule answered in
/// process, and the same over loopback; `None` when no operation has an example call.
pub fn mock_programs(api: &Api, crate_ident: &str) -> Option<(String, String)> {
    let call = example_call(api)?;
    let chain = &call.chain;
    let crate_id = format_ident!("{}", crate_ident);
    let rule = super::ident(&call.op.method_name);
    let types = call.uses_types.then(|| quote!(types,));
    let endpoint = endpoint_call(api);
    // Every call of the examples fails.
    let failing_call = quote!(client #chain .send().await.unwrap_err());
    let matcher = call.text_param.as_ref().map(|(p, value)| {
        let field = super::ident(&p.rust_name);
        quote!(.matching(|request| request.#field == #value))
    });
    let in_process = quote! {
        #[tokio::main]
        async fn main() -> Result<(), #crate_id::Error> {
            use #crate_id::{Client, #types mock};
            let rule = mock::#rule()
                #matcher
                .then_service_error(400, "Mock.0001", "rejected by the mock")
                .then_service_error(404, "Mock.0002", "not found");
            let client = Client::builder()
                #endpoint
                .mock(mock::Mock::new().with(&rule))
                .build()?;
            for expected in ["Mock.0001", "Mock.0002", "Mock.0002"] {
                let error = #failing_call;
                let code = error.as_service().map(|e| e.error_code.as_str());
                assert_eq!(code, Some(expected), "{error}");
            }
            assert_eq!(rule.calls(), 3);
            Ok(())
        }
    };
    let loopback = quote! {
        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            use #crate_id::{Client, #types mock};
            let rule = mock::#rule().then_service_error(400, "Mock.0001", "rejected by the mock");
            let server = mock::Loopback::start(mock::Mock::new().with(&rule)).await?;
            // Code that takes a base URL gets the server's.
            let client = Client::builder().endpoint(server.url()).build()?;
            let error = #failing_call;
            let code = error.as_service().map(|e| e.error_code.as_str());
            assert_eq!(code, Some("Mock.0001"), "{error}");
            assert_eq!(rule.calls(), 1);
            Ok(())
        }
    };
    Some((unparse(in_process)?, unparse(loopback)?))
}

/// A stand-in value of the parameter's type, when the spec documents no example.
fn placeholder(ty: &TypeRef, name: &str, index: &TypeIndex) -> Option<TokenStream> {
    match index.resolve(ty) {
        TypeRef::String => {
            let s = format!("<{name}>");
            Some(quote!(#s))
        }
        TypeRef::I32 | TypeRef::I64 => Some(quote!(1)),
        TypeRef::F64 => Some(quote!(1.0)),
        TypeRef::Bool => Some(quote!(true)),
        _ => None,
    }
}

/// A Rust expression that builds `value` as `ty`, or `None` if it cannot be shown simply.
fn value_expr(ty: &TypeRef, value: &Value, index: &TypeIndex, depth: usize) -> Option<TokenStream> {
    if depth > 8 {
        return None;
    }
    match (ty, value) {
        (TypeRef::String, Value::String(s)) => Some(quote!(#s)),
        (TypeRef::Bool, Value::Bool(b)) => Some(quote!(#b)),
        (TypeRef::I32, Value::Number(n)) => {
            let v = i32::try_from(n.as_i64()?).ok()?;
            Some(quote!(#v))
        }
        (TypeRef::I64, Value::Number(n)) => {
            let v = n.as_i64()?;
            Some(quote!(#v))
        }
        (TypeRef::F64, Value::Number(n)) => {
            let v = proc_macro2::Literal::f64_suffixed(n.as_f64()?);
            Some(quote!(#v))
        }
        (TypeRef::Nullable(_), Value::Null) => Some(quote!(None)),
        (TypeRef::Nullable(inner), v) => {
            let v = value_expr(inner, v, index, depth + 1)?;
            Some(quote!(Some(#v)))
        }
        (TypeRef::Array(inner), Value::Array(items)) => {
            let items: Option<Vec<TokenStream>> = items
                .iter()
                .map(|i| value_expr(inner, i, index, depth + 1))
                .collect();
            let items = items?;
            Some(quote!(vec![#(#items),*]))
        }
        (TypeRef::Named(n), _) => {
            let def = index.0.get(n.as_str())?;
            let id = format_ident!("{}", n);
            match (&def.kind, value) {
                (
                    TypeKind::Struct {
                        fields,
                        additional: None,
                    },
                    Value::Object(obj),
                ) => {
                    let mut args = Vec::new();
                    for f in fields.iter().filter(|f| f.required) {
                        args.push(value_expr(&f.ty, obj.get(&f.wire_name)?, index, depth + 1)?);
                    }
                    let mut setters = Vec::new();
                    for f in fields.iter().filter(|f| !f.required) {
                        if let Some(v) = obj.get(&f.wire_name) {
                            let e = value_expr(&f.ty, v, index, depth + 1)?;
                            let s = format_ident!("with_{}", f.rust_name);
                            setters.push(quote!(.#s(#e)));
                        }
                    }
                    if obj
                        .keys()
                        .any(|k| !fields.iter().any(|f| &f.wire_name == k))
                    {
                        return None;
                    }
                    Some(quote!(types::#id::new(#(#args),*) #(#setters)*))
                }
                (
                    TypeKind::Enum {
                        repr: EnumRepr::String,
                        ..
                    },
                    Value::String(s),
                ) => Some(quote!(types::#id::from(#s))),
                (TypeKind::Alias(inner), _) => value_expr(inner, value, index, depth + 1),
                _ => None,
            }
        }
        _ => None,
    }
}
