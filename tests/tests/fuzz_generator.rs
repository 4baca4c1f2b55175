//! Property-based fuzzing of the generator: mutated spec documents never make it panic.
//!
//! Every case takes a seed spec from `tests/fuzz-seeds/`, applies a few structure-aware
//! mutations to its JSON value (deleted and renamed keys, hostile names, `$ref`s to existing,
//! missing and self targets, reference cycles, swapped schemas, changed `type`/`format`/
//! `enum`/`required`/`nullable`/`additionalProperties`/`items`/`allOf`/`oneOf`/`anyOf`...),
//! re-serialises it as JSON or YAML, sometimes damages the text itself, and runs the
//! generator on it. It must:
//!
//! - not panic, crash (stack overflow) or hang;
//! - on `Ok`, produce `.rs` files that all parse with `syn::parse_file`;
//! - on `Err`, produce a diagnostic whose `Display` starts with the source name and says
//!   something.
//!
//! A failure is shrunk (fewer, simpler mutations), then its document is reduced (members
//! deleted while it still fails the same way), and printed with the panic message and
//! location, the syn error, or the crash.
//!
//! The cases run in a child process (proptest's `fork`), so that a stack overflow is found
//! and shrunk like a panic. Set `HCGEN_FUZZ_FORK=0` to run them in-process (a crash then
//! aborts the test binary); libtest's `--no-capture` spelling also turns forking off, as
//! rusty-fork does not know it (`--nocapture` works).
//!
//! The run is deterministic: a fixed RNG seed and case count. For longer runs in CI, set
//! `HCGEN_FUZZ_CASES` (number of cases; 256 take a few seconds in a debug build) and
//! `HCGEN_FUZZ_SEED` (a `u64`, to explore other inputs); the test prints both. Inputs that
//! once failed are kept below in [`REGRESSIONS`] and checked on every run.

use hcgen_codegen::{Options, generate_from_str};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Once;
use std::time::Instant;

/// Default number of generated cases (override with `HCGEN_FUZZ_CASES`).
const DEFAULT_CASES: u32 = 256;
/// Default RNG seed (override with `HCGEN_FUZZ_SEED`).
const DEFAULT_SEED: u64 = 0x4843_4745_4e5f_465a;

// ---------------------------------------------------------------------------------------
// REGRESSIONS: minimal inputs that once made the generator panic or emit unparseable code.
// Each is checked by `regressions_stay_fixed`; keep them when the bug is fixed.
// ---------------------------------------------------------------------------------------
//
// Found by this fuzzer (reported to the codegen owner, not fixed yet):
//
// - `allof_*`: an `allOf` (of two or more parts) whose part resolves, through `$ref`s, to
//   an `allOf` schema that leads back to it: `Cx::all_of_kind` recurses into the referenced
//   `allOf` with no recursion guard until the stack overflows (the process aborts).
// - `cr_in_*`: a carriage return in a property name, request body media type, path or
//   server URL is put unescaped into a `#[doc = "..."]` string, which prettyplease prints as
//   a `///` or `/** */` comment with a bare CR: the output no longer lexes
//   ("bare CR not allowed in doc-comment"). `emit::format_file` does not notice, since it
//   parses the tokens before printing them.
const REGRESSIONS: &[(&str, &str)] = &[
    (
        "allof_self_reference",
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
",
    ),
    (
        "allof_cycle_through_an_alias",
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
",
    ),
    (
        "cr_in_required_property_name",
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
 "components": {"schemas": {"A": {"type": "object", "required": ["a\rb"],
   "properties": {"a\rb": {"type": "string"}}}}}}"#,
    ),
    (
        "cr_in_optional_property_name",
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
 "components": {"schemas": {"A": {"type": "object",
   "properties": {"a\rb": {"type": "string"}}}}}}"#,
    ),
    (
        "cr_in_request_body_media_type",
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "paths": {"/a": {"post": {
   "requestBody": {"content": {"text/plain\r": {"schema": {"type": "string"}}}},
   "responses": {"200": {"description": "ok"}}}}}}"#,
    ),
    (
        "cr_in_path",
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "paths": {"/a\rb": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
    ),
    (
        "cr_in_server_url",
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "servers": [{"url": "https://x\r.{region}.example.com",
   "variables": {"region": {"default": "a", "enum": ["a", "b"]}}}],
 "paths": {}}"#,
    ),
];

// ---------------------------------------------------------------------------------------
// The oracle.
// ---------------------------------------------------------------------------------------

thread_local! {
    /// Set while the generator runs under `catch_unwind`: the panic hook records instead
    /// of printing.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(non-string panic payload)".to_owned());
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_else(|| "(unknown location)".to_owned());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}\n  at {location}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// What one run of the generator produced, when it was acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Err,
}

/// Runs `f`, turning a panic into its message and location (without printing it).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "(no message recorded)".to_owned())
    })
}

