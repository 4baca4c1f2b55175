//! When a failed attempt is tried again, and after how long.

use http::{HeaderMap, Method, StatusCode};
use std::time::{Duration, SystemTime};

/// When and how often a call is tried again after a failure.
///
/// The default ([`RetryPolicy::new`]) makes at most 3 attempts of an idempotent call (`GET`,
/// `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) that ended with status 429, 502, 503 or 504,
/// or with a connection error (refused, or broken before a response arrived); a time-out is
/// retried only for idempotent methods, whatever the policy, since the service may have
/// processed the request. `POST` and `PATCH` are never retried unless
/// [`retry_non_idempotent(true)`](Self::retry_non_idempotent).
///
/// The delay before retry `n` (from 0) is random between zero and
/// `min(max_delay, base_delay * 2^n)` ("full jitter"), unless the response carries
/// `Retry-After` (seconds or an HTTP date), which is then waited instead, capped at
/// `max_delay`. No retry starts once the total budget (time since the first attempt,
/// delay included) would be exceeded.
///
/// Each attempt runs the client's hooks and authenticator again (signatures carry a
/// timestamp) and is recorded in the `hcgen.request` tracing span.
///
/// ```
/// use hcgen_runtime::RetryPolicy;
/// use std::time::Duration;
///
/// let policy = RetryPolicy::new()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(200))
///     .total_budget(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    total_budget: Duration,
    non_idempotent: bool,
}

