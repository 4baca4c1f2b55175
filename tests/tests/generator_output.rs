//! Snapshot tests of the generator's output (reviewable with `cargo insta review`), and a
//! hostile spec whose every string carries Rust syntax: the output compiles and contains
//! nothing the spec did not describe.

use hcgen_codegen::{Options, RuntimeDependency, generate_from_path};
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    hcgen_tests::root().join("tests/fixtures").join(name)
}

fn options(name: &str) -> Options {
    Options {
        crate_name: name.to_owned(),
        runtime: RuntimeDependency::Path {
            path: hcgen_tests::root().display().to_string(),
            version: "0.1.0".to_owned(),
        },
        source_label: format!("tests/fixtures/{name}"),
        standalone: true,
        ..Options::default()
    }
}

fn file<'a>(out: &'a hcgen_codegen::Output, path: &str) -> &'a str {
    &out.files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .expect(path)
        .contents
}

#[test]
fn snapshot_petstore_mini() {
    let out = generate_from_path(
        &fixture("snapshots/petstore-mini.yaml"),
        &options("petstore-mini"),
    )
    .expect("generates");
    insta::assert_snapshot!("petstore_mini_types", file(&out, "src/types.rs"));
    insta::assert_snapshot!("petstore_mini_client", file(&out, "src/client.rs"));
    insta::assert_snapshot!("petstore_mini_lib", file(&out, "src/lib.rs"));
    insta::assert_snapshot!("petstore_mini_mock", file(&out, "src/mock.rs"));
}

/// The snapshot fixture's crate compiles without warnings and behaves: tagged unions, open
/// enums, keyword fields, recursion, maps, free-form JSON, dates without offsets.
#[test]
fn petstore_mini_crate_compiles_and_behaves() {
    let out = generate_from_path(
        &fixture("snapshots/petstore-mini.yaml"),
        &options("petstore-mini"),
    )
    .expect("generates");
    let dir = write_crate("petstore-mini", &out);
    let behaviour = std::fs::read_to_string(fixture("petstore-mini-behaviour.rs")).unwrap();
    test_with_behaviour(&dir, &behaviour, 6);
}

/// The same crate with its types split over as many crates as the reference graph allows
/// (`type_crate_lines: 1`: every strongly connected component on its own) compiles without
/// warnings, and the same behaviour tests pass against it unchanged: users of a split crate
/// see one crate.
#[test]
fn petstore_mini_with_split_types_compiles_and_behaves_the_same() {
    let opts = Options {
        type_crate_lines: 1,
        ..options("petstore-mini-split")
    };
    let out =
        generate_from_path(&fixture("snapshots/petstore-mini.yaml"), &opts).expect("generates");
    let crates: Vec<_> = out
        .files
        .iter()
        .filter(|f| f.path.starts_with("type-crates") && f.path.ends_with("Cargo.toml"))
        .collect();
    assert!(crates.len() > 5, "{} type crates", crates.len());
    for f in &out.files {
        if f.path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
        }
    }
    let dir = write_crate("petstore-mini-split", &out);
    let behaviour = std::fs::read_to_string(fixture("petstore-mini-behaviour.rs"))
        .unwrap()
        .replace("petstore_mini::", "petstore_mini_split::");
    test_with_behaviour(&dir, &behaviour, 6);
}

#[test]
fn snapshot_cbr_spec() {
    let out = generate_from_path(
        &hcgen_tests::root().join("spec/cbr.yaml"),
        &options("huaweicloud-cbr"),
    )
    .expect("generates");
    insta::assert_snapshot!("cbr_types", file(&out, "src/types.rs"));
}

/// Every identifier the generated code defines (items, fields, variants, methods).
fn defined_names(src: &str) -> Vec<String> {
    use syn::visit::Visit;
    struct V(Vec<String>);
    impl<'ast> Visit<'ast> for V {
        fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
            self.0.push(i.sig.ident.to_string());
            syn::visit::visit_item_fn(self, i);
        }
        fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
            self.0.push(i.sig.ident.to_string());
            syn::visit::visit_impl_item_fn(self, i);
        }
        fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
            self.0.push(i.ident.to_string());
            syn::visit::visit_item_struct(self, i);
        }
        fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
            self.0.push(i.ident.to_string());
            syn::visit::visit_item_enum(self, i);
        }
        fn visit_field(&mut self, i: &'ast syn::Field) {
            if let Some(id) = &i.ident {
                self.0.push(id.to_string());
            }
            syn::visit::visit_field(self, i);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.0.push(format!("macro:{}", m.tokens));
        }
    }
    let file = syn::parse_file(src).expect("generated code parses");
    let mut v = V(Vec::new());
    v.visit_file(&file);
    v.0
}

