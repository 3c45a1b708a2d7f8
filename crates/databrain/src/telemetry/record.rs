//! What one call did on the wire, as data: the records a front end turns into OpenTelemetry
//! spans and metrics (the Python and Node packages own every OTel object; the core has none).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Error;

/// Version of the record's shape, for front ends that read it as a dict or an object.
pub const RECORD_VERSION: u32 = 1;

/// One logical call: every attempt of every request it sent (a list read whole sends one
/// request per page), retries and backoff included.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    /// The call's name in the call table (`guest_token.create`, `data_apps.list`); the span
    /// is `databrain.{operation}`. `None` when the call failed before any request was made.
    pub operation: Option<&'static str>,
    /// When the call started, in ns since the Unix epoch.
    pub start_unix_ns: u64,
    /// How long it took (a monotonic clock), retries and waits included.
    pub duration_ns: u64,
    /// [`error_type`] of the call's error; `None` on success.
    pub error_type: Option<String>,
    /// The request id of the last request (Databrain's answer, else the one the SDK sent).
    pub request_id: Option<String>,
    /// How the guest-token cache answered (`hit`, `stale`, `coalesced`, `miss`); `None` when
    /// no cache was asked.
    pub cache: Option<&'static str>,
    /// Every attempt, in order.
    pub attempts: Vec<AttemptRecord>,
}

/// One HTTP attempt.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptRecord {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path as the call table spells it (`/api/v2/guest-token/create`): no ids, low
    /// cardinality.
    pub url_template: &'static str,
    /// Scheme, host, port and path: never the query string (it can hold names and filter
    /// values) nor user info; credentials travel only in the `Authorization` header.
    pub url_full: String,
    /// The server's host name.
    pub server_address: String,
    /// The server's port.
    pub server_port: u16,
    /// The answer's status; `None` when no answer came.
    pub status: Option<u16>,
    /// The status (`"503"`) when it is 4xx/5xx, else [`error_type`] of the attempt's error.
    pub error_type: Option<String>,
    /// Attempts made before this one for the same request (0 for the first).
    pub resend_count: u32,
    /// When the attempt started (a slot was asked for), ns since the Unix epoch.
    pub start_unix_ns: u64,
    /// When the answer was read or the attempt failed, ns since the Unix epoch.
    pub end_unix_ns: u64,
    /// Databrain's `x-request-id`, else the one the SDK sent (the same on every attempt).
    pub request_id: String,
    /// `1.1` or `2` when an answer came.
    pub protocol_version: Option<&'static str>,
    /// Time spent waiting for a connection slot (`maxInFlight`), in ns.
    pub queued_ns: u64,
}

/// The low-cardinality `error.type` of an error, the same in every language: the status for
/// an HTTP error answer (`"503"`), else `timeout`, `connection_error`, `decode_error`,
/// `validation_error`, `configuration_error`.
pub fn error_type(error: &Error) -> String {
    if let Some(status) = error.status().filter(|s| *s >= 400) {
        return status.to_string();
    }
    match error {
        Error::Step(step) => error_type(&step.error),
        Error::Timeout { .. } => "timeout".into(),
        Error::Connection { .. } => "connection_error".into(),
        Error::Decode { .. } => "decode_error".into(),
        Error::Validation(_) => "validation_error".into(),
        Error::Configuration(_) => "configuration_error".into(),
        _ => "_OTHER".into(),
    }
}

/// A wall-clock time as ns since the Unix epoch (0 before it).
pub(crate) fn unix_ns(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Scheme, host, port (when not the scheme's default) and path: no query, no user info.
pub(crate) fn url_full(url: &url::Url) -> String {
    let mut full = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        full.push_str(&format!(":{port}"));
    }
    full.push_str(url.path());
    full
}

pub(crate) fn ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
