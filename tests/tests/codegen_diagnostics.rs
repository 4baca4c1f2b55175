//! Bad input never panics: each case ends in an error naming the file and the JSON pointer
//! (or line and column for syntax errors) and saying what is wrong.

use hcgen_codegen::{ErrorKind, Location, Options, generate_from_str};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

fn err(text: &str) -> hcgen_codegen::Error {
    match generate_from_str("fixture.yaml", text, &Options::default()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn malformed_yaml_names_line_and_column() {
    let e = err("openapi: 3.0.3\ninfo: {title: T\npaths: {}\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(
        matches!(e.location, Location::LineColumn { line: 3, .. }),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(text.starts_with("fixture.yaml:3:"), "{text}");
    assert!(text.contains("invalid YAML"), "{text}");
}

#[test]
fn malformed_json_names_line_and_column() {
    // Neither JSON nor YAML (a flow sequence that never closes): the JSON error's position.
    let e = err("{\"openapi\": \"3.0.3\",\n \"info\": [}");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.to_string().starts_with("fixture.yaml:2:"), "{e}");
    assert!(e.to_string().contains("neither JSON nor YAML"), "{e}");
}

#[test]
fn dangling_ref_names_the_pointer_of_the_ref() {
    let e = err(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::DanglingRef);
    assert_eq!(e.pointer(), Some("/components/schemas/A/properties/b"));
    assert_eq!(
        e.to_string(),
        "fixture.yaml: #/components/schemas/A/properties/b: `$ref: #/components/schemas/Missing` points to nothing in this document"
    );
}

#[test]
fn unsupported_construct_is_an_error_not_a_silent_drop() {
    let e = err(&format!(
        "{HEAD}paths:\n  /x:\n    get:\n      parameters:\n        - {{name: f, in: query, content: {{text/plain: {{}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.pointer(), Some("/paths/~1x/get/parameters/0/content"));
    assert!(
        e.to_string()
            .contains("parameter `content` must hold exactly one media type"),
        "{e}"
    );

    let e = err(&format!(
        "{HEAD}paths:\n  /x:\n    get:\n      parameters:\n        - {{name: c, in: cookie, schema: {{type: string}}}}\n      responses: {{'200': {{description: ok}}}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.pointer(), Some("/paths/~1x/get/parameters/0"));
    assert!(
        e.to_string()
            .contains("cookie parameters are not supported"),
        "{e}"
    );

    let e = err(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'other.yaml#/A'}}\n"
    ));
    // From text, there is no folder to read `other.yaml` from.
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.pointer(), Some("/components/schemas/A/$ref"));
    assert!(
        e.to_string()
            .contains("external references are resolved only when the spec is read from a file"),
        "{e}"
    );
}

#[test]
fn duplicate_operation_id_names_both_operations() {
    let e = err(&format!(
        "{HEAD}paths:\n  /a:\n    get: {{operationId: Same, responses: {{'200': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: Same, responses: {{'200': {{description: ok}}}}}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(e.pointer(), Some("/paths/~1b/get"));
    assert!(
        e.to_string()
            .contains("duplicate operationId `Same` (also used at #/paths/~1a/get)"),
        "{e}"
    );
}

#[test]
fn documents_that_are_not_openapi_3_0_or_3_1() {
    let e = err("openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths: {}\n");
    assert_eq!(e.kind, ErrorKind::InvalidDocument);
    assert_eq!(e.pointer(), Some("/openapi"));
    assert!(
        e.to_string().contains("only 3.0.x and 3.1.x are supported"),
        "{e}"
    );

    let e = err("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n");
    assert!(
        e.to_string()
            .contains("Swagger \"2.0\" documents are not supported"),
        "{e}"
    );

    let e = err("just: a mapping\n");
    assert!(
        e.to_string()
            .contains("the `openapi` version field is missing"),
        "{e}"
    );

    let e = err("- a list\n");
    assert!(
        e.to_string().contains("the top level is not a mapping"),
        "{e}"
    );

    let e = err(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 7\n",
    );
    assert_eq!(e.kind, ErrorKind::InvalidDocument);
    assert!(
        e.pointer().unwrap_or("").starts_with("/paths/~1x/get"),
        "{e}"
    );
}

#[test]
fn path_template_and_parameters_must_agree() {
    let e = err(&format!(
        "{HEAD}paths:\n  /a/{{id:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::InvalidDocument);
    assert_eq!(e.pointer(), Some("/paths/~1a~1{id"));
    assert!(e.to_string().contains("is never closed"), "{e}");

    // An undeclared placeholder is a documented fallback: a required string, with a warning.
    let out = generate_from_str(
        "fixture.yaml",
        &format!(
            "{HEAD}paths:\n  /a/{{id}}:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n"
        ),
        &Options::default(),
    )
    .expect("generates");
    assert!(
        out.warnings[0]
            .to_string()
            .contains("uses `{id}` but no path parameter declares it; it is generated as a required string parameter"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn not_schemas_are_ignored_with_a_warning() {
    let out = generate_from_str(
        "fixture.yaml",
        &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          not: {{type: string}}\n"),
        &Options::default(),
    )
    .expect("generates");
    assert_eq!(
        out.warnings[0].to_string(),
        "warning: #/components/schemas/A/properties/b/not: `not` is ignored: the schema is generated as if it were absent"
    );
}

#[test]
fn names_that_collide_after_case_conversion_are_renamed_with_a_warning() {
    let out = generate_from_str(
        "fixture.yaml",
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    foo_bar: {{type: object, properties: {{a: {{type: string}}}}}}\n    FooBar: {{type: object, properties: {{b: {{type: string}}}}}}\n    C:\n      type: object\n      properties:\n        userName: {{type: string}}\n        user_name: {{type: integer}}\n"
        ),
        &Options::default(),
    )
    .expect("collisions are resolved, not fatal");
    let names: Vec<&str> = out.model.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["C", "FooBar", "FooBar2"]);
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("#/components/schemas/foo_bar")
                && w.contains("already used by #/components/schemas/FooBar")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(
            |w| w.contains("#/components/schemas/C/properties/user_name")
                && w.contains("#/components/schemas/C/properties/userName")
        ),
        "{warnings:?}"
    );
    let c = out.model.types.iter().find(|t| t.name == "C").unwrap();
    let hcgen_codegen::model::TypeKind::Struct { fields, .. } = &c.kind else {
        panic!()
    };
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("userName", "user_name"), ("user_name", "user_name_2")]
    );
}

#[test]
fn generation_is_deterministic() {
    let text = std::fs::read_to_string(hcgen_tests::root().join("spec/cbr.yaml")).unwrap();
    let a = generate_from_str("spec/cbr.yaml", &text, &Options::default()).unwrap();
    let b = generate_from_str("spec/cbr.yaml", &text, &Options::default()).unwrap();
    assert_eq!(a.files, b.files);
}
