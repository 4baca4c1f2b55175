//! Hooks: caller code that sees every attempt of every call, for headers, metrics and logs.

use crate::api::OperationInfo;
use crate::auth::OutgoingRequest;
use crate::error::Error;
use http::{HeaderMap, StatusCode};
use std::time::Duration;

/// Code that sees every attempt of every call of a client, registered with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook). Several hooks run in the order they
/// were added. Every method does nothing by default.
///
/// [`on_request`](Self::on_request) sees the request before the credentials authenticate it,
/// so a signature covers the headers a hook adds. After each attempt, exactly one of
/// [`on_response`](Self::on_response) (any status, once the body is read) and
/// [`on_error`](Self::on_error) (no response, or its body could not be read) runs; a retried
/// call runs them once per attempt.
///
/// ```no_run
/// use hcgen_runtime::{Attempt, Hook, OutgoingRequest, ResponseInfo};
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// /// Tags each request and counts error statuses.
/// #[derive(Default)]
/// struct Metrics {
///     errors: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn on_request(&self, request: &mut OutgoingRequest, attempt: &Attempt<'_>) {
///         let tag = format!("{}#{}", attempt.operation.name, attempt.number);
///         if let Ok(value) = tag.parse() {
///             request.headers.insert("x-client-tag", value);
///         }
///     }
///
///     fn on_response(&self, response: &ResponseInfo<'_>) {
///         if !response.status.is_success() {
///             self.errors.fetch_add(1, Ordering::Relaxed);
///         }
///         eprintln!(
///             "{} attempt {}: {} in {:?} (request ID {:?})",
///             response.attempt.operation.name,
///             response.attempt.number,
///             response.status,
///             response.duration,
///             response.request_id,
///         );
///     }
/// }
///
/// # struct MyClient;
/// # impl hcgen_runtime::FromCore for MyClient {
/// #     fn from_core(_: hcgen_runtime::ClientCore) -> Self { MyClient }
/// # }
/// # static API: hcgen_runtime::ApiInfo = hcgen_runtime::ApiInfo {
/// #     crate_name: "my-api", crate_version: "1.0.0", servers: &[], profile: None,
/// # };
/// // With a generated crate: `my_api::Client::builder()`.
/// let client: MyClient = hcgen_runtime::ClientBuilder::new(&API)
///     .endpoint("https://api.example.com")
///     .hook(Metrics::default())
///     .build()?;
/// # Ok::<(), hcgen_runtime::Error>(())
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Sees (and may change) an attempt's request before it is authenticated and sent.
    fn on_request(&self, request: &mut OutgoingRequest, attempt: &Attempt<'_>) {
        let _ = (request, attempt);
    }

    /// Sees the response of an attempt, whatever its status, after its body was read.
    fn on_response(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }

    /// Sees an attempt that ended without a readable response: no connection, a time-out, a
    /// broken connection, a body over the size limit. Not called for requests that were never
    /// sent (invalid, or the credentials failed).
    fn on_error(&self, error: &Error, attempt: &Attempt<'_>, duration: Duration) {
        let _ = (error, attempt, duration);
    }
}

/// Which call and which attempt a hook sees.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The operation called.
    pub operation: &'a OperationInfo,
    /// The attempt number, from 1.
    pub number: u32,
}

/// The response of one attempt, as a hook sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The call and attempt.
    pub attempt: Attempt<'a>,
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: &'a HeaderMap,
    /// `X-Request-Id`, if the service sent one.
    pub request_id: Option<&'a str>,
    /// Time from sending the request to the end of its body.
    pub duration: Duration,
    /// Size of the body read.
    pub body_len: usize,
}
