//! One accepted TCP connection, as the server's per-connection service holds it: the shared
//! state, and whether the connection is counted yet in the counters of `connections.rs`,
//! which count only connections that carried an API request (that file says why).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::state::Shared;

/// One accepted connection. Counted on its first API request; uncounted when the last
/// reference (the connection's service) is dropped, i.e. when the socket is closed.
pub(crate) struct Connection {
    shared: Arc<Shared>,
    counted: AtomicBool,
}

impl Connection {
    pub(crate) fn new(shared: Arc<Shared>) -> Arc<Connection> {
        Arc::new(Connection { shared, counted: AtomicBool::new(false) })
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Called for every API request on this connection; counts it the first time.
    pub(crate) fn carried_api_request(&self) {
        if !self.counted.load(Ordering::Relaxed) && !self.counted.swap(true, Ordering::Relaxed) {
            self.shared.connections().opened();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if *self.counted.get_mut() {
            self.shared.connections().closed();
        }
    }
}
