//! The real API: spec/cbr.yaml and its evolution.

use hcgen_spec_diff::report::{Report, RustApiStatus};
use hcgen_spec_diff::rust_api::Codegen;
use hcgen_spec_diff::{Semver, Severity, parse_document};

fn cbr() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cbr.yaml")).unwrap()
}

/// The official SDK's newer optional request field (huaweicloudsdkcbr 3.1.219).
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

#[test]
fn print_cross_account_urn_report() {
    let base = parse_document("base", &cbr()).unwrap();
    let head_text = with_cross_account_urn(&cbr());
    let head = parse_document("head", &head_text).unwrap();
    let g = Codegen::default();
    let report = Report::build(&base, &head, Some(&g));
    println!("{}", report.to_markdown());
    println!("{}", report.to_json());
    let _ = (RustApiStatus::Compared, Semver::Minor, Severity::Info);
}
