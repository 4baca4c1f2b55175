//! Load: source text (YAML or JSON) -> a checked OpenAPI document in the 3.0 model.
//!
//! The passes, in order: `text` turns the text into a JSON value, with its depth and the size
//! of a YAML document after its aliases are expanded bounded; `bundle` copies the targets of
//! `$ref`s to other files into it, when the spec was read from a file; `deep_refs` hoists the
//! schemas that `$ref`s point to inside other schemas (or anywhere but `components/schemas`)
//! into `components/schemas`; `openapi31` rewrites the top level of an OpenAPI 3.1 document
//! into the 3.0 model's form; `typed` reads the typed document from the value, normalizing the
//! schemas of a 3.1 document that need it as it reads them. JSON text that holds no
//! reference to another file (or to a place inside a schema) skips the walks of `bundle`
//! (`deep_refs`). When `typed` cannot read the value, every schema of a 3.1 document is
//! normalized first, then `openapiv3` reads the value with the path tracked, so that an error
//! names the JSON pointer of the problem. The original pointer of everything moved is in
//! [`Loaded::origins`].

mod bundle;
mod deep_refs;
mod openapi31;
mod ref_scan;
mod text;
mod typed;

pub use bundle::{COPY_ALLOWANCE, ExternalRefs, MAX_FILE_DEPTH, MAX_FILES, MAX_TOTAL_BYTES};
pub use deep_refs::{MAX_HOIST_DEPTH, MAX_HOISTED};
pub use openapi31::{
    Normalized, Origins, RefAnnotation, RefAnnotations, is_3_1, normalize as normalize_3_1,
    upgrade_to_3_1,
};
pub use text::{ALIAS_NODE_ALLOWANCE, ALIAS_STRING_ALLOWANCE, MAX_DEPTH, parse_text};

use crate::error::{Error, ErrorKind, Location, ptr};
use openapiv3::OpenAPI;
use serde_json::Value;

/// The repository's own specs (name, text), for tests that read each of them.
#[cfg(test)]
pub(crate) const REPOSITORY_SPECS: [(&str, &str); 4] = [
    ("cbr.yaml", include_str!("../../../spec/cbr.yaml")),
    (
        "petstore-mini.yaml",
        include_str!("../../../tests/fixtures/snapshots/petstore-mini.yaml"),
    ),
    (
        "readme-petstore.yaml",
        include_str!("../../../tests/fixtures/corpus/readme-petstore.yaml"),
    ),
    (
        "hostile.yaml",
        include_str!("../../../tests/fixtures/hostile.yaml"),
    ),
];

/// A parsed document and the name of the file it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The source name used in diagnostics.
    pub file: String,
    /// The typed document.
    pub doc: OpenAPI,
    /// What the typed document cannot show, found in the text (method keys in upper case,
    /// what an OpenAPI 3.1 document holds that is not generated), with pointers into the
    /// document as written.
    pub warnings: Vec<crate::Warning>,
    /// The other files bundled into the document through `$ref`s (canonical paths, in the
    /// order they were read): with the spec itself, every file the document depends on.
    pub referenced: Vec<std::path::PathBuf>,
    /// Where the values that loading moved (the 3.1 normalization, the hoisting of deep
    /// schema references) are in the document as written
    /// ([`lower::lower`](crate::lower::lower) reports there).
    pub origins: Origins,
    /// For an OpenAPI 3.1 document, the annotations (documentation, default) written beside
    /// schema `$ref`s, by the pointer of the reference; empty for 3.0, which ignores them.
    pub ref_annotations: RefAnnotations,
}

/// Parses `text` (YAML or JSON) and checks that it is an OpenAPI 3.0.x or 3.1.x document (a
/// 3.1 document is mapped into the 3.0 model: see the `openapi31` module). Without a
/// file, there is no folder to read other files from: a `$ref` to another file is an error.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, Error> {
    on_large_stack(|| load_here(file, text, None))
}

