//! When to try again, and how long to wait first.

use std::time::{Duration, SystemTime};

/// Backoff settings. The defaults suit an interactive backend minting tokens for a page load:
/// a few fast retries, never a wait longer than a user would sit through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
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
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with full jitter (uniform in `[0, min(max, base * 2^retry)]`), which
    /// spreads a herd of clients that were rate-limited together. Seven lines of arithmetic and
    /// `fastrand` do what a backoff crate would, without its timer or runtime assumptions.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.base_delay.saturating_mul(1u32.checked_shl(retry.min(30)).unwrap_or(u32::MAX)).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Whether a request may be sent again after it may have reached Databrain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// A duplicate is harmless (guest tokens): retry 5xx, timeouts and broken connections.
    Safe,
    /// A duplicate is harmful (API keys): retry only what certainly did not reach the server.
    NotSafe,
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
}