/// Runs the generator on `text` and checks the properties. `Err` describes a violation.
fn check(source: &str, text: &str) -> Result<Outcome, String> {
    let opts = Options::default();
    match guarded(|| generate_from_str(source, text, &opts)) {
        Err(what) => Err(format!("the generator panicked: {what}")),
        Ok(Ok(out)) => {
            if out.files.is_empty() {
                return Err("Ok with no files".to_owned());
            }
            for f in &out.files {
                if f.path.extension().is_some_and(|e| e == "rs")
                    && let Err(e) = syn::parse_file(&f.contents)
                {
                    return Err(format!(
                        "Ok, but {} does not parse as Rust: {e}\n--- {} ---\n{}\n---",
                        f.path.display(),
                        f.path.display(),
                        f.contents
                    ));
                }
            }
            Ok(Outcome::Ok)
        }
        Ok(Err(e)) => {
            let shown = e.to_string();
            if e.message.trim().is_empty() {
                return Err(format!("an error with an empty message: {shown:?} ({e:?})"));
            }
            if !shown.starts_with(source) {
                return Err(format!(
                    "the error does not start with the source name `{source}`: {shown:?} ({e:?})"
                ));
            }
            Ok(Outcome::Err)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Seeds.
// ---------------------------------------------------------------------------------------

struct Seed {
    name: String,
    value: Value,
}

fn seeds_dir() -> PathBuf {
    hcgen_tests::root().join("tests/fuzz-seeds")
}

/// The seed files, sorted by name (so case generation is deterministic).
fn seed_files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(seeds_dir())
        .expect("tests/fuzz-seeds exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("a readable seed");
            (name, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", seeds_dir().display());
    out
}

fn parse_seed(name: &str, text: &str) -> Value {
    if name.ends_with(".json") {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("seed {name}: {e}"))
    } else {
        yaml_serde::from_str(text).unwrap_or_else(|e| panic!("seed {name}: {e}"))
    }
}

fn load_seeds() -> Vec<Seed> {
    seed_files()
        .into_iter()
        .map(|(name, text)| Seed {
            value: parse_seed(&name, &text),
            name,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Mutations.
// ---------------------------------------------------------------------------------------

/// Strings that break naive code generation: quoting, comments, attributes, raw strings,
/// keywords, digits, separators, non-ASCII, names the generated code uses itself.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\"",
    "'",
    "`",
    "\\",
    "\\\"",
    "*/",
    "/*",
    "//",
    "///",
    "//!",
    "#[",
    "#![",
    "]",
    "#[doc = \"x\"]",
    "r#\"",
    "\"#",
    "r#type",
    "\n",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "\u{feff}",
    "\u{200b}",
    "é",
    "名前",
    "🦀",
    "ǅ",
    "ß",
    "İ",
    "{",
    "}",
    "{id}",
    "{}",
    "$ref",
    "~",
    "/",
    "~1",
    "~0",
    "#",
    "#/components/schemas/",
    "%",
    "?",
    "&",
    "*",
    "!",
    "|",
    ">",
    "@",
    ":",
    "- ",
    "---",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "gen",
    "try",
    "union",
    "_",
    "__",
    "a__b",
    "_1",
    "1",
    "0",
    "1abc",
    "-1",
    "+1",
    "1.5",
    "1e400",
    "-",
    ".",
    "a-b",
    "a.b",
    "a b",
    "Result",
    "Option",
    "Path",
    "Box",
    "Vec",
    "String",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "Error",
    "Unknown",
    "Other",
    "Value",
    "Map",
    "additional_properties",
    "new",
    "builder",
    "send",
    "body",
    "client",
    "core",
    "with_core",
    "API",
    "REGIONS",
    "fooBar",
    "foo_bar",
    "FooBar",
    "FOO_BAR",
    "foo-bar",
    "true",
    "false",
    "null",
    "~null",
    "yes",
    "NaN",
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "*/*",
    "200",
    "2XX",
    "default",
];

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        3 => prop::collection::vec(prop::sample::select(HOSTILE), 2..4).prop_map(|v| v.concat()),
        1 => "\\PC{0,12}",
        1 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{10ffff}a-zA-Z0-9_ .-]{1,6}",
        1 => Just("x".repeat(300)),
    ]
}

/// An arbitrary small JSON value.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, 1, -1, 2, i64::MAX, i64::MIN, 2_147_483_648])
            .prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        prop::sample::select(vec![0.5f64, -0.0, 1e308, 3.5e-300, -2.25]).prop_map(Value::from),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((hostile_string(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// References to component schemas that exist in at least one seed.
const KNOWN_REFS: &[&str] = &[
    "#/components/schemas/Tree",
    "#/components/schemas/Pet",
    "#/components/schemas/Cat",
    "#/components/schemas/Animal",
    "#/components/schemas/Kind",
    "#/components/schemas/Result",
    "#/components/schemas/FooBar",
    "#/components/schemas/ErrorResponse",
    "#/components/schemas/with space",
];

fn known_ref() -> impl Strategy<Value = Value> {
    prop::sample::select(KNOWN_REFS).prop_map(|r| serde_json::json!({ "$ref": r }))
}

/// A small, mostly well-formed schema.
fn schema_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "string", "integer", "number", "boolean", "array", "object", "null", "file",
        ])
        .prop_map(|t| serde_json::json!({ "type": t })),
        Just(serde_json::json!({})),
        Just(serde_json::json!({"type": "string", "format": "binary"})),
        Just(serde_json::json!({"type": "string", "enum": ["a", "A", "a-b", ""]})),
        Just(serde_json::json!({"type": "integer", "enum": [1, -1, 0]})),
        Just(serde_json::json!({"type": "object", "additionalProperties": true})),
        Just(serde_json::json!({"not": {"type": "string"}})),
        known_ref(),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|i| serde_json::json!({"type": "array", "items": i})),
            inner
                .clone()
                .prop_map(|i| serde_json::json!({"type": "object", "additionalProperties": i})),
            (
                prop::collection::vec((hostile_string(), inner.clone()), 0..3),
                any::<bool>()
            )
                .prop_map(|(props, req)| {
                    let required: Vec<Value> = if req {
                        props
                            .iter()
                            .map(|(k, _)| Value::String(k.clone()))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    serde_json::json!({
                        "type": "object",
                        "required": required,
                        "properties": Value::Object(props.into_iter().collect()),
                    })
                }),
            (
                prop::sample::select(vec!["allOf", "oneOf", "anyOf"]),
                prop::collection::vec(inner, 0..3)
            )
                .prop_map(|(k, parts)| serde_json::json!({ k: parts })),
        ]
    })
}

