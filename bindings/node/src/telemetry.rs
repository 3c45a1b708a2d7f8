//! `NativeCallTrace`: one call's W3C trace context in, its record out. The JS package
//! (`node/lib/telemetry.js`) owns every OpenTelemetry object; this only hands the core's
//! `databrain::telemetry::CallTrace` across and gives its `CallRecord` back as an object.

use std::future::Future;

use databrain::telemetry::CallTrace;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::to_napi;

#[napi]
pub struct NativeCallTrace {
    trace: CallTrace,
}

#[napi]
impl NativeCallTrace {
    /// `traceparent`/`tracestate` as the propagator wrote them (null: not sent); `record`: keep
    /// a record of the call for `takeRecord`.
    #[napi(constructor)]
    pub fn new(env: &Env, traceparent: Option<String>, tracestate: Option<String>, record: bool) -> Result<Self> {
        let trace = CallTrace::new(traceparent.as_deref(), tracestate.as_deref(), record).map_err(|e| to_napi(env, &e))?;
        Ok(NativeCallTrace { trace })
    }

    /// The call's record (camelCase keys), once; null after, or with records off.
    #[napi(ts_return_type = "any")]
    pub fn take_record(&self) -> Option<serde_json::Value> {
        self.trace.take_record().and_then(|record| serde_json::to_value(record).ok())
    }
}

/// The trace a native method was handed, cloned out of its JS object.
pub(crate) fn trace(trace: Option<&NativeCallTrace>) -> Option<CallTrace> {
    trace.map(|t| t.trace.clone())
}

/// `call` under `trace`, or as it is without one.
pub(crate) async fn traced<T>(
    trace: Option<CallTrace>,
    call: impl Future<Output = databrain::Result<T>>,
) -> databrain::Result<T> {
    match trace {
        Some(trace) => trace.run(call).await,
        None => call.await,
    }
}
