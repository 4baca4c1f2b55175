//! One error type for every way a call can fail.

use crate::excerpt::Excerpt;
use bytes::Bytes;
use hcgen_types::ValidationError;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
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
        source: TransportError,
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
        source: TransportError,
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
        source: TransportError,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes));
    /// reading stopped there and the connection was dropped.
    #[error(
        "the response from {endpoint} (HTTP {status}, request ID: {}) is larger than the limit of {limit} bytes (max_response_bytes); reading stopped",
        request_id.as_deref().unwrap_or("none")
    )]
    ResponseTooLarge {
        /// Scheme, host and port.
        endpoint: String,
        /// HTTP status of the response.
        status: StatusCode,
        /// `X-Request-Id`, if the response had one.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: u64,
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
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The request ID (`X-Request-Id`), when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(s) => s.request_id.as_deref(),
            Error::Decode(d) => d.request_id.as_deref(),
            Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The body of a service error decoded as the type the spec declares for its status,
    /// if this is a service error, the operation declares a JSON body of type `T` for that
    /// status, and the body decoded. Shorthand for
    /// `error.as_service().and_then(|s| s.body::<T>())`; the raw bytes are in
    /// [`ServiceError::body`](ServiceError#structfield.body) either way.
    ///
    /// ```
    /// # use hcgen_runtime::{Error, ServiceError};
    /// # use http::{HeaderMap, StatusCode};
    /// # #[derive(Debug, PartialEq, serde::Deserialize)]
    /// # struct ErrorResponse { error_code: String }
    /// let body = br#"{"error_code":"BackupService.6302"}"#;
    /// let error = ServiceError::from_response(StatusCode::BAD_REQUEST, HeaderMap::new(), body[..].into())
    ///     .with_decoded(hcgen_runtime::decode_error_body::<ErrorResponse>(body));
    /// let error = Error::Service(Box::new(error));
    /// assert_eq!(error.body::<ErrorResponse>().unwrap().error_code, "BackupService.6302");
    /// assert_eq!(error.body::<String>(), None); // not the declared type
    /// ```
    pub fn body<T: Any>(&self) -> Option<&T> {
        self.as_service().and_then(ServiceError::body::<T>)
    }

    /// For generated code: a service error gets the body `decode` makes of its status and
    /// raw bytes (see [`ServiceError::with_decoded`]); any other error stays as it is.
    /// A function pointer, so that this is compiled once, not once per operation.
    pub fn decode_service_body(self, decode: fn(StatusCode, &[u8]) -> Option<DecodedBody>) -> Self {
        match self {
            Error::Service(mut s) => {
                s.decoded = decode(s.status, &s.body);
                Error::Service(s)
            }
            other => other,
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
            Error::ResponseTooLarge { .. } => "response too large",
            Error::Service(_) => "service error",
            Error::Decode(_) => "decode error",
        }
    }
}

/// What an error body says, beyond its status: parsed by the client's
/// [`Profile`](crate::Profile), or by [`ErrorDetails::from_json_body`] when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorDetails {
    /// The service's error code, if the body has one.
    pub code: Option<String>,
    /// The service's error message, if the body has one.
    pub message: Option<String>,
    /// Other named values of the body worth keeping (for example a vendor's encoded
    /// authorization message).
    pub extra: Vec<(String, String)>,
}

impl ErrorDetails {
    /// The common JSON error shapes: `{"code", "message"}`, the same inside an `error` object
    /// (`{"error": {"code", "message"}}`), `{"message"}` alone, and OAuth's `{"error",
    /// "error_description"}`. Anything else has no code and no message.
    pub fn from_json_body(body: &[u8]) -> Self {
        let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
            return ErrorDetails::default();
        };
        let pick = |o: &serde_json::Map<String, Value>, key: &str| {
            o.get(key).map(scalar_text).filter(|t| !t.is_empty())
        };
        if let Some(Value::Object(inner)) = obj.get("error") {
            return ErrorDetails {
                code: pick(inner, "code").or_else(|| pick(inner, "type")),
                message: pick(inner, "message"),
                extra: Vec::new(),
            };
        }
        if let (Some(Value::String(code)), Some(description)) =
            (obj.get("error"), pick(&obj, "error_description"))
        {
            return ErrorDetails {
                code: Some(code.clone()),
                message: Some(description),
                extra: Vec::new(),
            };
        }
        ErrorDetails {
            code: pick(&obj, "code"),
            message: pick(&obj, "message"),
            extra: Vec::new(),
        }
    }
}

