#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`ApiInfo`] / [`OperationInfo`]: what a generated crate tells the runtime (static data);
//! - [`ClientBuilder`] / [`ClientCore`]: endpoint selection, time-outs, User-Agent, and the
//!   `reqwest` transport (TLS backend chosen by the `rustls`, `rustls-aws-lc-rs` and
//!   `native-tls` features);
//! - [`RetryPolicy`]: which failed calls are tried again, and when;
//! - `mock` (feature `test-util`): rules that answer instead of the network, in process or
//!   over loopback, for tests of code that uses a generated client;
//! - [`Hook`]: caller code that sees every attempt's request and response;
//! - [`auth`]: credentials and the hook that sees the final request just before it is sent;
//! - [`Profile`]: a vendor's behaviour on top of the generic client;
//! - [`Error`]: one error type for every failure;
//! - [`path`]: percent-encoding of path parameters;
//! - the types' codec, dates and validation come from `hcgen-types`, re-exported here.
#![deny(missing_docs)]

mod api;
pub mod auth;
mod body;
mod client;
mod credentials;
mod error;
mod excerpt;
mod hooks;
#[cfg(feature = "test-util")]
pub mod mock;
mod multipart;
pub mod path;
mod profile;
mod request;
mod retry;
mod tls;
mod transport;

pub use api::{ApiInfo, KeyLocation, OperationInfo, SecurityInfo, ServerInfo, VariableInfo};
pub use auth::{
    Authenticator, Credentials, OutgoingRequest, ProvidedToken, TokenFuture, TokenProvider,
};
pub use body::DEFAULT_MAX_RESPONSE_BYTES;
pub use bytes::Bytes;
pub use client::{ApiResponse, ClientBuilder, ClientCore, FromCore};
pub use credentials::TokenCredentials;
pub use error::{
    DecodeError, DecodedBody, Error, ErrorDetails, ServiceError, TransportError, decode_error_body,
    scalar_text,
};
pub use hcgen_types::{
    Date, FieldPath, Rule, Timestamp, Validate, ValidationError, Violation, Violations, time,
    validate,
};
pub use hooks::{Attempt, Hook, ResponseInfo};
pub use multipart::Multipart;
pub use profile::Profile;
pub use request::{JSON_CONTENT_TYPE, RawResponse, RequestBuilder, json_param, param_text};
/// The HTTP client library, re-exported so that a `reqwest::Client` for
/// [`ClientBuilder::http_client`] comes from the same version.
pub use reqwest;
pub use retry::{
    DEFAULT_BASE_DELAY, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_DELAY, DEFAULT_TOTAL_BUDGET, RetryPolicy,
};
pub use secrecy;

/// Re-exports used by generated code, so generated crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
