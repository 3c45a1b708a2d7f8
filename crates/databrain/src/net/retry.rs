//! When to try again, and how long to wait first: one pure function, [`decide`].

use std::time::{Duration, SystemTime};

/// Retries after the first attempt unless set (as Stripe and OpenAI SDKs do).
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Retry settings. The defaults suit an interactive backend minting tokens for a page load:
/// a few fast retries, never a wait longer than a user would sit through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default [`DEFAULT_MAX_RETRIES`]); 0 turns retries off.
    pub max_retries: u32,
    /// First backoff ceiling; doubles on every retry.
    pub base_delay: Duration,
    /// Largest backoff ceiling (before jitter).
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited out: the call fails with
    /// [`crate::Error::RateLimited`] carrying the requested delay, for the caller to decide.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The backoff ceiling before retry number `retry + 1`: `min(max, base * 2^retry)`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        self.base_delay.saturating_mul(1u32.checked_shl(retry.min(30)).unwrap_or(u32::MAX)).min(self.max_delay)
    }

    /// Exponential backoff with full jitter (uniform in `[0, ceiling(retry)]`), which spreads
    /// a herd of clients that were rate-limited together.
    pub fn backoff(&self, retry: u32) -> Duration {
        self.ceiling(retry).mul_f64(fastrand::f64())
    }
}

/// Whether a request may be sent again after it may have reached Databrain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// A duplicate is harmless (guest tokens, reads): retry 5xx, timeouts and broken connections.
    Safe,
    /// A duplicate is harmful (creating a key): retry only what certainly did not reach the server.
    NotSafe,
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// An HTTP answer with an error status.
    Answered {
        /// The status.
        status: u16,
        /// The parsed `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// No (complete) answer: timeout, refused or broken connection.
    NoAnswer {
        /// Certainly never reached the server (the connection was not even made).
        unsent: bool,
    },
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Give up: not retryable, or the retry budget is spent.
    Stop,
    /// Give up: Databrain asked for a wait longer than [`RetryPolicy::max_retry_after`].
    WaitTooLong(Duration),
}

/// The retry rule. `retries_done` counts retries already made (0 after the first attempt);
/// `jitter` in `[0, 1]` picks the point in the backoff window (random in real calls).
/// 429 is always retried, honouring `Retry-After`; 5xx and missing answers only when a
/// duplicate is harmless, except a connection that was never made.
pub(crate) fn decide(outcome: Outcome, idempotency: Idempotency, retries_done: u32, policy: &RetryPolicy, jitter: f64) -> Decision {
    let (retryable, asked) = match outcome {
        Outcome::Answered { status: 429, retry_after } => (true, retry_after),
        Outcome::Answered { status: 500..=599, .. } => (idempotency == Idempotency::Safe, None),
        Outcome::Answered { .. } => (false, None),
        Outcome::NoAnswer { unsent } => (unsent || idempotency == Idempotency::Safe, None),
    };
    if !retryable || retries_done >= policy.max_retries {
        return Decision::Stop;
    }
    match asked {
        Some(asked) if asked > policy.max_retry_after => Decision::WaitTooLong(asked),
        Some(asked) => Decision::Retry(asked),
        None => Decision::Retry(policy.ceiling(retries_done).mul_f64(jitter.clamp(0.0, 1.0))),
    }
}

/// `Retry-After` as delta-seconds (`"2"`, also `"1.5"`) or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 ", now), Some(Duration::from_millis(500)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let d = p.backoff(retry);
            assert!(d <= p.max_delay);
            assert!(d <= p.base_delay * 2u32.saturating_pow(retry.min(20)));
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| p.backoff(3)).collect();
        assert!(spread.len() > 10, "jitter should spread delays");
    }

    #[test]
    fn decisions() {
        use Decision::*;
        use Idempotency::*;
        let p = RetryPolicy::default();
        let status = |status| Outcome::Answered { status, retry_after: None };
        let limited = |secs| Outcome::Answered { status: 429, retry_after: Some(Duration::from_secs(secs)) };
        // 429: always, honouring Retry-After, within the cap.
        assert_eq!(decide(limited(2), NotSafe, 0, &p, 0.5), Retry(Duration::from_secs(2)));
        assert_eq!(decide(limited(61), Safe, 0, &p, 0.5), WaitTooLong(Duration::from_secs(61)));
        assert_eq!(decide(status(429), NotSafe, 1, &p, 1.0), Retry(p.ceiling(1)));
        // 5xx and missing answers only when a duplicate is harmless, or never sent.
        assert_eq!(decide(status(503), Safe, 0, &p, 0.0), Retry(Duration::ZERO));
        assert_eq!(decide(status(503), NotSafe, 0, &p, 0.0), Stop);
        assert_eq!(decide(Outcome::NoAnswer { unsent: false }, NotSafe, 0, &p, 0.0), Stop);
        assert_eq!(decide(Outcome::NoAnswer { unsent: true }, NotSafe, 0, &p, 0.0), Retry(Duration::ZERO));
        assert_eq!(decide(Outcome::NoAnswer { unsent: false }, Safe, 0, &p, 1.0), Retry(p.base_delay));
        // Other 4xx never; the budget ends it all.
        assert_eq!(decide(status(400), Safe, 0, &p, 0.0), Stop);
        assert_eq!(decide(limited(0), Safe, p.max_retries, &p, 0.0), Stop);
        let off = RetryPolicy { max_retries: 0, ..RetryPolicy::default() };
        assert_eq!(decide(status(503), Safe, 0, &off, 0.0), Stop);
    }
}