/// Default number of attempts (the first one included).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default base of the exponential backoff.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(100);
/// Default cap of one delay.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(20);
/// Default total time after which no retry starts.
pub const DEFAULT_TOTAL_BUDGET: Duration = Duration::from_secs(60);

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            total_budget: DEFAULT_TOTAL_BUDGET,
            non_idempotent: false,
        }
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A response with this status; `Retry-After` if it had one.
    Status(StatusCode, Option<Duration>),
    /// No connection, or the connection broke before a complete response.
    Connection,
    /// The time-out expired after the request may have been sent.
    Timeout,
    /// Anything else: never retried.
    Final,
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every call is one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first one included (default 3; 0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff (default 100 ms).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Cap of one delay, `Retry-After` included (default 20 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Time since the first attempt after which no retry starts (default 60 s).
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.total_budget = budget;
        self
    }

    /// Also retries `POST`, `PATCH` and other non-idempotent methods on retryable statuses
    /// and connection errors (not on time-outs). Only for operations that are safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// The number of attempts this policy makes at most.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// False when no failure of a `method` call is ever retried.
    pub(crate) fn may_retry(&self, method: &Method) -> bool {
        // A time-out of an idempotent call is retried even without the opt-in.
        self.max_attempts > 1 && (is_idempotent(method) || self.non_idempotent)
    }

    /// The delay before the next attempt, or `None` when attempt number `attempt` (from 1),
    /// which ended in `failure` after `elapsed` since the first attempt, is the last.
    pub(crate) fn next_delay(
        &self,
        method: &Method,
        failure: Failure,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let may_repeat = is_idempotent(method) || self.non_idempotent;
        let (retryable, retry_after) = match failure {
            Failure::Status(status, retry_after) => {
                (may_repeat && is_retryable_status(status), retry_after)
            }
            Failure::Connection => (may_repeat, None),
            Failure::Timeout => (is_idempotent(method), None),
            Failure::Final => (false, None),
        };
        if !retryable {
            return None;
        }
        let delay = match retry_after {
            Some(wait) => wait.min(self.max_delay),
            None => self.backoff(attempt - 1),
        };
        let remaining = self.total_budget.saturating_sub(elapsed);
        (delay < remaining).then_some(delay)
    }

    /// Full jitter: random in `[0, min(max_delay, base_delay * 2^retry)]`.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Methods whose repetition has the effect of one request (RFC 9110, 9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Statuses that say "try again later": 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for, at `now`: delta-seconds or an HTTP date
/// (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`); a date in the past is no wait.
/// Anything else is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than a u64 holds is "very long": the caller caps it.
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(text, format)
        .ok()?
        .assume_utc();
    let now = time::OffsetDateTime::from(now);
    Some(Duration::try_from(at - now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: Method = Method::GET;
    const POST: Method = Method::POST;

    fn status(code: u16) -> Failure {
        Failure::Status(StatusCode::from_u16(code).unwrap(), None)
    }

    #[test]
    fn idempotent_methods_retry_on_retryable_statuses_and_connection_errors_only() {
        let p = RetryPolicy::new().max_delay(Duration::from_millis(1));
        let t0 = Duration::ZERO;
        for code in [429, 502, 503, 504] {
            assert!(p.next_delay(&GET, status(code), 1, t0).is_some(), "{code}");
            assert!(p.next_delay(&POST, status(code), 1, t0).is_none(), "{code}");
        }
        for code in [400, 401, 404, 409, 500, 501] {
            assert!(p.next_delay(&GET, status(code), 1, t0).is_none(), "{code}");
        }
        for m in [Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS] {
            assert!(
                p.next_delay(&m, Failure::Connection, 1, t0).is_some(),
                "{m}"
            );
        }
        assert!(
            p.next_delay(&Method::PATCH, Failure::Connection, 1, t0)
                .is_none()
        );
        assert!(p.next_delay(&GET, Failure::Timeout, 1, t0).is_some());
        assert!(p.next_delay(&GET, Failure::Final, 1, t0).is_none());
        assert!(p.may_retry(&GET) && !p.may_retry(&POST));
        assert!(!RetryPolicy::none().may_retry(&GET));
    }

    #[test]
    fn opting_in_retries_post_but_never_after_a_time_out() {
        let p = RetryPolicy::new().retry_non_idempotent(true);
        let t0 = Duration::ZERO;
        assert!(p.next_delay(&POST, status(503), 1, t0).is_some());
        assert!(p.next_delay(&POST, Failure::Connection, 1, t0).is_some());
        assert!(p.next_delay(&POST, Failure::Timeout, 1, t0).is_none());
        assert!(p.may_retry(&POST));
    }

    #[test]
    fn attempts_and_total_time_are_bounded() {
        let p = RetryPolicy::new()
            .max_attempts(4)
            .max_delay(Duration::from_millis(10));
        let t0 = Duration::ZERO;
        assert!(p.next_delay(&GET, status(503), 3, t0).is_some());
        assert!(p.next_delay(&GET, status(503), 4, t0).is_none());
        assert!(
            RetryPolicy::none()
                .next_delay(&GET, status(503), 1, t0)
                .is_none()
        );
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
        // The budget is spent: no retry, even with attempts left.
        let spent = p.clone().total_budget(Duration::from_secs(1));
        assert!(
            spent
                .next_delay(&GET, status(503), 1, Duration::from_secs(1))
                .is_none()
        );
        // A Retry-After longer than what is left of the budget: no retry.
        let wait = Failure::Status(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(5)));
        let budget = RetryPolicy::new().total_budget(Duration::from_secs(2));
        assert_eq!(budget.next_delay(&GET, wait, 1, t0), None);
    }

    #[test]
    fn backoff_is_full_jitter_under_an_exponential_ceiling() {
        let p = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        for retry in 0..40 {
            let ceiling = Duration::from_millis(100)
                .saturating_mul(2u32.saturating_pow(retry))
                .min(Duration::from_secs(1));
            for _ in 0..50 {
                assert!(p.backoff(retry) <= ceiling, "retry {retry}");
            }
        }
        // Jitter: the delays of one retry are not all the same.
        let delays: std::collections::HashSet<Duration> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(delays.len() > 1);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryPolicy::new().max_delay(Duration::from_secs(3));
        let wait = |d| Failure::Status(StatusCode::SERVICE_UNAVAILABLE, Some(d));
        let t0 = Duration::ZERO;
        assert_eq!(
            p.next_delay(&GET, wait(Duration::ZERO), 1, t0),
            Some(Duration::ZERO)
        );
        assert_eq!(
            p.next_delay(&GET, wait(Duration::from_secs(2)), 1, t0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.next_delay(&GET, wait(Duration::from_secs(3600)), 1, t0),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let at = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
            // 1994-11-06 08:49:30 UTC
            retry_after(
                &h,
                SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770),
            )
        };
        assert_eq!(at("0"), Some(Duration::ZERO));
        assert_eq!(at(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            at("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            at("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::from_secs(7))
        );
        assert_eq!(at("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(at("soon"), None);
        assert_eq!(at("-5"), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }
}
