//! The pure canonicalisation steps of SDK-HMAC-SHA256 (steps 4 to 12 of the algorithm).
//!
//! Each function reproduces one method of the official Python signer
//! (`huaweicloudsdkcore.signer.signer.Signer`, 3.1.219); the method is named in its docs.

use hmac::{Hmac, KeyInit, Mac};
use http::HeaderMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::{AkSk, SignError};

/// The algorithm name that starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// SHA-256 of the empty string: the payload hash of a request with no or an empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The value of `X-Sdk-Content-Sha256` for bodies that are not hashed (non-JSON content).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Bytes that `encode` leaves alone: `A-Z a-z 0-9 - _ . ~` (RFC 3986 "unreserved").
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` as UTF-8, leaving only `A-Z a-z 0-9 - _ . ~` as they are and writing
/// every other byte as `%XX` with uppercase hex.
///
/// This is Python's `urllib.parse.quote(s, safe='~')` (`Signer._url_encode`), the encoder
/// of both the canonical URI and the canonical query string.
///
/// ```
/// assert_eq!(hcgen_signer::encode("a b+c*d~e/ü"), "a%20b%2Bc%2Ad~e%2F%C3%BC");
/// ```
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The canonical URI of a request path as it is sent (already percent-encoded, without the
/// query). `Signer._process_canonical_uri`.
///
/// 1. Percent-decode the whole path (`%XX` becomes a byte; malformed escapes such as `%zz`
///    stay literal) and read the bytes as UTF-8, replacing invalid sequences with U+FFFD as
///    Python's `unquote` does.
/// 2. Split on `/` (so a `%2F` inside a segment becomes a separator here, although it is
///    still sent as `%2F`).
/// 3. [`encode`] each segment and join them with `/`.
/// 4. Append `/` unless the result already ends with one.
///
/// An empty path gives `/` (the official signer raises `IndexError` there; `url::Url`
/// never produces an empty path for `http`/`https`).
///
/// ```
/// assert_eq!(hcgen_signer::canonical_uri("/v3/p/x%20y/%7E~/%C3%BC/a+b/"), "/v3/p/x%20y/~~/%C3%BC/a%2Bb/");
/// assert_eq!(hcgen_signer::canonical_uri("/v3/p/checkpoints"), "/v3/p/checkpoints/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Decodes a URL query string (the part after `?`) into `(key, value)` pairs, in order.
///
/// The official SDK never parses a query: its clients hand the signer a list of pairs.
/// [`sign`](crate::sign) reads them from the URL with `application/x-www-form-urlencoded`
/// rules, which is what `url::Url::query_pairs_mut` writes: pairs are split on `&`, a
/// pair without `=` has an empty value, `+` is a space (write a literal plus as `%2B`),
/// `%XX` escapes are decoded and invalid UTF-8 becomes U+FFFD.
///
/// ```
/// let pairs = hcgen_signer::query_pairs("a=1+1&b=%2B&flag&u=%C3%BC");
/// assert_eq!(pairs, [("a", "1 1"), ("b", "+"), ("flag", ""), ("u", "ü")]
///     .map(|(k, v)| (k.to_string(), v.to_string())));
/// ```
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The canonical query string of decoded `(key, value)` pairs.
/// `Signer._process_canonical_query_string`.
///
/// Pairs are sorted by key, then by value, comparing the raw (unencoded) text in code point
/// order; repeated keys are all kept. Each pair becomes `encode(key)=encode(value)` (an
/// empty value gives `key=`), and the pairs are joined with `&`. No pairs give `""`.
///
/// The official SDK also accepts list values (one pair per element, sorted) and booleans
/// (`true`/`false`): pass those as one pair per element and as the text `true`/`false`.
///
/// ```
/// let q = hcgen_signer::canonical_query([("limit", "10"), ("a", "z"), ("a", "y"), ("empty", "")]);
/// assert_eq!(q, "a=y&a=z&empty=&limit=10");
/// ```
pub fn canonical_query<I, K, V>(pairs: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = pairs.into_iter().collect();
    pairs.sort_by(|a, b| (a.0.as_ref(), a.1.as_ref()).cmp(&(b.0.as_ref(), b.1.as_ref())));
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether `c` is whitespace for Python's `str.strip()`: Unicode `White_Space` plus the
/// information separators U+001C..U+001F.
fn is_python_whitespace(c: char) -> bool {
    matches!(c, '\u{1c}'..='\u{1f}') || c.is_whitespace()
}

/// Trims a header value exactly as the official signer does (`str(value).strip()`):
/// leading and trailing whitespace is removed, in Python's sense of whitespace (which also
/// covers U+0085, U+00A0, U+3000, U+2000..U+200A and the other Unicode spaces); inner
/// whitespace is kept. The trimmed value is both signed and sent.
///
/// ```
/// assert_eq!(hcgen_signer::trim_header_value("  padded  value \t"), "padded  value");
/// assert_eq!(hcgen_signer::trim_header_value("\u{3000}ideographic\u{a0}"), "ideographic");
/// ```
pub fn trim_header_value(value: &str) -> &str {
    value.trim_matches(is_python_whitespace)
}

/// The header value as text, or [`SignError::NonUtf8HeaderValue`].
pub(crate) fn value_text<'a>(
    name: &http::HeaderName,
    value: &'a http::HeaderValue,
) -> Result<&'a str, SignError> {
    std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::NonUtf8HeaderValue {
        name: name.as_str().to_owned(),
    })
}

