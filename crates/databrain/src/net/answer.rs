//! What came back from one attempt that got an HTTP answer.

use std::time::Duration;

/// Largest success body accepted. A token answer is ~60 bytes; anything near this is not
/// Databrain and is not worth buffering.
pub(crate) const MAX_SUCCESS_BODY: usize = 1 << 20;
/// Error bodies are only read far enough to quote them.
pub(crate) const MAX_ERROR_BODY: usize = 64 << 10;

/// An HTTP answer, its body read up to the cap for its status.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub(crate) truncated: bool,
    /// Databrain's `x-request-id`, else the one the SDK sent.
    pub(crate) request_id: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) content_type: Option<String>,
    /// Attempts it took to get this answer, retries included.
    pub(crate) attempts: u32,
    /// The HTTP version it came over (`1.1`, `2`), for telemetry.
    pub(crate) version: &'static str,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
