//! Building, authenticating, sending and decoding one request.

use crate::api::OperationInfo;
use crate::auth::OutgoingRequest;
use crate::client::{ApiResponse, ClientCore};
use crate::error::{DecodeError, Error, request_id};
use bytes::Bytes;
use hcgen_types::{FieldPath, ValidationError, Violations};
use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Content-Type of JSON request bodies.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// One request under construction. Generated operations fill it and call [`send`](Self::send).
pub struct RequestBuilder<'c> {
    core: &'c ClientCore,
    operation: &'static OperationInfo,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(Bytes, HeaderValue)>,
    extensions: http::Extensions,
    violations: Violations,
}

impl ClientCore {
    /// Starts a request for `operation` at `path` (already percent-encoded).
    pub fn request(&self, operation: &'static OperationInfo, path: String) -> RequestBuilder<'_> {
        RequestBuilder::new(self, operation, path)
    }
}

/// The text form of a parameter value: strings as they are, numbers and booleans as JSON
/// writes them, anything else as JSON.
pub fn param_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(Value::Null) => String::new(),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The JSON text of a parameter declared with `content: application/json` (a string is
/// sent quoted, as JSON writes it); `None` for an absent (null) value, so that optional
/// parameters left unset are not sent.
pub fn json_param<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(Value::Null) | Err(_) => None,
        Ok(v) => Some(v.to_string()),
    }
}

impl<'c> RequestBuilder<'c> {
    pub(crate) fn new(
        core: &'c ClientCore,
        operation: &'static OperationInfo,
        path: String,
    ) -> Self {
        RequestBuilder {
            core,
            operation,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            extensions: http::Extensions::new(),
            violations: Violations::default(),
        }
    }