/// A schema keyword and a value for it (valid or not).
fn keyword() -> impl Strategy<Value = (&'static str, Value)> {
    use serde_json::json;
    prop_oneof![
        prop::sample::select(vec![
            json!("object"),
            json!("string"),
            json!("integer"),
            json!("number"),
            json!("boolean"),
            json!("array"),
            json!("null"),
            json!("file"),
            json!("String"),
            json!(7),
            json!(["string", "null"]),
        ])
        .prop_map(|v| ("type", v)),
        prop_oneof![
            prop::sample::select(vec![
                "int32",
                "int64",
                "float",
                "double",
                "byte",
                "binary",
                "date",
                "date-time",
                "password",
                "uuid",
                "",
            ])
            .prop_map(|s| json!(s)),
            hostile_string().prop_map(Value::String),
        ]
        .prop_map(|v| ("format", v)),
        prop_oneof![
            Just(json!([])),
            Just(json!([null])),
            Just(json!(["a", "A", "a", "a_b", "a-b", "aB"])),
            Just(json!([1, "1", 1.5, true, null])),
            Just(json!([[1], {"a": 1}])),
            Just(json!([
                -1,
                0,
                1,
                9_223_372_036_854_775_807_i64,
                18_446_744_073_709_551_615_u64
            ])),
            Just(json!(["Unknown", "unknown", "UNKNOWN", "Other"])),
            Just(json!("not-a-list")),
            prop::collection::vec(hostile_string().prop_map(Value::String), 1..5)
                .prop_map(Value::Array),
            prop::collection::vec(json_value(), 1..4).prop_map(Value::Array),
        ]
        .prop_map(|v| ("enum", v)),
        prop_oneof![
            Just(json!([])),
            Just(json!("id")),
            Just(json!([1, null])),
            prop::collection::vec(hostile_string().prop_map(Value::String), 1..3)
                .prop_map(Value::Array),
        ]
        .prop_map(|v| ("required", v)),
        prop::sample::select(vec![json!(true), json!(false), json!("yes"), json!(null)])
            .prop_map(|v| ("nullable", v)),
        prop_oneof![
            Just(json!(true)),
            Just(json!(false)),
            Just(json!(0)),
            schema_value(),
        ]
        .prop_map(|v| ("additionalProperties", v)),
        prop_oneof![Just(json!([])), Just(json!(true)), schema_value()].prop_map(|v| ("items", v)),
        (
            prop::sample::select(vec!["allOf", "oneOf", "anyOf"]),
            prop_oneof![
                Just(json!([])),
                Just(json!({})),
                prop::collection::vec(schema_value(), 1..4).prop_map(Value::Array),
            ]
        ),
        (
            hostile_string(),
            hostile_string(),
            prop::sample::select(KNOWN_REFS)
        )
            .prop_map(|(prop_name, tag, target)| (
                "discriminator",
                json!({"propertyName": prop_name, "mapping": {tag: target}})
            )),
        prop_oneof![
            Just(json!({})),
            Just(json!([])),
            prop::collection::vec((hostile_string(), schema_value()), 1..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
        .prop_map(|v| ("properties", v)),
        (
            prop::sample::select(vec![
                "minLength",
                "maxLength",
                "minimum",
                "maximum",
                "minItems",
                "maxItems",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
                "uniqueItems",
            ]),
            prop::sample::select(vec![
                json!(0),
                json!(-1),
                json!(1.5),
                json!(1e308),
                json!(u64::MAX),
                json!(i64::MIN),
                json!(true),
                json!("3"),
            ])
        ),
        (
            prop::sample::select(vec![
                "pattern",
                "description",
                "title",
                "example",
                "default"
            ]),
            prop_oneof![hostile_string().prop_map(Value::String), json_value()]
        ),
        schema_value().prop_map(|v| ("not", v)),
        Just(("readOnly", json!(true))),
        Just(("deprecated", json!(true))),
    ]
}

/// Where a `$ref` points.
#[derive(Debug, Clone)]
enum RefTarget {
    /// An existing component schema (raw key, or with `/` and `~` escaped).
    Existing(Index, bool),
    /// The component schema the `$ref` is in (or the first one).
    SelfRef,
    /// A component schema that does not exist.
    Missing(String),
    /// Another components section (`parameters`, `responses`...), existing key or not.
    Section(Index, Index),
    /// Something odd.
    Raw(String),
}

fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        4 => (any::<Index>(), any::<bool>()).prop_map(|(i, e)| RefTarget::Existing(i, e)),
        3 => Just(RefTarget::SelfRef),
        1 => hostile_string().prop_map(RefTarget::Missing),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| RefTarget::Section(a, b)),
        1 => prop_oneof![
            prop::sample::select(vec![
                "",
                "#",
                "#/",
                "#/components/schemas",
                "#/components/schemas/",
                "#/components/schemas//",
                "other.yaml#/A",
                "http://example.com/x.json#/A",
                "#/paths/~1pets",
                "#/components/schemas/Tree/properties/left",
                "#/components/responses/Error",
                "#/components/parameters/Id",
                "#/components/requestBodies/Form",
            ])
            .prop_map(str::to_owned),
            hostile_string(),
        ]
        .prop_map(RefTarget::Raw),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove an object member or array element.
    Delete(Index),
    /// Replace any node by an arbitrary JSON value.
    Replace(Index, Value),
    /// Replace a schema by another schema.
    ReplaceSchema(Index, Value),
    /// Rename an object member's key.
    Rename(Index, String),
    /// Copy an object member under another key.
    Duplicate(Index, String),
    /// Insert a member into an object.
    Insert(Index, String, Value),
    /// Turn a schema (or, if the flag is set, any object) into a `$ref`; the second flag
    /// keeps the object's other members beside the `$ref`.
    Ref(Index, RefTarget, bool, bool),
    /// Swap two schemas.
    Swap(Index, Index),
    /// Copy a schema over another.
    CopySchema(Index, Index),
    /// Set a keyword of a schema.
    Keyword(Index, &'static str, Value),
    /// Make a schema inside a component schema a `$ref` to that component (a cycle).
    Cycle(Index, Index, bool),
    /// Make two component schemas refer to each other from somewhere inside them.
    Mutual(Index, Index, Index, Index),
    /// Replace a string (a name, operation ID, description, media type...) by another.
    SetString(Index, String),
    /// Rename a path parameter in its path template and its declaration together.
    PathParam(Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        2 => (any::<Index>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), schema_value()).prop_map(|(i, v)| Mutation::ReplaceSchema(i, v)),
        3 => (any::<Index>(), hostile_string()).prop_map(|(i, s)| Mutation::Rename(i, s)),
        2 => (any::<Index>(), hostile_string()).prop_map(|(i, s)| Mutation::Duplicate(i, s)),
        1 => (any::<Index>(), hostile_string(), json_value())
            .prop_map(|(i, k, v)| Mutation::Insert(i, k, v)),
        4 => (any::<Index>(), ref_target(), prop::bool::weighted(0.2), any::<bool>())
            .prop_map(|(i, t, any_node, keep)| Mutation::Ref(i, t, any_node, keep)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::CopySchema(a, b)),
        6 => (any::<Index>(), keyword()).prop_map(|(i, (k, v))| Mutation::Keyword(i, k, v)),
        2 => (any::<Index>(), any::<Index>(), any::<bool>())
            .prop_map(|(c, n, keep)| Mutation::Cycle(c, n, keep)),
        1 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(a, na, b, nb)| Mutation::Mutual(a, na, b, nb)),
        3 => (any::<Index>(), hostile_string()).prop_map(|(i, s)| Mutation::SetString(i, s)),
        2 => (any::<Index>(), hostile_string()).prop_map(|(i, s)| Mutation::PathParam(i, s)),
    ]
}

