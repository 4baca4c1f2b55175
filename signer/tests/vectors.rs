//! Golden vectors produced by the official signer (`huaweicloudsdkcore` 3.1.219,
//! `huaweicloudsdkcore.signer.signer.Signer`), in `tests/data/sign-vectors.json`.
//!
//! Every vector must match byte for byte: canonical request, string to sign,
//! Authorization, signed headers, every header of the signed request (names compared
//! case-insensitively, values byte for byte) and the URI that is sent.

use std::collections::BTreeMap;

use hcgen_signer::{AkSk, SignOutput, parse_sdk_date, sign};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;
use url::Url;

const VECTORS: &str = include_str!("data/sign-vectors.json");

/// How the pinned date reaches `sign`.
#[derive(Debug, Clone, Copy)]
enum DateMode {
    /// The `date` argument.
    Argument,
    /// A caller-supplied `X-Sdk-Date` header (as the vector generator did).
    Header,
}

fn vectors() -> Vec<Value> {
    let doc: Value = serde_json::from_str(VECTORS).expect("sign-vectors.json is valid JSON");
    doc["vectors"]
        .as_array()
        .expect("a `vectors` array")
        .clone()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// A query value as the official signer renders it: lists give one pair per element,
/// booleans `true`/`false`, numbers their text.
fn query_values(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(query_values).collect(),
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        Value::String(s) => vec![s.clone()],
        other => panic!("unsupported query value {other}"),
    }
}

/// The body bytes the official signer hashed: the input string, or for a JSON value the
/// serialized `payload` the generator recorded; `null` is no body.
fn body_of(vector: &Value) -> Option<Vec<u8>> {
    match &vector["input"]["body"] {
        Value::Null => None,
        Value::String(s) => Some(s.as_bytes().to_vec()),
        _ => Some(str_of(&vector["expected"], "payload").as_bytes().to_vec()),
    }
}

struct Signed {
    out: SignOutput,
    url: Url,
    headers: HeaderMap,
}

fn run(vector: &Value, mode: DateMode) -> Signed {
    let input = &vector["input"];
    let mut creds = AkSk::new(str_of(input, "ak"), str_of(input, "sk"));
    if let Some(token) = input["security_token"].as_str() {
        creds = creds.with_security_token(token);
    }
    let method = Method::from_bytes(str_of(input, "method").as_bytes()).unwrap();
    let mut url = Url::parse(str_of(input, "url")).unwrap();
    if let Some(query) = input["query"].as_array() {
        let mut pairs = url.query_pairs_mut();
        for pair in query {
            let key = pair[0].as_str().unwrap();
            for value in query_values(&pair[1]) {
                pairs.append_pair(key, &value);
            }
        }
    }
    let mut headers = HeaderMap::new();
    for (name, value) in input["headers"].as_object().unwrap() {
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value.as_str().unwrap().as_bytes()).unwrap(),
        );
    }
    // What the runtime does for a known project id (BasicCredentials.sign_request).
    if let Some(project_id) = input["project_id"].as_str() {
        headers.insert("x-project-id", HeaderValue::from_str(project_id).unwrap());
    }
    let sdk_date = str_of(input, "sdk_date");
    let date = match mode {
        DateMode::Argument => Some(parse_sdk_date(sdk_date).unwrap()),
        DateMode::Header => {
            headers.insert("x-sdk-date", HeaderValue::from_str(sdk_date).unwrap());
            None
        }
    };
    let body = body_of(vector);
    let out = sign(
        &creds,
        &method,
        &mut url,
        &mut headers,
        body.as_deref(),
        date,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", str_of(vector, "name")));
    Signed { out, url, headers }
}

/// The bytes on the wire for a header value of the vector file. The official signer stores
/// values as Python `str`s holding UTF-8 bytes read as Latin-1 (e.g. `hÃ©llo`), so
/// re-encoding as Latin-1 gives the bytes that were sent. Only `Authorization`, set after
/// that step, is plain text.
fn wire_bytes(name: &str, value: &str) -> Vec<u8> {
    if name.eq_ignore_ascii_case("authorization") {
        return value.as_bytes().to_vec();
    }
    value
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

fn check(vector: &Value, mode: DateMode) {
    let name = str_of(vector, "name");
    let expected = &vector["expected"];
    let Signed { out, url, headers } = run(vector, mode);
    let ctx = format!("{name} ({mode:?})");

    assert_eq!(
        out.canonical_request,
        str_of(expected, "canonical_request"),
        "{ctx}: canonical request"
    );
    assert_eq!(
        out.string_to_sign,
        str_of(expected, "string_to_sign"),
        "{ctx}: string to sign"
    );
    assert_eq!(
        out.authorization,
        str_of(expected, "authorization"),
        "{ctx}: Authorization"
    );
    assert!(
        out.authorization.ends_with(str_of(expected, "signature")),
        "{ctx}: signature"
    );
    let signed: Vec<&str> = expected["signed_headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(out.signed_headers, signed, "{ctx}: signed headers");

    // Every header of the signed request, and no other.
    let want: BTreeMap<String, Vec<u8>> = expected["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), wire_bytes(k, v.as_str().unwrap())))
        .collect();
    let got: BTreeMap<String, Vec<u8>> = headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    assert_eq!(headers.len(), got.len(), "{ctx}: one value per header");
    assert_eq!(got, want, "{ctx}: headers of the signed request");

    // The request line: path as given, query replaced by the canonical query.
    let uri = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    assert_eq!(uri, str_of(expected, "uri"), "{ctx}: request URI");
    assert_eq!(url.as_str(), str_of(expected, "url"), "{ctx}: URL");
}

#[test]
fn vector_file_is_complete() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 11);
    let names: std::collections::BTreeSet<&str> =
        vectors.iter().map(|v| str_of(v, "name")).collect();
    assert_eq!(names.len(), vectors.len(), "vector names are unique");
    assert!(names.contains("copy_checkpoint_documented_example"));
}

#[test]
fn every_vector_matches_with_the_date_argument() {
    for vector in vectors() {
        check(&vector, DateMode::Argument);
    }
}

#[test]
fn every_vector_matches_with_an_x_sdk_date_header() {
    for vector in vectors() {
        check(&vector, DateMode::Header);
    }
}

#[test]
fn the_vectors_cover_the_rules_they_claim() {
    // Guards against a vector file that silently lost its edge cases.
    let by_name = |name: &str| {
        vectors()
            .into_iter()
            .find(|v| v["name"] == name)
            .unwrap_or_else(|| panic!("missing vector {name}"))
    };
    let unsigned = by_name("non_json_content_type_unsigned_payload");
    assert!(str_of(&unsigned["expected"], "canonical_request").ends_with("\nUNSIGNED-PAYLOAD"));
    let token = by_name("copy_checkpoint_loopback_port_and_token");
    assert!(str_of(&token["expected"], "authorization").contains("x-security-token"));
    let headers = by_name("header_whitespace_unicode_underscore_case");
    assert!(!str_of(&headers["expected"], "authorization").contains("x_under_score"));
    assert!(headers["expected"]["headers"]["X_Under_Score"].is_string());
}
