//! The mock's clock, and RFC 3339 formatting without a date-time crate.
//!
//! Everything time-dependent that a test must be able to step through (guest-token expiry, the
//! grace period of a rotated API key, `createdAt`/`updatedAt`/`exportedAt` stamps) reads
//! [`Clock::now_ms`], never the system clock directly: tests move it with
//! `POST /__mock/clock` or [`crate::MockServer::advance_clock`] instead of sleeping through
//! real minutes. The rate limiter is the exception: it measures real elapsed time (a client's
//! back-off sleeps for real), so it uses `Instant`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch on the system clock (0 if the clock is before it).
pub(crate) fn system_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// A controllable clock: the system clock shifted by an offset, optionally frozen.
///
/// Running (the default) it ticks with real time, so a mock nobody steers behaves like a real
/// server; frozen it only moves when told to, which makes "works at grace − 1 s, fails at
/// grace + 1 s" exact instead of racing the wall clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Clock {
    /// Added to the system clock while running.
    offset_ms: i64,
    /// `Some(t)`: frozen at mock time `t`.
    frozen_at: Option<u64>,
}

impl Clock {
    /// Mock time, ms since the epoch.
    pub(crate) fn now_ms(&self) -> u64 {
        match self.frozen_at {
            Some(t) => t,
            None => shift(system_ms(), self.offset_ms),
        }
    }

    /// Moves mock time by `delta_ms` (negative moves it back), frozen or not.
    pub(crate) fn advance(&mut self, delta_ms: i64) {
        match &mut self.frozen_at {
            Some(t) => *t = shift(*t, delta_ms),
            None => self.offset_ms = self.offset_ms.saturating_add(delta_ms),
        }
    }

    /// Sets mock time to `ms`; a running clock keeps ticking from there.
    pub(crate) fn set(&mut self, ms: u64) {
        match &mut self.frozen_at {
            Some(t) => *t = ms,
            None => {
                let delta = i128::from(ms) - i128::from(system_ms());
                self.offset_ms = delta.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
            }
        }
    }

    /// Freezes the clock at the current mock time, or lets it run again from there.
    pub(crate) fn freeze(&mut self, frozen: bool) {
        let now = self.now_ms();
        match (frozen, self.frozen_at) {
            (true, None) => self.frozen_at = Some(now),
            (false, Some(_)) => {
                self.frozen_at = None;
                self.set(now);
            }
            _ => {}
        }
    }

    pub(crate) fn is_frozen(&self) -> bool {
        self.frozen_at.is_some()
    }

    /// Mock time as an RFC 3339 timestamp.
    pub(crate) fn now_rfc3339(&self) -> String {
        rfc3339(self.now_ms())
    }
}

fn shift(t: u64, delta: i64) -> u64 {
    if delta >= 0 {
        t.saturating_add(delta as u64)
    } else {
        t.saturating_sub(delta.unsigned_abs())
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the shape Databrain's JSON timestamps have.
pub(crate) fn rfc3339(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(1_711_152_000_000), "2024-03-23T00:00:00.000Z");
    }

    #[test]
    fn steers_frozen_and_running() {
        let mut c = Clock::default();
        let real = system_ms();
        assert!(c.now_ms() >= real && c.now_ms() < real + 5_000);
        c.advance(60_000);
        assert!(c.now_ms() >= real + 60_000);
        c.set(1_000);
        assert!(c.now_ms() < 10_000, "running from the set instant");
        c.freeze(true);
        let t = c.now_ms();
        c.advance(500);
        assert_eq!(c.now_ms(), t + 500);
        c.advance(-10_000_000);
        assert_eq!(c.now_ms(), 0, "saturates at the epoch");
        c.set(5_000);
        assert_eq!(c.now_ms(), 5_000);
        c.freeze(false);
        assert!(!c.is_frozen() && c.now_ms() >= 5_000 && c.now_ms() < 10_000);
    }
}
