#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`object_serde!`]: the codec of generated object types, over the hidden [`ser`] and [`de`]
//!   modules;
//! - [`Timestamp`] and [`Date`]: `date-time` and `date` values;
//! - [`validate`]: request-side constraint checks.
#![deny(missing_docs)]

mod datetime;
#[doc(hidden)]
pub mod de;
mod object;
#[doc(hidden)]
pub mod ser;
pub mod validate;

pub use datetime::{Date, Timestamp};
pub use time;
pub use validate::{FieldPath, Rule, Validate, ValidationError, Violation, Violations};

/// Re-exports used by generated code, so generated crates need no direct dependency on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
