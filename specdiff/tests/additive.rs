//! Additive spec changes stay additive in Rust: the names of generated types depend only on
//! their own schema's place, so adding an operation and a schema whose inline shapes
//! duplicate existing ones changes no existing type, field or method.

use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::{Codegen, Generator};
use hcgen_spec_diff::{Semver, Severity, parse_document};

const BASE: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /bees: {post: {operationId: CreateBee, requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Bee'}}}}, responses: {'200': {description: ok}}}}
components:
  schemas:
    Bee: {type: object, properties: {spec: {type: string, enum: [small, large]}, home: {type: object, properties: {x: {type: integer}}}}}
";

/// `BASE` plus an operation and a schema that sorts before `Bee`, with the same inline shapes.
fn head_text() -> String {
    BASE.replace(
        "paths:\n",
        "paths:\n  /ants: {post: {operationId: CreateAnt, requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Ant'}}}}, responses: {'200': {description: ok}}}}\n",
    )
    .replace(
        "  schemas:\n",
        "  schemas:\n    Ant: {type: object, properties: {spec: {type: string, enum: [small, large]}, home: {type: object, properties: {x: {type: integer}}}}}\n",
    )
}

#[test]
fn a_new_schema_with_the_same_inline_shapes_renames_nothing() {
    let base = parse_document("base.yaml", BASE).unwrap();
    let head = parse_document("head.yaml", &head_text()).unwrap();
    let report = Report::build(&base, &head, Some(&Codegen::default() as &dyn Generator));
    assert_eq!(report.rust_api, RustApiStatus::Compared);
    let breaking: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
    assert_eq!(report.semver, Semver::Minor, "{:#?}", report.changes);
    // The new types exist under their own names; the old ones keep theirs.
    let md = report.to_markdown();
    for added in ["types::AntSpec", "types::AntHome", "types::Ant`"] {
        assert!(md.contains(added), "{added} in {md}");
    }

    // The generated code: Bee's fields keep their types; Ant's inline types are aliases.
    let files = Codegen::default()
        .generate("head.yaml", &head_text())
        .unwrap();
    let types = &files
        .iter()
        .find(|f| f.path.ends_with("src/types.rs"))
        .unwrap()
        .contents;
    assert!(types.contains("pub spec: Option<BeeSpec>"), "{types}");
    assert!(types.contains("pub spec: Option<AntSpec>"), "{types}");
    assert!(
        types.contains("pub type BeeSpec = AntSpec;")
            || types.contains("pub type AntSpec = BeeSpec;"),
        "{types}"
    );
}