/// The names of the headers that get signed, lowercase and sorted: every header in the map
/// except those whose name contains `_` (those are sent but not signed). There is no fixed
/// list: `user-agent`, `x-project-id`, `x-auth-token`… are signed when present.
/// `Signer._process_signed_headers`.
///
/// ```
/// let mut h = http::HeaderMap::new();
/// h.insert("X-Sdk-Date", http::HeaderValue::from_static("20240101T000000Z"));
/// h.insert("host", http::HeaderValue::from_static("example.com"));
/// h.insert("x_under_score", http::HeaderValue::from_static("sent, not signed"));
/// assert_eq!(hcgen_signer::signed_headers(&h), ["host", "x-sdk-date"]);
/// ```
pub fn signed_headers(headers: &HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = headers
        .keys()
        .map(|name| name.as_str())
        .filter(|name| !name.contains('_'))
        .map(str::to_owned)
        .collect();
    names.sort_unstable();
    names
}

/// The canonical headers block: `name:value\n` for every name of [`signed_headers`], in
/// that order, with the value trimmed by [`trim_header_value`]. It always ends with `\n`
/// (so the canonical request has a blank line after it). `Signer._process_canonical_headers`.
///
/// Errors: [`SignError::NonUtf8HeaderValue`] for a signed value that is not UTF-8 (non-ASCII
/// UTF-8 is fine and is signed as text), [`SignError::RepeatedHeader`] for a signed name
/// with several values.
///
/// ```
/// let mut h = http::HeaderMap::new();
/// h.insert("x-custom", http::HeaderValue::from_static("  padded  value \t"));
/// h.insert("host", http::HeaderValue::from_static("example.com"));
/// assert_eq!(hcgen_signer::canonical_headers(&h).unwrap(), "host:example.com\nx-custom:padded  value\n");
/// ```
pub fn canonical_headers(headers: &HeaderMap) -> Result<String, SignError> {
    let mut out = String::new();
    for name in signed_headers(headers) {
        let mut values = headers.get_all(name.as_str()).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(SignError::RepeatedHeader {
                count: headers.get_all(name.as_str()).iter().count(),
                name,
            });
        };
        let text = std::str::from_utf8(value.as_bytes())
            .map_err(|_| SignError::NonUtf8HeaderValue { name: name.clone() })?;
        out.push_str(&name);
        out.push(':');
        out.push_str(trim_header_value(text));
        out.push('\n');
    }
    if out.is_empty() {
        // Python's "\n".join([]) + "\n"; unreachable through `sign`, which always has
        // Host and X-Sdk-Date.
        out.push('\n');
    }
    Ok(out)
}

/// Whether a `Content-Type` value makes the signer add
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`: it is non-empty and starts with neither
/// `application/json` nor `application/bson`. The check is on the raw value, before
/// trimming, and is case-sensitive, exactly as in `Signer._process_content_header`
/// (so `Application/JSON` and ` application/json` are unsigned payloads).
///
/// ```
/// assert!(hcgen_signer::is_unsigned_payload_content_type("application/octet-stream"));
/// assert!(!hcgen_signer::is_unsigned_payload_content_type("application/json;charset=utf-8"));
/// assert!(!hcgen_signer::is_unsigned_payload_content_type(""));
/// ```
pub fn is_unsigned_payload_content_type(content_type: &str) -> bool {
    !content_type.is_empty()
        && !content_type.starts_with("application/json")
        && !content_type.starts_with("application/bson")
}

