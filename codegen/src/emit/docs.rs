//! Doc attributes: spec prose (made inert by [`doc_lines`]) and the generator's own lines as
//! doc attributes, built through the job's [`DocComments`] (which defers them).

pub use super::doc_text::doc_lines;
use super::print::DocComments;
use proc_macro2::TokenStream;

/// Outer doc attributes for `text`, one line each (rendered as `///` lines), or nothing.
pub fn doc_attrs(comments: &DocComments, text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    comments.attrs(doc_lines(text), false)
}

/// Inner doc attributes for a module or crate, from spec prose.
pub fn inner_doc_attrs(comments: &DocComments, text: &str) -> TokenStream {
    inner_doc_lines(comments, doc_lines(text))
}

/// Inner doc attributes, one per line as given.
pub fn inner_doc_lines(comments: &DocComments, lines: Vec<String>) -> TokenStream {
    comments.attrs(lines, true)
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