/// A failure of the HTTP transport (connection, TLS, time-out, broken stream).
///
/// Opaque, so that the HTTP library can change without changing this crate's API; its
/// causes are reachable through [`std::error::Error::source`].
pub struct TransportError(Source);

/// What a [`TransportError`] holds: the HTTP library's error, or (feature `test-util`) the
/// failure a mock rule answered with.
enum Source {
    Http(reqwest::Error),
    #[cfg(feature = "test-util")]
    Mock(crate::mock::MockFailure),
}

impl TransportError {
    /// Without its URL: the query may carry an API key, and the endpoint is in the error
    /// that holds this one anyway.
    pub(crate) fn new(error: reqwest::Error) -> Self {
        TransportError(Source::Http(error.without_url()))
    }

    /// The failure a mock rule answered with.
    #[cfg(feature = "test-util")]
    pub(crate) fn mock(failure: crate::mock::MockFailure) -> Self {
        TransportError(Source::Mock(failure))
    }

    /// True when a time-out expired.
    pub fn is_timeout(&self) -> bool {
        match &self.0 {
            Source::Http(e) => e.is_timeout(),
            #[cfg(feature = "test-util")]
            Source::Mock(f) => f.is_timeout(),
        }
    }

    /// True when the connection could not be established.
    pub fn is_connect(&self) -> bool {
        match &self.0 {
            Source::Http(e) => e.is_connect(),
            #[cfg(feature = "test-util")]
            Source::Mock(f) => f.is_connect(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Http(e) => fmt::Display::fmt(e, f),
            #[cfg(feature = "test-util")]
            Source::Mock(m) => fmt::Display::fmt(m, f),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Http(e) => f.debug_tuple("TransportError").field(e).finish(),
            #[cfg(feature = "test-util")]
            Source::Mock(m) => f.debug_tuple("TransportError").field(m).finish(),
        }
    }
}

impl std::error::Error for TransportError {
    /// The transport's own cause (its message is this error's Display).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            Source::Http(e) => std::error::Error::source(e),
            #[cfg(feature = "test-util")]
            Source::Mock(_) => None,
        }
    }
}

/// A body decoded into the type the spec declares for an error status, behind
/// [`ServiceError::body`]: any type, shared (errors are cheap to clone).
pub type DecodedBody = Arc<dyn Any + Send + Sync>;

/// For generated code: `body` decoded as JSON into `T`, or `None` when it does not decode
/// (the raw bytes stay in the [`ServiceError`]).
pub fn decode_error_body<T: DeserializeOwned + Send + Sync + 'static>(
    body: &[u8],
) -> Option<DecodedBody> {
    serde_json::from_slice::<T>(body)
        .ok()
        .map(|value| Arc::new(value) as DecodedBody)
}

/// An error status from the service.
///
/// Equality compares what the service sent (status, headers, body and what was read from
/// them), not the decoded body, which is made from the raw body.
#[derive(Clone)]
pub struct ServiceError {
    /// HTTP status.
    pub status: StatusCode,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The service's error code; the status number when the body has none.
    pub error_code: String,
    /// The service's error message; the raw body when the body has none.
    pub error_msg: String,
    /// Other details the body carries (see [`ErrorDetails::extra`]).
    pub details: Vec<(String, String)>,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// The body decoded as the spec declares it for this status (see [`ServiceError::body`]).
    decoded: Option<DecodedBody>,
}

impl PartialEq for ServiceError {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.request_id == other.request_id
            && self.error_code == other.error_code
            && self.error_msg == other.error_msg
            && self.details == other.details
            && self.headers == other.headers
            && self.body == other.body
    }
}

