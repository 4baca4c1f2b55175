//! Load: source text (YAML or JSON) -> a checked OpenAPI 3.0.x document.
//!
//! A JSON document that is valid OpenAPI 3.0 is deserialized straight from its text. Anything
//! else (YAML, or a document with a problem) goes through a JSON value first, so that an error
//! names the JSON pointer of the problem.

use crate::error::{Error, ErrorKind, Location, ptr};
use openapiv3::OpenAPI;
use serde_json::Value;

/// A parsed document and the name of the file it came from.
pub struct Loaded {
    /// The source name used in diagnostics.
    pub file: String,
    /// The typed document.
    pub doc: OpenAPI,
}

/// Parses `text` (YAML or JSON) and checks that it is an OpenAPI 3.0.x document.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, Error> {
    // The common case in one pass (no intermediate value, no path tracking). On any failure,
    // the slow path below finds the same document or reports where the problem is.
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{')
        && let Ok(doc) = serde_json::from_str::<OpenAPI>(trimmed)
        && is_3_0(&doc.openapi)
    {
        return Ok(Loaded {
            file: file.to_owned(),
            doc,
        });
    }
    let raw = parse_text(file, text)?;
    check_version(file, &raw)?;
    let doc: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let (pointer, message) =
            refine(&raw).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
        Error::at(
            ErrorKind::InvalidDocument,
            file,
            &pointer,
            format!("not a valid OpenAPI 3.0 document here: {message}"),
        )
    })?;
    Ok(Loaded {
        file: file.to_owned(),
        doc,
    })
}

/// Reads and loads a file.
pub fn load_path(path: &std::path::Path) -> Result<Loaded, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error {
        kind: ErrorKind::Io,
        file: file.clone(),
        location: Location::Document,
        message: format!("cannot read the file: {e}"),
    })?;
    load_str(&file, &text)
}

/// Parses YAML or JSON text into a JSON value (scalar YAML keys such as `200:` become
/// strings), without checking that it is OpenAPI. Errors carry line and column.
pub fn parse_text(file: &str, text: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| Error {
            kind: ErrorKind::Syntax,
            file: file.to_owned(),
            location: Location::LineColumn {
                line: e.line(),
                column: e.column(),
            },
            message: format!("invalid JSON: {e}"),
        });
    }
    let yaml: yaml_serde::Value = yaml_serde::from_str(trimmed).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::LineColumn {
                line: l.line(),
                column: l.column(),
            },
            None => Location::Document,
        };
        Error {
            kind: ErrorKind::Syntax,
            file: file.to_owned(),
            location,
            message: format!("invalid YAML: {e}"),
        }
    })?;
    yaml_to_json(file, yaml, "")
}

/// Converts YAML to JSON. Scalar keys (`200:`, `true:`) become strings, as OpenAPI means them.
fn yaml_to_json(file: &str, v: yaml_serde::Value, pointer: &str) -> Result<Value, Error> {
    use yaml_serde::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(num) => Value::Number(num),
                    None => {
                        return Err(Error::at(
                            ErrorKind::Syntax,
                            file,
                            pointer,
                            format!("the number {n} has no JSON representation"),
                        ));
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(file, item, &ptr(pointer, &[&i.to_string()]))?);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, val) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Error::at(
                            ErrorKind::Syntax,
                            file,
                            pointer,
                            "a mapping key must be a scalar",
                        ));
                    }
                };
                let child = ptr(pointer, &[&key]);
                let value = yaml_to_json(file, val, &child)?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(file, t.value, pointer)?,
    })
}

/// Whether an `openapi` version field names OpenAPI 3.0.
fn is_3_0(version: &str) -> bool {
    version.starts_with("3.0.") || version == "3.0"
}

