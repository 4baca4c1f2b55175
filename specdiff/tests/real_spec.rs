//! The real API: spec/cbr.yaml, its equivalent rewrites and its real evolution, compared
//! with the project's generator (`hcgen-codegen`) wired in.

use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::{Codegen, GeneratedFile, Generator};
use hcgen_spec_diff::{Document, Semver, Severity, parse_document};
use serde_json::Value;

fn cbr() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cbr.yaml")).unwrap()
}

fn doc(name: &str, text: &str) -> Document {
    parse_document(name, text).unwrap()
}

/// The official SDK's newer optional request field (huaweicloudsdkcbr 3.1.219):
/// `cross_account_urn`, a string, in CheckpointReplicateParam.
fn with_cross_account_urn(text: &str) -> String {
    let anchor = "    CopyCheckpointResponseBody:\n";
    assert!(text.contains(anchor));
    text.replacen(
        anchor,
        &format!(
            "        cross_account_urn:\n          type: string\n          description: Cross-account replication vault of the target account.\n{anchor}"
        ),
        1,
    )
}

fn kinds(report: &Report) -> Vec<(Severity, &str, &str)> {
    report
        .changes
        .iter()
        .map(|c| (c.severity, c.kind.as_str(), c.pointer.as_str()))
        .collect()
}

#[test]
fn cross_account_urn_is_non_breaking_and_minor() {
    let base = doc("base", &cbr());
    let head = doc("head", &with_cross_account_urn(&cbr()));

    // Spec level.
    let spec_only = Report::build(&base, &head, None);
    assert_eq!(
        kinds(&spec_only),
        [(
            Severity::NonBreaking,
            "new-optional-request-property",
            "/components/schemas/CheckpointReplicateParam/properties/cross_account_urn"
        )]
    );
    assert_eq!(
        spec_only.changes[0].message,
        "CheckpointReplicateParam.cross_account_urn (string) added as optional: existing callers need not send it; generated structs are #[non_exhaustive] and get a setter"
    );
    assert_eq!(spec_only.semver, Semver::Minor);

    // With the generated crate.
    let report = Report::build(&base, &head, Some(&Codegen::default()));
    assert_eq!(report.rust_api, RustApiStatus::Compared);
    assert_eq!(report.semver, Semver::Minor);
    assert_eq!(report.summary.breaking, 0);
    let field = report
        .changes
        .iter()
        .find(|c| c.kind == "rust-field-added")
        .expect("a new pub field");
    assert_eq!(field.severity, Severity::NonBreaking);
    assert!(
        field
            .message
            .contains("CheckpointReplicateParam::cross_account_urn"),
        "{}",
        field.message
    );
    assert!(
        field.message.contains("Option<String>"),
        "{}",
        field.message
    );
    assert_eq!(
        field.pointer,
        "/components/schemas/CheckpointReplicateParam/properties/cross_account_urn"
    );
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.severity == Severity::NonBreaking),
        "{:#?}",
        report.changes
    );
}

#[test]
fn removing_a_response_field_is_breaking_and_major() {
    let base = doc("base", &cbr());
    let text = cbr().replacen(
        "        source_region:\n          type: string\n          description: |-\n            Source region of the replication.\n\n            原文: 复制的源区域\n",
        "",
        1,
    );
    let head = doc("head", &text);
    let report = Report::build(&base, &head, Some(&Codegen::default()));
    assert_eq!(report.semver, Semver::Major);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == "response-property-removed"
                && c.severity == Severity::Breaking
                && c.pointer
                    == "/components/schemas/CheckpointReplicateRespBody/properties/source_region")
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == "rust-field-removed" && c.severity == Severity::Breaking),
        "{:#?}",
        report.changes
    );
}

/// A tighter request constraint leaves every Rust signature as it was, but the crate now
/// rejects values it used to send: breaking for callers, so a major bump.
#[test]
fn a_tighter_request_max_length_is_breaking_and_major() {
    let base = doc("base", &cbr());
    let text = cbr().replacen("          maxLength: 255\n", "          maxLength: 64\n", 1);
    assert_ne!(text, cbr());
    let head = doc("head", &text);
    let report = Report::build(&base, &head, Some(&Codegen::default()));
    let breaking: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    assert_eq!(breaking.len(), 1, "{:#?}", report.changes);
    assert_eq!(
        breaking[0].pointer,
        "/components/schemas/CheckpointReplicateParam/properties/destination_region"
    );
    assert!(breaking[0].kind.contains("max-length"), "{:?}", breaking[0]);
    assert!(
        !report.changes.iter().any(|c| c.kind.starts_with("rust-")),
        "{:#?}",
        report.changes
    );
    assert_eq!(report.semver, Semver::Major);
}

