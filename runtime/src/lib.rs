#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`ClientBuilder`] / [`ClientCore`]: endpoint selection, time-outs, User-Agent, and the
//!   `reqwest` transport;
//! - [`auth`]: credentials and the hook that sees the final request just before it is sent;
//! - [`validate`]: request-side constraint checks;
//! - [`Error`]: one error type for every failure;
//! - [`path`]: percent-encoding of path parameters.
#![deny(missing_docs)]

pub mod auth;
mod client;
mod datetime;
#[doc(hidden)]
pub mod de;
mod error;
mod multipart;
mod object;
pub mod path;
mod request;
#[doc(hidden)]
pub mod ser;
pub mod validate;

pub use auth::{AkSkCredentials, Authenticator, Credentials, OutgoingRequest, TokenCredentials};
pub use bytes::Bytes;
pub use client::{
    ApiInfo, ApiResponse, ClientBuilder, ClientCore, FromCore, OperationInfo, SecurityInfo,
    ServerInfo, VariableInfo,
};
pub use datetime::{Date, Timestamp};
pub use error::{DecodeError, Error, ServiceError};
pub use multipart::Multipart;
pub use request::{JSON_CONTENT_TYPE, RawResponse, RequestBuilder, json_param, param_text};
pub use time;
pub use validate::{FieldPath, Rule, Validate, ValidationError, Violation, Violations};

/// Re-exports used by generated code, so generated crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
