//! Test support (feature `test-util`): answer a client's requests from rules instead of the
//! network, in process or over loopback HTTP.
//!
//! A generated crate built with its `test-util` feature has a `mock` module with one
//! function per operation, returning a typed [`Rule`] (its matchers see the operation's
//! request decoded into the generated types). Rules go into a [`Mock`], which
//! [`ClientBuilder::mock`](crate::ClientBuilder::mock) answers from in process (no socket,
//! no port) or a [`Loopback`] server serves on `127.0.0.1`.
//!
//! In process, the mock takes the place of the network only: hooks, credentials (signing
//! included), retries, time-out reporting, the response size limit and the decoding of
//! error bodies run as with the real transport, and constraint checks still reject an
//! invalid request before anything reaches a rule. Without the feature none of this is
//! compiled.
//!
//! - [`rules`](Rule): per operation, a matcher and replies in order (the last repeats);
//! - [`Reply`]: a response, a service error in the API's format, a time-out, a connection
//!   error;
//! - [`MockRequest`]: the request as a rule sees it, and the decoding of its parameters;
//! - [`Loopback`]: the same rules over HTTP.

mod in_process;
mod loopback;
mod matching;
mod redaction;
mod responses;
mod rules;

pub use loopback::Loopback;
pub use matching::{DecodeRequest, MockRequest, required};
pub(crate) use responses::MockFailure;
pub use responses::Reply;
pub(crate) use responses::generic_error_body;
pub use rules::{Mock, Rule, bytes_reply, json_reply};