    /// The client the request is sent with (its credentials, endpoint, retry policy).
    pub fn core(&self) -> &'c ClientCore {
        self.core
    }

    /// Attaches a value for the authenticator (see [`OutgoingRequest::extensions`]); it is
    /// never sent.
    pub fn extension<T: Clone + Send + Sync + 'static>(&mut self, value: T) {
        self.extensions.insert(value);
    }

    /// Adds a query parameter.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query.push((name.to_owned(), param_text(value)));
    }

    /// Adds an array query parameter: `a=1&a=2` when `explode`, else `a=1,2`.
    pub fn query_array<T: Serialize>(&mut self, name: &str, values: &[T], explode: bool) {
        if explode {
            for v in values {
                self.query(name, v);
            }
        } else {
            let joined: Vec<String> = values.iter().map(|v| param_text(v)).collect();
            self.query.push((name.to_owned(), joined.join(",")));
        }
    }

    /// Adds a header parameter (`None` adds nothing). A value that cannot be a header is an
    /// invalid request.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if matches!(serde_json::to_value(value), Ok(Value::Null)) {
            return;
        }
        let text = param_text(value);
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&text),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.append(n, v);
            }
            _ => self.violations.encoding(
                &FieldPath::root().field(name),
                "is not a valid HTTP header value (line breaks or non-visible characters)",
            ),
        }
    }

    /// Sets a JSON body.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(ValidationError {
                violations: vec![hcgen_types::Violation {
                    field: "body".to_owned(),
                    rule: hcgen_types::Rule::Encoding,
                    detail: format!("cannot be encoded as JSON: {e}"),
                }],
            })
        })?;
        self.body = Some((
            Bytes::from(bytes),
            HeaderValue::from_static(JSON_CONTENT_TYPE),
        ));
        Ok(())
    }

    /// Sets a form (`application/x-www-form-urlencoded`) body.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body).map_err(|e| {
            Error::InvalidRequest(ValidationError {
                violations: vec![hcgen_types::Violation {
                    field: "body".to_owned(),
                    rule: hcgen_types::Rule::Encoding,
                    detail: format!("cannot be form-encoded: {e}"),
                }],
            })
        })?;
        self.body = Some((
            Bytes::from(text),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        ));
        Ok(())
    }

    /// Sets a raw body with its media type (text or binary).
    pub fn raw_body(&mut self, body: impl Into<Bytes>, content_type: &'static str) {
        // The media type comes from the spec: a value that cannot be a header is reported,
        // never a panic.
        match HeaderValue::from_str(content_type) {
            Ok(ct) => self.body = Some((body.into(), ct)),
            Err(_) => self.violations.encoding(
                &FieldPath::root().field("body"),
                format!("the spec's media type {content_type:?} is not a valid Content-Type"),
            ),
        }
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart_body(&mut self, body: &crate::Multipart) {
        let (bytes, ct) = body.encode();
        match HeaderValue::from_str(&ct) {
            Ok(v) => self.body = Some((bytes, v)),
            Err(_) => self.violations.encoding(
                &FieldPath::root().field("body"),
                "invalid multipart content type",
            ),
        }
    }

    /// Adds a query parameter with an OpenAPI `style` (`None` adds nothing): `spaceDelimited` / `pipeDelimited`
    /// arrays are joined with ` ` / `|`; `deepObject` objects become `name[key]=value`.
    pub fn query_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: &str,
        explode: bool,
    ) {
        match (style, serde_json::to_value(value)) {
            (_, Ok(Value::Null)) => {}
            ("deepObject", Ok(v)) => self.deep_object(name.to_owned(), &v),
            ("spaceDelimited" | "pipeDelimited", Ok(Value::Array(items))) if !explode => {
                let sep = if style == "spaceDelimited" { " " } else { "|" };
                let joined: Vec<String> = items.iter().map(param_text).collect();
                self.query.push((name.to_owned(), joined.join(sep)));
            }
            (_, Ok(Value::Array(items))) => {
                if explode {
                    for i in &items {
                        self.query.push((name.to_owned(), param_text(i)));
                    }
                } else {
                    let joined: Vec<String> = items.iter().map(param_text).collect();
                    self.query.push((name.to_owned(), joined.join(",")));
                }
            }
            (_, Ok(Value::Object(map))) if explode => {
                for (k, v) in &map {
                    self.query.push((k.clone(), param_text(v)));
                }
            }
            _ => self.query(name, value),
        }
    }

    fn deep_object(&mut self, prefix: String, v: &Value) {
        match v {
            Value::Object(map) => {
                for (k, inner) in map {
                    self.deep_object(format!("{prefix}[{k}]"), inner);
                }
            }
            Value::Array(items) => {
                for inner in items {
                    self.deep_object(format!("{prefix}[]"), inner);
                }
            }
            Value::Null => {}
            other => self.query.push((prefix, param_text(other))),
        }
    }

    /// Sends the request (hooks, authentication and retries per attempt) and reads the
    /// response. Error statuses become [`Error::Service`]; the body of a success is returned
    /// raw.
    pub async fn send(self) -> Result<RawResponse, Error> {
        self.violations.into_result()?;
        let core = &self.core.inner;
        let op = self.operation;
        let mut url = core.base_url.clone();
        {
            let base = url.path().trim_end_matches('/').to_owned();
            url.set_path(&format!("{base}{}", self.path));
        }
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.query {
                pairs.append_pair(k, v);
            }
        }
        let mut headers = self.headers;
        headers.insert(USER_AGENT, core.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let body = match self.body {
            Some((bytes, ct)) => {
                headers.insert(CONTENT_TYPE, ct);
                Some(bytes)
            }
            None => None,
        };
        let method = Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::Config(format!("invalid HTTP method {:?}", op.method)))?;
        let outgoing = OutgoingRequest {
            method,
            url,
            headers,
            body,
            extensions: self.extensions,
        };
        let response = crate::transport::send(self.core, op, outgoing).await?;
        Ok(RawResponse {
            request_id: request_id(&response.headers),
            status: response.status,
            headers: response.headers,
            body: response.body,
        })
    }
}

