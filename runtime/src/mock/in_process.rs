//! The in-process transport: a request is answered by a [`Mock`]'s rules where the real
//! transport would send it, and the answer goes through the same checks (size limit, span).

use super::matching::{MockRequest, UNKNOWN};
use super::responses::{MockFailure, Rendered};
use super::rules::{Mock, Outcome};
use crate::api::OperationInfo;
use crate::client::Inner;
use crate::error::{Error, TransportError, request_id, request_id_text};
use crate::transport::Response;

impl Mock {
    /// Answers one attempt of `op` with the rules, as the network would.
    pub(crate) fn exchange(
        &self,
        core: &Inner,
        op: &OperationInfo,
        request: reqwest::Request,
    ) -> Result<Response, Error> {
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        let seen = MockRequest {
            operation: &UNKNOWN,
            method: request.method(),
            url: request.url(),
            headers: request.headers(),
            body,
        };
        let endpoint = core.endpoint.clone();
        let rendered = match self.answer(Some(op), &seen) {
            Outcome::Answered(rendered) => rendered,
            Outcome::Unmatched(message) => return Err(Error::Config(message)),
        };
        let (status, headers, body) = match rendered {
            Rendered::Response {
                status,
                headers,
                body,
            } => (status, headers, body),
            Rendered::Failure(failure @ MockFailure::Timeout) => {
                return Err(Error::Timeout {
                    endpoint,
                    timeout: core.timeout,
                    source: TransportError::mock(failure),
                });
            }
            Rendered::Failure(failure @ MockFailure::Connect) => {
                return Err(Error::Connect {
                    endpoint,
                    source: TransportError::mock(failure),
                });
            }
            Rendered::Invalid(message) => return Err(Error::Config(message)),
        };
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(r) = request_id_text(&headers) {
            span.record("request_id", r.as_ref());
        }
        if body.len() as u64 > core.max_response_bytes {
            return Err(Error::ResponseTooLarge {
                endpoint,
                status,
                request_id: request_id(&headers),
                limit: core.max_response_bytes,
            });
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}
