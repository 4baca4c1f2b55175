//! The same rules served over HTTP on 127.0.0.1, for code that takes a base URL instead of a
//! client: a small hyper HTTP/1.1 server. hyper is already in the tree through reqwest, so
//! the feature adds its server half and no crate; wiremock would add 15 crates (regex,
//! deadpool, h2, ...) and about a third to a clean build of the runtime (measured in the
//! commit that says so).

use super::matching::{MockRequest, UNKNOWN};
use super::responses::{MockFailure, Rendered};
use super::rules::{Mock, Outcome};
use bytes::Bytes;
use http::{HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use std::fmt;
use std::io;
use url::Url;

/// A [`Mock`] served over HTTP on `127.0.0.1` (a free port), until dropped. Point the code
/// under test at [`url`](Self::url) (for a generated client: `.endpoint(loopback.url())`).
///
/// Requests are matched to rules by method and path template (the path may have a prefix
/// before the template), then by the rules' matchers, so the request is decoded from what
/// went over the wire. Replies: responses as they are; a time-out is an answer that never
/// comes (set a short `.timeout(..)` on the client); a connection error closes the
/// connection without an answer (the client reports [`Error::Transport`](crate::Error::Transport));
/// a request no rule matches gets status 501 with the message as its body.
///
/// Needs a Tokio runtime (the server runs as a task of the current one).
pub struct Loopback {
    url: String,
    mock: Mock,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for Loopback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loopback")
            .field("url", &self.url)
            .field("mock", &self.mock)
            .finish()
    }
}

impl Loopback {
    /// Starts serving `mock` on a free port of 127.0.0.1.
    pub async fn start(mock: Mock) -> io::Result<Loopback> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let served = mock.clone();
        let base = url.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let mock = served.clone();
                let base = base.clone();
                let service = hyper::service::service_fn(move |request| {
                    let mock = mock.clone();
                    let base = base.clone();
                    async move { serve(&mock, &base, request).await }
                });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Loopback { url, mock, task })
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The messages of the requests no rule matched so far (see [`Mock::unmatched`]).
    pub fn unmatched(&self) -> Vec<String> {
        self.mock.unmatched()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The connection is closed without an answer (a rule's connection error).
#[derive(Debug)]
struct CloseConnection;

impl fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        MockFailure::Connect.fmt(f)
    }
}

impl std::error::Error for CloseConnection {}

async fn serve(
    mock: &Mock,
    base: &str,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, CloseConnection> {
    let (head, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(CloseConnection),
    };
    let target = head.uri.path_and_query().map_or("/", |p| p.as_str());
    let Ok(url) = Url::parse(&format!("{base}{target}")) else {
        return Ok(plain(StatusCode::BAD_REQUEST, "not a URL".to_owned()));
    };
    let method: &Method = &head.method;
    let seen = MockRequest {
        operation: &UNKNOWN,
        method,
        url: &url,
        headers: &head.headers,
        body: &body,
    };
    let rendered = match mock.answer(None, &seen) {
        Outcome::Answered(rendered) => rendered,
        Outcome::Unmatched(message) => return Ok(plain(StatusCode::NOT_IMPLEMENTED, message)),
    };
    match rendered {
        Rendered::Response {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::new(Full::new(body));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            Ok(response)
        }
        Rendered::Failure(MockFailure::Timeout) => {
            std::future::pending::<()>().await;
            Err(CloseConnection)
        }
        Rendered::Failure(MockFailure::Connect) => Err(CloseConnection),
        Rendered::Invalid(message) => Ok(plain(StatusCode::NOT_IMPLEMENTED, message)),
    }
}

fn plain(status: StatusCode, text: String) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
