//! Doc comments from spec text: escaped so that no description can inject code, start a
//! doctest, or break the comment.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns spec prose into doc lines that rustdoc renders as text and never runs.
///
/// - Code fences become ```` ```text ```` fences (a spec's code samples are not Rust doctests).
/// - Lines indented by four or more spaces (Markdown indented code blocks, which rustdoc
///   would also run) are dedented.
/// - Control characters are dropped; carriage returns are normalised.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line: String = raw
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect::<String>()
            .replace('\t', "    ");
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            if in_fence {
                out.push(fence.to_owned());
            } else {
                out.push(format!("{fence}text"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
        } else if line.starts_with("    ") {
            out.push(trimmed.trim_end().to_owned());
        } else {
            out.push(line.trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

/// `#[doc = "…"]` attributes, one per line (rendered by prettyplease as `///` lines).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Inner `#![doc = "…"]` attributes for a module or crate.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Joins paragraphs, skipping empty ones.
pub fn paragraphs(parts: &[Option<String>]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|s| s.as_str())
        .filter(|s| !s.trim().is_empty())
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn fences_and_indented_code_cannot_become_doctests() {
        let lines = doc_lines("a\n```rust\nfn x() {}\n```\n    indented();\n```");
        assert_eq!(
            lines,
            vec![
                "a",
                "```text",
                "fn x() {}",
                "```",
                "indented();",
                "```text",
                "```"
            ]
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(doc_lines("a\u{0}b\r\nc"), vec!["ab", "c"]);
    }
}
