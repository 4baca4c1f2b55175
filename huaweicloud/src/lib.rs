#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`HuaweiCloud`]: the [`Profile`](hcgen_runtime::Profile) (region endpoint overrides,
//!   the official error-body formats);
//! - [`Credentials`]: IAM tokens, AK/SK signing, credentials from the environment;
//! - [`project_id`] and [`scope`]: what generated operations call for `{project_id}`.
#![deny(missing_docs)]

mod credentials;
mod errors;
mod profile;
mod project;

pub use credentials::{AkSkCredentials, Credentials, ProjectScope, TokenCredentials};
pub use errors::error_details;
pub use profile::HuaweiCloud;
pub use project::{project_id, scope};