#[test]
fn hostile_spec_generates_code_that_compiles_and_injects_nothing() {
    let out = generate_from_path(&fixture("hostile.yaml"), &options("hostile"))
        .expect("hostile spec generates");
    let mut names = Vec::new();
    for f in out
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        names.extend(defined_names(&f.contents));
        // Every `injected_from_*` text must survive only inside doc strings or string literals.
        let file = syn::parse_file(&f.contents).unwrap();
        let tokens = quote_free_tokens(&file);
        assert!(
            !tokens.contains("fn injected_from"),
            "{}: injected code outside strings",
            f.path.display()
        );
        assert!(
            !tokens.contains("Evil"),
            "{}: injected attribute",
            f.path.display()
        );
    }
    // Names derived from the spec's own names are fine (`do_it_fn_injected_from_operation_id`
    // is the sanitised operationId); a function *named* by injected code is not.
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with("injected") && !n.contains("Evil")),
        "{names:?}"
    );
    // Identifiers were sanitised, not dropped.
    for expected in [
        "self_",
        "type_",
        "n1st",
        "u540d_u524d",
        "value",
        "Type",
        "TypeR",
        "self_2",
        // Prelude names: renamed types and builders (operations `Option`, `Result`, ...).
        "OptionModel",
        "OptionBuilder",
        "ResultBuilder",
        "ToStringModel",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing `{expected}` in {names:?}"
        );
    }

    // It compiles: write the crate and `cargo check` it against this repository's runtime.
    let dir = write_crate("hostile", &out);
    let status = cargo_with_deny_warnings("check", &dir)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "the hostile crate does not compile without warnings"
    );

    // Split over type crates (names that shadow the prelude, keywords and collisions now
    // reach other crates through glob imports), it still compiles without warnings.
    let opts = Options {
        type_crate_lines: 1,
        ..options("hostile-split")
    };
    let out = generate_from_path(&fixture("hostile.yaml"), &opts).expect("generates split");
    assert!(
        out.files
            .iter()
            .any(|f| f.path.starts_with("type-crates/1")),
        "split into type crates"
    );
    let dir = write_crate("hostile-split", &out);
    let status = cargo_with_deny_warnings("check", &dir)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "the hostile crate split over type crates does not compile without warnings"
    );
}

/// Adds `behaviour` to the crate in `dir` as its test `tests/behaviour.rs`, runs `cargo
/// test` with warnings denied, and checks that exactly `passed` tests passed.
fn test_with_behaviour(dir: &std::path::Path, behaviour: &str, passed: usize) {
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/behaviour.rs"), behaviour).unwrap();
    let output = cargo_with_deny_warnings("test", dir)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!(" {passed} passed; 0 failed")),
        "{stdout}"
    );
}

/// Writes a generated crate to `target/hcgen-test-crates/<name>` (replacing what was there).
fn write_crate(name: &str, out: &hcgen_codegen::Output) -> std::path::PathBuf {
    let dir = hcgen_tests::root()
        .join("target/hcgen-test-crates")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for f in &out.files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, &f.contents).unwrap();
    }
    dir
}

/// `cargo <subcommand>` on the crate in `dir` with its `test-util` feature (the mock module,
/// and the README's examples as doctests), offline, with warnings denied, in the target
/// directory the generated test crates share.
fn cargo_with_deny_warnings(subcommand: &str, dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args([
        subcommand,
        "--quiet",
        "--offline",
        "--features",
        "test-util",
    ])
    .arg("--manifest-path")
    .arg(dir.join("Cargo.toml"))
    .env(
        "CARGO_TARGET_DIR",
        hcgen_tests::root().join("target/hcgen-test-crates/target"),
    )
    .env("RUSTFLAGS", "-D warnings");
    cmd
}

/// The token stream of a file with all string literals and doc attributes removed.
fn quote_free_tokens(file: &syn::File) -> String {
    use quote::ToTokens;
    fn strip(ts: proc_macro2::TokenStream) -> String {
        let mut out = String::new();
        for tt in ts {
            match tt {
                proc_macro2::TokenTree::Literal(_) => out.push_str(" LIT "),
                proc_macro2::TokenTree::Group(g) => {
                    out.push_str(&strip(g.stream()));
                }
                other => {
                    out.push(' ');
                    out.push_str(&other.to_string());
                }
            }
        }
        out
    }
    strip(file.to_token_stream())
}

