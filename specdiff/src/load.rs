//! Loading: read a spec from a file or a git revision, parse YAML or JSON, and check that it
//! is an OpenAPI 3.0.x or 3.1.x document whose `$ref`s all resolve. A 3.1 document is
//! compared in the form of the 3.0 model, as the generator reads it
//! ([`hcgen_codegen::load::normalize_3_1`]): `type` arrays with `"null"` are `nullable`,
//! `const` a one-value `enum`, several types one `anyOf` branch each, and so on, so the 3.0
//! rules apply to both versions and a document upgraded from 3.0 with no other change
//! compares equal.

use crate::Error;
use crate::pointer;
use crate::resolve::{Node, Resolver};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default location of the spec inside the repository.
pub const DEFAULT_SPEC_PATH: &str = "spec/cbr.yaml";

/// A parsed and validated OpenAPI 3.0.x or 3.1.x document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it came from (for messages), e.g. `main:spec/cbr.yaml` or a file path.
    pub name: String,
    /// The original text.
    pub text: String,
    /// The document as JSON (mapping keys are strings; YAML integer keys such as status
    /// codes are turned into their decimal text); a 3.1 document in the form of the 3.0
    /// model.
    pub root: Value,
    /// For a 3.1 document, where the values that the normalization moved are written (report
    /// pointers name that place); empty for 3.0.
    pub origins: hcgen_codegen::load::Origins,
}

/// Where to read a spec from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecSource {
    /// A file on disk.
    File(PathBuf),
    /// A file at a git revision: `git show <rev>:<path>` run in `repo`.
    Git {
        /// The repository (any directory inside the work tree).
        repo: PathBuf,
        /// The revision, e.g. `main`, `HEAD~1` or a commit id.
        rev: String,
        /// The path of the spec inside the repository.
        path: String,
    },
}

impl SpecSource {
    /// Interpret a `--base` value: an existing file is a file; `REV:PATH` is read as is from
    /// git; anything else is a revision whose `spec_path` is read.
    pub fn from_arg(arg: &str, repo: &Path, spec_path: &str) -> SpecSource {
        let as_file = Path::new(arg);
        if as_file.is_file() {
            return SpecSource::File(as_file.to_path_buf());
        }
        let in_repo = repo.join(arg);
        if !as_file.is_absolute() && in_repo.is_file() && !arg.contains(':') {
            return SpecSource::File(in_repo);
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => SpecSource::Git {
                repo: repo.to_path_buf(),
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => SpecSource::Git {
                repo: repo.to_path_buf(),
                rev: arg.to_string(),
                path: spec_path.to_string(),
            },
        }
    }

    /// A short name for messages.
    pub fn display_name(&self) -> String {
        match self {
            SpecSource::File(path) => path.display().to_string(),
            SpecSource::Git { rev, path, .. } => format!("{rev}:{path}"),
        }
    }

    /// Read the text of the spec. A revision is resolved to one commit first (see
    /// [`commit_of`]); one that starts with `-` is refused before git runs.
    pub fn read(&self) -> Result<String, Error> {
        if let SpecSource::Git { rev, .. } = self
            && rev.starts_with('-')
        {
            return Err(Error::Usage(format!(
                "the git revision `{rev}` starts with `-`: refused, as git would read it as an option"
            )));
        }
        match self {
            SpecSource::File(path) => std::fs::read_to_string(path).map_err(|e| Error::Read {
                what: format!("file {}", path.display()),
                detail: e.to_string(),
            }),
            SpecSource::Git { repo, rev, path } => {
                let unreadable = |detail| Error::Read {
                    what: format!("{path} at git revision '{rev}'"),
                    detail,
                };
                let commit = commit_of(repo, rev).map_err(unreadable)?;
                let object = format!("{commit}:{path}");
                let bytes =
                    git(repo, &["show", "--end-of-options", &object]).map_err(unreadable)?;
                String::from_utf8(bytes).map_err(|_| Error::Read {
                    what: format!("{path} at git revision '{rev}'"),
                    detail: "not UTF-8 text".to_string(),
                })
            }
        }
    }

    /// Read and parse the spec.
    pub fn load(&self) -> Result<Document, Error> {
        let text = self.read()?;
        parse_document(&self.display_name(), &text)
    }
}

/// Run git in `dir` and return its standard output, or its error text.
pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail = stderr.trim();
        Err(if detail.is_empty() {
            format!("git {} failed ({})", args.join(" "), output.status)
        } else {
            detail.lines().next().unwrap_or(detail).to_string()
        })
    }
}

