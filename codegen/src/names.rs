//! Names: spec names -> valid, idiomatic, collision-free Rust identifiers.
//!
//! Wire names are never changed; only the Rust side is. Every conversion is deterministic.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Keywords (strict, reserved and edition-dependent) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a generated type or builder must not take: every name of the Rust 2024 prelude
/// (std's types, traits, functions and variants; a type called `Option` would shadow the one
/// generated code means) and the names the generated code itself imports. A schema or
/// operation with one of these names gets a suffix instead.
const RESERVED_TYPE_NAMES: &[&str] = &[
    // std::prelude::rust_2024 (types, traits, variants, functions; macros live elsewhere).
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // Derive macros of the prelude and what generated code names unqualified.
    "Debug",
    "Deserialize",
    "Map",
    "Self",
    "Serialize",
    "Validate",
    "Value",
];

/// Replaces what cannot appear in an identifier. Non-ASCII letters become `uXXXX` words, so
/// distinct names stay distinct; everything else that is not ASCII alphanumeric is a separator.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", c as u32));
        } else {
            // `+1` and `-1` are common enum values; keep them apart.
            match c {
                '+' => out.push_str("_plus_"),
                '-' if out.is_empty() => out.push_str("minus_"),
                _ => out.push('_'),
            }
        }
    }
    out
}

/// `snake_case` identifier for a field, parameter or method.
pub fn snake(name: &str) -> String {
    let s = ascii_words(name).to_snake_case();
    let s = if s.is_empty() { "value".to_owned() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) || s == "_" {
        format!("{s}_")
    } else {
        s
    }
}

/// `UpperCamelCase` identifier for a type or variant.
pub fn camel(name: &str) -> String {
    let s = ascii_words(name).to_upper_camel_case();
    let s = if s.is_empty() { "Value".to_owned() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}Value")
    } else {
        s
    }
}

/// `UpperCamelCase` for a type, avoiding names the generated code itself relies on.
pub fn type_name(name: &str) -> String {
    let s = camel(name);
    if RESERVED_TYPE_NAMES.contains(&s.as_str()) {
        format!("{s}Model")
    } else {
        s
    }
}

/// `UpperCamelCase` for an operation's request builder (`method_name` is its snake-case
/// method), avoiding the same names as [`type_name`]: builders live in one module with the
/// generated code that refers to `Option`, `Result` and the rest unqualified.
pub fn builder_name(method_name: &str) -> String {
    let s = camel(method_name);
    if RESERVED_TYPE_NAMES.contains(&s.as_str()) {
        format!("{s}Builder")
    } else {
        s
    }
}

/// Hands out unique names in one namespace: the first claimant keeps the name, later
/// ones get a numeric suffix. Returns the name and, when it had to be changed, the
/// identifier of the earlier claimant (for the warning).
#[derive(Default)]
pub struct Namespace {
    taken: BTreeMap<String, String>,
}

impl Namespace {
    /// Marks names as used by the generator itself.
    pub fn reserve(&mut self, names: &[&str]) {
        for n in names {
            self.taken
                .insert((*n).to_owned(), "(generated code)".to_owned());
        }
    }

    /// Claims `wanted` for `owner` (a JSON pointer or description).
    pub fn claim(&mut self, wanted: &str, owner: &str) -> (String, Option<String>) {
        if !self.taken.contains_key(wanted) {
            self.taken.insert(wanted.to_owned(), owner.to_owned());
            return (wanted.to_owned(), None);
        }
        let first = self.taken[wanted].clone();
        let sep = if wanted.ends_with('_') {
            ""
        } else if wanted.contains('_') || wanted.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let mut i = 2;
        loop {
            let candidate = format!("{wanted}{sep}{i}");
            if !self.taken.contains_key(&candidate) {
                self.taken.insert(candidate.clone(), owner.to_owned());
                return (candidate, Some(first));
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_odd_names() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("1password"), "n1password");
        assert_eq!(snake("x-request-id"), "x_request_id");
        assert_eq!(snake("a.b c"), "a_b_c");
        assert_eq!(snake("fooBar"), "foo_bar");
        assert_eq!(snake(""), "value");
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("名前"), "u540d_u524d");
        assert_eq!(camel("名前"), "U540dU524d");
        assert_eq!(camel("200"), "N200");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("Path"), "Path");
        assert_eq!(type_name("Future"), "FutureModel");
        assert_eq!(builder_name("option"), "OptionBuilder");
        assert_eq!(builder_name("list_pets"), "ListPets");
    }

    #[test]
    fn namespace_suffixes_deterministically() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("foo_bar", "/a"), ("foo_bar".to_owned(), None));
        assert_eq!(
            ns.claim("foo_bar", "/b"),
            ("foo_bar_2".to_owned(), Some("/a".to_owned()))
        );
        assert_eq!(ns.claim("Foo", "/c").0, "Foo");
        assert_eq!(ns.claim("Foo", "/d").0, "Foo2");
        assert_eq!(ns.claim("self_", "/e").0, "self_");
        assert_eq!(ns.claim("self_", "/f").0, "self_2");
    }
}
