//! Optional per-credential token buckets (Databrain documents `RATE_LIMIT_EXCEEDED` but no
//! limits; the mock lets tests exercise a client's back-off against a deterministic one).

use std::collections::HashMap;
use std::time::Instant;

use crate::seed::RateLimit;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Buckets keyed by the raw `Authorization` value (requests without one share a bucket).
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    /// Takes one token for `credential`; `Err(seconds)` is the `Retry-After` to send when the
    /// bucket is empty.
    pub(crate) fn check(
        &mut self,
        limit: RateLimit,
        credential: &str,
        now: Instant,
    ) -> Result<(), u64> {
        let burst = f64::from(limit.burst);
        let bucket = match self.buckets.get_mut(credential) {
            Some(b) => b,
            None => self.buckets.entry(credential.to_owned()).or_insert(Bucket {
                tokens: burst,
                last: now,
            }),
        };
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second).min(burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / limit.per_second;
            Err((wait.ceil() as u64).max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refills() {
        let limit = RateLimit {
            per_second: 2.0,
            burst: 3,
        };
        let mut rl = RateLimiter::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.check(limit, "k", t0).is_ok());
        }
        assert_eq!(rl.check(limit, "k", t0), Err(1));
        assert!(
            rl.check(limit, "other", t0).is_ok(),
            "buckets are per credential"
        );
        assert!(
            rl.check(limit, "k", t0 + Duration::from_millis(600))
                .is_ok()
        );
        let slow = RateLimit {
            per_second: 0.1,
            burst: 1,
        };
        assert!(rl.check(slow, "s", t0).is_ok());
        assert_eq!(rl.check(slow, "s", t0), Err(10));
    }
}
