//! The generated crate's `README.md`: its `@generated` line (in an HTML comment), the API's
//! title and description, the `[dependencies]` lines to add, and the usage example of the
//! crate docs as a whole program.
//!
//! Spec prose is untrusted: the description goes through [`doc_lines`], so that no code
//! block from the spec is anything but a `text` block, and the title and version are put on
//! one line each. The only other code blocks are the generator's own: one `toml` block (the
//! dependencies) and at most one `rust,no_run` block (the example).

use super::doc_text::{doc_lines, has_visible_text, is_hidden_char};
use super::{example, generated_line};
use crate::Options;
use crate::model::Api;

/// The text of the generated crate's `README.md`. `service` names the token variable of the
/// example, as in the crate docs.
pub fn readme_md(api: &Api, opts: &Options, service: &str) -> String {
    let crate_ident = opts.crate_name.replace('-', "_");
    let title = if has_visible_text(&api.title) {
        inline(&doc_lines(&api.title).join(" "))
    } else {
        inline(&opts.crate_name)
    };
    let mut out = format!(
        "<!-- {} -->\n\n# {title}\n\n",
        comment_text(&generated_line(opts))
    );
    if let Some(description) = api.description.as_deref().filter(|d| has_visible_text(d)) {
        for line in doc_lines(description) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "A typed async Rust client for this API (version {version}), generated from its \
         OpenAPI document by `{command}`. The types of its schemas are in the `types` module; \
         the client is `Client`, with one method per operation returning a request builder \
         that is finished with `.send().await`.\n\n\
         ## Usage\n\n\
         Add the crate and an async runtime to your `Cargo.toml`:\n\n\
         ```toml\n\
         [dependencies]\n\
         {name} = {crate_version}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         ```\n",
        version = inline(&api.version),
        command = inline(&opts.command).replace('`', "'"),
        name = toml_key(&opts.crate_name),
        crate_version = toml_string(&opts.crate_version),
    ));
    if let Some(program) = example::usage_program(api, &crate_ident, service) {
        out.push_str("\nAn example call:\n\n```rust,no_run\n");
        out.push_str(&program);
        out.push_str("```\n");
    }
    out.push_str(&testing_section(api, opts, &crate_ident));
    out
}

/// The section on testing code that uses the crate: the `test-util` feature, and a program
/// for each style of mock (in process, loopback) when the spec has an example call. The
/// programs are doctests when the crate is tested with the feature (`lib.rs` includes this
/// README under `cfg(all(doctest, feature = "test-util"))`).
fn testing_section(api: &Api, opts: &Options, crate_ident: &str) -> String {
    let mut out = format!(
        "\n## Testing code that uses this crate\n\n\
         With the `test-util` feature, the `mock` module has a typed rule for every operation, \
         named like the client's method. A rule's `.matching(|request| …)` sees the request \
         decoded into the operation's typed request (parameters and body as their generated \
         types); `.then_ok(body)`, `.then_error(status, body)`, `.then_service_error(status, \
         code, message)`, `.then_timeout()` and `.then_connect_error()` answer, one per call \
         in order (the last repeats); `.calls()` counts the requests answered. Rules go into a \
         `mock::Mock`, which a client answers from in process (`Client::builder().mock(…)`: \
         no socket, no port; hooks, credentials, retries, time-outs and error decoding run as \
         with the network, and a request that breaks the spec's constraints still fails before \
         it reaches a rule), or which `mock::Loopback` serves over HTTP on 127.0.0.1 for code \
         that takes a base URL. A request that no rule matches fails with a message naming the \
         operation and showing the request, secrets redacted. Without the feature, none of \
         this is compiled.\n\n\
         ```toml\n\
         [dev-dependencies]\n\
         {name} = {{ version = {crate_version}, features = [\"test-util\"] }}\n\
         ```\n",
        name = toml_key(&opts.crate_name),
        crate_version = toml_string(&opts.crate_version),
    );
    if let Some((in_process, loopback)) = example::mock_programs(api, crate_ident) {
        out.push_str(
            "\nIn process: the first call is rejected with a service error in the API's error \
             format, the later ones with another (the last answer repeats).\n\n```rust\n",
        );
        out.push_str(&in_process);
        out.push_str(
            "```\n\nOver loopback HTTP: code that takes a base URL is given the server's.\n\n\
             ```rust\n",
        );
        out.push_str(&loopback);
        out.push_str("```\n");
    }
    out
}