/// The payload hash, the last line of the canonical request. `Signer._process_hash_payload`.
///
/// * No body or an empty body: [`EMPTY_PAYLOAD_SHA256`], whatever the headers say.
/// * Otherwise, if `content_sha256` (the value of an `X-Sdk-Content-Sha256` header, as in
///   the map) is non-empty once trimmed, that trimmed value (e.g. `UNSIGNED-PAYLOAD`). For
///   exact compatibility a non-ASCII value is rendered the way the official signer sees it
///   at that point, as its UTF-8 bytes read as Latin-1.
/// * Otherwise the lowercase hex SHA-256 of the body.
///
/// ```
/// use hcgen_signer::{hashed_payload, EMPTY_PAYLOAD_SHA256};
/// assert_eq!(hashed_payload(None, None), EMPTY_PAYLOAD_SHA256);
/// assert_eq!(hashed_payload(Some(b""), Some("UNSIGNED-PAYLOAD")), EMPTY_PAYLOAD_SHA256);
/// assert_eq!(hashed_payload(Some(b"raw"), Some("UNSIGNED-PAYLOAD")), "UNSIGNED-PAYLOAD");
/// assert_eq!(hashed_payload(Some(b"{}"), None),
///     "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
/// ```
pub fn hashed_payload(body: Option<&[u8]>, content_sha256: Option<&str>) -> String {
    let body = match body {
        Some(body) if !body.is_empty() => body,
        _ => return EMPTY_PAYLOAD_SHA256.to_owned(),
    };
    match content_sha256.map(trim_header_value) {
        Some(value) if !value.is_empty() => value.bytes().map(char::from).collect(),
        _ => sha256_hex(body),
    }
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The canonical request: six parts joined with `\n`, the method uppercased.
/// `Signer._process_canonical_request`.
///
/// `canonical_headers` already ends with `\n`, so a blank line precedes the signed header
/// list; no newline follows the payload hash.
pub fn canonical_request(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &[String],
    hashed_payload: &str,
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        canonical_uri,
        canonical_query,
        canonical_headers,
        signed_headers.join(";"),
        hashed_payload
    )
}

/// The string to sign: `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical
/// request>`. No scope or region is involved. `Signer._process_string_to_sign`.
///
/// ```
/// let sts = hcgen_signer::string_to_sign("20240101T000000Z", "");
/// assert_eq!(sts, format!("SDK-HMAC-SHA256\n20240101T000000Z\n{}", hcgen_signer::EMPTY_PAYLOAD_SHA256));
/// ```
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC first brings the key to the hash's block size: a longer key is hashed, then the
    // key is padded with zeros. Doing that here lets us use the infallible `KeyInit::new`
    // instead of unwrapping `new_from_slice` (which never fails for HMAC anyway).
    let mut block = hmac::digest::Key::<Hmac<Sha256>>::default();
    if key.len() <= block.len() {
        block[..key.len()].copy_from_slice(key);
    } else {
        let digest = Sha256::digest(key);
        block[..digest.len()].copy_from_slice(&digest);
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&block);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The signature: lowercase hex HMAC-SHA256 of the string to sign, keyed with the UTF-8
/// bytes of the secret key. `Signer._sign_string_to_sign`.
pub fn signature(creds: &AkSk, string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(
        creds.sk().as_bytes(),
        string_to_sign.as_bytes(),
    ))
}

