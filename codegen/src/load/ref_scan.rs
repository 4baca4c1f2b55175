//! What the `$ref`s of JSON text may be, from one scan of the text: a JSON document without
//! references to other files skips the walk that bundles them (`bundle`), and one without
//! references into schemas or operations skips the walk that hoists their targets
//! (`deep_refs`). Each answer errs on the side of yes: a `"$ref"` inside a string counts,
//! and so does text that may spell `$ref` with escapes.

/// The kinds of reference that JSON text may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RefKinds {
    /// A `$ref` whose value does not start with `#`: to another file.
    pub(super) external: bool,
    /// A local `$ref` other than `#/components/<section>/<name>`.
    pub(super) deep: bool,
}

/// Scans `text` (JSON) for its `$ref`s.
pub(super) fn scan(text: &str) -> RefKinds {
    if may_spell_ref_with_escapes(text) {
        return RefKinds {
            external: true,
            deep: true,
        };
    }
    let mut kinds = RefKinds {
        external: false,
        deep: false,
    };
    for (at, key) in text.match_indices("\"$ref\"") {
        let rest = &text[at + key.len()..];
        kinds.external |= is_external(rest);
        kinds.deep |= is_deep(rest);
        if kinds.external && kinds.deep {
            break;
        }
    }
    kinds
}

/// Whether the text after a `"$ref"` key may be a reference to another file.
fn is_external(rest: &str) -> bool {
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return true;
    };
    let rest = rest.trim_start();
    match rest.strip_prefix('"') {
        Some(value) => !value.starts_with('#'),
        // Not a string: not a reference (a property named `$ref`).
        None => !rest.starts_with(['{', '[']),
    }
}

/// Whether the text after a `"$ref"` key may be a local reference to a place other than an
/// entry of the components.
fn is_deep(rest: &str) -> bool {
    let Some(value) = rest
        .trim_start()
        .strip_prefix(':')
        .and_then(|r| r.trim_start().strip_prefix("\"#"))
    else {
        return false;
    };
    let end = value.find(['"', '\\']).unwrap_or(value.len());
    if value[end..].starts_with('\\') {
        return true;
    }
    match value[..end].strip_prefix("/components/") {
        Some(entry) => entry.split('/').count() != 2,
        None => true,
    }
}

/// Whether JSON text may spell `$ref` with escapes (`"\u0024ref"`, `"$r\u0065f"`), which a
/// scan for `"$ref"` would not see (one pass over the text's `\u00` escapes).
fn may_spell_ref_with_escapes(text: &str) -> bool {
    text.match_indices("\\u00").any(|(at, escape)| {
        let code = text[at + escape.len()..].get(..2);
        matches!(code, Some("24" | "72" | "65" | "66"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_reference_is_seen() {
        let kinds = |external, deep| RefKinds { external, deep };
        for (text, expected) in [
            (
                r##"{"$ref": "#/components/schemas/A"}"##,
                kinds(false, false),
            ),
            (
                r##"{"$ref":"#/components/parameters/p~1q"}"##,
                kinds(false, false),
            ),
            (
                r##"{"$ref": "#/components/schemas/A/properties/b"}"##,
                kinds(false, true),
            ),
            (r##"{"$ref": "#/paths/~1a/get"}"##, kinds(false, true)),
            (
                r##"{"$ref": "#/components/schemas/A\/b"}"##,
                kinds(false, true),
            ),
            (r##"{"$ref": "other.json#/x/y"}"##, kinds(true, false)),
            (r##"{"$ref" : "a.yaml"}"##, kinds(true, false)),
            (r##"{"$ref": {"type": "string"}}"##, kinds(false, false)),
            (r##"{"$ref": 5}"##, kinds(true, false)),
            (
                r##"{"a": "#/x", "$ref": "#/y", "b": {"$ref": "c.yaml"}}"##,
                kinds(true, true),
            ),
            // `$ref` spelled with escapes is the same key to a JSON parser.
            (
                r##"{"\u0024ref": "#/components/schemas/A"}"##,
                kinds(true, true),
            ),
            (r##"{"$r\u0065f": "a.yaml"}"##, kinds(true, true)),
            (r##"{"$re\u0066": "a.yaml"}"##, kinds(true, true)),
            (r##"{"description": "\u00e9\u0041"}"##, kinds(false, false)),
            (
                r##"{"description": "ends with \u00"}"##,
                kinds(false, false),
            ),
        ] {
            assert_eq!(scan(text), expected, "{text}");
        }
        let escaped = r##"{"\u0024ref": "a.yaml"}"##;
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(escaped).unwrap()["$ref"],
            "a.yaml"
        );
    }
}
