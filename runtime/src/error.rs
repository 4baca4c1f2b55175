//! One error type for every way a call can fail.

use crate::validate::ValidationError;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// Everything a generated operation can fail with.
///
/// Match on the variant to decide what to do: [`Error::InvalidRequest`] means nothing was
/// sent; [`Error::Service`] carries what the service said.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a constraint of the spec or lacks a required value. Nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    InvalidRequest(#[from] ValidationError),
    /// The client is misconfigured (endpoint, region, credentials). Nothing was sent.
    #[error("client configuration error: {0}")]
    Config(String),
    /// The credentials could not authenticate the request (e.g. signing failed). Nothing was sent.
    #[error("could not authenticate the request: {0}")]
    Auth(String),
    /// The connection could not be established (refused, DNS, TLS).
    #[error("could not connect to {endpoint}: {source}")]
    Connect {
        /// Scheme, host and port.
        endpoint: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// No complete response arrived within the configured time-out.
    #[error(
        "no response from {endpoint} within {timeout:?} (the request may still have been processed): {source}"
    )]
    Timeout {
        /// Scheme, host and port.
        endpoint: String,
        /// The time-out that expired (connect or total).
        timeout: Duration,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The connection broke after the request was sent, or the body could not be read.
    #[error(
        "transport error talking to {endpoint} (the request may have been processed): {source}"
    )]
    Transport {
        /// Scheme, host and port.
        endpoint: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The service answered with an error status.
    #[error("{0}")]
    Service(Box<ServiceError>),
    /// The service answered with success, but the body is not what the spec describes.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

impl Error {
    /// An invariant of the generated code did not hold (never expected; reported, not panicked).
    #[doc(hidden)]
    pub fn internal() -> Self {
        Error::Config("internal error in the generated client; please report it".to_owned())
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(s) => Some(s),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(s) => Some(s.status),
            Error::Decode(d) => Some(d.status),
            _ => None,
        }
    }

    /// The request ID (`X-Request-Id`), when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(s) => s.request_id.as_deref(),
            Error::Decode(d) => d.request_id.as_deref(),
            _ => None,
        }
    }

    /// A short name of the kind of error, for logs and command-line output.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidRequest(_) => "invalid request",
            Error::Config(_) => "configuration error",
            Error::Auth(_) => "authentication error",
            Error::Connect { .. } => "connection error",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport error",
            Error::Service(_) => "service error",
            Error::Decode(_) => "decode error",
        }
    }
}

/// An error status from the service, parsed as Huawei Cloud's official SDKs parse it.
#[derive(Clone, PartialEq)]
pub struct ServiceError {
    /// HTTP status.
    pub status: StatusCode,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// Error code (`error_code`, `errorCode` or `code`); the status number when absent.
    pub error_code: String,
    /// Error message (`error_msg`, `errorMsg` or `message`); the raw body when absent.
    pub error_msg: String,
    /// `encoded_authorization_message`, when IAM sends one.
    pub encoded_authorization_message: Option<String>,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

impl ServiceError {
    /// Parses an error response.
    pub fn from_response(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let request_id = request_id(&headers);
        let text = String::from_utf8_lossy(&body).into_owned();
        let mut code: Option<String> = None;
        let mut msg: Option<String> = None;
        let mut encoded = None;
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(obj)) => {
                if let Some(v) = obj.get("encoded_authorization_message") {
                    encoded = Some(scalar_text(v));
                }
                if let Some((c, m)) = find_pair(&obj) {
                    code = Some(c);
                    msg = Some(m);
                }
            }
            _ => msg = Some(text.clone()),
        }
        let error_code = code
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| status.as_u16().to_string());
        let error_msg = msg.filter(|m| !m.is_empty()).unwrap_or(text);
        ServiceError {
            status,
            request_id,
            error_code,
            error_msg,
            encoded_authorization_message: encoded,
            headers,
            body,
        }
    }

    /// True for 4xx statuses (the request should be changed before trying again).
    pub fn is_client_error(&self) -> bool {
        self.status.is_client_error()
    }
}

