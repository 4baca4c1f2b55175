#![doc = include_str!("../README.md")]
//!
//! ## Modules
//!
//! The pipeline, one module per job:
//!
//! 1. [`load`]: read a spec from a file or a git revision, parse YAML/JSON, bring OpenAPI
//!    3.1 into the 3.0 model's form, validate it (with `openapiv3`) and check every `$ref`.
//! 2. [`resolve`]: JSON pointers, `$ref` resolution with cycle guards, and a normalized
//!    schema view in which key order, formatting and `$ref` layout no longer matter.
//! 3. [`compare`]: walk both documents from their operations and pair what corresponds.
//! 4. [`rules`]: the rule registry; each change gets a rule id, a severity and a reason.
//! 5. [`rust_api`]: the public API of the generated crate on both sides (parsed with
//!    `syn`), its differences and the implied semver bump.
//! 6. [`report`]: the report, rendered as markdown (for a PR comment) or JSON; [`locate`]
//!    points each generated-API change at the spec element it comes from.
//!
//! [`cli`] ties them together for `cargo xtask spec-diff`.

#![deny(missing_docs)]

pub mod cli;
pub mod compare;
pub mod load;
pub mod locate;
mod markdown;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod rust_api;

pub use load::{Document, SpecSource, parse_document};
pub use report::{Format, Report};
pub use resolve::pointer;
pub use rules::{Change, Severity};
pub use rust_api::{Generator, Semver};

/// Everything that can go wrong before a report exists. The CLI exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file, a git revision or a git repository could not be read.
    #[error("cannot read {what}: {detail}")]
    Read {
        /// What was being read.
        what: String,
        /// Why it failed.
        detail: String,
    },
    /// The text is neither YAML nor JSON.
    #[error("{name}: not YAML or JSON: {detail}")]
    Syntax {
        /// The document's name.
        name: String,
        /// The parser's message.
        detail: String,
    },
    /// The document is YAML/JSON but not an OpenAPI 3.0.x or 3.1.x document (or a 3.1
    /// construct that the 3.0 model cannot hold).
    #[error("{name}: not an OpenAPI 3.0.x or 3.1.x document the generator reads: {detail}")]
    NotOpenApi {
        /// The document's name.
        name: String,
        /// Why not.
        detail: String,
    },
    /// A `$ref` is external, dangling or circular.
    #[error("{name}: invalid $ref at {pointer}: {detail}")]
    InvalidRef {
        /// The document's name.
        name: String,
        /// Where the `$ref` is.
        pointer: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The document is over one of spec-diff's bounds (e.g. nesting depth).
    #[error("{name}: over a limit at {pointer}: {detail}")]
    Limit {
        /// The document's name.
        name: String,
        /// Where the bound is exceeded.
        pointer: String,
        /// Which bound.
        detail: String,
    },
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
}

/// Compare two documents at the spec level only (no generated code): sorted changes.
pub fn diff(base: &Document, head: &Document) -> Vec<Change> {
    compare::compare(base, head)
}
