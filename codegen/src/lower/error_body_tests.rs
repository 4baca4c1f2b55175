//! Error responses: which declared responses become [`Operation::errors`], how their body
//! types are named and shared, and the decoder `send()` gets from them.

use crate::error::ErrorKind;
use crate::model::{ErrorResponse, Operation, StatusKey, TypeKind, TypeRef};
use crate::{Error, Options, generate_from_str};

/// A YAML spec with `get /x` answering `responses` (YAML lines indented for the map) and
/// the given `components` lines.
fn spec(responses: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n{responses}components:\n{components}"
    )
}

const PROBLEM: &str =
    "  schemas:\n    Problem: {type: object, properties: {code: {type: string}}}\n";

fn operation(text: &str) -> Result<Operation, Error> {
    let loaded = crate::load::load_str("t.yaml", text)?;
    let (mut api, _) = super::lower(&loaded)?;
    Ok(api.operations.remove(0))
}

fn client(text: &str) -> String {
    let out = generate_from_str("t.yaml", text, &Options::default()).expect("generates");
    let file = out.files.iter().find(|f| f.path.ends_with("client.rs"));
    file.expect("client.rs").contents.clone()
}

/// Text without whitespace, to find code whatever its formatting.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn named(n: &str) -> Option<TypeRef> {
    Some(TypeRef::Named(n.to_owned()))
}

/// Exact codes, a range (through `#/components/responses`), `default`, a body without JSON
/// and one without content: all kept, in the order a status picks them.
const MIXED: &str = "        '200': {description: ok}\n\
    \x20       default: {description: d, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n\
    \x20       5XX: {$ref: '#/components/responses/Busy'}\n\
    \x20       '503': {description: text, content: {text/plain: {schema: {type: string}}}}\n\
    \x20       '404': {description: inline, content: {application/json: {schema: {type: object, properties: {missing: {type: string}}}}}}\n\
    \x20       '400': {description: nothing}\n";

const BUSY: &str = "  responses:\n    Busy: {description: busy, content: {application/problem+json: {schema: {type: array, items: {$ref: '#/components/schemas/Problem'}}}}}\n";

#[test]
fn error_responses_are_lowered_in_precedence_order_with_their_body_types() {
    let op = operation(&spec(MIXED, &format!("{BUSY}{PROBLEM}"))).expect("lowers");
    let entry = |status, pointer: &str, ty| ErrorResponse {
        status,
        pointer: pointer.to_owned(),
        ty,
    };
    let at = |s: &str| format!("/paths/~1x/get/responses/{s}");
    assert_eq!(
        op.errors,
        vec![
            entry(StatusKey::Code(400), &at("400"), None),
            entry(StatusKey::Code(404), &at("404"), named("GetXError404")),
            entry(StatusKey::Code(503), &at("503"), None),
            entry(
                StatusKey::Range(5),
                "/components/responses/Busy",
                Some(TypeRef::Array(Box::new(TypeRef::Named("Problem".into()))))
            ),
            entry(StatusKey::Default, &at("default"), named("Problem")),
        ]
    );
    assert_eq!(op.success.statuses, ["200"]);
}

#[test]
fn the_decoder_tries_the_exact_code_then_the_range_then_default() {
    let code = squeeze(&client(&spec(MIXED, &format!("{BUSY}{PROBLEM}"))));
    let decode = |t: &str| format!("{{::hcgen_runtime::decode_error_body::<{t},>(body)}}");
    let expected = format!(
        "|status,body|matchstatus.as_u16(){{400|503=>None,404=>{}500..=599=>{}_=>{}}}",
        decode("super::super::types::GetXError404"),
        decode("Vec<super::super::types::Problem>"),
        decode("super::super::types::Problem"),
    );
    assert!(code.contains(&expected), "{expected}\nin\n{code}");
    // Several types: no single typed accessor; the documentation names each.
    assert!(!code.contains("pubfnerror_body"), "{code}");
    for line in [
        "///-400,503:noJSONbody",
        "///-404:[`GetXError404`](super::super::types::GetXError404)",
        "///-5XX:`Vec<types::Problem>`",
        "///-default:[`Problem`](super::super::types::Problem)",
    ] {
        assert!(code.contains(line), "{line}\nin\n{code}");
    }
}

