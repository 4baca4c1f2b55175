//! Data-driven rule tests: every directory in `tests/fixtures/` holds `base.yaml`, `head.yaml`
//! (or `head.json`) and `expected.json`:
//!
//! ```json
//! {"changes": [{"severity": "breaking", "kind": "rule-id", "pointer": "/json/pointer",
//!               "message_contains": "optional substring"}],
//!  "semver": "optional: the spec-level estimate"}
//! ```
//!
//! The reported changes must equal `changes` exactly (same set, same order as the report
//! sorts them). Adding a directory adds a test case.

use hcgen_spec_diff::report::Report;
use hcgen_spec_diff::rules;
use hcgen_spec_diff::{Change, parse_document};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn load(dir: &Path, stem: &str) -> Result<hcgen_spec_diff::Document, String> {
    let path = ["yaml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("no {stem}.yaml or {stem}.json"))?;
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let name = path.file_name().unwrap().to_string_lossy();
    parse_document(&name, &text).map_err(|e| e.to_string())
}

/// Check one fixture; returns a description of the mismatch, if any.
fn check(dir: &Path) -> Result<Vec<Change>, String> {
    let base = load(dir, "base")?;
    let head = load(dir, "head")?;
    let report = Report::build(&base, &head, None);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let want: Vec<(String, String, String)> = expected["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["severity"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
                c["pointer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let got: Vec<(String, String, String)> = report
        .changes
        .iter()
        .map(|c| (c.severity.to_string(), c.kind.clone(), c.pointer.clone()))
        .collect();
    if got != want {
        return Err(format!(
            "changes differ\n  want: {want:?}\n  got:  {got:?}\n  messages: {:#?}",
            report
                .changes
                .iter()
                .map(|c| &c.message)
                .collect::<Vec<_>>()
        ));
    }
    for (c, e) in report
        .changes
        .iter()
        .zip(expected["changes"].as_array().unwrap())
    {
        if let Some(part) = e.get("message_contains").and_then(Value::as_str)
            && !c.message.contains(part)
        {
            return Err(format!("message `{}` lacks `{part}`", c.message));
        }
    }
    if let Some(semver) = expected.get("semver").and_then(Value::as_str)
        && report.semver.as_str() != semver
    {
        return Err(format!("semver {} instead of {semver}", report.semver));
    }
    // Swapping the sides never crashes and reports something iff there was a change.
    let reverse = Report::build(&head, &base, None);
    if reverse.changes.is_empty() != report.changes.is_empty() {
        return Err("the reverse comparison disagrees about whether anything changed".into());
    }
    Ok(report.changes)
}

#[test]
fn every_fixture_matches_its_expectation() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 25, "only {} fixtures", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        if let Err(e) = check(dir) {
            failures.push(format!(
                "{}: {e}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_cover_at_least_25_distinct_rules_and_every_reported_kind_is_registered() {
    let mut kinds = BTreeSet::new();
    for dir in fixture_dirs() {
        for change in check(&dir).unwrap_or_default() {
            let registered = rules::lookup(&change.kind)
                .unwrap_or_else(|| panic!("unregistered kind {}", change.kind));
            assert_eq!(registered.0, change.severity, "{}", change.kind);
            kinds.insert(change.kind);
        }
    }
    assert!(
        kinds.len() >= 25,
        "only {} rules covered: {kinds:?}",
        kinds.len()
    );
}

#[test]
fn fixture_names_are_the_rule_they_test_or_describe_an_equivalence() {
    for dir in fixture_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let kinds: Vec<&str> = expected["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        if name.starts_with("no-change-") {
            assert!(
                kinds.iter().all(|k| k.starts_with("component-schema-")) || kinds.is_empty(),
                "{name}: {kinds:?}"
            );
        }
    }
}
