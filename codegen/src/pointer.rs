//! JSON pointers in `$ref`s: URI fragments (`%XX` escapes, RFC 3986) holding RFC 6901
//! tokens (`~0` for `~`, `~1` for `/`), and the escaping of a token. Building pointers for
//! diagnostics is `error::ptr`.

/// Decodes `%XX` escapes; `None` when one is malformed or the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Appends `token`, escaped as a JSON pointer token (RFC 6901), to `out`: without
/// allocating when there is nothing to escape, which is nearly always.
pub(crate) fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Unescapes one JSON pointer token; `None` for a `~` not followed by `0` or `1`.
pub(crate) fn unescape_token(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The tokens of a local reference (`#/a/b~1c` -> `["a", "b/c"]`), or `None` when it is not
/// a local JSON pointer or is not well formed (a bad `%` or `~` escape, not UTF-8).
pub(crate) fn local_pointer_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode(fragment)?;
    let rest = decoded.strip_prefix('/')?;
    rest.split('/').map(unescape_token).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_and_unescape_back() {
        for token in ["", "plain", "a/b", "~", "~1", "a~/b/~0", "é/ü"] {
            let mut escaped = String::from("#");
            push_escaped(&mut escaped, token);
            assert!(!escaped[1..].contains('/'), "{escaped}");
            assert_eq!(unescape_token(&escaped[1..]).as_deref(), Some(token));
        }
        let mut out = String::new();
        push_escaped(&mut out, "a~/b");
        assert_eq!(out, "a~0~1b");
        assert_eq!(crate::error::ptr("/x", &["a/b", "c~"]), "/x/a~1b/c~0");
    }
}
