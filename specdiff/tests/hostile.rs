//! Hostile specs (issue 15), built in code: reference cycles through every component kind,
//! and long chains (nested properties, `$ref`s, `allOf`s). Each side contains the construct
//! and the head changes something deep inside it; spec-diff must end in a report or a clear
//! error naming the pointer, never a stack overflow. These tests run on the default 2 MiB
//! test-thread stack on purpose.

use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::{GeneratedFile, Generator};
use hcgen_spec_diff::{Change, Error, Semver, Severity, parse_document};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A document with one operation `GET /t` (its `operation` text is the operation's members,
/// in flow style) and `components` (flow style).
fn spec(operation: &str, components: &str) -> String {
    format!(
        "{HEAD}paths: {{/t: {{get: {{operationId: t, {operation}}}}}}}\ncomponents: {components}\n"
    )
}

const OK: &str = "responses: {'200': {description: ok}}";

fn load(text: &str) -> Result<hcgen_spec_diff::Document, Error> {
    parse_document("hostile.yaml", text)
}

/// The document is refused, naming the `$ref` where the cycle was met and the cycle itself.
fn assert_cycle_refused(text: &str, cycle: &str) {
    let e = load(text).unwrap_err();
    assert!(matches!(e, Error::InvalidRef { .. }), "{e}");
    let e = e.to_string();
    assert!(e.contains("invalid $ref at /paths/~1t/get/"), "{e}");
    assert!(
        e.contains(&format!("reference cycle {cycle}")),
        "{cycle} not in: {e}"
    );
}

#[test]
fn reference_cycles_in_every_component_kind_are_errors_naming_the_pointer() {
    // (component kind, where the operation uses it, how).
    let uses = [
        (
            "parameters",
            "parameters: [{$ref: '#/components/parameters/A'}], ".to_string() + OK,
        ),
        (
            "requestBodies",
            format!("requestBody: {{$ref: '#/components/requestBodies/A'}}, {OK}"),
        ),
        (
            "responses",
            "responses: {'200': {$ref: '#/components/responses/A'}}".to_string(),
        ),
        (
            "headers",
            "responses: {'200': {description: ok, headers: {X-A: {$ref: '#/components/headers/A'}}}}"
                .to_string(),
        ),
        (
            "schemas",
            "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}"
                .to_string(),
        ),
    ];
    for (kind, operation) in uses {
        let own = spec(
            &operation,
            &format!("{{{kind}: {{A: {{$ref: '#/components/{kind}/A'}}}}}}"),
        );
        let a = format!("`#/components/{kind}/A`");
        assert_cycle_refused(&own, &format!("{a} → {a}"));
        let mutual = spec(
            &operation,
            &format!(
                "{{{kind}: {{A: {{$ref: '#/components/{kind}/B'}}, B: {{$ref: '#/components/{kind}/A'}}}}}}"
            ),
        );
        let b = format!("`#/components/{kind}/B`");
        assert_cycle_refused(&mutual, &format!("{a} → {b} → {a}"));
    }
}

/// `GET /t` answering with the schema `S0`.
fn returning_s0(components: &str) -> String {
    spec(
        "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}}",
        components,
    )
}

/// `S0` with `depth` nested object properties `p`, the innermost of type `leaf`.
fn nested_properties(depth: usize, leaf: &str) -> String {
    let mut schema = format!("{{type: {leaf}}}");
    for _ in 0..depth {
        schema = format!("{{type: object, properties: {{p: {schema}}}}}");
    }
    returning_s0(&format!("{{schemas: {{S0: {schema}}}}}"))
}

/// Schemas `S0` … `S{len}`: `S{i}` is `link(i, "#/components/schemas/S{i+1}")` and the last
/// one is `last`; `GET /t` answers with `S0`.
fn chain(len: usize, link: impl Fn(usize, &str) -> String, last: &str) -> String {
    let mut schemas = String::new();
    for i in 0..len {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.push_str(&format!("S{i}: {}, ", link(i, &next)));
    }
    returning_s0(&format!("{{schemas: {{{schemas}S{len}: {last}}}}}"))
}

/// `S0` → `S1` → … → `S{len}` through `$ref`s only, the last of type `leaf`.
fn ref_chain(len: usize, leaf: &str) -> String {
    chain(
        len,
        |_, next| format!("{{$ref: '{next}'}}"),
        &format!("{{type: {leaf}}}"),
    )
}

/// `S0` → `S1` → … each through a property `next` that is a `$ref`, the last of type `leaf`.
fn property_ref_chain(len: usize, leaf: &str) -> String {
    chain(
        len,
        |_, next| format!("{{type: object, properties: {{next: {{$ref: '{next}'}}}}}}"),
        &format!("{{type: {leaf}}}"),
    )
}

/// `S0` is `allOf: [S1]` plus a property `p0`, `S1` is `allOf: [S2]` plus `p1`, …; the last
/// one's property `last` has type `leaf`.
fn all_of_chain(len: usize, leaf: &str) -> String {
    chain(
        len,
        |i, next| {
            format!("{{allOf: [{{$ref: '{next}'}}], properties: {{p{i}: {{type: string}}}}}}")
        },
        &format!("{{type: object, properties: {{last: {{type: {leaf}}}}}}}"),
    )
}

/// Compare base (leaf `string`) with head (leaf `integer`) and return the report.
fn compare(build: fn(usize, &str) -> String, len: usize) -> Report {
    let base = load(&build(len, "string")).unwrap();
    let head = load(&build(len, "integer")).unwrap();
    Report::build(&base, &head, None)
}

fn type_changes(report: &Report) -> Vec<(&str, &str)> {
    report
        .changes
        .iter()
        .filter(|c| c.kind.ends_with("type-changed"))
        .map(|c| (c.kind.as_str(), c.pointer.as_str()))
        .collect()
}

/// Inline nesting is bounded by the loader (`MAX_DEPTH` levels of mappings: two a property,
/// four above the first schema), so the deepest inline chain of properties is about half as
/// long; longer chains go through `$ref`s. One level more is refused.
#[test]
fn nested_properties_as_deep_as_the_loader_allows_compare() {
    let len = (hcgen_codegen::load::MAX_DEPTH - 4) / 2;
    let report = compare(nested_properties, len);
    let pointer = format!("/components/schemas/S0{}", "/properties/p".repeat(len));
    assert_eq!(
        type_changes(&report),
        [("response-property-type-changed", pointer.as_str())]
    );
    assert_eq!(report.semver, Semver::Major);
    let too_deep = load(&nested_properties(len + 2, "string")).unwrap_err();
    assert!(too_deep.to_string().contains("nested deeper"), "{too_deep}");
}

#[test]
fn a_ref_chain_of_4000_compares_without_overflow() {
    let report = compare(ref_chain, 4000);
    assert_eq!(
        type_changes(&report),
        [("response-body-type-changed", "/components/schemas/S4000")]
    );
}

#[test]
fn a_chain_of_nested_properties_through_refs_compares_without_overflow() {
    for len in [1000, 4000] {
        let report = compare(property_ref_chain, len);
        let leaf = format!("/components/schemas/S{len}");
        assert_eq!(
            type_changes(&report),
            [("response-property-type-changed", leaf.as_str())]
        );
    }
}

#[test]
fn an_all_of_chain_of_2000_compares_without_overflow() {
    let report = compare(all_of_chain, 2000);
    assert_eq!(
        type_changes(&report),
        [(
            "response-property-type-changed",
            "/components/schemas/S2000/properties/last"
        )]
    );
}

/// Compare a small `allOf` chain with `generator`; the report and its failure row.
fn with_generator(generator: &dyn Generator) -> (Report, Change) {
    let base = load(&all_of_chain(3, "string")).unwrap();
    let head = load(&all_of_chain(3, "integer")).unwrap();
    let report = Report::build(&base, &head, Some(generator));
    let row = report
        .changes
        .iter()
        .find(|c| c.kind == "rust-generation-failed")
        .cloned()
        .expect("a rust-generation-failed row");
    assert_eq!(row.severity, Severity::Breaking);
    assert_eq!(report.semver, Semver::Major);
    assert!(matches!(report.rust_api, RustApiStatus::Failed(_)));
    (report, row)
}

/// A generator that fails (as `hcgen-codegen` does on inputs over its limits) is a report row
/// and a note, not an abort.
#[test]
fn a_generator_error_is_a_row_not_an_abort() {
    let failing = |name: &str, _: &str| -> Result<Vec<GeneratedFile>, String> {
        Err(format!(
            "{name}: /components/schemas/S0: nesting over the limit"
        ))
    };
    let (report, row) = with_generator(&failing);
    assert!(
        row.message.contains("nesting over the limit"),
        "{}",
        row.message
    );
    assert!(report.to_markdown().contains("nesting over the limit"));
}

/// A generator that panics is reported like one that fails: it runs on a thread of its own
/// and the panic's message becomes the row's.
#[test]
fn a_generator_panic_is_a_row_not_an_abort() {
    let panicking = |_: &str, _: &str| -> Result<Vec<GeneratedFile>, String> {
        panic!("lowering blew up");
    };
    let (_, row) = with_generator(&panicking);
    assert!(
        row.message
            .contains("the generator panicked: lowering blew up"),
        "{}",
        row.message
    );
}