/// The stack on which OpenAPI documents are deserialized. `openapiv3` deserializes a schema
/// through several untagged enums (buffered, then replayed) per level of nesting: in a debug
/// build, a chain of `additionalProperties` 44 levels deep (the most [`MAX_DEPTH`] allows)
/// overflowed a 2 MiB stack. Only the pages used are committed.
const DESERIALIZE_STACK: usize = 64 << 20;

/// Runs `f` on a thread with [`DESERIALIZE_STACK`] bytes of stack, whatever the caller's (or
/// on the caller's thread if no thread can be started).
fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let mut f = Some(f);
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("hcgen-load".to_owned())
            .stack_size(DESERIALIZE_STACK)
            .spawn_scoped(scope, || f.take().map(|f| f()));
        spawned.ok().and_then(|thread| match thread.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        })
    });
    match (result, f) {
        (Some(result), _) => result,
        (None, Some(f)) => f(),
        (None, None) => unreachable!("the thread ran `f` and returned its result"),
    }
}

/// Loads `text`, named `file`; with `spec` (its path and what its references may read), its
/// references to other files are bundled into it.
fn load_here(
    file: &str,
    text: &str,
    spec: Option<(&std::path::Path, &ExternalRefs)>,
) -> Result<Loaded, Error> {
    let DocumentValue {
        version,
        mut raw,
        referenced,
        hoisted,
    } = document_value(file, text, spec)?;
    // The 3.1 normalization names places in the document before hoisting.
    let before = before_hoisting(&hoisted);
    let restore = |mut e: Error| {
        before.restore(&mut e.location);
        e
    };
    let (doc, mut normalized) = match version {
        Version::V3_0 => {
            // Without tracking the path first; on an error, again with the path.
            let doc = match typed::document(&mut raw, &mut typed::Reader::v3_0()) {
                Some(doc) => doc,
                None => deserialize(file, &raw, version, &before)?,
            };
            (doc, openapi31::Normalized::default())
        }
        Version::V3_1 => {
            let mut normalizer = openapi31::Normalizer::new(file);
            normalizer.document(&mut raw).map_err(restore)?;
            read_3_1(file, &mut raw, normalizer).map_err(restore)?
        }
    };
    if !hoisted.is_empty() {
        for w in &mut normalized.warnings {
            w.pointer = before.original(&w.pointer);
        }
        normalized.origins = normalized.origins.with_hoisted(hoisted);
    }
    let origins = normalized.origins;
    let mut warnings = normalized.warnings;
    for mut w in method_key_warnings(&raw) {
        w.pointer = origins.original(&w.pointer);
        warnings.push(w);
    }
    Ok(Loaded {
        file: file.to_owned(),
        warnings,
        doc,
        referenced,
        origins,
        ref_annotations: normalized.ref_annotations,
    })
}

/// The typed document of the OpenAPI 3.1 document `raw`, whose top level `normalizer` has
/// normalized, and what the normalization of its schemas found. The schemas are read as
/// written, each normalized where it must be: one walk over them, as for 3.0. Errors name
/// places before the hoisting of deep references.
fn read_3_1(
    file: &str,
    raw: &mut Value,
    mut normalizer: openapi31::Normalizer,
) -> Result<(OpenAPI, openapi31::Normalized), Error> {
    let mut reader = typed::Reader::v3_1(file);
    match typed::document(raw, &mut reader) {
        Some(doc) => {
            for found in reader.into_found() {
                normalizer.absorb(found);
            }
            Ok((doc, normalizer.finish()))
        }
        // What the reader could not vouch for (a normalization that fails or warns, a schema
        // read otherwise).
        None => read_3_1_normalized(file, raw, normalizer),
    }
}

/// [`read_3_1`] the long way: every schema normalized in place, in the document's order,
/// then the document read as 3.0.
fn read_3_1_normalized(
    file: &str,
    raw: &mut Value,
    mut normalizer: openapi31::Normalizer,
) -> Result<(OpenAPI, openapi31::Normalized), Error> {
    normalizer.schemas(raw)?;
    let normalized = normalizer.finish();
    let doc = match typed::document(raw, &mut typed::Reader::v3_0()) {
        Some(doc) => doc,
        None => deserialize(file, raw, Version::V3_1, &normalized.origins)?,
    };
    Ok((doc, normalized))
}

