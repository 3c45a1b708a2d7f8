//! The shared tier's circuit breaker: after [`FAILURES_TO_OPEN`] failures in a row Redis is
//! left alone for [`OPEN_FOR`], then one call probes it; a success closes the breaker, a
//! failure opens it again. While it is open a `get` costs no Redis time at all.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Consecutive failures that open the breaker.
pub(crate) const FAILURES_TO_OPEN: u32 = 3;
/// How long an open breaker keeps calls off Redis before one probe.
pub(crate) const OPEN_FOR: Duration = Duration::from_secs(10);

#[derive(Default)]
struct State {
    failures: u32,
    open_until: Option<Instant>,
    probing: bool,
}

#[derive(Default)]
pub(crate) struct Breaker {
    state: Mutex<State>,
}

impl Breaker {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a call may go to Redis now (an open breaker past its window lets one through).
    pub(crate) fn allow(&self) -> bool {
        let mut s = self.lock();
        match s.open_until {
            None => true,
            Some(until) if Instant::now() >= until && !s.probing => {
                s.probing = true;
                true
            }
            Some(_) => false,
        }
    }

    pub(crate) fn success(&self) {
        let mut s = self.lock();
        *s = State::default();
    }

    pub(crate) fn failure(&self) {
        let mut s = self.lock();
        s.failures += 1;
        if s.probing || s.failures >= FAILURES_TO_OPEN {
            s.open_until = Some(Instant::now() + OPEN_FOR);
            s.probing = false;
        }
    }

    #[cfg(test)]
    fn is_open(&self) -> bool {
        self.lock().open_until.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_three_failures_and_closes_on_success() {
        let b = Breaker::default();
        b.failure();
        b.failure();
        assert!(b.allow() && !b.is_open());
        b.failure();
        assert!(b.is_open() && !b.allow());
        // Past the window: exactly one probe.
        b.lock().open_until = Some(Instant::now());
        assert!(b.allow());
        assert!(!b.allow());
        b.failure();
        assert!(!b.allow(), "a failed probe reopens");
        b.lock().open_until = Some(Instant::now());
        assert!(b.allow());
        b.success();
        assert!(b.allow() && b.allow() && !b.is_open());
    }
}