#[test]
fn a_docs_only_change_is_a_patch() {
    let base = doc("base", &cbr());
    let head = doc(
        "head",
        &cbr().replacen("Backup provider ID.", "ID of the backup provider.", 1),
    );
    let report = Report::build(&base, &head, Some(&Codegen::default()));
    assert_eq!(
        kinds(&report),
        [(
            Severity::Info,
            "description-changed",
            "/components/schemas/CheckpointReplicateRespBody/properties/provider_id/description"
        )]
    );
    assert_eq!(report.semver, Semver::Patch);
}

#[test]
fn identical_documents_report_nothing() {
    let base = doc("base", &cbr());
    let report = Report::build(&base, &base.clone(), Some(&Codegen::default()));
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.semver, Semver::None);
}

/// Re-serialize as JSON with every mapping's keys in reverse order.
fn reversed_json(text: &str) -> String {
    fn rev(v: &Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                keys.reverse();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), rev(&map[k])))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(rev).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&rev(&doc("x", text).root)).unwrap()
}

#[test]
fn formatting_and_key_order_do_not_matter() {
    let base = doc("base", &cbr());
    let json = reversed_json(&cbr());
    assert!(!json.starts_with("{\"openapi\""), "{}", &json[..40]);
    let head = doc("head.json", &json);
    let report = Report::build(&base, &head, None);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.semver, Semver::None);
    // Reordered `required` and server enum lists, and re-indented YAML, are no change either.
    let reordered = cbr()
        .replace(
            "        - destination_project_id\n        - destination_region\n",
            "        - destination_region\n        - destination_project_id\n",
        )
        .replace(
            "          - ae-ad-1\n          - af-north-1\n",
            "          - af-north-1\n          - ae-ad-1\n",
        );
    assert_ne!(reordered, cbr());
    let report = Report::build(&base, &doc("head", &reordered), None);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

#[test]
fn ref_layout_does_not_matter() {
    // Inline CheckpointReplicateParam where CheckpointReplicateReq references it, and move
    // the Error response's body schema inline too.
    let text = cbr();
    let param_start = text.find("    CheckpointReplicateParam:\n").unwrap();
    let param_end = text.find("    CopyCheckpointResponseBody:\n").unwrap();
    let param_block = &text[param_start..param_end];
    let inline: String = param_block
        .lines()
        .skip(1)
        .map(|l| format!("    {l}\n"))
        .collect();
    let mut head = text.replacen(param_block, "", 1);
    head = head.replacen(
        "        replicate:\n          $ref: \"#/components/schemas/CheckpointReplicateParam\"\n",
        &format!("        replicate:\n{inline}"),
        1,
    );
    assert!(!head.contains("CheckpointReplicateParam"));
    let base = doc("base", &text);
    let head = doc("head", &head);
    let report = Report::build(&base, &head, None);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    let back = Report::build(&head, &base, None);
    assert!(back.changes.is_empty(), "{:#?}", back.changes);
}

#[test]
fn generator_failures_are_reported() {
    let failing_on_head = |name: &str, _text: &str| -> Result<Vec<GeneratedFile>, String> {
        if name == "head" {
            Err("unsupported schema at /x".to_string())
        } else {
            Ok(Vec::new())
        }
    };
    let base = doc("base", &cbr());
    let head = doc("head", &cbr());
    let report = Report::build(&base, &head, Some(&failing_on_head as &dyn Generator));
    assert_eq!(
        kinds(&report),
        [(Severity::Breaking, "rust-generation-failed", "")]
    );
    assert_eq!(report.semver, Semver::Major);
    assert_eq!(
        report.rust_api,
        RustApiStatus::Failed("unsupported schema at /x".into())
    );
    let report = Report::build(&head, &base, Some(&failing_on_head as &dyn Generator));
    assert_eq!(
        kinds(&report),
        [(Severity::Info, "rust-generation-failed", "")]
    );
    assert_eq!(report.semver, Semver::Patch);
}