/// The first complete (code, message) pair: `error_code`/`error_msg`, `errorCode`/`errorMsg`,
/// `code`/`message`; otherwise searched in nested objects, where a later match wins.
fn find_pair(obj: &serde_json::Map<String, Value>) -> Option<(String, String)> {
    for (c, m) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if let (Some(cv), Some(mv)) = (obj.get(c), obj.get(m)) {
            return Some((scalar_text(cv), scalar_text(mv)));
        }
    }
    let mut found = None;
    for v in obj.values() {
        if let Value::Object(inner) = v
            && let Some(pair) = find_pair(inner)
        {
            found = Some(pair);
        }
    }
    found
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("error_code", &self.error_code)
            .field("error_msg", &self.error_msg)
            .field(
                "encoded_authorization_message",
                &self.encoded_authorization_message,
            )
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = if self.status.is_client_error() {
            "the service rejected the request"
        } else {
            "the service failed"
        };
        write!(
            f,
            "{side}: HTTP {}, error code {}: {} (request ID: {})",
            self.status,
            self.error_code,
            self.error_msg,
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

/// A success status whose body does not decode into the spec's type. The raw bytes are kept.
#[derive(Debug)]
pub struct DecodeError {
    /// HTTP status.
    pub status: StatusCode,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The Rust type that was expected.
    pub expected: &'static str,
    /// The raw body.
    pub body: Bytes,
    /// What serde reported.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} response body ({} bytes, kept in the error) does not decode as {}: {} (request ID: {})",
            self.status,
            self.body.len(),
            self.expected,
            self.source,
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, rid: Option<&str>, body: &str) -> ServiceError {
        let mut h = HeaderMap::new();
        if let Some(r) = rid {
            h.insert("x-request-id", r.parse().unwrap());
        }
        ServiceError::from_response(
            StatusCode::from_u16(status).unwrap(),
            h,
            Bytes::from(body.to_owned()),
        )
    }

    #[test]
    fn official_sdk_error_table() {
        // (status, request id, body) -> (code, msg), from the official SDK's observed behaviour.
        let cases: &[(u16, Option<&str>, &str, &str, &str)] = &[
            (
                400,
                Some("req-400-6302-0001"),
                r#"{"error_code":"BackupService.6302","error_msg":"The destination vault does not exist or is unavailable."}"#,
                "BackupService.6302",
                "The destination vault does not exist or is unavailable.",
            ),
            (
                500,
                Some("req-500-text-0001"),
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
                "500",
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            ),
            (502, None, "", "502", ""),
            (
                401,
                Some("req-401-apigw"),
                r#"{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}"#,
                "APIGW.0301",
                "Incorrect IAM authentication information",
            ),
            (
                403,
                None,
                r#"{"error":{"code":"CBR.0403","message":"Forbidden by policy"}}"#,
                "CBR.0403",
                "Forbidden by policy",
            ),
            (
                400,
                None,
                r#"{"errorCode":"X.1","errorMsg":"camel"}"#,
                "X.1",
                "camel",
            ),
            (
                404,
                None,
                r#"{"error_msg":"no error_code here"}"#,
                "404",
                r#"{"error_msg":"no error_code here"}"#,
            ),
            (
                400,
                None,
                r#"{"error_code":6302,"error_msg":"numeric code"}"#,
                "6302",
                "numeric code",
            ),
            (
                400,
                None,
                r#"["not","an","object"]"#,
                "400",
                r#"["not","an","object"]"#,
            ),
        ];
        for (status, rid, body, code, msg) in cases {
            let e = parse(*status, *rid, body);
            assert_eq!(e.status.as_u16(), *status);
            assert_eq!(e.request_id.as_deref(), *rid);
            assert_eq!(e.error_code, *code, "body {body}");
            assert_eq!(e.error_msg, *msg, "body {body}");
        }
    }

    #[test]
    fn encoded_authorization_message_is_kept() {
        let e = parse(
            403,
            Some("r"),
            r#"{"error_code":"IAM.0002","error_msg":"Unauthorized","encoded_authorization_message":"abc"}"#,
        );
        assert_eq!(e.encoded_authorization_message.as_deref(), Some("abc"));
        assert_eq!(e.error_code, "IAM.0002");
    }

    #[test]
    fn display_names_everything_a_person_needs() {
        let e = parse(
            400,
            Some("req-1"),
            r#"{"error_code":"BackupService.6302","error_msg":"gone"}"#,
        );
        assert_eq!(
            e.to_string(),
            "the service rejected the request: HTTP 400 Bad Request, error code BackupService.6302: gone (request ID: req-1)"
        );
    }
}