/// The `Authorization` header value:
/// `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b;c>, Signature=<hex>`.
/// `Signer._process_auth_header_value`.
pub fn authorization(ak: &str, signed_headers: &[String], signature: &str) -> String {
    format!(
        "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={signature}",
        signed_headers.join(";")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        map
    }

    // ---- encode ---------------------------------------------------------------------

    #[test]
    fn encode_keeps_only_unreserved_bytes() {
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(
            encode(" !\"#$%&'()*+,/:;=?@[]"),
            "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D"
        );
    }

    #[test]
    fn encode_uses_uppercase_hex_of_utf8() {
        assert_eq!(encode("ü"), "%C3%BC");
        assert_eq!(encode("华北"), "%E5%8D%8E%E5%8C%97");
        assert_eq!(encode("😀"), "%F0%9F%98%80");
        assert_eq!(encode("\u{7f}"), "%7F");
    }

    // ---- canonical URI (step 6) -------------------------------------------------------

    #[test]
    fn uri_appends_trailing_slash_once() {
        assert_eq!(
            canonical_uri("/v3/p/checkpoints/replicate"),
            "/v3/p/checkpoints/replicate/"
        );
        assert_eq!(canonical_uri("/v3/p/vaults/"), "/v3/p/vaults/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("//a//"), "//a//");
    }

    #[test]
    fn uri_space_is_percent_20() {
        assert_eq!(canonical_uri("/a%20b"), "/a%20b/");
        assert_eq!(canonical_uri("/a b"), "/a%20b/");
    }

    #[test]
    fn uri_plus_is_a_literal_plus_and_encoded() {
        assert_eq!(canonical_uri("/a+b"), "/a%2Bb/");
        assert_eq!(canonical_uri("/a%2Bb"), "/a%2Bb/");
        assert_eq!(canonical_uri("/a%2bb"), "/a%2Bb/");
    }

    #[test]
    fn uri_star_is_encoded() {
        assert_eq!(canonical_uri("/a*b"), "/a%2Ab/");
        assert_eq!(canonical_uri("/a%2Ab"), "/a%2Ab/");
    }

    #[test]
    fn uri_tilde_is_kept_and_decoded() {
        assert_eq!(canonical_uri("/~user"), "/~user/");
        assert_eq!(canonical_uri("/%7Euser/%7e"), "/~user/~/");
    }

    #[test]
    fn uri_encoded_slash_becomes_a_separator() {
        assert_eq!(canonical_uri("/v3/a%2Fb%20c/x"), "/v3/a/b%20c/x/");
        assert_eq!(canonical_uri("/v3/a%2F"), "/v3/a/");
    }

    #[test]
    fn uri_non_ascii_is_utf8_percent_encoded() {
        assert_eq!(canonical_uri("/%C3%BC"), "/%C3%BC/");
        assert_eq!(canonical_uri("/ü"), "/%C3%BC/");
        assert_eq!(canonical_uri("/%c3%bc"), "/%C3%BC/");
        assert_eq!(canonical_uri("/%E5%8D%8E"), "/%E5%8D%8E/");
    }

    #[test]
    fn uri_reserved_characters_are_encoded() {
        assert_eq!(
            canonical_uri("/a!$&'(),;=:@b"),
            "/a%21%24%26%27%28%29%2C%3B%3D%3A%40b/"
        );
    }

    #[test]
    fn uri_malformed_escapes_stay_literal() {
        assert_eq!(canonical_uri("/100%"), "/100%25/");
        assert_eq!(canonical_uri("/%zz%4"), "/%25zz%254/");
    }

    #[test]
    fn uri_invalid_utf8_becomes_replacement_character() {
        // Python's unquote(errors='replace'): one U+FFFD (EF BF BD) per maximal invalid run.
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
        assert_eq!(canonical_uri("/%E5%8D/x"), "/%EF%BF%BD/x/");
        assert_eq!(canonical_uri("/%C3%C3%BC"), "/%EF%BF%BD%C3%BC/");
    }

    // ---- query (step 7) ---------------------------------------------------------------

    #[test]
    fn query_sorts_by_key_then_value_keeping_repeats() {
        let q = canonical_query([("b", "2"), ("a", "z"), ("a", "y"), ("a", "z"), ("c", "")]);
        assert_eq!(q, "a=y&a=z&a=z&b=2&c=");
    }

    #[test]
    fn query_sorts_raw_text_not_encoded_text() {
        // Raw "~" (U+007E) sorts before "ü" (U+00FC); encoded, "%C3%BC" would sort before "~".
        assert_eq!(canonical_query([("k", "ü"), ("k", "~")]), "k=~&k=%C3%BC");
        assert_eq!(canonical_query([("ü", "1"), ("~", "2")]), "~=2&%C3%BC=1");
        // Code point order, not UTF-16 order: U+FF5E (fullwidth tilde) < U+1F600 (emoji).
        assert_eq!(
            canonical_query([("k", "😀"), ("k", "～")]),
            "k=%EF%BD%9E&k=%F0%9F%98%80"
        );
    }

    #[test]
    fn query_empty_values_and_keys() {
        assert_eq!(canonical_query([("empty", "")]), "empty=");
        assert_eq!(canonical_query([("", "v")]), "=v");
        assert_eq!(canonical_query(Vec::<(String, String)>::new()), "");
    }

    #[test]
    fn query_encodes_like_the_path() {
        let q = canonical_query([("name", "a b/c~d*e"), ("plus", "1+1"), ("uni", "ü")]);
        assert_eq!(q, "name=a%20b%2Fc~d%2Ae&plus=1%2B1&uni=%C3%BC");
    }

    #[test]
    fn query_pairs_follow_form_urlencoding() {
        let pairs = query_pairs("a=1+1&b=%2B&c=%20&d&=e&f=x=y&&g=%zz");
        let expected = [
            ("a", "1 1"),
            ("b", "+"),
            ("c", " "),
            ("d", ""),
            ("", "e"),
            ("f", "x=y"),
            ("g", "%zz"),
        ];
        assert_eq!(pairs.len(), expected.len());
        for ((k, v), (ek, ev)) in pairs.iter().zip(expected) {
            assert_eq!((k.as_str(), v.as_str()), (ek, ev));
        }
        assert_eq!(
            query_pairs("u=%FF"),
            [("u".to_string(), "\u{fffd}".to_string())]
        );
        assert!(query_pairs("").is_empty());
    }

    // ---- headers (steps 4 and 5) ------------------------------------------------------

    #[test]
    fn trim_strips_python_whitespace_only_at_the_ends() {
        assert_eq!(trim_header_value(" \t a \t b \t "), "a \t b");
        assert_eq!(
            trim_header_value("\u{85}\u{a0}\u{2007}x\u{3000}\u{1c}"),
            "x"
        );
        assert_eq!(trim_header_value("   "), "");
        // Not whitespace for Python: zero-width space and BOM stay.
        assert_eq!(trim_header_value("\u{200b}x\u{feff}"), "\u{200b}x\u{feff}");
    }

    #[test]
    fn signed_headers_skip_names_with_underscore_and_sort() {
        let h = headers(&[
            ("X-Unicode", b"v"),
            ("content-type", b"application/json"),
            ("X_Under_Score", b"v"),
            ("x-request_id", b"v"),
            ("Host", b"h"),
            ("x-lower", b"v"),
        ]);
        assert_eq!(
            signed_headers(&h),
            ["content-type", "host", "x-lower", "x-unicode"]
        );
    }

    #[test]
    fn canonical_headers_trim_and_keep_unicode() {
        let h = headers(&[
            ("X-Custom", b"  padded  value \t"),
            ("X-Unicode", "héllo wörld".as_bytes()),
            ("X_Under_Score", b"not signed"),
            ("X-Empty", b""),
            ("X-Blank", b"   "),
        ]);
        assert_eq!(
            canonical_headers(&h).unwrap(),
            "x-blank:\nx-custom:padded  value\nx-empty:\nx-unicode:héllo wörld\n"
        );
    }

    #[test]
    fn canonical_headers_reject_non_utf8_signed_value() {
        let h = headers(&[("x-bin", b"\xff\xfe")]);
        assert_eq!(
            canonical_headers(&h),
            Err(SignError::NonUtf8HeaderValue {
                name: "x-bin".into()
            })
        );
    }

    #[test]
    fn canonical_headers_reject_repeated_signed_header() {
        let h = headers(&[("x-a", b"1"), ("x-a", b"2"), ("x_b", b"1"), ("x_b", b"2")]);
        assert_eq!(
            canonical_headers(&h),
            Err(SignError::RepeatedHeader {
                name: "x-a".into(),
                count: 2
            })
        );
        // Repeated unsigned headers are fine.
        let h = headers(&[("x-a", b"1"), ("x_b", b"1"), ("x_b", b"2")]);
        assert_eq!(canonical_headers(&h).unwrap(), "x-a:1\n");
    }

    // ---- content type and payload (steps 1 and 8) -------------------------------------

    #[test]
    fn unsigned_payload_content_types() {
        for ct in [
            "application/octet-stream",
            "text/plain",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            "Application/JSON",
            " application/json",
            "application/xml",
        ] {
            assert!(is_unsigned_payload_content_type(ct), "{ct:?}");
        }
        for ct in [
            "application/json",
            "application/json;charset=utf-8",
            "application/json-patch+json",
            "application/bson",
            "",
        ] {
            assert!(!is_unsigned_payload_content_type(ct), "{ct:?}");
        }
    }

    #[test]
    fn payload_hash_rules() {
        assert_eq!(hashed_payload(None, None), EMPTY_PAYLOAD_SHA256);
        assert_eq!(hashed_payload(Some(b""), None), EMPTY_PAYLOAD_SHA256);
        assert_eq!(
            hashed_payload(None, Some(UNSIGNED_PAYLOAD)),
            EMPTY_PAYLOAD_SHA256
        );
        assert_eq!(
            hashed_payload(Some(b"raw bytes here"), Some(UNSIGNED_PAYLOAD)),
            UNSIGNED_PAYLOAD
        );
        assert_eq!(
            hashed_payload(Some(b"raw bytes here"), None),
            "8c7773869627c6bdf130185a8371eb7ee484f82c0f714f5307890a66d77e342b"
        );
        // A blank header value does not count; a padded one is trimmed.
        assert_eq!(
            hashed_payload(Some(b"raw bytes here"), Some("  ")),
            "8c7773869627c6bdf130185a8371eb7ee484f82c0f714f5307890a66d77e342b"
        );
        assert_eq!(hashed_payload(Some(b"x"), Some(" abc \t")), "abc");
        // Non-ASCII: UTF-8 bytes read as Latin-1, as the official signer sees it.
        assert_eq!(hashed_payload(Some(b"x"), Some("é")), "\u{c3}\u{a9}");
        // Binary, non-UTF-8 bodies hash fine.
        assert_eq!(
            hashed_payload(Some(&[0xff, 0x00, 0xfe]), None),
            sha256_hex(&[0xff, 0x00, 0xfe])
        );
    }

    // ---- request, string to sign, signature (steps 9 to 12) ---------------------------

    #[test]
    fn canonical_request_layout() {
        let signed = vec!["host".to_string(), "x-sdk-date".to_string()];
        let cr = canonical_request(
            "delete",
            "/a/",
            "k=v",
            "host:h\nx-sdk-date:20240101T000000Z\n",
            &signed,
            EMPTY_PAYLOAD_SHA256,
        );
        assert_eq!(
            cr,
            format!(
                "DELETE\n/a/\nk=v\nhost:h\nx-sdk-date:20240101T000000Z\n\nhost;x-sdk-date\n{EMPTY_PAYLOAD_SHA256}"
            )
        );
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 (short key), 6 (131-byte key, hashed first) and 7.
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
            )),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        );
        // Empty and exactly-one-block (64-byte) keys take the padding path unchanged.
        assert_eq!(
            hex::encode(hmac_sha256(&[], b"")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        );
        assert_eq!(
            hex::encode(hmac_sha256(&[0x0b; 64], b"msg")),
            "9b252c2ac19c29ed62691647a7a6685413d786074621d3486bc8b5f8502b3d41"
        );
    }

    #[test]
    fn signature_and_authorization_of_documented_example() {
        let creds = AkSk::new(
            "HPUATESTAKEXAMPLE0001",
            "testSecretKeyExample0000000000000000000001",
        );
        let sts = "SDK-HMAC-SHA256\n20240101T000000Z\nc1af15b317008ef32b3cd0bc7e0916b767d69f2eeeba486f96c394ac5d9cf7b3";
        let sig = signature(&creds, sts);
        assert_eq!(
            sig,
            "0b425b4361aab41464c8b5f4ccd5f936ce573c82ecfed9070c0184207a8f51ec"
        );
        let signed: Vec<String> = [
            "content-type",
            "host",
            "user-agent",
            "x-project-id",
            "x-sdk-date",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            authorization(creds.ak(), &signed, &sig),
            "SDK-HMAC-SHA256 Access=HPUATESTAKEXAMPLE0001, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=0b425b4361aab41464c8b5f4ccd5f936ce573c82ecfed9070c0184207a8f51ec"
        );
    }
}
