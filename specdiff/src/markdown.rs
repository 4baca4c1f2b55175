//! The Markdown report, for a pull request: a reviewer reads the verdict in one line, the
//! spec changes grouped by the operation (or component) they concern, breaking first, and
//! opens the generated Rust API's changes, grouped by type, only when they want them.

use crate::report::{Report, RustApiStatus};
use crate::rules::{Change, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The HTTP methods of an OpenAPI path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Renders `report`; see the module docs.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", verdict(report));
    let (rust, spec): (Vec<&Change>, Vec<&Change>) = report
        .changes
        .iter()
        .partition(|c| c.kind.starts_with("rust-"));
    let (info, main): (Vec<&Change>, Vec<&Change>) =
        spec.into_iter().partition(|c| c.severity == Severity::Info);
    if !main.is_empty() {
        let _ = writeln!(out, "\n#### Spec changes ({})", main.len());
        write_groups(&mut out, &main, spec_group, true);
    }
    if !info.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} informational spec change{} (documentation, examples)</summary>",
            info.len(),
            plural(info.len())
        );
        write_groups(&mut out, &info, spec_group, true);
        out.push_str("\n</details>\n");
    }
    if !rust.is_empty() {
        let breaking = rust
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
            .count();
        let _ = writeln!(
            out,
            "\n<details><summary>Rust API changes of the generated crate: {} ({breaking} breaking)</summary>",
            rust.len()
        );
        write_groups(&mut out, &rust, rust_group, false);
        out.push_str("\n</details>\n");
    }
    match &report.rust_api {
        RustApiStatus::Compared => {}
        RustApiStatus::NotCompared => {
            out.push_str("\n_The generated Rust API was not compared (no generator available)._\n")
        }
        RustApiStatus::Failed(e) => {
            let _ = writeln!(
                out,
                "\n_The generated Rust API could not be compared: {}_",
                cell(e)
            );
        }
    }
    out
}

/// The first line: the bump, then the counts.
fn verdict(report: &Report) -> String {
    let s = &report.summary;
    let estimated = match report.rust_api {
        RustApiStatus::Compared => "",
        _ => " (estimated from the spec)",
    };
    let counts = if report.changes.is_empty() {
        "no changes".to_owned()
    } else {
        let breaking = if s.breaking > 0 {
            format!("**{} breaking**", s.breaking)
        } else {
            "0 breaking".to_owned()
        };
        format!(
            "{breaking}, {} non-breaking, {} info",
            s.non_breaking, s.info
        )
    };
    format!(
        "**API spec diff** `{}` → `{}`: **{}** bump of the generated crate{estimated}; {counts}.",
        report.base_name, report.head_name, report.semver
    )
}

/// Writes `changes` as one table per group (groups with breaking changes first, then by
/// name; rows keep the report's order, most severe first).
fn write_groups(
    out: &mut String,
    changes: &[&Change],
    group_of: fn(&Change) -> String,
    with_pointer: bool,
) {
    let mut groups: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        groups.entry(group_of(c)).or_default().push(c);
    }
    let mut ordered: Vec<(String, Vec<&Change>)> = groups.into_iter().collect();
    // Stable: groups of equal rank stay in name order.
    ordered.sort_by_key(|(_, rows)| rows.iter().map(|c| c.severity).min());
    for (group, rows) in ordered {
        let _ = writeln!(out, "\n**{group}**\n");
        if with_pointer {
            out.push_str("| Severity | Rule | Where | Change |\n|---|---|---|---|\n");
        } else {
            out.push_str("| Severity | Rule | Change |\n|---|---|---|\n");
        }
        for c in rows {
            if with_pointer {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | `{}` | {} |",
                    c.severity,
                    c.kind,
                    cell(&c.pointer),
                    cell(&c.message)
                );
            } else {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} |",
                    c.severity,
                    c.kind,
                    cell(&c.message)
                );
            }
        }
    }
}

/// What a spec change concerns, from its pointer: an operation (`POST /bees`), a path, a
/// component (`schema Bee`), or the document.
fn spec_group(change: &Change) -> String {
    let tokens: Vec<String> = change
        .pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    match tokens.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            format!("`{} {}`", method.to_ascii_uppercase(), code(path))
        }
        [paths, path, ..] if paths == "paths" => format!("path `{}`", code(path)),
        [components, kind, name, ..] if components == "components" => {
            let kind = match kind.as_str() {
                "schemas" => "schema",
                "responses" => "response",
                "parameters" => "parameter",
                "requestBodies" => "request body",
                "securitySchemes" => "security scheme",
                "headers" => "header",
                other => other,
            };
            format!("{kind} `{}`", code(name))
        }
        _ => "the document".to_owned(),
    }
}

/// The Rust type a Rust API change concerns: the first UpperCamelCase segment of the item
/// path its message names (`Rust field \`crate::types::Bee::spec\` …` → `Bee`).
fn rust_group(change: &Change) -> String {
    let path = rust_item_path(&change.message).unwrap_or("");
    let ty = path
        .split("::")
        .find(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
    match ty {
        Some(t) => format!("`{t}`"),
        None if path.is_empty() => "other items".to_owned(),
        None => format!("`{path}`"),
    }
}

/// The item path of a Rust API change's message (between its first two backticks).
fn rust_item_path(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Text for a table cell: no pipe or line break can end the cell or the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Text inside a code span: no backtick can end it.
fn code(text: &str) -> String {
    text.replace('`', "'")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust_api::{ApiChange, ApiChangeKind, ItemKind, Semver};

    fn change(pointer: &str) -> Change {
        Change {
            severity: Severity::Breaking,
            pointer: pointer.to_owned(),
            kind: "k".to_owned(),
            message: String::new(),
        }
    }

    #[test]
    fn spec_changes_are_grouped_by_what_they_concern() {
        for (pointer, group) in [
            (
                "/paths/~1v3~1{project_id}~1items/post/requestBody",
                "`POST /v3/{project_id}/items`",
            ),
            ("/paths/~1bees/get", "`GET /bees`"),
            ("/paths/~1bees/parameters/0", "path `/bees`"),
            ("/paths/~1bees", "path `/bees`"),
            ("/components/schemas/Bee/properties/spec", "schema `Bee`"),
            ("/components/responses/Error", "response `Error`"),
            ("/info/version", "the document"),
            ("", "the document"),
        ] {
            assert_eq!(spec_group(&change(pointer)), group, "{pointer}");
        }
    }

    #[test]
    fn rust_changes_are_grouped_by_the_type_their_message_names() {
        let api = ApiChange {
            change: ApiChangeKind::Changed,
            item: ItemKind::Field,
            path: "crate::types::Bee::spec".to_owned(),
            before: Some("pub spec: Option<BeeSpec>".to_owned()),
            after: Some("pub spec: Option<AntSpec>".to_owned()),
            bump: Semver::Major,
        };
        let c = Change {
            severity: Severity::Breaking,
            pointer: String::new(),
            kind: api.rule_id(),
            message: api.message(),
        };
        assert_eq!(rust_item_path(&c.message), Some("crate::types::Bee::spec"));
        assert_eq!(rust_group(&c), "`Bee`");
        let free = Change {
            message: "Rust function `crate::helper` added".to_owned(),
            ..c.clone()
        };
        assert_eq!(rust_group(&free), "`crate::helper`");
    }
}
