//! Printing: the tokens of one emitted part -> its formatted text, and printed parts -> files.
//!
//! A part is printed in three passes, in this order ([`print_part`]):
//!
//! 1. [`format_file`] or [`format_inner`]: `syn` parses the tokens and `prettyplease` prints
//!    them (a whole file, or the items inside `opener { … }` at their indentation there);
//! 2. [`expand_serde_markers`]: each `object_serde!(Name);` marker line becomes the struct's
//!    invocation with one field per line (prettyplease would flow a macro's arguments like a
//!    paragraph);
//! 3. [`DocComments::write_into`]: each doc comment placeholder becomes the comment's lines.
//!
//! Then [`block`] joins the bodies printed in chunks back into `opener { … }`,
//! [`inline_module`] puts a printed file inside `pub mod name { … }` (the build script mode),
//! and [`with_header`] starts each file with its `@generated` line.

use super::ident;
use super::types::{TypeIndex, is_optional};
use crate::model::{Field, TypeDef, TypeKind};
use crate::{Error, ErrorKind, Location};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::RefCell;

/// How a part's tokens print.
pub enum Shape {
    /// A whole file (or the start of one).
    File,
    /// Items inside `opener { … }` (see [`format_inner`]).
    Inner(TokenStream),
}

/// Prints the tokens of one part (emitted with `comments`) as `file`'s text: formats them,
/// expands the `object_serde!` markers of `index`'s structs, writes the doc comments.
pub fn print_part(
    tokens: TokenStream,
    shape: Shape,
    file: &str,
    comments: DocComments,
    index: &TypeIndex,
) -> Result<String, Error> {
    let text = match shape {
        Shape::File => format_file(tokens, file)?,
        Shape::Inner(opener) => format_inner(opener, tokens, file)?,
    };
    let text = expand_serde_markers(text, index);
    Ok(comments.write_into(text))
}