/// A change to the serialised text.
#[derive(Debug, Clone)]
enum ByteMutation {
    Truncate(Index),
    SetChar(Index, char),
    Insert(Index, String),
    Remove(Index, u8),
}

const SPECIAL_CHARS: &[char] = &[
    '"', '\'', '{', '}', '[', ']', ':', ',', '#', '\n', ' ', '\t', '\\', '-', '&', '*', '!', '|',
    '>', '%', '@', '`', '?', '0', 'a', 'é', '\u{0}', '\u{feff}', '\u{85}',
];

fn byte_mutation() -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        any::<Index>().prop_map(ByteMutation::Truncate),
        (any::<Index>(), prop::sample::select(SPECIAL_CHARS))
            .prop_map(|(i, c)| ByteMutation::SetChar(i, c)),
        (
            any::<Index>(),
            prop_oneof![
                hostile_string(),
                prop::sample::select(vec![
                    "&a ",
                    "*a",
                    "!!binary ",
                    "!!str ",
                    "<<: *a\n",
                    "? ",
                    "- ",
                    ": ",
                    "---\n",
                    "...\n",
                    "%YAML 1.2\n",
                    "\"\\u0000\"",
                    "1e999",
                    "-0",
                    "0x10",
                    "~",
                ])
                .prop_map(str::to_owned),
            ]
        )
            .prop_map(|(i, s)| ByteMutation::Insert(i, s)),
        (any::<Index>(), 1u8..40).prop_map(|(i, n)| ByteMutation::Remove(i, n)),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Json,
    JsonPretty,
}

/// One fuzz case: a seed, mutations of its value, a serialisation, damage to the text.
#[derive(Debug, Clone)]
struct Case {
    seed: Index,
    mutations: Vec<Mutation>,
    format: Format,
    bytes: Vec<ByteMutation>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<Index>(),
        prop::collection::vec(mutation(), 1..6),
        prop_oneof![
            2 => Just(Format::Yaml),
            1 => Just(Format::Json),
            1 => Just(Format::JsonPretty),
        ],
        prop_oneof![
            7 => Just(Vec::new()),
            1 => prop::collection::vec(byte_mutation(), 1..3),
        ],
    )
        .prop_map(|(seed, mutations, format, bytes)| Case {
            seed,
            mutations,
            format,
            bytes,
        })
}

// --- applying mutations ----------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Idx(usize),
}

type Pointer = Vec<Seg>;

fn walk(v: &Value, here: &mut Pointer, out: &mut Vec<Pointer>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Seg::Key(k.clone()));
                walk(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Seg::Idx(i));
                walk(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn all_nodes(v: &Value) -> Vec<Pointer> {
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn get<'v>(v: &'v Value, p: &[Seg]) -> Option<&'v Value> {
    p.iter().try_fold(v, |v, s| match (s, v) {
        (Seg::Key(k), Value::Object(m)) => m.get(k),
        (Seg::Idx(i), Value::Array(a)) => a.get(*i),
        _ => None,
    })
}

fn get_mut<'v>(v: &'v mut Value, p: &[Seg]) -> Option<&'v mut Value> {
    p.iter().try_fold(v, |v, s| match (s, v) {
        (Seg::Key(k), Value::Object(m)) => m.get_mut(k),
        (Seg::Idx(i), Value::Array(a)) => a.get_mut(*i),
        _ => None,
    })
}

const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "$ref",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "additionalProperties",
    "nullable",
    "format",
];

