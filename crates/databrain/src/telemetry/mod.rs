//! Tracing without OpenTelemetry: a call's trace context in, a record of what it did out.
//!
//! The core depends on no OpenTelemetry crate. A front end that owns OTel objects (the
//! Python and Node packages) wraps a call in [`CallTrace::run`]: every attempt then carries
//! the W3C `traceparent`/`tracestate` it was given, and, when asked, the call leaves a
//! [`CallRecord`] (one [`AttemptRecord`] per attempt, with real start and end times) from
//! which the front end re-creates its spans and records its metrics after the call, on its
//! own side. Nothing is built for a call outside [`CallTrace::run`], or with records off.
//!
//! Rust users get `tracing` spans instead (no subscriber, no cost beyond a callsite check):
//! an INFO span per request named by `otel.name = "databrain.{operation}"`
//! (`otel.kind = "internal"`) and an INFO span per attempt named `"{METHOD} {url.template}"`
//! (`otel.kind = "client"`), and a workflow's span (`databrain.provision_tenant`) around the
//! call spans of its requests, with the attribute names of the OpenTelemetry HTTP conventions,
//! as `tracing-opentelemetry` reads them.

mod attempt;
mod record;
mod spans;

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};

pub(crate) use attempt::AttemptWatch;
pub use record::{AttemptRecord, CallRecord, RECORD_VERSION, error_type};
pub(crate) use spans::{call_span, end_call_span, in_workflow};

tokio::task_local! {
    /// The trace of the call running on this task (absent: no trace, no record).
    static CURRENT: Arc<Shared>;
}

struct Shared {
    traceparent: Option<HeaderValue>,
    tracestate: Option<HeaderValue>,
    /// `None`: records off (only the headers are sent).
    record: Option<Mutex<Building>>,
}

struct Building {
    started: Instant,
    record: CallRecord,
    /// The call ended (or was abandoned): later attempts (a spawned mint's) are not added.
    done: bool,
}

/// One call's trace context and, if asked for, its record. Cheap to clone (shared).
#[derive(Clone)]
pub struct CallTrace(Arc<Shared>);

impl std::fmt::Debug for CallTrace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallTrace")
            .field("traceparent", &self.0.traceparent.is_some())
            .field("record", &self.0.record.is_some())
            .finish()
    }
}

impl CallTrace {
    /// A trace for one call: `traceparent` and `tracestate` (W3C Trace Context, as the host's
    /// propagator wrote them; `None`: not sent) go on every attempt; `record` asks for a
    /// [`CallRecord`]. A `traceparent` that is not `version-traceid-spanid-flags` in lower-case
    /// hex is a [`Error::Configuration`] naming it.
    pub fn new(traceparent: Option<&str>, tracestate: Option<&str>, record: bool) -> Result<CallTrace> {
        let traceparent = match traceparent {
            Some(value) if !valid_traceparent(value) => {
                return Err(Error::Configuration("traceparent is not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)".into()));
            }
            Some(value) => Some(header("traceparent", value)?),
            None => None,
        };
        let tracestate = tracestate.filter(|s| !s.is_empty()).map(|s| header("tracestate", s)).transpose()?;
        let record = record.then(|| {
            Mutex::new(Building {
                started: Instant::now(),
                record: CallRecord {
                    operation: None,
                    start_unix_ns: 0,
                    duration_ns: 0,
                    error_type: None,
                    request_id: None,
                    cache: None,
                    attempts: Vec::new(),
                },
                done: false,
            })
        });
        Ok(CallTrace(Arc::new(Shared { traceparent, tracestate, record })))
    }

    /// Runs `call` under this trace: its requests carry the trace context and, with records
    /// on, leave their attempts in the record, which this ends with the call's duration and
    /// error type (also when the call is dropped before it ends: a cancelled call).
    pub async fn run<T>(&self, call: impl Future<Output = Result<T>>) -> Result<T> {
        let guard = Finish { trace: self, error: None };
        if let Some(building) = &self.0.record {
            let mut b = lock(building);
            b.started = Instant::now();
            b.record.start_unix_ns = record::unix_ns(SystemTime::now());
        }
        let result = CURRENT.scope(self.0.clone(), call).await;
        let mut guard = guard;
        guard.error = result.as_ref().err().map(error_type);
        result
    }

    /// The record, once the call ended (taken: a second call returns `None`); `None` with
    /// records off.
    pub fn take_record(&self) -> Option<CallRecord> {
        let building = self.0.record.as_ref()?;
        let mut b = lock(building);
        b.done = true;
        Some(std::mem::replace(
            &mut b.record,
            CallRecord { operation: None, start_unix_ns: 0, duration_ns: 0, error_type: None, request_id: None, cache: None, attempts: Vec::new() },
        ))
    }
}

/// Ends the record when [`CallTrace::run`] returns or is dropped mid-call.
struct Finish<'a> {
    trace: &'a CallTrace,
    error: Option<String>,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        if let Some(building) = &self.trace.0.record {
            let mut b = lock(building);
            b.record.duration_ns = record::ns(b.started.elapsed());
            b.record.error_type = self.error.take();
            b.done = true;
        }
    }
}

fn lock(building: &Mutex<Building>) -> std::sync::MutexGuard<'_, Building> {
    building.lock().unwrap_or_else(PoisonError::into_inner)
}

fn header(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| Error::Configuration(format!("{name} is not a valid header value")))
}

/// `00-<32 hex>-<16 hex>-<2 hex>` (a later version may append `-...`), lower-case hex.
fn valid_traceparent(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    parts.len() >= 4
        && hex(parts[0], 2)
        && parts[0] != "ff"
        && hex(parts[1], 32)
        && hex(parts[2], 16)
        && hex(parts[3], 2)
        && (parts[0] != "00" || parts.len() == 4)
}

/// Adds the current call's trace headers to a request (none outside [`CallTrace::run`]).
pub(crate) fn inject(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    let Ok((traceparent, tracestate)) = CURRENT.try_with(|s| (s.traceparent.clone(), s.tracestate.clone())) else {
        return request;
    };
    let mut request = request;
    if let Some(value) = traceparent {
        request = request.header("traceparent", value);
    }
    if let Some(value) = tracestate {
        request = request.header("tracestate", value);
    }
    request
}

/// Notes how the guest-token cache answered the current call (`hit`, `stale`, `coalesced`,
/// `miss`), for the call span's `databrain.guest_token.cache_hit` and the lookup counter.
pub(crate) fn note_cache(result: &'static str) {
    with_record(|b| b.record.cache = Some(result));
}

/// `future` run under the current call's trace, for work a call spawns on another task (the
/// cache's mint): its attempts carry the caller's trace context and join its record.
pub(crate) fn carry<F: Future>(future: F) -> impl Future<Output = F::Output> {
    let current = CURRENT.try_with(Arc::clone).ok();
    async move {
        match current {
            Some(shared) => CURRENT.scope(shared, future).await,
            None => future.await,
        }
    }
}

fn with_record(f: impl FnOnce(&mut Building)) {
    let _ = CURRENT.try_with(|shared| {
        if let Some(building) = &shared.record {
            let mut b = lock(building);
            if !b.done {
                f(&mut b);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_shape() {
        assert!(valid_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assert!(!valid_traceparent("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01"));
        assert!(!valid_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"));
        assert!(!valid_traceparent("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assert!(valid_traceparent("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-later"));
        assert!(CallTrace::new(Some("nope"), None, false).unwrap_err().to_string().contains("traceparent"));
    }
}