/// Formats tokens as a Rust file. Failing to parse our own output is a generator bug,
/// reported as an error rather than a panic.
pub fn format_file(tokens: TokenStream, file: &str) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| Error {
        kind: ErrorKind::Unsupported,
        file: file.to_owned(),
        location: Location::Document,
        message: format!(
            "internal error: generated code does not parse ({e}); please report this spec"
        ),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// Formats `items` as they are inside `opener { … }` in a formatted file: the lines between
/// the opening and the closing line of `opener { items }`, at their indentation there. The
/// items of an impl or a module are formatted independently of each other, so the formatted
/// chunks of a body, concatenated, are the formatted body (tested), which [`block`] closes.
pub fn format_inner(opener: TokenStream, items: TokenStream, file: &str) -> Result<String, Error> {
    let text = format_file(quote!(#opener { #items }), file)?;
    if !text.contains("{\n") && text.ends_with("{}\n") {
        return Ok(String::new());
    }
    let body = text
        .split_once("{\n")
        .filter(|(open, _)| !open.contains('\n'))
        .and_then(|(_, rest)| rest.strip_suffix("}\n"));
    body.map(str::to_owned).ok_or_else(|| super::internal(file))
}

/// `opener { … }` as prettyplease prints it, around `body` (the concatenated chunks that
/// [`format_inner`] printed for this opener): `opener {}` when the body is empty.
pub fn block(opener: &str, body: &str) -> String {
    if body.is_empty() {
        format!("{opener} {{}}\n")
    } else {
        format!("{opener} {{\n{body}}}\n")
    }
}

/// A file's text: its `@generated` line (`header`), then the printed text.
pub fn with_header(header: &str, text: &str) -> String {
    format!("{header}{text}")
}

/// `attrs` (outer attribute lines), then `pub mod name { … }` around `text` (a printed file),
/// each of its lines indented by four spaces as prettyplease would print them. A printed
/// file holds no token over several lines (string literals are printed with `\n` escapes),
/// so indenting every line changes nothing but the layout.
pub fn inline_module(attrs: &str, name: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 64);
    out.push_str(attrs);
    out.push_str(&format!("pub mod {name} {{\n"));
    for line in text.split_inclusive('\n') {
        if line != "\n" {
            out.push_str("    ");
        }
        out.push_str(line);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

/// Starts a doc comment placeholder line: a control character, which
/// [`super::doc_text::doc_lines`] never lets through, so no spec text can look like one.
const PLACEHOLDER: &str = "\u{7}";

/// The doc comments of one emit job, passed to every emitter that builds doc attributes.
///
/// Deferred (the emitters' mode), a comment becomes one placeholder attribute and its lines
/// are kept here until [`DocComments::write_into`] writes them into the formatted text: the
/// same output as `#[doc = "…"]` attributes (tested), without building, re-parsing and
/// re-printing every line of prose as a string literal (a large share of emit time on
/// well-documented specs).
pub struct DocComments {
    /// The deferred comments' lines, by placeholder number; `None` prints attributes.
    deferred: Option<RefCell<Vec<Vec<String>>>>,
}

impl DocComments {
    /// Comments deferred until [`DocComments::write_into`].
    pub fn deferred() -> Self {
        DocComments {
            deferred: Some(RefCell::new(Vec::new())),
        }
    }

    /// Comments as `#[doc = "…"]` attributes, one per line (what the deferred ones print as).
    pub fn attributes() -> Self {
        DocComments { deferred: None }
    }

    /// Doc attributes (outer, or `inner`) for `lines` (each printed after `///` or `//!` as
    /// given, with a space before a non-empty line): one placeholder while deferring, one
    /// attribute per line otherwise.
    pub(super) fn attrs(&self, lines: Vec<String>, inner: bool) -> TokenStream {
        let lines = lines
            .into_iter()
            .map(|l| if l.is_empty() { l } else { format!(" {l}") });
        let texts: Vec<String> = match &self.deferred {
            Some(store) => {
                let mut store = store.borrow_mut();
                store.push(lines.collect());
                vec![format!("{PLACEHOLDER}{}", store.len() - 1)]
            }
            None => lines.collect(),
        };
        let attrs = texts.iter().map(|l| {
            if inner {
                quote!(#![doc = #l])
            } else {
                quote!(#[doc = #l])
            }
        });
        quote!(#(#attrs)*)
    }

    /// Writes the deferred comments into `formatted` (text printed by prettyplease from
    /// tokens built with these comments): each `///` or `//!` placeholder line becomes the
    /// comment's lines, at the same indentation, exactly as prettyplease prints `#[doc = "…"]`
    /// attributes.
    pub fn write_into(self, formatted: String) -> String {
        let Some(store) = self.deferred.map(RefCell::into_inner) else {
            return formatted;
        };
        if store.is_empty() {
            return formatted;
        }
        let mut out = String::with_capacity(formatted.len() * 2);
        for line in formatted.split_inclusive('\n') {
            let body = line.trim_start();
            // `///` + placeholder (outer comments) or `//!` + placeholder (inner ones).
            let found = ["///", "//!"].into_iter().find_map(|prefix| {
                let rest = body.strip_prefix(prefix)?.strip_prefix(PLACEHOLDER)?;
                let lines = store.get(rest.trim_end().parse::<usize>().ok()?)?;
                Some((prefix, lines))
            });
            match found {
                Some((prefix, lines)) => {
                    let indent = &line[..line.len() - body.len()];
                    for l in lines {
                        out.push_str(indent);
                        out.push_str(prefix);
                        out.push_str(l);
                        out.push('\n');
                    }
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

const SERDE_MARKER: &str = "::hcgen_types::object_serde!(";

/// `Serialize` and `Deserialize` for struct `type_name` (one without flattened members): the
/// marker `object_serde!(Name);`, which [`expand_serde_markers`] replaces after formatting
/// with the `hcgen_types::object_serde!` invocation, a line per field (Rust name, wire
/// name, kind), then the required fields. It expands to the code of `hcgen_types::{ser,
/// de}`: the JSON of serde's derives at a fraction of their compile time (the derives were
/// most of a large crate's build), and adding a field to the spec adds a line or two.
pub fn serde_marker(type_name: &str) -> TokenStream {
    let name = format_ident!("{}", type_name);
    quote! {
        ::hcgen_types::object_serde!(#name);
    }
}

/// The formatted `object_serde!` invocation of struct `t`, each line after `indent`.
fn serde_invocation(t: &TypeDef, fields: &[Field], indent: &str) -> String {
    use std::fmt::Write as _;
    let lit = |w: &str| proc_macro2::Literal::string(w).to_string();
    let mut out = format!("{indent}{SERDE_MARKER}{} {{\n", t.name);
    for f in fields {
        let kind = if !f.required {
            "optional"
        } else if f.nullable {
            "nullable"
        } else {
            "required"
        };
        let _ = writeln!(
            out,
            "{indent}    {}: {} {kind},",
            ident(&f.rust_name),
            lit(&f.wire_name)
        );
    }
    let _ = writeln!(out, "{indent}}} required {{");
    for f in fields.iter().filter(|f| !is_optional(f)) {
        let _ = writeln!(
            out,
            "{indent}    {}: {},",
            ident(&f.rust_name),
            lit(&f.wire_name)
        );
    }
    let _ = writeln!(out, "{indent}}});");
    out
}

/// Replaces each `object_serde!(Name);` marker line of formatted `text` with the struct's
/// invocation, one field per line, at the marker's indentation. A marker naming no struct of
/// `index` is left as it is (and would not compile), which cannot happen for text the
/// emitters built.
pub fn expand_serde_markers(text: String, index: &TypeIndex) -> String {
    if !text.contains(SERDE_MARKER) {
        return text;
    }
    let struct_fields = |name: &str, indent: &str| match index.0.get(name).map(|d| (d, &d.kind)) {
        Some((d, TypeKind::Struct { fields, .. })) => Some(serde_invocation(d, fields, indent)),
        _ => None,
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let body = line.trim_start_matches(' ');
        if let Some(rest) = body.strip_prefix(SERDE_MARKER) {
            let indent = &line[..line.len() - body.len()];
            // `object_serde!(Name);` on one line, or (long names) the name on a line of its
            // own between `object_serde!(` and `);`.
            let (name, used) = match rest.trim_end().strip_suffix(");") {
                Some(name) => (Some(name.trim()), 1),
                None if rest.trim().is_empty()
                    && lines.get(i + 2).is_some_and(|l| l.trim() == ");") =>
                {
                    (lines.get(i + 1).map(|l| l.trim()), 3)
                }
                None => (None, 1),
            };
            if let Some(invocation) = name.and_then(|n| struct_fields(n, indent)) {
                out.push_str(&invocation);
                i += used;
                continue;
            }
        }
        out.push_str(line);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::DocComments;
    use crate::emit::docs::{doc_attrs, inner_doc_attrs, inner_doc_lines};

    /// Deferred comments come out exactly as the attributes would have printed, and no spec
    /// text can pass for a placeholder.
    #[test]
    fn deferred_docs_print_like_attributes() {
        let render = |comments: DocComments| {
            let c = &comments;
            let outer = doc_attrs(c, Some("Title\n\nBody with `code` and \u{7}0 bell."));
            let field = doc_attrs(c, Some("  indented\n    block\n\u{7}1"));
            let variant = doc_attrs(c, Some("\u{7}0"));
            let inner = inner_doc_attrs(c, "Crate docs\n\n```\nlet x = 1;\n```");
            let listing = inner_doc_lines(c, vec![String::new(), "    code()".into()]);
            let tokens = quote::quote! {
                #inner
                #listing
                #outer
                pub struct A { #field pub f: u8 }
                pub mod m { #outer pub enum E { #variant V } }
            };
            let text = super::format_file(tokens, "t.rs").unwrap();
            comments.write_into(text)
        };
        let plain = render(DocComments::attributes());
        assert_eq!(render(DocComments::deferred()), plain);
        assert!(
            plain.contains("/// Body with `code` and 0 bell."),
            "{plain}"
        );
        assert!(!plain.contains('\u{7}'));
        assert!(
            plain.starts_with("//! Crate docs\n//!\n//! ```text\n"),
            "{plain}"
        );
        assert!(plain.contains("//!\n//!     code()\n"), "{plain}");
        // With nothing deferred, the text is left as it is.
        let text = "/// \u{7}0\n".to_owned();
        assert_eq!(DocComments::deferred().write_into(text.clone()), text);
    }

    #[test]
    fn format_inner_keeps_the_body_at_its_indentation_and_block_closes_it() {
        let body = super::format_inner(
            quote::quote!(impl A),
            quote::quote!(
                fn f() {}
                fn g() {}
            ),
            "x",
        )
        .unwrap();
        assert_eq!(body, "    fn f() {}\n    fn g() {}\n");
        assert_eq!(
            super::block("impl A", &body),
            super::format_file(quote::quote!(impl A { fn f() {} fn g() {} }), "x").unwrap()
        );
        assert_eq!(
            super::format_inner(quote::quote!(mod m), quote::quote!(), "x").unwrap(),
            ""
        );
        assert_eq!(super::block("mod m", ""), "mod m {}\n");
    }
}
