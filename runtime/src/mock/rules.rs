//! Rules: per operation, an optional matcher over the typed request and the replies to give,
//! in order; and [`Mock`], the rules a client or a loopback server answers from.

use super::matching::{DecodeRequest, MockRequest, path_params};
use super::redaction::{describe, key_names};
use super::responses::{Answer, Rendered, Reply};
use crate::api::{ApiInfo, OperationInfo};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A matcher over the typed request.
type Matcher<Req> = Arc<dyn Fn(&Req) -> bool + Send + Sync>;

/// A rule for one operation: which of its requests it answers ([`matching`](Self::matching))
/// and with what (`then_*`, in order). Made by the functions of a generated crate's `mock`
/// module, one per operation (`mock::copy_checkpoint()`); `Req` is the operation's typed
/// request, `Ok` its success body.
///
/// Replies are given in the order they were added, one per matching call; once they are
/// used up, **the last one repeats** (so a rule with one reply answers every call). A
/// rule without replies fails the calls it matches with [`Error::Config`](crate::Error::Config).
///
/// Clones share the call counter: keep one to assert on [`calls`](Self::calls) after the
/// rule was added to a [`Mock`] with [`Mock::with`].
pub struct Rule<Req, Ok> {
    api: &'static ApiInfo,
    operation: &'static OperationInfo,
    success: u16,
    encode: fn(u16, &Ok) -> Reply,
    matchers: Vec<Matcher<Req>>,
    replies: Vec<Reply>,
    calls: Arc<AtomicUsize>,
    _types: PhantomData<fn(&Req, &Ok)>,
}

impl<Req, Ok> Clone for Rule<Req, Ok> {
    fn clone(&self) -> Self {
        Rule {
            matchers: self.matchers.clone(),
            replies: self.replies.clone(),
            calls: Arc::clone(&self.calls),
            ..*self
        }
    }
}

impl<Req, Ok> fmt::Debug for Rule<Req, Ok> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.operation.name)
            .field("matchers", &self.matchers.len())
            .field("replies", &self.replies)
            .field("calls", &self.calls())
            .finish()
    }
}

impl<Req, Ok> Rule<Req, Ok> {
    /// How many requests this rule (or a clone of it) answered so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl<Req: DecodeRequest + 'static, Ok> Rule<Req, Ok> {
    /// For generated code: a rule for `operation` of `api`, whose success status is
    /// `success` and whose success body `encode` writes.
    #[doc(hidden)]
    pub fn new(
        api: &'static ApiInfo,
        operation: &'static OperationInfo,
        success: u16,
        encode: fn(u16, &Ok) -> Reply,
    ) -> Self {
        Rule {
            api,
            operation,
            success,
            encode,
            matchers: Vec::new(),
            replies: Vec::new(),
            calls: Arc::new(AtomicUsize::new(0)),
            _types: PhantomData,
        }
    }

    /// Answers only the requests for which `matcher` holds (all of them, when called more
    /// than once). The request is decoded into its typed form first; a request that does
    /// not decode does not match (the "no rule matches" error says why).
    pub fn matching(mut self, matcher: impl Fn(&Req) -> bool + Send + Sync + 'static) -> Self {
        self.matchers.push(Arc::new(matcher));
        self
    }

    /// Then answers with the operation's success status and `body`.
    pub fn then_ok(self, body: Ok) -> Self {
        let reply = (self.encode)(self.success, &body);
        self.then_reply(reply)
    }

    /// Then answers with `status` and `body` as JSON: typically the error body type the
    /// operation declares for the status, which the client then decodes.
    pub fn then_error<E: serde::Serialize>(self, status: u16, body: E) -> Self {
        self.then_reply(Reply::json(status, &body))
    }

    /// Then answers with an error status and a body in the API's error format, with
    /// `code` and `message` (see [`Reply::service_error`]; add a request ID with
    /// [`then_reply`](Self::then_reply) and [`Reply::with_request_id`]).
    pub fn then_service_error(self, status: u16, code: &str, message: &str) -> Self {
        self.then_reply(Reply::service_error(status, code, message))
    }

    /// Then answers with a time-out (see [`Reply::timeout`]).
    pub fn then_timeout(self) -> Self {
        self.then_reply(Reply::timeout())
    }

    /// Then answers with a connection error (see [`Reply::connect_error`]).
    pub fn then_connect_error(self) -> Self {
        self.then_reply(Reply::connect_error())
    }

    /// Then answers with `reply`.
    pub fn then_reply(mut self, reply: Reply) -> Self {
        self.replies.push(reply);
        self
    }

    /// Then answers with each of `replies` in turn.
    pub fn sequence(mut self, replies: impl IntoIterator<Item = Reply>) -> Self {
        self.replies.extend(replies);
        self
    }

    /// The rule without its types, as a [`Mock`] keeps it.
    fn entry(&self) -> Entry {
        let matcher: Option<ErasedMatcher> = if self.matchers.is_empty() {
            None
        } else {
            let matchers = self.matchers.clone();
            Some(Arc::new(move |request: &MockRequest<'_>| {
                let typed = Req::decode(request)?;
                Ok(matchers.iter().all(|m| m(&typed)))
            }))
        };
        Entry {
            api: self.api,
            operation: self.operation,
            matcher,
            replies: self.replies.clone().into(),
            calls: Arc::clone(&self.calls),
        }
    }
}