/// A document as a JSON value, before the 3.1 normalization.
struct DocumentValue {
    version: Version,
    raw: Value,
    /// The other files bundled into it.
    referenced: Vec<std::path::PathBuf>,
    /// The targets of its deep schema references hoisted: by their new pointers, the
    /// pointers they were copied from.
    hoisted: std::collections::BTreeMap<String, String>,
}

/// The document as a JSON value: parsed, its version checked, its references to other files
/// bundled (or refused without a file), the targets of its deep schema references hoisted.
fn document_value(
    file: &str,
    text: &str,
    spec: Option<(&std::path::Path, &ExternalRefs)>,
) -> Result<DocumentValue, Error> {
    let (raw, syntax) = text::parse_document(file, text)?;
    let version = check_version(file, &raw)?;
    // JSON text that holds no reference of a kind has none to walk the value for.
    let refs = match syntax {
        text::Syntax::Json => ref_scan::scan(text),
        text::Syntax::Yaml => ref_scan::RefKinds {
            external: true,
            deep: true,
        },
    };
    let (mut raw, referenced) = match spec {
        _ if !refs.external => (raw, Vec::new()),
        Some((path, refs)) => bundle::bundle(file, path, text.len(), raw, refs)?,
        None => {
            bundle::refuse_external(file, &raw)?;
            (raw, Vec::new())
        }
    };
    let hoisted = if !refs.deep {
        std::collections::BTreeMap::new()
    } else {
        deep_refs::hoist(file, &mut raw, text.len())?
    };
    Ok(DocumentValue {
        version,
        raw,
        referenced,
        hoisted,
    })
}

/// The origins of the entries hoisted into `components/schemas`, for pointers into the
/// document before the 3.1 normalization.
fn before_hoisting(hoisted: &std::collections::BTreeMap<String, String>) -> Origins {
    Origins::default().with_hoisted(hoisted.clone())
}

/// The typed document, or an error naming the pointer (as written) of the first problem.
fn deserialize(
    file: &str,
    raw: &Value,
    version: Version,
    origins: &Origins,
) -> Result<OpenAPI, Error> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let (pointer, message) =
            refine(raw).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
        Error::at(
            ErrorKind::InvalidDocument,
            file,
            &origins.original(&pointer),
            format!(
                "not a valid OpenAPI {} document here: {message}",
                version.name()
            ),
        )
    })
}

/// The OpenAPI versions read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V3_0,
    V3_1,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Version::V3_0 => "3.0",
            Version::V3_1 => "3.1",
        }
    }
}

/// The HTTP methods of a path item, as OpenAPI spells them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A warning for each path item key that is an HTTP method in other than lower case.
fn method_key_warnings(raw: &Value) -> Vec<crate::Warning> {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        for key in item.as_object().into_iter().flat_map(|o| o.keys()) {
            let lower = key.to_ascii_lowercase();
            if key != &lower && METHODS.contains(&lower.as_str()) {
                out.push(crate::Warning {
                    pointer: ptr("/paths", &[path, key]),
                    message: format!(
                        "`{key}` is not an operation (OpenAPI's method keys are lower case: \
                         `{lower}`); it is ignored"
                    ),
                });
            }
        }
    }
    out
}

/// Reads and loads a file, with its references to files in its folder bundled into it.
pub fn load_path(path: &std::path::Path) -> Result<Loaded, Error> {
    load_path_with(path, &ExternalRefs::default())
}

/// Reads and loads a file, with the targets of its references to other files copied into it
/// (into the components section of what each reference stands for, named after the target's
/// own place; path items in place); `refs` names the folders they may read besides the
/// file's own. See [`ExternalRefs`] and [`MAX_FILES`] for the bounds.
pub fn load_path_with(path: &std::path::Path, refs: &ExternalRefs) -> Result<Loaded, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error {
        kind: ErrorKind::Io,
        file: file.clone(),
        location: Location::Document,
        message: format!("cannot read the file: {e}"),
    })?;
    on_large_stack(|| load_here(&file, &text, Some((path, refs))))
}