fn check_version(file: &str, raw: &Value) -> Result<(), Error> {
    let Some(obj) = raw.as_object() else {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "",
            "not an OpenAPI document: the top level is not a mapping",
        ));
    };
    if let Some(v) = obj.get("swagger") {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "/swagger",
            format!("Swagger {v} documents are not supported: convert to OpenAPI 3.0.x first"),
        ));
    }
    match obj.get("openapi") {
        None => Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "",
            "not an OpenAPI document: the `openapi` version field is missing",
        )),
        Some(Value::String(s)) if is_3_0(s) => Ok(()),
        Some(other) => Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "/openapi",
            format!("unsupported OpenAPI version {other}: only 3.0.x is supported"),
        )),
    }
}

/// openapiv3 deserializes maps of path items and components through untagged enums, which
/// hide where inside them a problem is. Deserializing each entry on its own finds it.
fn refine(raw: &Value) -> Option<(String, String)> {
    fn probe<T: serde::de::DeserializeOwned>(base: &str, v: &Value) -> Option<(String, String)> {
        match serde_path_to_error::deserialize::<_, T>(v.clone()) {
            Ok(_) => None,
            Err(e) => Some((
                format!("{base}{}", path_to_pointer(e.path())),
                e.inner().to_string(),
            )),
        }
    }
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let base = ptr("/paths", &[path]);
            if let Some(obj) = item.as_object() {
                for (method, op) in obj {
                    if matches!(
                        method.as_str(),
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                    ) && let Some(found) =
                        probe::<openapiv3::Operation>(&ptr(&base, &[method]), op)
                    {
                        return Some(found);
                    }
                }
            }
            if let Some(found) = probe::<openapiv3::ReferenceOr<openapiv3::PathItem>>(&base, item) {
                return Some(found);
            }
        }
    }
    if let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let base = ptr("/components/schemas", &[name]);
            if let Some(found) = probe::<openapiv3::ReferenceOr<openapiv3::Schema>>(&base, schema) {
                return Some(found);
            }
        }
    }
    None
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = ptr(&out, &[&index.to_string()]),
            Segment::Map { key } => out = ptr(&out, &[key]),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow path: through a JSON value.
    fn via_value(text: &str) -> OpenAPI {
        let raw = parse_text("spec.json", text).unwrap();
        serde_json::from_value(raw).unwrap()
    }

    fn as_json(yaml: &str) -> String {
        serde_json::to_string_pretty(&parse_text("spec.yaml", yaml).unwrap()).unwrap()
    }

    #[test]
    fn json_documents_load_the_same_in_one_pass() {
        for yaml in [
            include_str!("../../spec/cbr.yaml"),
            include_str!("../../tests/fixtures/snapshots/petstore-mini.yaml"),
            include_str!("../../tests/fixtures/hostile.yaml"),
        ] {
            let json = as_json(yaml);
            let loaded = load_str("spec.json", &json).unwrap();
            assert_eq!(loaded.doc, via_value(&json));
            // With a byte-order mark and leading space too.
            let loaded = load_str("spec.json", &format!("\u{feff}  {json}")).unwrap();
            assert_eq!(loaded.doc, via_value(&json));
            // And YAML gives the same document.
            assert_eq!(load_str("spec.yaml", yaml).unwrap().doc, loaded.doc);
        }
    }

    #[test]
    fn json_documents_with_problems_still_get_pointers() {
        let cases = [
            (
                r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":5}}}}}}"#,
                "/paths/~1a/get/responses",
            ),
            (r#"{"swagger":"2.0","info":{}}"#, "/swagger"),
            (
                r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}"#,
                "/openapi",
            ),
            (
                r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"paths":{}}"#,
                "",
            ),
        ];
        for (json, pointer) in cases {
            match load_str("spec.json", json) {
                Err(e) => assert!(
                    e.to_string()
                        .starts_with(&format!("spec.json: #{pointer}: ")),
                    "{json}: {e}"
                ),
                // A repeated key is accepted by the JSON value (last one wins), as before.
                Ok(_) => assert_eq!(pointer, "", "{json}"),
            }
        }
    }
}