#[test]
fn markdown_is_a_verdict_then_changes_grouped_by_what_they_concern() {
    let base = doc("main:spec/cbr.yaml", &cbr());
    let head = doc(
        "spec/cbr.yaml",
        &with_cross_account_urn(&cbr()).replacen("Backup provider ID.", "Provider.", 1),
    );
    let md = Report::build(&base, &head, None).to_markdown();
    assert_eq!(
        md,
        "**API spec diff** `main:spec/cbr.yaml` → `spec/cbr.yaml`: **minor** bump of the generated crate (estimated from the spec); 0 breaking, 1 non-breaking, 1 info.

#### Spec changes (1)

**schema `CheckpointReplicateParam`**

| Severity | Rule | Where | Change |
|---|---|---|---|
| non-breaking | `new-optional-request-property` | `/components/schemas/CheckpointReplicateParam/properties/cross_account_urn` | CheckpointReplicateParam.cross_account_urn (string) added as optional: existing callers need not send it; generated structs are #[non_exhaustive] and get a setter |

<details><summary>1 informational spec change (documentation, examples)</summary>

**schema `CheckpointReplicateRespBody`**

| Severity | Rule | Where | Change |
|---|---|---|---|
| info | `description-changed` | `/components/schemas/CheckpointReplicateRespBody/properties/provider_id/description` | CheckpointReplicateRespBody.provider_id: description changed: documentation only |

</details>

_The generated Rust API was not compared (no generator available)._
"
    );
}

/// Added operations make many Rust API rows: the verdict and the spec changes come first
/// and stay short; the Rust rows are folded, grouped by type, breaking groups first.
#[test]
fn markdown_folds_the_rust_api_changes_grouped_by_type() {
    let base = doc("main:spec/cbr.yaml", &cbr());
    let mut text = cbr();
    let replicate = "  /v3/{project_id}/checkpoints/replicate:\n";
    let start = text.find(replicate).unwrap();
    let end = text[start..].find("\ncomponents:\n").unwrap() + start + 1;
    let path_item = text[start..end].to_owned();
    let mut added = String::new();
    for i in 0..3 {
        added.push_str(
            &path_item
                .replace(
                    "/checkpoints/replicate",
                    &format!("/checkpoints/replicate-{i}"),
                )
                .replace(
                    "operationId: CopyCheckpoint",
                    &format!("operationId: CopyCheckpoint{i}"),
                ),
        );
    }
    text.insert_str(end, &added);
    let head = doc("spec/cbr.yaml", &text);
    let report = Report::build(&base, &head, Some(&Codegen::default() as &dyn Generator));
    assert_eq!(report.rust_api, RustApiStatus::Compared);
    let md = report.to_markdown();
    let lines: Vec<&str> = md.lines().collect();
    assert!(
        lines[0].starts_with(
            "**API spec diff** `main:spec/cbr.yaml` → `spec/cbr.yaml`: **minor** bump of the generated crate; 0 breaking, "
        ),
        "{md}"
    );
    let rust_rows = report
        .changes
        .iter()
        .filter(|c| c.kind.starts_with("rust-"))
        .count();
    assert!(rust_rows >= 9, "{md}");
    // Everything Rust is inside the one folded block, after the spec changes.
    let details = md
        .find("<details><summary>Rust API changes of the generated crate: ")
        .expect("a folded block");
    assert!(
        md[details..].contains(&format!(": {rust_rows} (0 breaking)</summary>")),
        "{md}"
    );
    assert!(!md[..details].contains("`rust-"), "{md}");
    let spec = &md[..details];
    for i in 0..3 {
        assert!(
            spec.contains(&format!(
                "**`POST /v3/{{project_id}}/checkpoints/replicate-{i}`**"
            )),
            "{md}"
        );
    }
    assert!(md[details..].contains("\n**`Client`**\n"), "{md}");
    assert!(md[details..].contains("\n**`CopyCheckpoint0`**\n"), "{md}");
    // A reviewer sees the verdict and the spec changes on one screen.
    assert!(md[..details].lines().count() < 30, "{md}");
}