/// Whether the node at `p` is (probably) a schema.
fn is_schema(doc: &Value, p: &[Seg]) -> bool {
    let Some(Value::Object(m)) = get(doc, p) else {
        return false;
    };
    if SCHEMA_KEYWORDS.iter().any(|k| m.contains_key(*k)) {
        return true;
    }
    let key = |i: usize| match p.len().checked_sub(i).map(|j| &p[j]) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    matches!(
        key(1),
        Some("schema" | "items" | "additionalProperties" | "not")
    ) || matches!(key(2), Some("properties" | "schemas"))
        || (matches!(p.last(), Some(Seg::Idx(_)))
            && matches!(key(2), Some("allOf" | "oneOf" | "anyOf")))
}

fn schema_nodes(doc: &Value) -> Vec<Pointer> {
    all_nodes(doc)
        .into_iter()
        .filter(|p| is_schema(doc, p))
        .collect()
}

fn pick<'a>(i: &Index, from: &'a [Pointer]) -> Option<&'a Pointer> {
    (!from.is_empty()).then(|| i.get(from))
}

fn component_keys(doc: &Value, section: &str) -> Vec<String> {
    doc.pointer(&format!("/components/{section}"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn ref_string(doc: &Value, at: &[Seg], target: &RefTarget) -> String {
    let schemas = component_keys(doc, "schemas");
    let first = || {
        schemas
            .first()
            .map(|k| format!("#/components/schemas/{k}"))
            .unwrap_or_else(|| "#/components/schemas/Missing".to_owned())
    };
    match target {
        RefTarget::Existing(i, escaped) => {
            if schemas.is_empty() {
                return first();
            }
            let key = i.get(&schemas);
            let key = if *escaped { escape(key) } else { key.clone() };
            format!("#/components/schemas/{key}")
        }
        RefTarget::SelfRef => match at {
            [Seg::Key(c), Seg::Key(s), Seg::Key(k), ..] if c == "components" && s == "schemas" => {
                format!("#/components/schemas/{k}")
            }
            _ => first(),
        },
        RefTarget::Missing(name) => format!("#/components/schemas/{name}"),
        RefTarget::Section(s, k) => {
            const SECTIONS: &[&str] = &[
                "parameters",
                "responses",
                "requestBodies",
                "securitySchemes",
                "headers",
                "examples",
            ];
            let section = s.get(SECTIONS);
            let keys = component_keys(doc, section);
            let key = if keys.is_empty() {
                "Nothing".to_owned()
            } else {
                k.get(&keys).clone()
            };
            format!("#/components/{section}/{key}")
        }
        RefTarget::Raw(s) => s.clone(),
    }
}

fn rename_key(m: &mut Map<String, Value>, old: &str, new: &str) {
    let taken = std::mem::take(m);
    *m = taken
        .into_iter()
        .map(|(k, v)| {
            if k == old {
                (new.to_owned(), v)
            } else {
                (k, v)
            }
        })
        .collect();
}

/// Points the schema node `which` inside component schema `key` at `target`.
fn ref_inside(doc: &mut Value, key: &str, which: &Index, target: &str, keep: bool) {
    let base = vec![
        Seg::Key("components".to_owned()),
        Seg::Key("schemas".to_owned()),
        Seg::Key(key.to_owned()),
    ];
    let nodes: Vec<Pointer> = schema_nodes(doc)
        .into_iter()
        .filter(|p| p.starts_with(&base))
        .collect();
    let Some(p) = pick(which, &nodes) else { return };
    let r = Value::String(format!("#/components/schemas/{target}"));
    if let Some(slot) = get_mut(doc, p) {
        match slot {
            Value::Object(obj) if keep => {
                obj.insert("$ref".to_owned(), r);
            }
            _ => *slot = serde_json::json!({ "$ref": r }),
        }
    }
}

/// Renames the `{name}` of a path template and every path parameter declaring it.
fn rename_path_param(doc: &mut Value, which: &Index, new: &str) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let candidates: Vec<(String, String)> = paths
        .keys()
        .flat_map(|path| {
            hcgen_codegen::lower::template_params(path)
                .into_iter()
                .map(move |name| (path.clone(), name))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let (path, old) = which.get(&candidates).clone();
    let renamed = path.replacen(&format!("{{{old}}}"), &format!("{{{new}}}"), 1);
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    rename_key(paths, &path, &renamed);
    let Some(item) = paths.get_mut(&renamed) else {
        return;
    };
    // Declarations on the path item and on its operations (references are left alone).
    let mut lists: Vec<&mut Value> = Vec::new();
    if let Value::Object(item) = item {
        for (key, v) in item.iter_mut() {
            if key == "parameters" {
                lists.push(v);
            } else if let Some(params) = v.get_mut("parameters") {
                lists.push(params);
            }
        }
    }
    for list in lists {
        if let Value::Array(params) = list {
            for p in params {
                if p.get("in").and_then(Value::as_str) == Some("path")
                    && p.get("name").and_then(Value::as_str) == Some(old.as_str())
                {
                    p["name"] = Value::String(new.to_owned());
                }
            }
        }
    }
}

fn apply(doc: &mut Value, m: &Mutation) {
    match m {
        Mutation::Delete(i) => {
            let nodes = all_nodes(doc);
            let Some(p) = pick(i, &nodes[1..]) else {
                return;
            };
            let (last, parent) = p.split_last().expect("not the root");
            match (get_mut(doc, parent), last) {
                (Some(Value::Object(m)), Seg::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Array(a)), Seg::Idx(i)) => {
                    a.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, v) => {
            let nodes = all_nodes(doc);
            if let Some(p) = pick(i, &nodes[1..])
                && let Some(slot) = get_mut(doc, p)
            {
                *slot = v.clone();
            }
        }
        Mutation::ReplaceSchema(i, v) => {
            let nodes = schema_nodes(doc);
            if let Some(p) = pick(i, &nodes)
                && let Some(slot) = get_mut(doc, p)
            {
                *slot = v.clone();
            }
        }
        Mutation::Rename(i, new) | Mutation::Duplicate(i, new) => {
            let nodes: Vec<Pointer> = all_nodes(doc)
                .into_iter()
                .filter(|p| matches!(p.last(), Some(Seg::Key(_))))
                .collect();
            let Some(p) = pick(i, &nodes) else { return };
            let (Seg::Key(old), parent) = p.split_last().expect("not the root") else {
                return;
            };
            if let Some(Value::Object(obj)) = get_mut(doc, parent) {
                if matches!(m, Mutation::Rename(..)) {
                    rename_key(obj, old, new);
                } else if let Some(v) = obj.get(old).cloned() {
                    let key = if obj.contains_key(new) {
                        format!("{old}{new}")
                    } else {
                        new.clone()
                    };
                    obj.insert(key, v);
                }
            }
        }
        Mutation::Insert(i, k, v) => {
            let nodes: Vec<Pointer> = all_nodes(doc)
                .into_iter()
                .filter(|p| matches!(get(doc, p), Some(Value::Object(_))))
                .collect();
            if let Some(p) = pick(i, &nodes)
                && let Some(Value::Object(obj)) = get_mut(doc, p)
            {
                obj.insert(k.clone(), v.clone());
            }
        }
        Mutation::Ref(i, target, any_node, keep) => {
            let nodes = if *any_node {
                all_nodes(doc).split_off(1)
            } else {
                schema_nodes(doc)
            };
            let Some(p) = pick(i, &nodes) else { return };
            let r = Value::String(ref_string(doc, p, target));
            if let Some(slot) = get_mut(doc, p) {
                match slot {
                    Value::Object(obj) if *keep => {
                        obj.insert("$ref".to_owned(), r);
                    }
                    _ => *slot = serde_json::json!({ "$ref": r }),
                }
            }
        }
        Mutation::Swap(a, b) | Mutation::CopySchema(a, b) => {
            let nodes = schema_nodes(doc);
            let (Some(pa), Some(pb)) = (pick(a, &nodes), pick(b, &nodes)) else {
                return;
            };
            if pa.starts_with(pb) || pb.starts_with(pa) {
                return;
            }
            let (Some(va), Some(vb)) = (get(doc, pa).cloned(), get(doc, pb).cloned()) else {
                return;
            };
            if matches!(m, Mutation::Swap(..))
                && let Some(slot) = get_mut(doc, pa)
            {
                *slot = vb;
            }
            if let Some(slot) = get_mut(doc, pb) {
                *slot = va;
            }
        }
        Mutation::Keyword(i, k, v) => {
            let nodes = schema_nodes(doc);
            if let Some(p) = pick(i, &nodes)
                && let Some(Value::Object(obj)) = get_mut(doc, p)
            {
                obj.insert((*k).to_owned(), v.clone());
            }
        }
        Mutation::Cycle(c, n, keep) => {
            let keys = component_keys(doc, "schemas");
            if !keys.is_empty() {
                let key = c.get(&keys).clone();
                ref_inside(doc, &key, n, &key, *keep);
            }
        }
        Mutation::SetString(i, new) => {
            let nodes: Vec<Pointer> = all_nodes(doc)
                .into_iter()
                .filter(|p| matches!(get(doc, p), Some(Value::String(_))))
                .collect();
            if let Some(p) = pick(i, &nodes)
                && let Some(slot) = get_mut(doc, p)
            {
                *slot = Value::String(new.clone());
            }
        }
        Mutation::PathParam(i, new) => rename_path_param(doc, i, new),
        Mutation::Mutual(a, na, b, nb) => {
            let keys = component_keys(doc, "schemas");
            if !keys.is_empty() {
                let (ka, kb) = (a.get(&keys).clone(), b.get(&keys).clone());
                ref_inside(doc, &ka, na, &kb, false);
                ref_inside(doc, &kb, nb, &ka, false);
            }
        }
    }
}

fn char_boundary(text: &str, i: &Index) -> usize {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    *i.get(&bounds)
}

fn apply_bytes(text: &mut String, m: &ByteMutation) {
    match m {
        ByteMutation::Truncate(i) => {
            let at = char_boundary(text, i);
            text.truncate(at);
        }
        ByteMutation::SetChar(i, c) => {
            let at = char_boundary(text, i);
            if let Some(old) = text[at..].chars().next() {
                text.replace_range(at..at + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
            } else {
                text.push(*c);
            }
        }
        ByteMutation::Insert(i, s) => {
            let at = char_boundary(text, i);
            text.insert_str(at, s);
        }
        ByteMutation::Remove(i, n) => {
            let at = char_boundary(text, i);
            let end = text[at..]
                .char_indices()
                .nth(usize::from(*n))
                .map_or(text.len(), |(b, _)| at + b);
            text.replace_range(at..end, "");
        }
    }
}

fn serialise(v: &Value, format: Format) -> String {
    match format {
        Format::Yaml => yaml_serde::to_string(v).expect("a JSON value serialises as YAML"),
        Format::Json => serde_json::to_string(v).expect("serialises"),
        Format::JsonPretty => serde_json::to_string_pretty(v).expect("serialises"),
    }
}

/// The source name and text of a case.
fn render(seeds: &[Seed], case: &Case) -> (String, String) {
    let seed = case.seed.get(seeds);
    let mut doc = seed.value.clone();
    for m in &case.mutations {
        apply(&mut doc, m);
    }
    let mut text = serialise(&doc, case.format);
    for b in &case.bytes {
        apply_bytes(&mut text, b);
    }
    let ext = match case.format {
        Format::Yaml => "yaml",
        Format::Json | Format::JsonPretty => "json",
    };
    (format!("fuzz/{}.{ext}", seed.name), text)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={s:?} is not valid")),
        Err(_) => default,
    }
}

// ---------------------------------------------------------------------------------------
// Checking one input in a child process.
// ---------------------------------------------------------------------------------------

/// The test that, in a child process started by [`check_in_child`], checks one input.
const HELPER_TEST: &str = "check_one_input_for_a_parent_process";
const INPUT_ENV: &str = "HCGEN_FUZZ_CHILD_INPUT";
const SOURCE_ENV: &str = "HCGEN_FUZZ_CHILD_SOURCE";
const RESULT_ENV: &str = "HCGEN_FUZZ_CHILD_RESULT";
/// How long one input may take (debug build, busy machine) before it counts as a hang.
const CASE_TIMEOUT_MS: u32 = 30_000;

/// Runs [`check`] in a child process (this test binary running only [`HELPER_TEST`]), so a
/// stack overflow, an abort or a hang is reported instead of killing the whole test binary.
fn check_in_child(source: &str, text: &str) -> Result<Outcome, String> {
    use std::process::{Command, Stdio};
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir();
    let stem = format!("hcgen-fuzz-{}-{n}", std::process::id());
    let input = dir.join(format!("{stem}.input"));
    let result = dir.join(format!("{stem}.result"));
    std::fs::write(&input, text).expect("write the child's input");
    let _ = std::fs::remove_file(&result);
    let exe = std::env::current_exe().expect("the test binary");
    let mut child = Command::new(exe)
        .args(["--exact", HELPER_TEST, "--nocapture", "--test-threads", "1"])
        .env(INPUT_ENV, &input)
        .env(SOURCE_ENV, source)
        .env(RESULT_ENV, &result)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a child test process");
    let start = Instant::now();
    let hung = loop {
        if child.try_wait().expect("wait for the child").is_some() {
            break false;
        }
        if start.elapsed().as_millis() > u128::from(CASE_TIMEOUT_MS) {
            let _ = child.kill();
            break true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let output = child.wait_with_output().expect("the child's output");
    let written = std::fs::read_to_string(&result).ok();
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&result);
    match written
        .as_deref()
        .map(|w| w.split_once('\n').unwrap_or((w, "")))
    {
        Some(("ok", _)) => Ok(Outcome::Ok),
        Some(("err", _)) => Ok(Outcome::Err),
        Some((_, violation)) => Err(violation.to_owned()),
        None => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stdout = String::from_utf8_lossy(&output.stdout);
            let what = if hung {
                format!("the generator did not finish within {CASE_TIMEOUT_MS} ms")
            } else {
                format!(
                    "the generator crashed the process ({}), e.g. by a stack overflow",
                    output.status
                )
            };
            Err(format!(
                "{what}\n--- child stderr ---\n{}\n--- child stdout ---\n{}",
                stderr.trim_end(),
                stdout.trim_end()
            ))
        }
    }
}

/// Not a test of its own: checks the input a parent process passed in `HCGEN_FUZZ_CHILD_*`
/// (see [`check_in_child`]); does nothing otherwise.
#[test]
fn check_one_input_for_a_parent_process() {
    let (Ok(input), Ok(source), Ok(result)) = (
        std::env::var(INPUT_ENV),
        std::env::var(SOURCE_ENV),
        std::env::var(RESULT_ENV),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(input).expect("the input file");
    let written = match check(&source, &text) {
        Ok(Outcome::Ok) => "ok\n".to_owned(),
        Ok(Outcome::Err) => "err\n".to_owned(),
        Err(violation) => format!("violation\n{violation}"),
    };
    std::fs::write(result, written).expect("write the result");
}

/// The kind of a violation, to tell whether a smaller input fails the same way.
fn failure_class(violation: &str) -> String {
    let first = violation.lines().next().unwrap_or("");
    if first.starts_with("the generator panicked") {
        // Same panic location.
        let at = violation.lines().nth(1).unwrap_or("").trim();
        format!("panic {at}")
    } else if let Some(rest) = first.strip_prefix("Ok, but ") {
        // Same unparseable file.
        rest.split_whitespace().next().unwrap_or("").to_owned()
    } else {
        first
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Deletes object members and array elements of a failing document, biggest first, as
/// long as it keeps failing the same way, within a budget. Returns the smallest text found
/// and its violation.
fn reduce(source: &str, mut doc: Value, format: Format, violation: &str) -> (String, String) {
    const MAX_CHECKS: usize = 400;
    const MAX_MS: u128 = 40_000;
    let class = failure_class(violation);
    // A crash or hang must be checked in a child process; anything else in this one.
    let in_child = !violation.starts_with("the generator panicked")
        && !violation.starts_with("Ok, but")
        && !violation.starts_with("an error")
        && !violation.starts_with("the error");
    let run = |text: &str| {
        if in_child {
            check_in_child(source, text)
        } else {
            check(source, text)
        }
    };
    let start = Instant::now();
    let mut checks = 0;
    let mut best = violation.to_owned();
    'passes: loop {
        let mut progressed = false;
        for p in all_nodes(&doc).into_iter().skip(1) {
            if checks >= MAX_CHECKS || start.elapsed().as_millis() > MAX_MS {
                break 'passes;
            }
            let mut candidate = doc.clone();
            let Some((last, parent)) = p.split_last() else {
                continue;
            };
            let removed = match (get_mut(&mut candidate, parent), last) {
                (Some(Value::Object(m)), Seg::Key(k)) => m.shift_remove(k).is_some(),
                (Some(Value::Array(a)), Seg::Idx(i)) if *i < a.len() => {
                    a.remove(*i);
                    true
                }
                _ => false,
            };
            if !removed {
                continue;
            }
            checks += 1;
            if let Err(v) = run(&serialise(&candidate, format))
                && failure_class(&v) == class
            {
                doc = candidate;
                best = v;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    (serialise(&doc, format), best)
}

// ---------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------

/// The fuzz run. Cases run in a child process (proptest's `fork`), so that a stack overflow
/// or a hang is found, shrunk and reported like a panic.
#[test]
fn mutated_specs_never_panic_and_ok_output_parses() {
    let seeds = load_seeds();
    let cases: u32 = env_or("HCGEN_FUZZ_CASES", DEFAULT_CASES);
    let seed: u64 = env_or("HCGEN_FUZZ_SEED", DEFAULT_SEED);
    let fork =
        env_or("HCGEN_FUZZ_FORK", 1u8) != 0 && !std::env::args().any(|a| a == "--no-capture");
    let config = Config {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        fork,
        timeout: if fork { CASE_TIMEOUT_MS } else { 0 },
        // Must name this function: the child process runs it again.
        test_name: Some(concat!(
            module_path!(),
            "::mutated_specs_never_panic_and_ok_output_parses"
        )),
        max_shrink_iters: 256,
        max_shrink_time: 30_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let (ok, err) = (Cell::new(0u32), Cell::new(0u32));
    let start = Instant::now();
    let result = runner.run(&case(), |case| {
        let (source, text) = render(&seeds, &case);
        let outcome = check(&source, &text);
        match outcome {
            Ok(Outcome::Ok) => ok.set(ok.get() + 1),
            Ok(Outcome::Err) => err.set(err.get() + 1),
            Err(violation) => {
                return Err(TestCaseError::fail(format!(
                    "{violation}\n--- input `{source}` ---\n{text}\n--- end of input ---"
                )));
            }
        }
        if ok.get() + err.get() == cases {
            // In the child process: the parent prints this with the test's output.
            println!(
                "fuzz: {cases} inputs: {} generated Ok, {} rejected with an error",
                ok.get(),
                err.get()
            );
        }
        Ok(())
    });
    println!(
        "fuzz: {cases} cases (HCGEN_FUZZ_CASES), seed {seed:#x} (HCGEN_FUZZ_SEED), {} in {:.1?}",
        if fork { "forked" } else { "in-process" },
        start.elapsed()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(_, case)) => {
            // The reason the child recorded is lost across the fork: check the minimal case
            // again (in a child process, in case it crashes), then shrink its document.
            let (source, text) = render(&seeds, &case);
            let violation = match check_in_child(&source, &text) {
                Ok(outcome) => format!("(passed when checked again: {outcome:?})"),
                Err(v) => v,
            };
            let (text, violation) = if case.bytes.is_empty() {
                let mut doc = case.seed.get(&seeds).value.clone();
                for m in &case.mutations {
                    apply(&mut doc, m);
                }
                reduce(&source, doc, case.format, &violation)
            } else {
                (text, violation)
            };
            panic!(
                "fuzz case failed (seed {seed:#x}); minimised input `{source}`:\n\
                 --- input ---\n{text}\n--- end of input ---\n\n{violation}\n\n\
                 (from seed file {} with mutations {case:#?})",
                case.seed.get(&seeds).name
            );
        }
        Err(TestError::Abort(reason)) => panic!("fuzzing aborted: {reason}"),
    }
}

#[test]
fn every_seed_generates_ok_in_every_format() {
    let files = seed_files();
    assert!(
        files.iter().any(|(n, _)| n.ends_with(".json")),
        "a JSON seed"
    );
    assert!(
        files.iter().any(|(n, _)| n.ends_with(".yaml")),
        "a YAML seed"
    );
    for (name, text) in &files {
        let source = format!("fuzz-seeds/{name}");
        if let Err(e) = generate_from_str(&source, text, &Options::default()) {
            panic!("seed {name} does not generate: {e}");
        }
        assert_eq!(check(&source, text), Ok(Outcome::Ok), "seed {name}");
        let value = parse_seed(name, text);
        for format in [Format::Yaml, Format::Json, Format::JsonPretty] {
            let again = serialise(&value, format);
            assert_eq!(
                check(&source, &again),
                Ok(Outcome::Ok),
                "seed {name} re-serialised as {format:?}:\n{again}"
            );
        }
    }
}

/// Every input in [`REGRESSIONS`], each in a child process (some crashed it).
#[test]
fn regressions_stay_fixed() {
    let mut failures = Vec::new();
    for (name, text) in REGRESSIONS {
        let source = format!("regression/{name}.yaml");
        if let Err(violation) = check_in_child(&source, text) {
            failures.push(format!("{name}: {violation}\n--- input ---\n{text}\n---"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} regression inputs fail:\n\n{}",
        failures.len(),
        REGRESSIONS.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_oracle_reports_a_panic_with_its_location() {
    let what = guarded(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
    assert!(what.starts_with("boom 1\n  at "), "{what}");
    assert!(what.contains("fuzz_generator.rs:"), "{what}");
    assert_eq!(guarded(|| 7), Ok(7));
}

#[test]
fn the_oracle_accepts_errors_that_name_the_source() {
    assert_eq!(check("x.yaml", "openapi: [").ok(), Some(Outcome::Err));
    assert_eq!(
        check("x.yaml", "- not a mapping\n").ok(),
        Some(Outcome::Err)
    );
    assert_eq!(
        check_in_child("x.yaml", "- not a mapping\n"),
        Ok(Outcome::Err)
    );
}