/// For generated code: the success reply of an operation with a JSON body.
#[doc(hidden)]
pub fn json_reply<T: serde::Serialize>(status: u16, body: &T) -> Reply {
    Reply::json(status, body)
}

/// For generated code: the success reply of an operation whose body is bytes.
#[doc(hidden)]
pub fn bytes_reply(status: u16, body: &bytes::Bytes) -> Reply {
    Reply::raw(status, "application/octet-stream", body.clone())
}

type ErasedMatcher = Arc<dyn Fn(&MockRequest<'_>) -> Result<bool, String> + Send + Sync>;

/// A rule without its types.
#[derive(Clone)]
struct Entry {
    api: &'static ApiInfo,
    operation: &'static OperationInfo,
    matcher: Option<ErasedMatcher>,
    replies: Arc<[Reply]>,
    calls: Arc<AtomicUsize>,
}

/// The rules a mocked client ([`ClientBuilder::mock`](crate::ClientBuilder::mock)) or a
/// [`Loopback`](super::Loopback) server answers from. A request is answered by the first
/// rule, in the order they were added, that is for its operation and whose matchers hold.
///
/// A request that no rule matches fails: in process with
/// [`Error::Config`](crate::Error::Config), over loopback with status 501; the message names
/// the operation, says why each of its rules did not match, and shows the request with the
/// values of secrets (`Authorization`, `X-Auth-Token`, `X-Security-Token`, `Cookie`, and the
/// operation's API keys) redacted. [`unmatched`](Self::unmatched) lists those messages.
///
/// Cheap to clone: clones share the rules' counters and the list of unmatched requests.
#[derive(Clone, Default)]
pub struct Mock {
    rules: Vec<Entry>,
    unmatched: Arc<Mutex<Vec<String>>>,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ops: Vec<&str> = self.rules.iter().map(|r| r.operation.name).collect();
        f.debug_struct("Mock")
            .field("rules", &ops)
            .finish_non_exhaustive()
    }
}

/// How a mock answers one request.
pub(crate) enum Outcome {
    Answered(Rendered),
    /// No rule matched: the message.
    Unmatched(String),
}

impl Mock {
    /// No rules yet: every request fails until rules are added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `rule` (after the rules already added). The rule's replies are taken as they
    /// are now; its call counter stays shared with `rule`.
    pub fn with<Req: DecodeRequest + 'static, Ok>(mut self, rule: &Rule<Req, Ok>) -> Self {
        self.rules.push(rule.entry());
        self
    }

    /// The messages of the requests no rule matched so far, in order.
    pub fn unmatched(&self) -> Vec<String> {
        self.unmatched
            .lock()
            .map(|list| list.clone())
            .unwrap_or_default()
    }

    /// Answers `request`: for `operation` when the caller knows it (in process), else for
    /// the rules whose method and path template fit (loopback).
    pub(crate) fn answer(
        &self,
        operation: Option<&OperationInfo>,
        request: &MockRequest<'_>,
    ) -> Outcome {
        let mut reasons = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let fits = match operation {
                Some(op) => rule.operation.name == op.name,
                None => {
                    rule.operation
                        .method
                        .eq_ignore_ascii_case(request.method.as_str())
                        && path_params(rule.operation.path_template, request.url.path()).is_some()
                }
            };
            if !fits {
                continue;
            }
            let seen = MockRequest {
                operation: rule.operation,
                ..*request
            };
            let matched = match &rule.matcher {
                None => Ok(true),
                Some(m) => m(&seen),
            };
            match matched {
                Ok(true) => return Outcome::Answered(rule.reply()),
                Ok(false) => reasons.push(format!(
                    "rule {} ({}): its matcher returned false",
                    i + 1,
                    rule.operation.name
                )),
                Err(e) => reasons.push(format!(
                    "rule {} ({}): the request does not decode as its typed request: {e}",
                    i + 1,
                    rule.operation.name
                )),
            }
        }
        let message = self.unmatched_message(operation, request, &reasons);
        if let Ok(mut list) = self.unmatched.lock() {
            list.push(message.clone());
        }
        Outcome::Unmatched(message)
    }

    fn unmatched_message(
        &self,
        operation: Option<&OperationInfo>,
        request: &MockRequest<'_>,
        reasons: &[String],
    ) -> String {
        let ops = operation
            .into_iter()
            .chain(self.rules.iter().map(|r| r.operation));
        let (headers, query) = key_names(ops);
        let what = match operation {
            Some(op) => format!("this {} request", op.name),
            None => "this request".to_owned(),
        };
        let why = if reasons.is_empty() {
            let names: Vec<&str> = self.rules.iter().map(|r| r.operation.name).collect();
            format!(
                "there is no rule for it (rules for: {})",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            )
        } else {
            reasons.join("; ")
        };
        format!(
            "no mock rule matches {what}: {why}\n{}",
            describe(request, &headers, &query)
        )
    }
}

impl Entry {
    /// Counts the call and renders its reply: the next one, or the last once they are used.
    fn reply(&self) -> Rendered {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        match self.replies.get(n).or(self.replies.last()) {
            Some(reply) => reply.0.render(self.api),
            None => Answer::Invalid(format!(
                "the mock rule for {} has no reply: add one with then_ok, then_error, \
                 then_service_error, then_timeout, then_connect_error or then_reply",
                self.operation.name
            ))
            .render(self.api),
        }
    }
}