impl ServiceError {
    /// An error response, with what its body says.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, details: ErrorDetails) -> Self {
        let request_id = request_id(&headers);
        let error_code = details
            .code
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| status.as_u16().to_string());
        let error_msg = details
            .message
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
        ServiceError {
            status,
            request_id,
            error_code,
            error_msg,
            details: details.extra,
            headers,
            body,
            decoded: None,
        }
    }

    /// The same error with `decoded` as its decoded body (see [`ServiceError::body`]);
    /// generated operations attach the body they declare for the status with it.
    pub fn with_decoded(mut self, decoded: Option<DecodedBody>) -> Self {
        self.decoded = decoded;
        self
    }

    /// The body decoded as `T`, the type the operation's spec declares for this status (the
    /// `send()` documentation of each operation names it): `None` when the spec declares no
    /// JSON body for the status, when the body did not decode (the raw bytes are still in
    /// the [`body`](ServiceError#structfield.body) field), or when `T` is not the declared
    /// type.
    pub fn body<T: Any>(&self) -> Option<&T> {
        self.decoded.as_deref()?.downcast_ref::<T>()
    }

    /// An error response whose body is read with [`ErrorDetails::from_json_body`].
    pub fn from_response(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let details = ErrorDetails::from_json_body(&body);
        Self::new(status, headers, body, details)
    }

    /// A detail of the body by name (see [`ErrorDetails::extra`]).
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// True for 4xx statuses (the request should be changed before trying again).
    pub fn is_client_error(&self) -> bool {
        self.status.is_client_error()
    }
}

/// A JSON scalar as text (`null` as the empty string).
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    request_id_text(headers).map(Cow::into_owned)
}

/// The `X-Request-Id` header's name.
pub(crate) static X_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");

/// The text of `X-Request-Id` (borrowed when it is UTF-8, as request IDs are).
pub(crate) fn request_id_text(headers: &HeaderMap) -> Option<Cow<'_, str>> {
    let value = headers.get(&X_REQUEST_ID)?;
    Some(match value.to_str() {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(value.as_bytes()),
    })
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("error_code", &Excerpt(&self.error_code))
            .field("error_msg", &Excerpt(&self.error_msg))
            .field("details", &Excerpt(&self.details))
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
            Excerpt(&self.error_code),
            Excerpt(&self.error_msg),
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

/// A success status whose body does not decode into the spec's type. The raw bytes are kept.
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
            Excerpt(&self.source),
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

