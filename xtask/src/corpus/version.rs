//! The OpenAPI version a spec declares: `corpus` totals its results by version, and
//! `--openapi VERSION` selects the specs of one version.

use std::path::Path;

/// What a spec declares, as the totals name it: `3.0` or `3.1` (`MAJOR.MINOR` of its
/// `openapi` field), `Swagger 2.0` (a `swagger` field), or `unreadable` (not YAML/JSON, or
/// declaring neither).
pub fn declared(spec: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(spec) else {
        return UNREADABLE.to_owned();
    };
    // JSON: only the two fields are kept, the rest is skipped without being built (over
    // APIs.guru's 413 MB, `--openapi 3.1` took 20 s instead of 66 s in a debug build). YAML: the loader's own parser, bounded on hostile
    // input (aliases, depth).
    let doc = match serde_json::from_str::<Declared>(&text) {
        Ok(declared) => {
            serde_json::json!({"openapi": declared.openapi, "swagger": declared.swagger})
        }
        Err(_) => match hcgen_codegen::load::parse_text(&spec.display().to_string(), &text) {
            Ok(value) => value,
            Err(_) => return UNREADABLE.to_owned(),
        },
    };
    of_document(&doc)
}

/// The fields of an OpenAPI document that name its version.
#[derive(serde::Deserialize)]
struct Declared {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

const UNREADABLE: &str = "unreadable";

/// The version label of a parsed document (see [`declared`]).
fn of_document(doc: &serde_json::Value) -> String {
    let field = |name: &str| doc.get(name).and_then(serde_json::Value::as_str);
    if let Some(v) = field("openapi") {
        let major_minor: Vec<&str> = v.splitn(3, '.').take(2).collect();
        major_minor.join(".")
    } else if let Some(v) = field("swagger") {
        format!("Swagger {v}")
    } else {
        UNREADABLE.to_owned()
    }
}

/// How the totals title a version: `OpenAPI 3.1`, `Swagger 2.0`, `unreadable`.
pub fn title(label: &str) -> String {
    if label.starts_with(|c: char| c.is_ascii_digit()) {
        format!("OpenAPI {label}")
    } else {
        label.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_are_major_minor_or_swagger() {
        assert_eq!(of_document(&json!({"openapi": "3.1.0"})), "3.1");
        assert_eq!(of_document(&json!({"openapi": "3.0.3"})), "3.0");
        assert_eq!(of_document(&json!({"openapi": "3.1"})), "3.1");
        assert_eq!(of_document(&json!({"swagger": "2.0"})), "Swagger 2.0");
        assert_eq!(of_document(&json!({"openapi": 3.1})), "unreadable");
        assert_eq!(of_document(&json!([])), "unreadable");
        assert_eq!(title("3.1"), "OpenAPI 3.1");
        assert_eq!(title("Swagger 2.0"), "Swagger 2.0");
    }

    #[test]
    fn reads_yaml_and_json_files() {
        let dir = std::env::temp_dir().join(format!("xtask-version-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let yaml = dir.join("a.yaml");
        let json = dir.join("b.json");
        let bad = dir.join("c.yaml");
        std::fs::write(&yaml, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").unwrap();
        std::fs::write(&json, r#"{"swagger": "2.0"}"#).unwrap();
        std::fs::write(&bad, "openapi: [unclosed").unwrap();
        let found = [declared(&yaml), declared(&json), declared(&bad)];
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, ["3.1", "Swagger 2.0", "unreadable"]);
    }
}
