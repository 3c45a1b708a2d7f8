//! How many TCP connections clients opened to the mock, for tests of connection reuse and of
//! a client's in-flight limit (`GET /__mock/connections`, [`crate::MockServer::connections`]).
//!
//! Only connections that carried at least one API request count: a test's own admin queries
//! (`/__mock/...`) open sockets too, and counting those would make the figure depend on how
//! the test asked for it. The most API requests being served at once is counted too: a
//! client's in-flight limit bounds that exactly, while its sockets may exceed the limit by the
//! few a connection pool opens when a request misses a connection about to come back idle.

use std::sync::{Mutex, PoisonError};

use serde::Serialize;

/// Connections that carried an API request: open now, most open at once, and opened in all,
/// since the start or the last reset (`DELETE /__mock/connections`, `POST /__mock/reset`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStats {
    /// Open now.
    pub open: usize,
    /// Most open at the same time.
    pub peak: usize,
    /// Opened in all.
    pub total: usize,
    /// API requests being served now (received, not yet answered).
    pub requests: usize,
    /// Most API requests served at the same time.
    pub peak_requests: usize,
}

/// The counters. One mutex rather than three atomics: `peak` must be read together with
/// `open`, and a connection is opened far less often than a request is answered.
#[derive(Debug, Default)]
pub(crate) struct Connections(Mutex<ConnectionStats>);

impl Connections {
    fn with<T>(&self, f: impl FnOnce(&mut ConnectionStats) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn stats(&self) -> ConnectionStats {
        self.with(|s| *s)
    }

    /// Starts counting again from the connections open now.
    pub(crate) fn reset(&self) {
        self.with(|s| {
            *s = ConnectionStats {
                open: s.open,
                peak: s.open,
                total: s.open,
                requests: s.requests,
                peak_requests: s.requests,
            }
        });
    }

    /// Counts an API request being served until the guard is dropped (answered or abandoned).
    pub(crate) fn serving(&self) -> Serving<'_> {
        self.with(|s| {
            s.requests += 1;
            s.peak_requests = s.peak_requests.max(s.requests);
        });
        Serving(self)
    }

    /// Counts a connection that carried its first API request.
    pub(crate) fn opened(&self) {
        self.with(|s| {
            s.open += 1;
            s.total += 1;
            s.peak = s.peak.max(s.open);
        });
    }

    /// Uncounts a connection counted by [`Connections::opened`], once it is closed.
    pub(crate) fn closed(&self) {
        self.with(|s| s.open = s.open.saturating_sub(1));
    }
}

/// An API request being served (see [`Connections::serving`]).
pub(crate) struct Serving<'a>(&'a Connections);

impl Drop for Serving<'_> {
    fn drop(&mut self) {
        self.0.with(|s| s.requests = s.requests.saturating_sub(1));
    }
}
