//! Doc attributes: spec prose (made inert by [`doc_lines`]) and the generator's own lines as
//! `#[doc]` attributes, or deferred and written into the formatted text.

pub use super::doc_text::doc_lines;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line (rendered by prettyplease as `///` lines).
///
/// Between [`defer_begin`] and [`defer_finish`] on the same thread, a comment becomes one
/// placeholder attribute instead, and its lines are written into the formatted text
/// afterwards: the same output, without building, re-parsing and re-printing every line of
/// prose as a string literal (a large share of emit time on well-documented specs).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    attrs_for_lines(doc_lines(text), false)
}

/// Starts a placeholder line: a control character, which [`doc_lines`] never lets through,
/// so no spec text can look like one.
const PLACEHOLDER: &str = "\u{7}";

thread_local! {
    /// The doc comments deferred on this thread, by placeholder number.
    static DEFERRED: std::cell::RefCell<Option<Vec<Vec<String>>>> =
        const { std::cell::RefCell::new(None) };
}

/// Defers the doc comments [`doc_attrs`] builds on this thread until [`defer_finish`].
pub fn defer_begin() {
    DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
}

/// [`defer_finish`] on a job's text; on an error, ends deferral and returns the error.
pub fn defer_finish_or_discard<E>(text: Result<String, E>) -> Result<String, E> {
    match text {
        Ok(text) => Ok(defer_finish(&text)),
        Err(e) => {
            DEFERRED.with(|d| d.borrow_mut().take());
            Err(e)
        }
    }
}

/// Ends deferral on this thread and writes the deferred comments into `formatted` (text
/// printed by prettyplease from tokens built since [`defer_begin`]): each `///` placeholder
/// line becomes the comment's lines, at the same indentation, exactly as prettyplease prints
/// `#[doc = "…"]` attributes.
pub fn defer_finish(formatted: &str) -> String {
    let Some(store) = DEFERRED.with(|d| d.borrow_mut().take()) else {
        return formatted.to_owned();
    };
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

/// Inner `#![doc = "…"]` attributes for a module or crate, from spec prose.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    inner_doc_lines(doc_lines(text))
}

/// Inner `#![doc = "…"]` attributes, one per line as given (deferred like [`doc_attrs`]).
pub fn inner_doc_lines(lines: Vec<String>) -> TokenStream {
    attrs_for_lines(lines, true)
}

/// Doc attributes (outer, or `inner`) for `lines`: one placeholder while deferring, one
/// attribute per line otherwise.
fn attrs_for_lines(lines: Vec<String>, inner: bool) -> TokenStream {
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect();
    let mut lines = Some(lines);
    let deferred = DEFERRED.with(|d| {
        d.borrow_mut().as_mut().map(|store| {
            store.extend(lines.take());
            store.len() - 1
        })
    });
    let texts = match deferred {
        Some(id) => vec![format!("{PLACEHOLDER}{id}")],
        None => lines.unwrap_or_default(),
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

/// Joins paragraphs, skipping those with nothing to show.
pub fn paragraphs(parts: &[Option<String>]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|s| s.as_str())
        .filter(|s| super::doc_text::has_visible_text(s))
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    /// Deferred comments come out exactly as the attributes would have printed, and no spec
    /// text can pass for a placeholder.
    #[test]
    fn deferred_docs_print_like_attributes() {
        let render = |defer: bool| {
            if defer {
                super::defer_begin();
            }
            let outer = super::doc_attrs(Some("Title\n\nBody with `code` and \u{7}0 bell."));
            let field = super::doc_attrs(Some("  indented\n    block\n\u{7}1"));
            let variant = super::doc_attrs(Some("\u{7}0"));
            let inner = super::inner_doc_attrs("Crate docs\n\n```\nlet x = 1;\n```");
            let listing = super::inner_doc_lines(vec![String::new(), "    code()".into()]);
            let tokens = quote::quote! {
                #inner
                #listing
                #outer
                pub struct A { #field pub f: u8 }
                pub mod m { #outer pub enum E { #variant V } }
            };
            let text = super::super::format_file(tokens, "t.rs").unwrap();
            if defer {
                super::defer_finish(&text)
            } else {
                text
            }
        };
        let plain = render(false);
        assert_eq!(render(true), plain);
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
        // Outside a deferral nothing is left pending.
        assert_eq!(super::defer_finish("/// x\n"), "/// x\n");
    }
}
