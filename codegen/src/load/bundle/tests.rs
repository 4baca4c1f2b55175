//! Bundling tests: a fixture folder of the repository, and folders built in a temporary
//! directory for the cases that need symlinks, many files or broken references.

use super::*;
use crate::load::{load_path, load_path_with, load_str};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/external-refs/api.yaml")
}

/// A temporary folder, removed when dropped.
struct Tree(tempfile::TempDir);

impl std::ops::Deref for Tree {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh folder holding `files` (path, text), for one test.
fn tree(test: &str, files: &[(&str, &str)]) -> Tree {
    let dir = tempfile::Builder::new()
        .prefix(&format!("hcgen-bundle-{test}-"))
        .tempdir()
        .unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Tree(dir)
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A spec whose one response's schema is `reference`.
fn spec_with_ref(reference: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
    )
}

const SCHEMA_POINTER: &str = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";

fn bundled(path: &Path, refs: &ExternalRefs) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).unwrap();
    let root = parse_text("spec", &text).unwrap();
    bundle(&path.display().to_string(), path, text.len(), root, refs).map(|(value, _)| value)
}

fn all_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => all_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_refs(v, out)),
        _ => {}
    }
}

#[test]
fn a_spec_split_over_files_becomes_one_document_with_local_refs() {
    let doc = bundled(&fixture(), &ExternalRefs::default()).unwrap();
    let mut refs = Vec::new();
    all_refs(&doc, &mut refs);
    assert!(
        refs.iter().all(|r| r.starts_with("#/components/")),
        "{refs:?}"
    );
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // The main document's entry keeps its name and is the file's schema; the cycle
    // pet.yaml <-> owner.yaml ends; the other file's `Pet` gets `_2`; `a~1b` is `a/b`,
    // named with `_` for `/`.
    assert_eq!(
        schemas.keys().collect::<Vec<_>>(),
        ["Pet", "Error", "Pet_2", "owner", "a_b", "LimitValue"]
    );
    assert_eq!(
        schemas["Pet"]["properties"]["owner"]["$ref"],
        "#/components/schemas/owner"
    );
    assert_eq!(
        schemas["owner"]["properties"]["pets"]["items"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        schemas["Pet"]["properties"]["tag"]["$ref"],
        "#/components/schemas/a_b"
    );
    assert_eq!(schemas["Pet_2"]["properties"]["color"]["type"], "string");
    // A path item is copied in place; parameters, responses and a parameter's schema go
    // to their own sections; a reference back into the main document becomes local.
    let list = &doc["paths"]["/pets"]["get"];
    assert_eq!(list["operationId"], "listPets");
    assert_eq!(
        list["parameters"][0]["$ref"],
        "#/components/parameters/Limit"
    );
    assert_eq!(
        list["responses"]["default"]["$ref"],
        "#/components/responses/Error"
    );
    assert_eq!(
        doc["paths"]["/pets/{petId}"]["get"]["responses"]["default"]["$ref"],
        "#/components/responses/Error"
    );
    let components = &doc["components"];
    assert_eq!(
        components["parameters"]["Limit"]["schema"]["$ref"],
        "#/components/schemas/LimitValue"
    );
    assert_eq!(components["parameters"]["PetId"]["in"], "path");
    assert_eq!(
        components["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Error"
    );
    assert_eq!(components["schemas"]["LimitValue"]["minimum"], 1);
    // And it loads as OpenAPI, through the public entry point.
    let loaded = load_path(&fixture()).unwrap();
    assert!(loaded.doc.components.unwrap().schemas.contains_key("owner"));
}

#[test]
fn json_specs_with_external_refs_take_the_bundling_path() {
    let json = serde_json::to_string(&parse_text("s", &spec_with_ref("s.json")).unwrap()).unwrap();
    let external = |text: &str| crate::load::ref_scan::scan(text).external;
    assert!(external(&json));
    assert!(!external(
        r##"{"$ref": "#/a", "properties": {"$ref": {"type": "string"}}}"##
    ));
    assert!(external(r#"{"$ref" : "a.yaml"}"#));
    // `$ref` spelled with escapes is the same key to a JSON parser.
    for escaped in [r#"{"\u0024ref": "a.yaml"}"#, r#"{"$r\u0065f": "a.yaml"}"#] {
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(escaped).unwrap()["$ref"],
            "a.yaml"
        );
        assert!(external(escaped), "{escaped}");
    }
    // And such a reference is resolved, as any other.
    let dir = tree(
        "escaped",
        &[
            ("spec.json", &json.replace("\"$ref\"", "\"\\u0024ref\"")),
            ("s.json", r#"{"type": "integer"}"#),
        ],
    );
    let loaded = load_path(&dir.join("spec.json")).unwrap();
    assert!(loaded.doc.components.unwrap().schemas.contains_key("s"));
    let dir = tree(
        "json",
        &[("spec.json", &json), ("s.json", r#"{"type": "integer"}"#)],
    );
    let loaded = load_path(&dir.join("spec.json")).unwrap();
    assert!(loaded.doc.components.unwrap().schemas.contains_key("s"));
}

#[test]
fn reads_outside_the_spec_folder_are_refused_unless_allowed() {
    let dir = tree(
        "escape",
        &[
            ("api/spec.yaml", &spec_with_ref("../secret.yaml")),
            ("api/linked.yaml", &spec_with_ref("link.yaml")),
            ("secret.yaml", "type: string\n"),
        ],
    );
    std::os::unix::fs::symlink(dir.join("secret.yaml"), dir.join("api/link.yaml")).unwrap();
    for spec in ["api/spec.yaml", "api/linked.yaml"] {
        let e = bundled(&dir.join(spec), &ExternalRefs::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
        assert_eq!(e.pointer(), Some(SCHEMA_POINTER), "{e}");
        assert!(e.message.contains("outside the spec's folder"), "{e}");
        assert!(e.file.ends_with(spec), "{e}");
        let allowed = ExternalRefs {
            allow_outside: vec![dir.to_path_buf()],
        };
        let doc = bundled(&dir.join(spec), &allowed).unwrap();
        assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 1);
    }
}

#[test]
fn dangling_and_remote_references_are_errors_naming_the_referring_file() {
    let dir = tree(
        "dangling",
        &[
            ("missing-file.yaml", &spec_with_ref("nothing.yaml")),
            ("missing-pointer.yaml", &spec_with_ref("defs.yaml#/Nothing")),
            ("nested.yaml", &spec_with_ref("defs.yaml#/Broken")),
            (
                "remote.yaml",
                &spec_with_ref("https://example.com/pet.yaml"),
            ),
            ("anchor.yaml", &spec_with_ref("defs.yaml#Pet")),
            (
                "defs.yaml",
                "Broken: {type: array, items: {$ref: 'gone.yaml#/X'}}\n",
            ),
        ],
    );
    let cases = [
        (
            "missing-file.yaml",
            "missing-file.yaml",
            SCHEMA_POINTER,
            ErrorKind::DanglingRef,
            "cannot read",
        ),
        (
            "missing-pointer.yaml",
            "missing-pointer.yaml",
            SCHEMA_POINTER,
            ErrorKind::DanglingRef,
            "has no `#/Nothing`",
        ),
        (
            "nested.yaml",
            "defs.yaml",
            "/Broken/items/$ref",
            ErrorKind::DanglingRef,
            "cannot read",
        ),
        (
            "remote.yaml",
            "remote.yaml",
            SCHEMA_POINTER,
            ErrorKind::Unsupported,
            "remote references are not fetched",
        ),
        (
            "anchor.yaml",
            "anchor.yaml",
            SCHEMA_POINTER,
            ErrorKind::Unsupported,
            "only JSON pointer fragments",
        ),
    ];
    for (spec, file, pointer, kind, message) in cases {
        let e = bundled(&dir.join(spec), &ExternalRefs::default()).unwrap_err();
        assert_eq!((e.kind, e.pointer()), (kind, Some(pointer)), "{e}");
        assert!(e.file.ends_with(file), "{e}");
        assert!(e.message.contains(message), "{e}");
    }
    // Without a file, there is no folder to read from.
    let e = load_str("spec.yaml", &spec_with_ref("defs.yaml#/Broken")).unwrap_err();
    assert_eq!(
        (e.kind, e.pointer()),
        (ErrorKind::Unsupported, Some(SCHEMA_POINTER)),
        "{e}"
    );
    assert!(
        e.message.contains("only when the spec is read from a file"),
        "{e}"
    );
}

#[test]
fn reference_chains_and_path_item_cycles_stop_at_the_depth_limit() {
    // A chain of files one deeper than the limit.
    let mut files = vec![("spec.yaml".to_owned(), spec_with_ref("f0.yaml"))];
    for i in 0..MAX_FILE_DEPTH {
        files.push((
            format!("f{i}.yaml"),
            format!("type: array\nitems: {{$ref: 'f{}.yaml'}}\n", i + 1),
        ));
    }
    files.push((
        format!("f{MAX_FILE_DEPTH}.yaml"),
        "type: string\n".to_owned(),
    ));
    let refs: Vec<_> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = tree("chain", &refs);
    let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert_eq!(e.pointer(), Some("/items/$ref"), "{e}");
    // One file fewer loads.
    std::fs::write(
        dir.join(format!("f{}.yaml", MAX_FILE_DEPTH - 1)),
        "type: string\n",
    )
    .unwrap();
    let doc = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
    assert_eq!(
        doc["components"]["schemas"].as_object().unwrap().len(),
        MAX_FILE_DEPTH
    );
    // Path items are copied in place, so a cycle of them ends at the limit, not never.
    let dir = tree(
        "path-cycle",
        &[
            (
                "spec.yaml",
                &format!("{HEAD}paths:\n  /a: {{$ref: 'a.yaml'}}\n"),
            ),
            (
                "a.yaml",
                "post:\n  responses: {'200': {description: ok}}\n  callbacks:\n    c:\n      '{$request.body#/url}': {$ref: 'a.yaml'}\n",
            ),
        ],
    );
    let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.file.ends_with("a.yaml"), "{e}");
}

#[test]
fn refs_in_data_are_left_alone_and_options_reach_the_bundler() {
    let dir = tree(
        "data",
        &[
            (
                "spec.yaml",
                &format!(
                    "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {{$ref: 'not-a-file.yaml'}}\n      x-note: {{$ref: 'nor-this.yaml'}}\n      properties:\n        example: {{$ref: 'b.yaml'}}\n"
                ),
            ),
            ("b.yaml", "type: string\n"),
        ],
    );
    let loaded = load_path_with(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
    let schemas = loaded.doc.components.unwrap().schemas;
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["A", "b"]);
}

#[test]
fn a_spec_may_reference_at_most_max_files_files() {
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    let mut files = Vec::new();
    for i in 0..=MAX_FILES {
        spec.push_str(&format!("    S{i}: {{$ref: 's{i}.yaml'}}\n"));
        files.push((format!("s{i}.yaml"), "type: string\n".to_owned()));
    }
    files.push(("spec.yaml".to_owned(), spec));
    let refs: Vec<_> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = tree("files", &refs);
    let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    let last = format!("/components/schemas/S{MAX_FILES}/$ref");
    assert_eq!(e.pointer(), Some(last.as_str()), "{e}");
    // One fewer loads.
    let text = std::fs::read_to_string(dir.join("spec.yaml")).unwrap();
    let text = text.replace(&format!("s{MAX_FILES}.yaml"), "s0.yaml");
    std::fs::write(dir.join("spec.yaml"), text).unwrap();
    let doc = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), MAX_FILES + 1);
    assert_eq!(
        schemas[&format!("S{MAX_FILES}")]["$ref"],
        "#/components/schemas/S0"
    );
}