/// The body's length only, and a bounded prefix of serde's message (which may quote the body).
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("expected", &self.expected)
            .field("body_len", &self.body.len())
            .field("source", &Excerpt(&self.source))
            .finish()
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
    fn common_error_shapes() {
        // (status, request id, body) -> (code, msg)
        let cases: &[(u16, Option<&str>, &str, &str, &str)] = &[
            (
                401,
                Some("req-401"),
                r#"{"code":"APIGW.0301","message":"Incorrect authentication"}"#,
                "APIGW.0301",
                "Incorrect authentication",
            ),
            (
                402,
                None,
                r#"{"error":{"type":"card_error","code":"card_declined","message":"Declined"}}"#,
                "card_declined",
                "Declined",
            ),
            (
                404,
                None,
                r#"{"message":"Not Found","documentation_url":"https://docs"}"#,
                "404",
                "Not Found",
            ),
            (
                400,
                None,
                r#"{"error":"invalid_grant","error_description":"expired"}"#,
                "invalid_grant",
                "expired",
            ),
            (
                500,
                Some("req-500"),
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
                "500",
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            ),
            (502, None, "", "502", ""),
            (
                400,
                None,
                r#"{"error_code":"X.1","error_msg":"a vendor's own shape"}"#,
                "400",
                r#"{"error_code":"X.1","error_msg":"a vendor's own shape"}"#,
            ),
            (
                400,
                None,
                r#"{"code":6302,"message":"numeric"}"#,
                "6302",
                "numeric",
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

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Declared {
        error_code: String,
    }

    /// What generated code does: decode the body of the declared statuses.
    fn decode(status: StatusCode, body: &[u8]) -> Option<DecodedBody> {
        match status.as_u16() {
            400 => decode_error_body::<Declared>(body),
            _ => None,
        }
    }

    fn service(status: u16, body: &str) -> Error {
        Error::Service(Box::new(parse(status, Some("req-7"), body))).decode_service_body(decode)
    }

    #[test]
    fn a_declared_error_body_is_reachable_typed_next_to_the_raw_bytes() {
        let body = r#"{"error_code":"BackupService.6302","error_msg":"gone"}"#;
        let e = service(400, body);
        let expected = Declared {
            error_code: "BackupService.6302".to_owned(),
        };
        assert_eq!(e.body::<Declared>(), Some(&expected));
        let s = e.as_service().unwrap();
        assert_eq!(s.body::<Declared>(), Some(&expected));
        assert_eq!(s.body, body.as_bytes());
        // What the service said stays as it is.
        assert_eq!(s.request_id.as_deref(), Some("req-7"));
        assert_eq!(s.error_code, "400");
        assert_eq!(s.error_msg, body);
        // Another type than the declared one is not there.
        assert_eq!(e.body::<String>(), None);
        assert_eq!(e.body::<Value>(), None);
        // A clone shares the decoded body.
        assert_eq!(
            e.as_service().cloned().unwrap().body::<Declared>(),
            Some(&expected)
        );
    }

    #[test]
    fn a_body_that_does_not_decode_or_is_not_declared_keeps_only_the_raw_bytes() {
        for (status, body) in [
            (400, r#"{"error_code":6302}"#),
            (400, "<html>busy</html>"),
            (400, ""),
            (500, r#"{"error_code":"X"}"#),
        ] {
            let e = service(status, body);
            assert_eq!(e.body::<Declared>(), None, "{status} {body}");
            assert_eq!(e.as_service().unwrap().body, body.as_bytes());
        }
    }

    #[test]
    fn decoding_leaves_other_errors_alone_and_equality_ignores_the_decoded_body() {
        let e = Error::Config("x".to_owned()).decode_service_body(|_, _| unreachable!());
        assert!(matches!(e, Error::Config(_)));
        let body = r#"{"error_code":"A"}"#;
        let plain = parse(400, None, body);
        let decoded = plain
            .clone()
            .with_decoded(decode_error_body::<Declared>(body.as_bytes()));
        assert!(decoded.body::<Declared>().is_some());
        assert_eq!(plain, decoded);
        assert_ne!(plain, parse(400, None, "{}"));
    }

    #[test]
    fn a_huge_error_body_is_kept_whole_but_printed_as_a_bounded_prefix() {
        let body = "<".repeat(1024 * 1024);
        let e = parse(502, Some("r"), &body);
        assert_eq!(e.error_msg.len(), body.len(), "stored whole");
        let shown = e.to_string();
        assert!(shown.len() < 1024, "{} bytes", shown.len());
        assert!(shown.contains("... (1048064 bytes more)"), "{shown}");
        assert!(shown.ends_with("(request ID: r)"), "{shown}");
        let debug = format!("{:?}", Error::Service(Box::new(e)));
        assert!(debug.len() < 2048, "{} bytes", debug.len());
        assert!(debug.contains("bytes more"), "{debug}");
        // A huge code and message from a JSON body: both bounded.
        let big = "c".repeat(1024 * 1024);
        let json = format!(r#"{{"code":"{big}","message":"{big}"}}"#);
        let e = parse(400, None, &json);
        assert!(e.to_string().len() < 2048, "{} bytes", e.to_string().len());
        assert!(format!("{e:?}").len() < 2048);
    }

    #[test]
    fn a_decode_error_prints_a_bounded_prefix_of_what_serde_quotes() {
        // serde quotes the offending string value in its message.
        let body = Bytes::from(format!("\"{}\"", "q".repeat(1024 * 1024)));
        let source = serde_json::from_slice::<u32>(&body).unwrap_err();
        let e = DecodeError {
            status: StatusCode::OK,
            request_id: None,
            expected: "u32",
            body,
            source,
        };
        let shown = e.to_string();
        assert!(shown.len() < 1024, "{} bytes", shown.len());
        assert!(shown.contains("bytes more"), "{shown}");
        let debug = format!("{e:?}");
        assert!(debug.len() < 1024, "{} bytes", debug.len());
        assert!(debug.contains("body_len: 1048578"), "{debug}");
    }

    #[test]
    fn display_names_everything_a_person_needs() {
        let e = parse(
            400,
            Some("req-1"),
            r#"{"code":"BackupService.6302","message":"gone"}"#,
        );
        assert_eq!(
            e.to_string(),
            "the service rejected the request: HTTP 400 Bad Request, error code BackupService.6302: gone (request ID: req-1)"
        );
    }
}