/// Enums with more than 1,024 values are value sets (a newtype with a constant per value up
/// to 10,000 values, and the list of values): they compile without warnings and stay open.
#[test]
fn large_enums_become_value_sets_that_compile_and_behave() {
    let strings: Vec<String> = (0..1_025).map(|i| format!("value-{i}")).collect();
    let numbers: Vec<i64> = (0..1_025).map(|i| i * 3).collect();
    let huge: Vec<String> = (0..10_001).map(|i| format!("h{i}")).collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "value sets", "version": "1"},
        "paths": {"/t": {"post": {
            "operationId": "setThing",
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}}}},
            "responses": {"200": {"description": "ok"}},
        }}},
        "components": {"schemas": {
            "Thing": {"type": "object", "properties": {
                "color": {"$ref": "#/components/schemas/Color"},
                "code": {"$ref": "#/components/schemas/Code"},
                "huge": {"$ref": "#/components/schemas/Huge"},
            }},
            "Color": {"type": "string", "enum": strings},
            "Code": {"type": "integer", "enum": numbers},
            "Huge": {"type": "string", "enum": huge},
        }},
    });
    let dir = hcgen_tests::root().join("target/hcgen-test-crates/value-sets-spec");
    std::fs::create_dir_all(&dir).unwrap();
    let spec_path = dir.join("value-sets.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = generate_from_path(&spec_path, &options("value-sets")).expect("generates");
    let types = file(&out, "src/types.rs");
    assert!(
        types.contains("pub struct Color("),
        "a value set, not an enum"
    );
    assert!(types.contains("pub const VALUE1024: Self"));
    assert!(
        !types.contains("pub const H10000: Self"),
        "no constants above 10,000"
    );
    let dir = write_crate("value-sets", &out);
    test_with_behaviour(
        &dir,
        r#"use value_sets::types::*;

#[test]
fn value_sets_behave() {
    assert_eq!(Color::VALUE0.as_str(), "value-0");
    assert_eq!(Color::VALUES.len(), 1_025);
    let c: Color = serde_json::from_str("\"value-1024\"").unwrap();
    assert_eq!(c, Color::VALUE1024);
    assert!(c.is_listed());
    let other: Color = serde_json::from_str("\"not-listed\"").unwrap();
    assert!(!other.is_listed());
    assert_eq!(serde_json::to_string(&other).unwrap(), "\"not-listed\"");
    assert_eq!(Color::from("value-3").to_string(), "value-3");
    let n: Code = serde_json::from_str("3072").unwrap();
    assert_eq!(n, Code::V3072);
    assert_eq!(n.as_i64(), 3_072);
    assert!(!Code::from(1).is_listed());
    assert_eq!(Huge::VALUES[10_000], "h10000");
    assert!(Huge::from("h42").is_listed());
    let t = Thing::default().with_color(Color::VALUE7).with_code(Code::V3);
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        serde_json::json!({"color": "value-7", "code": 3})
    );
}
"#,
        1,
    );
}

/// A spec split over files (`$ref`s across three files, a cycle between two, two schemas
/// named `Pet`, a path item, parameters and responses in other files, RFC 6901 escapes) is
/// bundled into one document and generates a crate that compiles without warnings.
#[test]
fn spec_split_over_files_generates_a_crate_that_compiles() {
    let out = generate_from_path(
        &fixture("external-refs/api.yaml"),
        &options("external-refs"),
    )
    .expect("generates");
    let types = file(&out, "src/types.rs");
    let client = file(&out, "src/client.rs");
    for name in [
        "pub struct Pet ",
        "pub struct Pet2 ",
        "pub struct Owner ",
        "pub type AB ",
    ] {
        assert!(types.contains(name), "{name} missing from:\n{types}");
    }
    for operation in ["fn list_pets", "fn get_pet"] {
        assert!(
            client.contains(operation),
            "{operation} missing from:\n{client}"
        );
    }
    let dir = write_crate("external-refs", &out);
    let status = cargo_with_deny_warnings("check", &dir)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "the bundled crate does not compile without warnings"
    );
}

/// What lowering now accepts with a fallback compiles without warnings: parameters with
/// `content: application/json` (in path, query and header, sent as JSON text), an
/// undeclared path placeholder (a string), `not` (ignored), properties beside `allOf`
/// (merged), an array of itself (items as JSON) and references with escapes.
#[test]
fn fallbacks_generate_crates_that_compile() {
    let spec = r#"
openapi: 3.0.3
info: {title: Fallbacks, version: '1'}
paths:
  /items/{id}/{undeclared}:
    get:
      operationId: getItem
      parameters:
        - name: id
          in: path
          required: true
          content: {application/json: {schema: {type: integer}}}
        - name: filter
          in: query
          content: {application/json: {schema: {$ref: '#/components/schemas/a~1b'}}}
        - name: X-Selector
          in: header
          required: true
          content: {application/json: {schema: {type: array, items: {type: string}}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
components:
  schemas:
    a/b:
      type: object
      properties:
        a: {type: integer}
        never: {not: {type: string}}
    Base:
      type: object
      properties: {base: {type: string}}
    Item:
      allOf: [{$ref: '#/components/schemas/Base'}]
      properties:
        own: {type: boolean}
        nested: {$ref: '#/components/schemas/Nested'}
      required: [own]
    Nested:
      type: array
      items: {$ref: '#/components/schemas/Nested'}
"#;
    let out = hcgen_codegen::generate_from_str("fallbacks.yaml", spec, &options("fallbacks"))
        .expect("generates");
    let messages: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    for expected in [
        "#/paths/~1items~1{id}~1{undeclared}/get: path template",
        "#/components/schemas/a~1b/properties/never/not: `not` is ignored",
        "#/components/schemas/Nested: this schema contains itself",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "no warning `{expected}` in {messages:#?}"
        );
    }
    let client = file(&out, "src/client.rs");
    assert_eq!(
        client.matches("::hcgen_runtime::json_param(").count(),
        3,
        "{client}"
    );
    let dir = write_crate("fallbacks", &out);
    let output = cargo_with_deny_warnings("check", &dir)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
