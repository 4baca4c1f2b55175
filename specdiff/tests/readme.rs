//! specdiff/README.md documents every rule: its tables are rendered from the registry and
//! must appear in the README verbatim.

use hcgen_spec_diff::rules::{FIXED_RULES, RUST_RULE_PREFIXES, SCHEMA_RULES};

fn fixed_table() -> String {
    let mut out = String::from("| Rule id | Severity | Reason |\n|---|---|---|\n");
    for rule in FIXED_RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id, rule.severity, rule.reason
        ));
    }
    out
}

fn schema_table() -> String {
    let mut out =
        String::from("| Rule id suffix | Request side | Response side |\n|---|---|---|\n");
    for rule in SCHEMA_RULES {
        out.push_str(&format!(
            "| `-{}` | {}: {} | {}: {} |\n",
            rule.suffix, rule.request.0, rule.request.1, rule.response.0, rule.response.1
        ));
    }
    out
}

#[test]
fn readme_lists_every_rule() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let (fixed, schema) = (fixed_table(), schema_table());
    if std::env::var_os("PRINT_RULE_TABLES").is_some() {
        println!("{fixed}\n{schema}");
    }
    assert!(
        readme.contains(&fixed),
        "README's fixed rule table is stale:\n{fixed}"
    );
    assert!(
        readme.contains(&schema),
        "README's schema rule table is stale:\n{schema}"
    );
    for (prefix, _) in RUST_RULE_PREFIXES {
        assert!(readme.contains(&format!("`{prefix}")), "{prefix}");
    }
}