#[test]
fn one_error_type_gets_a_typed_accessor_and_a_default_alone_needs_no_match() {
    let responses = "        '204': {description: ok}\n\
        \x20       default: {description: d, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n";
    let code = squeeze(&client(&spec(responses, PROBLEM)));
    assert!(
        code.contains(".map_err(|e|{e.decode_service_body(|_,body|::hcgen_runtime::decode_error_body::<super::super::types::Problem,>(body))})?;"),
        "{code}"
    );
    assert!(
        code.contains("pubfnerror_body(error:&::hcgen_runtime::Error,)->Option<&super::super::types::Problem>{error.body()}"),
        "{code}"
    );
}

#[test]
fn error_responses_without_json_bodies_decode_nothing() {
    let responses = "        '200': {description: ok}\n\
        \x20       '404': {description: gone}\n\
        \x20       default: {description: d, content: {text/html: {schema: {type: string}}}}\n";
    let op = operation(&spec(responses, PROBLEM)).expect("lowers");
    assert_eq!(op.errors.len(), 2);
    assert!(op.errors.iter().all(|e| e.ty.is_none()), "{:?}", op.errors);
    let code = squeeze(&client(&spec(responses, PROBLEM)));
    assert!(code.contains("letraw=request.send().await?;"), "{code}");
    assert!(!code.contains("decode_service_body"), "{code}");
    assert!(!code.contains("pubfnerror_body"), "{code}");
    assert!(
        code.contains("///Theerrorresponsesthespecdeclares(404,default)havenoJSONbody:therawbytesarein[`ServiceError::body`](::hcgen_runtime::ServiceError#structfield.body)."),
        "{code}"
    );
}

#[test]
fn error_body_types_are_response_types_and_shared_by_reference() {
    let responses = "        '200': {description: ok}\n\
        \x20       '400': {$ref: '#/components/responses/Bad'}\n\
        \x20       '409': {$ref: '#/components/responses/Bad'}\n";
    let components = format!(
        "  responses:\n    Bad: {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}\n{PROBLEM}"
    );
    let loaded = crate::load::load_str("t.yaml", &spec(responses, &components)).unwrap();
    let (api, _) = super::lower(&loaded).expect("lowers");
    let types: Vec<_> = api.operations[0]
        .errors
        .iter()
        .map(|e| e.ty.clone())
        .collect();
    assert_eq!(types, [named("Problem"), named("Problem")]);
    let problem = api.types.iter().find(|t| t.name == "Problem").unwrap();
    assert!(problem.in_response && !problem.in_request);
}

#[test]
fn an_inline_error_schema_does_not_rename_a_later_success_body() {
    // The same inline schema as the error body of /a and the success body of /b: each has
    // its own name, and /b's response stays the definition, /a's error an alias of it (error
    // responses are lowered after every operation, so they never turn an existing type into
    // an alias).
    let inline = "{application/json: {schema: {type: object, properties: {n: {type: string}}}}}";
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n\
         \x20 /a:\n    get:\n      operationId: a\n      responses:\n        '204': {{description: ok}}\n        '400': {{description: e, content: {inline}}}\n\
         \x20 /b:\n    get:\n      operationId: b\n      responses:\n        '200': {{description: ok, content: {inline}}}\n"
    );
    let loaded = crate::load::load_str("t.yaml", &text).unwrap();
    let (api, _) = super::lower(&loaded).expect("lowers");
    assert_eq!(api.operations[1].success.ty, named("BResponse"));
    assert_eq!(api.operations[0].errors[0].ty, named("AError400"));
    let kind = |name: &str| &api.types.iter().find(|t| t.name == name).expect(name).kind;
    assert!(
        matches!(kind("BResponse"), TypeKind::Struct { .. }),
        "{:?}",
        kind("BResponse")
    );
    assert_eq!(
        *kind("AError400"),
        TypeKind::Alias(TypeRef::Named("BResponse".into()))
    );
}

#[test]
fn a_dangling_error_response_reference_is_an_error_naming_it() {
    let responses =
        "        '200': {description: ok}\n        4XX: {$ref: '#/components/responses/Nope'}\n";
    let e = operation(&spec(responses, PROBLEM)).expect_err("dangling");
    assert_eq!(e.kind, ErrorKind::DanglingRef, "{e}");
    assert_eq!(e.pointer(), Some("/paths/~1x/get/responses/4XX"), "{e}");
}
