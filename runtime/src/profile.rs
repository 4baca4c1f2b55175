//! Vendor profiles: what the APIs of one vendor share beyond their OpenAPI documents (how a
//! region maps to an endpoint, how error bodies are written), added on top of the generic
//! client.
//!
//! A generated crate names its profile in [`ApiInfo::profile`](crate::ApiInfo::profile); the
//! generator writes one only when asked to (`hcgen generate --profile NAME`, or
//! `x-hcgen-profile` in the spec). Credentials are not part of a profile: they are
//! [`Authenticator`](crate::Authenticator)s, given to the client builder.

use crate::error::{Error, ErrorDetails};
use std::fmt;

/// Behaviour a vendor adds to the generic client. Every method has the generic behaviour as
/// its default.
pub trait Profile: Send + Sync + fmt::Debug {
    /// The endpoint to use for `region` instead of the spec's servers, when the vendor's
    /// conventions name one (for example an environment variable); `Ok(None)` uses the
    /// servers with `region` as their `region` variable.
    fn region_endpoint(&self, region: &str) -> Result<Option<String>, Error> {
        let _ = region;
        Ok(None)
    }

    /// The error code, message and other details of an error response body.
    fn error_details(&self, body: &[u8]) -> ErrorDetails {
        ErrorDetails::from_json_body(body)
    }

    /// An error body in the vendor's format with `code` and `message`, which
    /// [`error_details`](Self::error_details) reads back: what a mocked service error
    /// answers (feature `test-util`). The generic one is `{"code", "message"}`.
    #[cfg(feature = "test-util")]
    fn mock_error_body(&self, code: &str, message: &str) -> Vec<u8> {
        crate::mock::generic_error_body(code, message)
    }
}