/// Whether an `openapi` version field names OpenAPI 3.0.
fn is_3_0(version: &str) -> bool {
    version.starts_with("3.0.") || version == "3.0"
}

fn check_version(file: &str, raw: &Value) -> Result<Version, Error> {
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
            format!(
                "Swagger {v} documents are not supported: convert to OpenAPI 3.0.x or 3.1.x first"
            ),
        ));
    }
    match obj.get("openapi") {
        None => Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "",
            "not an OpenAPI document: the `openapi` version field is missing",
        )),
        Some(Value::String(s)) if is_3_0(s) => Ok(Version::V3_0),
        Some(Value::String(s)) if openapi31::is_3_1(s) => Ok(Version::V3_1),
        Some(other) => Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            "/openapi",
            format!("unsupported OpenAPI version {other}: only 3.0.x and 3.1.x are supported"),
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
                    if METHODS.contains(&method.as_str())
                        && let Some(found) =
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

    /// `GET` under a path item is not an operation: a warning naming it, from JSON (which
    /// then takes the value path) and from YAML alike.
    #[test]
    fn method_keys_in_upper_case_are_reported() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    GET: {responses: {'200': {description: ok}}}\n    post: {responses: {'200': {description: ok}}}\n";
        let json = as_json(yaml);
        for (name, text) in [("spec.yaml", yaml), ("spec.json", json.as_str())] {
            let loaded = load_str(name, text).unwrap();
            let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
            assert_eq!(pointers, ["/paths/~1a/GET"], "{name}");
            let (_, warnings) = crate::lower::lower(&loaded).unwrap();
            assert!(
                warnings
                    .iter()
                    .any(|w| w.message.contains("`GET` is not an operation"))
            );
        }
    }

    #[test]
    fn json_documents_load_as_openapiv3_reads_them() {
        for (_, yaml) in REPOSITORY_SPECS {
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
                r#"{"openapi":"3.2.0","info":{"title":"t","version":"1"},"paths":{}}"#,
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

    /// Schemas nested as deep as the parsers accept ([`MAX_DEPTH`] levels of mappings and
    /// sequences) load as OpenAPI (whose schemas deserialize recursively, several frames a
    /// level) and drop on the default 2 MiB test thread, from JSON and YAML; one level more is
    /// an error naming the pointer.
    #[test]
    fn the_deepest_accepted_schemas_load_without_overflowing_the_stack() {
        // (opening, closing, levels of mappings and sequences per schema)
        let chains = [
            (r#"{"type":"array","items":"#, "}", 1),
            (r#"{"type":"object","properties":{"a":"#, "}}", 2),
            (r#"{"allOf":["#, "]}", 2),
            (r#"{"type":"object","additionalProperties":"#, "}", 1),
        ];
        for (open, close, per_level) in chains {
            // The root, `components` and `schemas` hold the first schema.
            let levels = (MAX_DEPTH - 4) / per_level;
            let schema = format!(
                r#"{}{{"type":"string"}}{}"#,
                open.repeat(levels),
                close.repeat(levels)
            );
            let json = format!(
                r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{schema}}}}}}}"#
            );
            drop(load_str("deep.json", &json).unwrap());
            let yaml = format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
            );
            drop(load_str("deep.yaml", &yaml).unwrap());
            let deeper = json.replace(r#""Deep":"#, r#""Deep":{"not":"#) + "}";
            let e = load_str("deep.json", &deeper).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Limit, "{e}");
            assert!(
                e.pointer()
                    .unwrap()
                    .starts_with("/components/schemas/Deep/not/"),
                "{e}"
            );
            let e = load_str(
                "deep.yaml",
                &deeper.replace(r#"{"openapi""#, r#"{ "openapi""#),
            )
            .unwrap_err();
            assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        }
    }
}
