#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`ApiInfo`] / [`OperationInfo`]: what a generated crate tells the runtime (static data);
//! - [`ClientBuilder`] / [`ClientCore`]: endpoint selection, time-outs, User-Agent, and the
//!   `reqwest` transport;
//! - [`auth`]: credentials and the hook that sees the final request just before it is sent;
//! - [`Profile`]: a vendor's behaviour on top of the generic client;
//! - [`Error`]: one error type for every failure;
//! - [`path`]: percent-encoding of path parameters;
//! - the types' codec, dates and validation come from `hcgen-types`, re-exported here.
#![deny(missing_docs)]

mod api;
pub mod auth;
mod client;
mod credentials;
mod error;
mod multipart;
pub mod path;
mod profile;
mod request;

pub use api::{ApiInfo, KeyLocation, OperationInfo, SecurityInfo, ServerInfo, VariableInfo};
pub use auth::{
    Authenticator, Credentials, OutgoingRequest, ProvidedToken, TokenFuture, TokenProvider,
};
pub use bytes::Bytes;
pub use client::{ApiResponse, ClientBuilder, ClientCore, FromCore};
pub use credentials::TokenCredentials;
pub use error::{DecodeError, Error, ErrorDetails, ServiceError, scalar_text};
pub use hcgen_types::{
    Date, FieldPath, Rule, Timestamp, Validate, ValidationError, Violation, Violations, time,
    validate,
};
pub use multipart::Multipart;
pub use profile::Profile;
pub use request::{JSON_CONTENT_TYPE, RawResponse, RequestBuilder, json_param, param_text};
pub use secrecy;

/// Re-exports used by generated code, so generated crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
