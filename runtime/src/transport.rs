//! Sending a built request: one attempt after another (hooks, authentication, the body read
//! under the size limit) until one succeeds or the retry policy says stop.

use crate::api::OperationInfo;
use crate::auth::OutgoingRequest;
use crate::body::{ReadError, read_limited};
use crate::client::{Backend, ClientCore, Inner};
use crate::error::{
    Error, ErrorDetails, ServiceError, TransportError, request_id, request_id_text,
};
use crate::hooks::{Attempt, ResponseInfo};
use crate::retry::{Failure, retry_after};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// Sends `request` for `op` with `core`'s retry policy: returns the first success, or the
/// last attempt's failure (an error status becomes [`Error::Service`]).
pub(crate) async fn send(
    core: &ClientCore,
    op: &'static OperationInfo,
    request: OutgoingRequest,
) -> Result<Response, Error> {
    let span = tracing::info_span!(
        "hcgen.request",
        operation = op.name,
        method = op.method,
        path_template = op.path_template,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let result = attempts(core, op, request).instrument(span).await;
    if let Err(e) = &result {
        tracing::debug!(kind = e.kind(), "request failed");
    }
    result
}

async fn attempts(
    core: &ClientCore,
    op: &'static OperationInfo,
    request: OutgoingRequest,
) -> Result<Response, Error> {
    let span = tracing::Span::current();
    let started = Instant::now();
    let method = request.method.clone();
    // Each attempt gets its own copy; the last possible one takes the original.
    let last = if core.retry.may_retry(&method) {
        core.retry.attempts()
    } else {
        1
    };
    let mut original = Some(request);
    let mut number = 1;
    loop {
        let attempt = Attempt {
            operation: op,
            number,
        };
        let outgoing = match original.take_if(|_| number >= last) {
            Some(request) => request,
            None => copy(original.as_ref().ok_or_else(Error::internal)?),
        };
        let result = attempt_once(&core.inner, outgoing, attempt).await;
        let failure = match &result {
            Ok(r) if r.status.is_success() => Failure::Final,
            Ok(r) => Failure::Status(r.status, retry_after(&r.headers, SystemTime::now())),
            Err(e) => failure_of(e),
        };
        let delay = match failure {
            Failure::Final => None,
            _ => core
                .retry
                .next_delay(&method, failure, number, started.elapsed()),
        };
        match &result {
            Ok(r) => tracing::debug!(
                attempt = number,
                status = r.status.as_u16(),
                retry_in_ms = delay.map(|d| d.as_millis() as u64),
                "attempt answered"
            ),
            Err(e) => tracing::debug!(
                attempt = number,
                error = %e,
                retry_in_ms = delay.map(|d| d.as_millis() as u64),
                "attempt failed"
            ),
        }
        let Some(delay) = delay else {
            span.record("attempts", number);
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            return finish(&core.inner, result?);
        };
        tokio::time::sleep(delay).await;
        number += 1;
    }
}

fn copy(request: &OutgoingRequest) -> OutgoingRequest {
    OutgoingRequest {
        method: request.method.clone(),
        url: request.url.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
        extensions: request.extensions.clone(),
    }
}

/// What the retry policy needs to know of an attempt's error.
fn failure_of(error: &Error) -> Failure {
    match error {
        Error::Connect { .. } | Error::Transport { .. } => Failure::Connection,
        // The connection was never made: nothing was sent.
        Error::Timeout { source, .. } if source.is_connect() => Failure::Connection,
        Error::Timeout { .. } => Failure::Timeout,
        _ => Failure::Final,
    }
}

/// The last attempt's response: a success, or an error status as [`Error::Service`] with
/// what the body says, read by the API's profile when it has one.
fn finish(core: &Inner, response: Response) -> Result<Response, Error> {
    if !response.status.is_success() {
        let details = match core.api.profile {
            Some(profile) => profile.error_details(&response.body),
            None => ErrorDetails::from_json_body(&response.body),
        };
        let err = ServiceError::new(response.status, response.headers, response.body, details);
        tracing::debug!(error_code = %err.error_code, "service error");
        return Err(Error::Service(Box::new(err)));
    }
    tracing::debug!("success");
    Ok(response)
}

/// A response whose body was read whole.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// One attempt: the request through the hooks, the token provider (if any) and the
/// authenticator, sent, and its body read; the hooks then see the outcome.
async fn attempt_once(
    core: &Inner,
    mut outgoing: OutgoingRequest,
    attempt: Attempt<'_>,
) -> Result<Response, Error> {
    for hook in &core.hooks {
        hook.on_request(&mut outgoing, &attempt);
    }
    if let Some(creds) = &core.credentials {
        let authenticator = creds.authenticator();
        if let Some(provider) = authenticator.token_provider() {
            let token = provider.token().await?;
            outgoing
                .extensions
                .insert(crate::auth::ProvidedToken(token));
        }
        authenticator.authenticate(&mut outgoing, attempt.operation)?;
    }
    let mut request = reqwest::Request::new(outgoing.method, outgoing.url);
    *request.headers_mut() = outgoing.headers;
    *request.timeout_mut() = Some(core.timeout);
    if let Some(b) = outgoing.body {
        *request.body_mut() = Some(b.into());
    }
    let started = Instant::now();
    let result = exchange(core, request, attempt.operation).await;
    let duration = started.elapsed();
    match &result {
        // Without hooks there is nobody to tell: nothing to compute per attempt.
        _ if core.hooks.is_empty() => {}
        Ok(response) => {
            let rid = request_id(&response.headers);
            let info = ResponseInfo {
                attempt,
                status: response.status,
                headers: &response.headers,
                request_id: rid.as_deref(),
                duration,
                body_len: response.body.len(),
            };
            for hook in &core.hooks {
                hook.on_response(&info);
            }
        }
        Err(e) => {
            for hook in &core.hooks {
                hook.on_error(e, &attempt, duration);
            }
        }
    }
    result
}

/// Sends the request and reads the body, within the size limit.
async fn exchange(
    core: &Inner,
    request: reqwest::Request,
    #[cfg_attr(not(feature = "test-util"), expect(unused_variables))] op: &OperationInfo,
) -> Result<Response, Error> {
    // Without `test-util` the network is the only backend.
    #[cfg_attr(
        not(feature = "test-util"),
        expect(clippy::infallible_destructuring_match)
    )]
    let http = match &core.backend {
        Backend::Http(http) => http,
        #[cfg(feature = "test-util")]
        Backend::Mock(mock) => return mock.exchange(core, op, request),
    };
    let mut response = http
        .execute(request)
        .await
        .map_err(|e| transport_error(core, e))?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let span = tracing::Span::current();
    span.record("status", status.as_u16());
    if let Some(r) = request_id_text(&headers) {
        span.record("request_id", r.as_ref());
    }
    match read_limited(&mut response, core.max_response_bytes).await {
        Ok(body) => Ok(Response {
            status,
            headers,
            body,
        }),
        Err(ReadError::Transport(e)) => Err(transport_error(core, e)),
        Err(ReadError::TooLarge) => Err(Error::ResponseTooLarge {
            endpoint: core.endpoint.clone(),
            status,
            request_id: request_id(&headers),
            limit: core.max_response_bytes,
        }),
    }
}

/// A reqwest error as the error kind a caller can act on.
fn transport_error(core: &Inner, e: reqwest::Error) -> Error {
    let endpoint = core.endpoint.clone();
    if e.is_timeout() {
        let timeout: Duration = if e.is_connect() {
            core.connect_timeout
        } else {
            core.timeout
        };
        Error::Timeout {
            endpoint,
            timeout,
            source: TransportError::new(e),
        }
    } else if e.is_connect() {
        Error::Connect {
            endpoint,
            source: TransportError::new(e),
        }
    } else {
        Error::Transport {
            endpoint,
            source: TransportError::new(e),
        }
    }
}
