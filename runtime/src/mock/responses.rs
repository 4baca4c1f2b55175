//! What a mock rule answers: a response (success or error status, typed body or raw bytes),
//! a service error in the API's error format, a time-out or a connection error.

use crate::api::ApiInfo;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use std::fmt;

/// One answer of a mock rule. The rules of a generated crate's `mock` module make these
/// from typed values (`then_ok`, `then_error`, ...); [`Rule::then_reply`](super::Rule::then_reply)
/// takes any.
#[derive(Debug, Clone)]
pub struct Reply(pub(crate) Answer);

#[derive(Debug, Clone)]
pub(crate) enum Answer {
    /// A response as it is.
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    /// An error status whose body the API's profile writes from a code and a message.
    Service {
        status: StatusCode,
        headers: HeaderMap,
        code: String,
        message: String,
    },
    /// No response.
    Failure(MockFailure),
    /// The reply could not be made (an invalid status or header, a body that does not
    /// serialize); the call fails with this message.
    Invalid(String),
}

/// A failure without a response that a rule answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MockFailure {
    /// No complete response within the time-out.
    Timeout,
    /// The connection could not be established.
    Connect,
}

impl MockFailure {
    pub(crate) fn is_timeout(self) -> bool {
        self == MockFailure::Timeout
    }

    pub(crate) fn is_connect(self) -> bool {
        self == MockFailure::Connect
    }
}

impl fmt::Display for MockFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MockFailure::Timeout => "a mock rule answered with a time-out",
            MockFailure::Connect => "a mock rule answered with a connection error",
        })
    }
}

fn status_of(status: u16) -> Result<StatusCode, String> {
    StatusCode::from_u16(status).map_err(|_| format!("mock reply: {status} is not an HTTP status"))
}

impl Reply {
    /// A response with `status` and `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(status: u16, body: &T) -> Reply {
        let status = match status_of(status) {
            Ok(s) => s,
            Err(invalid) => return Reply(Answer::Invalid(invalid)),
        };
        match serde_json::to_vec(body) {
            Ok(bytes) => Reply::with_content_type(status, "application/json", bytes.into()),
            Err(e) => Reply(Answer::Invalid(format!(
                "mock reply: the body does not serialize as JSON: {e}"
            ))),
        }
    }

    /// A response with `status` and `body` as it is, of type `content_type`.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Bytes>) -> Reply {
        let status = match status_of(status) {
            Ok(s) => s,
            Err(invalid) => return Reply(Answer::Invalid(invalid)),
        };
        match HeaderValue::from_str(content_type) {
            Ok(ct) => {
                let mut headers = HeaderMap::new();
                headers.insert(CONTENT_TYPE, ct);
                Reply(Answer::Response {
                    status,
                    headers,
                    body: body.into(),
                })
            }
            Err(_) => Reply(Answer::Invalid(format!(
                "mock reply: {content_type:?} is not a Content-Type"
            ))),
        }
    }

    /// A response with `status` and no body.
    pub fn status(status: u16) -> Reply {
        match status_of(status) {
            Ok(status) => Reply(Answer::Response {
                status,
                headers: HeaderMap::new(),
                body: Bytes::new(),
            }),
            Err(invalid) => Reply(Answer::Invalid(invalid)),
        }
    }

    /// An error status with an error body in the API's format (its profile's, e.g. Huawei
    /// Cloud's `{"error_code", "error_msg"}`; `{"code", "message"}` without a profile), so
    /// that the client reads `code` and `message` back as
    /// [`ServiceError::error_code`](crate::ServiceError::error_code) and
    /// [`error_msg`](crate::ServiceError::error_msg).
    pub fn service_error(status: u16, code: &str, message: &str) -> Reply {
        match status_of(status) {
            Ok(status) => Reply(Answer::Service {
                status,
                headers: HeaderMap::new(),
                code: code.to_owned(),
                message: message.to_owned(),
            }),
            Err(invalid) => Reply(Answer::Invalid(invalid)),
        }
    }

    /// No response within the client's time-out: [`Error::Timeout`](crate::Error::Timeout)
    /// in process (at once, no waiting); over [loopback](super::Loopback), an answer that
    /// never comes, so the client's own time-out expires.
    pub fn timeout() -> Reply {
        Reply(Answer::Failure(MockFailure::Timeout))
    }

    /// No connection: [`Error::Connect`](crate::Error::Connect) in process; over
    /// [loopback](super::Loopback), the connection is closed without an answer, which the
    /// client reports as [`Error::Transport`](crate::Error::Transport).
    pub fn connect_error() -> Reply {
        Reply(Answer::Failure(MockFailure::Connect))
    }

    /// The same reply with a response header (a time-out or connection error has none).
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        let parsed = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        );
        match (&mut self.0, parsed) {
            (
                Answer::Response { headers, .. } | Answer::Service { headers, .. },
                (Ok(n), Ok(v)),
            ) => {
                headers.append(n, v);
            }
            (Answer::Response { .. } | Answer::Service { .. }, _) => {
                self.0 = Answer::Invalid(format!("mock reply: invalid header {name}: {value:?}"));
            }
            _ => {}
        }
        self
    }

    /// The same reply with `X-Request-Id: id`, the request ID the client reports.
    pub fn with_request_id(self, id: &str) -> Reply {
        self.with_header("x-request-id", id)
    }

    fn with_content_type(status: StatusCode, content_type: &'static str, body: Bytes) -> Reply {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        Reply(Answer::Response {
            status,
            headers,
            body,
        })
    }
}

/// What a reply comes to for the API `api`: a response, or a failure without one.
pub(crate) enum Rendered {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    Failure(MockFailure),
    Invalid(String),
}

impl Answer {
    pub(crate) fn render(&self, api: &ApiInfo) -> Rendered {
        match self {
            Answer::Response {
                status,
                headers,
                body,
            } => Rendered::Response {
                status: *status,
                headers: headers.clone(),
                body: body.clone(),
            },
            Answer::Service {
                status,
                headers,
                code,
                message,
            } => {
                let body = match api.profile {
                    Some(profile) => profile.mock_error_body(code, message),
                    None => generic_error_body(code, message),
                };
                let mut headers = headers.clone();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Rendered::Response {
                    status: *status,
                    headers,
                    body: body.into(),
                }
            }
            Answer::Failure(f) => Rendered::Failure(*f),
            Answer::Invalid(message) => Rendered::Invalid(message.clone()),
        }
    }
}

/// `{"code": code, "message": message}`, the error shape the generic client reads.
pub(crate) fn generic_error_body(code: &str, message: &str) -> Vec<u8> {
    serde_json::json!({ "code": code, "message": message })
        .to_string()
        .into_bytes()
}