/// `text` on one line: hidden characters dropped, every run of white space (line breaks
/// included) one space. Nothing on a line after `# ` or inside a sentence can open a block.
fn inline(text: &str) -> String {
    let visible: String = text.chars().filter(|&c| !is_hidden_char(c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML comment (already on one line): without `>`, so nothing in it
/// (`-->`, `--!>`) can end the comment early.
fn comment_text(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// A TOML basic string on one line: JSON's escapes are TOML's, and the characters JSON
/// leaves as they are but TOML forbids (DEL) are hidden characters, dropped first.
fn toml_string(s: &str) -> String {
    let visible: String = s.chars().filter(|&c| !is_hidden_char(c)).collect();
    serde_json::to_string(&visible).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A TOML key: bare when it can be (a package name always can), quoted otherwise.
fn toml_key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { s.to_owned() } else { toml_string(s) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

    /// The README generated from spec text with these options.
    fn readme(spec: &str, opts: &Options) -> String {
        let out = crate::generate_from_str("spec.yaml", spec, opts).unwrap();
        let file = out
            .files
            .iter()
            .find(|f| f.path == std::path::Path::new("README.md"))
            .expect("the crate has a README.md");
        file.contents.clone()
    }

    /// The info strings of the README's code blocks (`None` for an indented block).
    fn code_blocks(text: &str) -> Vec<Option<String>> {
        use pulldown_cmark::Options as O;
        let gfm =
            O::ENABLE_TABLES | O::ENABLE_FOOTNOTES | O::ENABLE_STRIKETHROUGH | O::ENABLE_TASKLISTS;
        Parser::new_ext(text, gfm)
            .filter_map(|event| match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    Some(Some(info.to_string()))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some(None),
                _ => None,
            })
            .collect()
    }

    /// The generator's own blocks (one `toml`, at most one `rust,no_run`, then the testing
    /// section's `toml` and at most two `rust`, in this order, the last blocks), every other
    /// block a `text` block.
    fn assert_only_text_blocks_from_the_spec(text: &str) {
        let mut blocks = code_blocks(text);
        let rust = Some("rust".to_owned());
        if blocks.ends_with(&[rust.clone(), rust]) {
            blocks.truncate(blocks.len() - 2);
        }
        assert_eq!(blocks.pop(), Some(Some("toml".to_owned())), "{text}");
        if blocks.last() == Some(&Some("rust,no_run".to_owned())) {
            blocks.pop();
        }
        assert_eq!(blocks.pop(), Some(Some("toml".to_owned())), "{text}");
        for block in blocks {
            assert_eq!(block.as_deref(), Some("text"), "{text}");
        }
    }

    const PETS: &str = r##"
openapi: 3.0.3
info:
  title: Pet Store
  version: "2.1"
  description: |-
    Pets, and their owners.

    ```rust
    std::fs::remove_dir_all("/").unwrap();
    ```
servers: [{url: "https://pets.example.com"}]
paths:
  /pets:
    post:
      operationId: AddPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
            example: {name: Rex}
      responses: {"201": {description: added}}
components:
  schemas:
    Pet: {type: object, required: [name], properties: {name: {type: string}}}
"##;

    fn pets_opts() -> Options {
        Options {
            crate_name: "pet-store".to_owned(),
            crate_version: "2.1.0".to_owned(),
            source_label: "pets.yaml".to_owned(),
            ..Options::default()
        }
    }

    #[test]
    fn starts_with_the_generated_marker_in_an_html_comment() {
        let text = readme(PETS, &pets_opts());
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "<!-- @generated by `cargo xtask codegen` from pets.yaml. DO NOT EDIT. -->"
        );
        assert!(
            text.contains("\n# Pet Store\n\nPets, and their owners.\n"),
            "{text}"
        );
        assert!(text.contains("(version 2.1)"), "{text}");
    }

    #[test]
    fn lists_the_dependency_lines_with_tokio() {
        let text = readme(PETS, &pets_opts());
        let expected = "```toml\n[dependencies]\npet-store = \"2.1.0\"\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n```\n";
        assert!(text.contains(expected), "{text}");
    }

    /// The example is the crate docs' example (same calls), as a `#[tokio::main]` program.
    #[test]
    fn the_example_is_the_crate_docs_example_as_a_program() {
        let opts = pets_opts();
        let text = readme(PETS, &opts);
        let (_, rest) = text.split_once("```rust,no_run\n").expect("an example");
        let (program, after) = rest.split_once("```\n").unwrap();
        assert!(
            after.starts_with("\n## Testing code that uses this crate\n"),
            "the example ends the usage section: {after}"
        );
        assert!(
            program
                .starts_with("#[tokio::main]\nasync fn main() -> Result<(), pet_store::Error> {\n"),
            "{program}"
        );
        assert!(program.contains(".add_pet()"), "{program}");
        assert!(
            program.contains(".body(types::Pet::new(\"Rex\"))"),
            "{program}"
        );
        syn::parse_file(program).expect("the example is Rust");
        let out = crate::generate_from_str("spec.yaml", PETS, &opts).unwrap();
        let lib = &out
            .files
            .iter()
            .find(|f| f.path.ends_with("src/lib.rs"))
            .unwrap();
        assert!(lib.contents.contains(".body(types::Pet::new(\"Rex\"))"));
    }

    #[test]
    fn code_from_the_spec_comes_out_as_text() {
        let text = readme(PETS, &pets_opts());
        assert!(
            text.contains("```text\nstd::fs::remove_dir_all(\"/\").unwrap();\n```"),
            "{text}"
        );
        assert!(!text.contains("```rust\nstd::fs"), "{text}");
        assert_only_text_blocks_from_the_spec(&text);
    }

    /// Titles, versions, descriptions, file names and crate versions that try to open blocks,
    /// end the comment or break the TOML line stay where they are (`generate` refuses such a
    /// crate version before emitting; the README does not rely on it).
    #[test]
    fn hostile_values_open_no_block() {
        let spec = "openapi: 3.0.3\ninfo:\n  title: \"```rust\\nevil();\\n```\"\n  version: \"1\\n\\n    evil();\"\n  description: \"> ```\\n> evil();\\n\\n    also_evil();\\n<pre>\\n\\n    evil()\"\npaths: {}\n";
        let opts = Options {
            source_label: "a --> b\n```rust\nevil();\n```".to_owned(),
            crate_version: "1\"\n```rust\nevil();\n```".to_owned(),
            ..Options::default()
        };
        let api = crate::generate_from_str("spec.yaml", spec, &Options::default())
            .unwrap()
            .model;
        let text = readme_md(&api, &opts, "API");
        let first = text.lines().next().unwrap();
        assert!(
            first.starts_with("<!-- @generated") && first.ends_with(" -->"),
            "{first}"
        );
        assert_eq!(first.matches("-->").count(), 1, "{first}");
        assert!(text.contains("\n# ```text evil(); ```\n"), "{text}");
        assert!(text.contains("generated-api = \"1\\\"\\n```rust\\nevil();\\n```\"\n"));
        assert!(!text.contains("\n```rust"), "{text}");
        assert_only_text_blocks_from_the_spec(&text);
    }

    /// No operation to show: no example, and a spec without a title is named by the crate.
    #[test]
    fn without_an_example_or_title() {
        let spec = "openapi: 3.0.3\ninfo: {title: \" \", version: '1'}\npaths: {}\n";
        let text = readme(spec, &Options::default());
        assert!(text.contains("\n# generated-api\n"), "{text}");
        assert!(!text.contains("```rust"), "{text}");
        assert_eq!(
            code_blocks(&text),
            [Some("toml".to_owned()), Some("toml".to_owned())]
        );
    }

    #[test]
    fn toml_keys_and_strings() {
        assert_eq!(toml_key("huaweicloud-cbr"), "huaweicloud-cbr");
        assert_eq!(toml_key("a b"), "\"a b\"");
        assert_eq!(toml_key(""), "\"\"");
        assert_eq!(toml_string("1.0\u{7f}\n\"x"), "\"1.0\\n\\\"x\"");
    }
}