/// The commit id that `rev` names, with `git rev-parse --verify`. The revision follows
/// `--end-of-options` (git 2.24 or later), so git never reads it as an option, and
/// `^{commit}` makes anything but one commit (a range, a tree, a missing name) an error.
pub fn commit_of(repo: &Path, rev: &str) -> Result<String, String> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .map_err(|e| {
        // `--quiet`: git says nothing when the revision does not name a commit.
        if e.starts_with("git rev-parse") {
            format!("`{rev}` does not name a commit")
        } else {
            e
        }
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// The top directory of the git work tree containing `dir`.
pub fn repo_root(dir: &Path) -> Result<PathBuf, Error> {
    let out = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|detail| Error::Read {
        what: format!("the git repository at {}", dir.display()),
        detail,
    })?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// The merge base of `HEAD` with `main` (falling back to `origin/main`), as a commit id.
pub fn merge_base_with_main(repo: &Path) -> Result<String, Error> {
    let mut last = String::new();
    for branch in ["main", "origin/main"] {
        match git(repo, &["merge-base", "HEAD", branch]) {
            Ok(out) => return Ok(String::from_utf8_lossy(&out).trim().to_string()),
            Err(e) => last = e,
        }
    }
    Err(Error::Read {
        what: "the merge base of HEAD and main (pass --base)".to_string(),
        detail: last,
    })
}

/// Parse YAML or JSON text and validate it as an OpenAPI 3.0.x or 3.1.x document.
pub fn parse_document(name: &str, text: &str) -> Result<Document, Error> {
    let mut root = parse_text(name, text)?;
    let origins = validate(name, &mut root)?;
    Ok(Document {
        name: name.to_string(),
        text: text.to_string(),
        root,
        origins,
    })
}

/// YAML or JSON text as a JSON value: the generator's own parser, so both read documents alike.
fn parse_text(name: &str, text: &str) -> Result<Value, Error> {
    hcgen_codegen::load::parse_text(name, text).map_err(|e| Error::Syntax {
        name: name.to_string(),
        detail: match e.location {
            hcgen_codegen::Location::LineColumn { line, column } => {
                format!("{} (line {line}, column {column})", e.message)
            }
            hcgen_codegen::Location::Pointer(p) => format!("{} (at #{p})", e.message),
            hcgen_codegen::Location::Document => e.message,
        },
    })
}

/// Validates the document (a 3.1 one brought into the 3.0 model's form first); the origins
/// of the values that form moved.
fn validate(name: &str, root: &mut Value) -> Result<hcgen_codegen::load::Origins, Error> {
    let not_openapi = |detail: String| Error::NotOpenApi {
        name: name.to_string(),
        detail,
    };
    let Some(map) = root.as_object() else {
        return Err(not_openapi("the top level is not a mapping".to_string()));
    };
    let mut openapi_31 = false;
    match map.get("openapi") {
        Some(Value::String(v)) if is_openapi_30(v) => {}
        Some(Value::String(v)) if hcgen_codegen::load::is_3_1(v) => openapi_31 = true,
        Some(Value::String(v)) => {
            return Err(not_openapi(format!(
                "`openapi: {v}` is not a 3.0.x or 3.1.x version"
            )));
        }
        Some(other) => {
            return Err(not_openapi(format!(
                "`openapi` must be a string such as \"3.0.3\", found {other}"
            )));
        }
        None if map.contains_key("swagger") => {
            return Err(not_openapi(
                "Swagger 2.0 documents are not supported".to_string(),
            ));
        }
        None => return Err(not_openapi("the `openapi` field is missing".to_string())),
    }
    check_depth(name, root)?;
    let origins = if openapi_31 {
        to_30_model(name, root)?
    } else {
        hcgen_codegen::load::Origins::default()
    };
    match_openapi_schema(root)
        .map_err(|e| not_openapi(format!("does not match the OpenAPI 3.0 schema: {e}")))?;
    check_refs(name, root)?;
    Ok(origins)
}

/// The deepest nesting of mappings and sequences a document may have: the YAML and JSON
/// parsers' own limit, so every document that parses is within it. Checked again here
/// because [`Document`]s can be built without the parsers, and the OpenAPI validation below
/// recurses with the nesting.
pub const MAX_DEPTH: usize = 128;

/// The stack of the thread that validates a document against the OpenAPI 3.0 schema:
/// `openapiv3`'s derived deserializers use about 25 frames per schema level (measured: a
/// schema nested to [`MAX_DEPTH`] overflows 2 MiB and fits in 3 MiB in a debug build), and
/// the calling thread may have as little as 2 MiB (a test thread). Ten times the need; only
/// the pages used are committed.
const VALIDATION_STACK: usize = 32 << 20;

/// Refuse a document nested deeper than [`MAX_DEPTH`], naming the first value too deep
/// (an iterative walk).
fn check_depth(name: &str, root: &Value) -> Result<(), Error> {
    // (pointer, value, level): the top-level mapping is level 1.
    let mut stack = vec![(String::new(), root, 1usize)];
    while let Some((at, value, level)) = stack.pop() {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (pointer::push(&at, k), v))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (pointer::push(&at, &i.to_string()), v))
                .collect(),
            _ => continue,
        };
        if level > MAX_DEPTH {
            return Err(Error::Limit {
                name: name.to_string(),
                pointer: at,
                detail: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        stack.extend(children.into_iter().rev().map(|(p, v)| (p, v, level + 1)));
    }
    Ok(())
}

/// Deserialize the document as `openapiv3::OpenAPI`, on a thread of its own with a stack
/// sized for [`MAX_DEPTH`] (see [`VALIDATION_STACK`]).
fn match_openapi_schema(root: &Value) -> Result<(), String> {
    std::thread::scope(|scope| {
        let validation = std::thread::Builder::new()
            .name("openapi-validation".to_string())
            .stack_size(VALIDATION_STACK)
            .spawn_scoped(scope, || {
                serde_json::from_value::<openapiv3::OpenAPI>(root.clone())
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| format!("cannot start the validation thread: {e}"))?;
        validation
            .join()
            .unwrap_or_else(|_| Err("the OpenAPI validation panicked".to_string()))
    })
}

/// Rewrites a 3.1 document into the form of the 3.0 model (with the generator's
/// normalization); what that form cannot hold is an error naming the pointer.
fn to_30_model(name: &str, root: &mut Value) -> Result<hcgen_codegen::load::Origins, Error> {
    use hcgen_codegen::{ErrorKind, Location};
    let e = match hcgen_codegen::load::normalize_3_1(name, root) {
        Ok(normalized) => return Ok(normalized.origins),
        Err(e) => e,
    };
    let pointer = match &e.location {
        Location::Pointer(p) => p.clone(),
        _ => String::new(),
    };
    Err(match e.kind {
        ErrorKind::Limit => Error::Limit {
            name: name.to_string(),
            pointer,
            detail: e.message,
        },
        ErrorKind::DanglingRef => Error::InvalidRef {
            name: name.to_string(),
            pointer,
            detail: e.message,
        },
        _ => Error::NotOpenApi {
            name: name.to_string(),
            detail: format!("{} (at #{pointer})", e.message),
        },
    })
}

fn is_openapi_30(version: &str) -> bool {
    let mut parts = version.split('.');
    parts.next() == Some("3")
        && parts.next() == Some("0")
        && parts
            .next()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// Every `$ref` must be local and lead, through other `$ref`s, to a value: not be dangling,
/// external or a reference cycle. Iterative, and linear in the document's size: a
/// [`Resolver`] follows each reference chain once.
fn check_refs(name: &str, root: &Value) -> Result<(), Error> {
    let resolver = Resolver::new(root);
    let mut stack = vec![(String::new(), root)];
    while let Some((at, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(_)) = map.get("$ref") {
                    resolver
                        .resolve(Node::new(at.as_str(), value))
                        .map_err(|detail| Error::InvalidRef {
                            name: name.to_string(),
                            pointer: format!("{at}/$ref"),
                            detail,
                        })?;
                }
                // Reversed, so that the first error found is the first in document order.
                for (key, child) in map.iter().rev() {
                    stack.push((pointer::push(&at, key), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push((pointer::push(&at, &i.to_string()), child));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn yaml_integer_keys_become_strings() {
        let doc = parse_document(
            "x",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .unwrap();
        assert!(doc.root["paths"]["/a"]["get"]["responses"]["200"].is_object());
    }

    #[test]
    fn json_is_accepted() {
        let doc = parse_document(
            "x.json",
            r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#,
        )
        .unwrap();
        assert_eq!(doc.root["openapi"], "3.0.0");
    }

    #[test]
    fn rejects_other_versions_and_garbage() {
        let e = parse_document("x", &MINIMAL.replace("3.0.3", "3.2.0")).unwrap_err();
        assert!(e.to_string().contains("3.2.0"), "{e}");
        let e = parse_document("x", "swagger: '2.0'\n").unwrap_err();
        assert!(e.to_string().contains("Swagger 2.0"), "{e}");
        let e = parse_document("x", "a: [1, 2\n").unwrap_err();
        assert!(matches!(e, Error::Syntax { .. }), "{e}");
        let e = parse_document("x", "- 1\n- 2\n").unwrap_err();
        assert!(e.to_string().contains("not a mapping"), "{e}");
        let e = parse_document("x", "openapi: 3.0.3\ninfo: 5\npaths: {}\n").unwrap_err();
        assert!(e.to_string().contains("OpenAPI 3.0 schema"), "{e}");
        assert!(is_openapi_30("3.0.10"));
        assert!(!is_openapi_30("3.0"));
        assert!(!is_openapi_30("3.0.x"));
    }

    #[test]
    fn rejects_ref_only_cycles() {
        let cycle = format!(
            "{MINIMAL}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
        );
        let e = parse_document("x", &cycle).unwrap_err();
        assert!(e.to_string().contains("refers to itself"), "{e}");
    }

    #[test]
    fn rejects_nesting_deeper_than_the_limit_naming_the_pointer() {
        let mut deep = serde_json::json!("leaf");
        for _ in 0..MAX_DEPTH + 10 {
            deep = serde_json::json!({ "x": deep });
        }
        let mut root: Value = minimal_root();
        root["x-deep"] = deep;
        let e = validate("x", &mut root).unwrap_err();
        assert!(matches!(e, Error::Limit { .. }), "{e}");
        let at = format!("/x-deep{}", "/x".repeat(MAX_DEPTH - 1));
        assert_eq!(
            e.to_string(),
            format!("x: over a limit at {at}: nested more than {MAX_DEPTH} levels deep")
        );
        // Exactly at the limit: accepted.
        let mut ok = serde_json::json!("leaf");
        for _ in 0..MAX_DEPTH - 1 {
            ok = serde_json::json!({ "x": ok });
        }
        let mut root = minimal_root();
        root["x-ok"] = ok;
        validate("x", &mut root).unwrap();
    }

    fn minimal_root() -> Value {
        parse_text("x", MINIMAL).unwrap()
    }

    #[test]
    fn rejects_dangling_and_external_refs() {
        let dangling = format!(
            "{MINIMAL}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n"
        );
        let e = parse_document("x", &dangling).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x: invalid $ref at /components/schemas/A/$ref: `#/components/schemas/B` does not resolve"
        );
        let external =
            format!("{MINIMAL}components:\n  schemas:\n    A: {{$ref: 'other.yaml#/A'}}\n");
        let e = parse_document("x", &external).unwrap_err();
        assert!(e.to_string().contains("external reference"), "{e}");
    }

    #[test]
    fn source_from_arg() {
        let repo = Path::new("/nonexistent-repo");
        assert_eq!(
            SpecSource::from_arg("main", repo, DEFAULT_SPEC_PATH),
            SpecSource::Git {
                repo: repo.to_path_buf(),
                rev: "main".into(),
                path: "spec/cbr.yaml".into()
            }
        );
        assert_eq!(
            SpecSource::from_arg("HEAD~1:other.yaml", repo, DEFAULT_SPEC_PATH).display_name(),
            "HEAD~1:other.yaml"
        );
        let file = std::env::temp_dir().join(format!("specdiff-src-{}.yaml", std::process::id()));
        std::fs::write(&file, MINIMAL).unwrap();
        assert_eq!(
            SpecSource::from_arg(file.to_str().unwrap(), repo, DEFAULT_SPEC_PATH),
            SpecSource::File(file.clone())
        );
        std::fs::remove_file(file).unwrap();
    }
}
