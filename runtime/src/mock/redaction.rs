//! A request shown in a mock's "no rule matches" message: method, URL, headers and a body
//! excerpt, with the values of secrets replaced.

use super::matching::MockRequest;
use crate::api::{KeyLocation, OperationInfo, SecurityInfo};
use crate::excerpt::Excerpt;
use std::fmt::Write;

/// Headers whose values are always secret.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-security-token",
    "cookie",
];

/// What a secret value is shown as.
const REDACTED: &str = "<redacted>";

/// The names of the API keys the operations of `operations` send (header or query names).
pub(crate) fn key_names<'o>(
    operations: impl IntoIterator<Item = &'o OperationInfo>,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut headers = Vec::new();
    let mut query = Vec::new();
    for op in operations {
        for s in op.security {
            if let SecurityInfo::ApiKey { location, name, .. } = s {
                match location {
                    KeyLocation::Header => headers.push(*name),
                    KeyLocation::Query => query.push(*name),
                    KeyLocation::Cookie => {}
                }
            }
        }
    }
    (headers, query)
}

/// `request` as text, one header a line, with the values of secret headers and of the
/// query parameters in `secret_query` replaced, and at most a bounded excerpt of the body.
pub(crate) fn describe(
    request: &MockRequest<'_>,
    secret_headers: &[&str],
    secret_query: &[&str],
) -> String {
    let mut url = request.url().clone();
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let secret = secret_query.iter().any(|s| *s == k);
                let value = if secret {
                    REDACTED.to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let _ = url.set_password(None);
    if !url.username().is_empty() {
        let _ = url.set_username("***");
    }
    let mut out = format!("{} {url}\n", request.method());
    for (name, value) in request.headers() {
        let secret = SECRET_HEADERS.contains(&name.as_str())
            || secret_headers
                .iter()
                .any(|s| s.eq_ignore_ascii_case(name.as_str()));
        let shown = if secret {
            REDACTED.into()
        } else {
            String::from_utf8_lossy(value.as_bytes())
        };
        let _ = writeln!(out, "{name}: {}", Excerpt(shown));
    }
    let body = request.body();
    if body.is_empty() {
        out.push_str("(no body)");
    } else {
        let _ = write!(
            out,
            "body ({} bytes): {}",
            body.len(),
            Excerpt(String::from_utf8_lossy(body))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, Method};
    use url::Url;

    #[test]
    fn secrets_in_headers_the_query_and_the_user_info_are_redacted() {
        static OP: OperationInfo = OperationInfo {
            name: "op",
            method: "GET",
            path_template: "/x",
            security: &[
                SecurityInfo::ApiKey {
                    scheme: "q",
                    location: KeyLocation::Query,
                    name: "api_key",
                },
                SecurityInfo::ApiKey {
                    scheme: "h",
                    location: KeyLocation::Header,
                    name: "X-Api-Key",
                },
            ],
        };
        let url = Url::parse("https://user:pw@h/x?api_key=k1&page=2").unwrap();
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "SDK-HMAC-SHA256 Signature=abc"),
            ("x-security-token", "st"),
            ("cookie", "session=c1"),
            ("x-api-key", "k2"),
            ("x-trace", "visible"),
        ] {
            headers.insert(name, value.parse().unwrap());
        }
        let body = "b".repeat(2000);
        let request = MockRequest {
            operation: &OP,
            method: &Method::GET,
            url: &url,
            headers: &headers,
            body: body.as_bytes(),
        };
        let (secret_headers, secret_query) = key_names([&OP]);
        let text = describe(&request, &secret_headers, &secret_query);
        for secret in ["pw", "k1", "abc", "st\n", "c1", "k2"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(
            text.starts_with("GET https://***@h/x?api_key=%3Credacted%3E&page=2\n"),
            "{text}"
        );
        assert!(text.contains("x-api-key: <redacted>\n"), "{text}");
        assert!(text.contains("x-trace: visible\n"), "{text}");
        assert!(text.contains("body (2000 bytes): bbb"), "{text}");
        assert!(text.contains("bytes more)"), "bounded: {text}");
    }
}