/// A success response with its body not yet decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// `X-Request-Id`.
    pub request_id: Option<String>,
    /// Raw body.
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes a JSON body. An empty body decodes as `{}` (as Huawei's SDKs treat it);
    /// anything that does not decode is [`Error::Decode`] with the raw bytes kept.
    pub fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let is_empty = self.body.iter().all(u8::is_ascii_whitespace);
        let decoded = if is_empty {
            serde_json::from_slice::<T>(b"{}")
        } else {
            serde_json::from_slice::<T>(&self.body)
        };
        match decoded {
            Ok(body) => Ok(ApiResponse {
                status: self.status,
                headers: self.headers,
                request_id: self.request_id,
                body,
            }),
            Err(source) => Err(Error::Decode(Box::new(DecodeError {
                status: self.status,
                request_id: self.request_id,
                expected: std::any::type_name::<T>(),
                body: self.body,
                source,
            }))),
        }
    }

    /// The raw body.
    pub fn bytes(self) -> ApiResponse<Bytes> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body: self.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client core for a test API, sending to `endpoint`.
    fn core_at(endpoint: &str) -> ClientCore {
        static API: crate::ApiInfo = crate::ApiInfo {
            crate_name: "t",
            crate_version: "0",
            servers: &[],
            profile: None,
        };
        struct Core(ClientCore);
        impl crate::FromCore for Core {
            fn from_core(c: ClientCore) -> Self {
                Core(c)
            }
        }
        crate::ClientBuilder::<Core>::new(&API)
            .endpoint(endpoint)
            .build()
            .unwrap()
            .0
    }

    /// A loopback server that answers one request with 204 and hands back its head.
    fn capture_one_request() -> (String, std::thread::JoinHandle<String>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            stream
                .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                .unwrap();
            String::from_utf8_lossy(&head).into_owned()
        });
        (format!("http://{addr}"), handle)
    }

    #[tokio::test]
    async fn json_parameters_are_sent_as_json_text_encoded_for_their_location() {
        static OP: OperationInfo = OperationInfo {
            name: "op",
            method: "GET",
            path_template: "/x/{f}",
            security: &[],
        };
        let (endpoint, server) = capture_one_request();
        let core = core_at(&endpoint);
        let value = serde_json::json!({"a": [1, "b c"]});
        let segment = crate::path::segment("f", &json_param(&value).unwrap_or_default()).unwrap();
        let mut req = core.request(&OP, format!("/x/{segment}"));
        req.query_styled("q", &json_param(&value), "form", true);
        req.query_styled("unset", &json_param(&None::<u8>), "form", true);
        req.query_styled("s", &json_param("text"), "form", true);
        req.header("X-Filter", &json_param(&value));
        req.send().await.unwrap();
        let head = server.join().unwrap();
        let request_line = head.lines().next().unwrap();
        assert_eq!(
            request_line,
            "GET /x/%7B%22a%22%3A%5B1%2C%22b%20c%22%5D%7D?q=%7B%22a%22%3A%5B1%2C%22b+c%22%5D%7D&s=%22text%22 HTTP/1.1",
            "{head}"
        );
        assert!(head.contains("x-filter: {\"a\":[1,\"b c\"]}\r\n"), "{head}");
        assert_eq!(json_param(&None::<u8>), None);
    }

    #[tokio::test]
    async fn a_media_type_that_is_not_a_header_value_is_an_invalid_request() {
        static OP: OperationInfo = OperationInfo {
            name: "op",
            method: "POST",
            path_template: "/x",
            security: &[],
        };
        let core = core_at("http://127.0.0.1:9");
        let mut req = core.request(&OP, "/x".to_owned());
        req.raw_body("x", "text/plain\r");
        let err = req.send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(
            err.to_string().contains("is not a valid Content-Type"),
            "{err}"
        );
    }
}
