//! `_native.CallTrace`: one call's W3C trace context in, its record out. The Python package
//! (`databrain/_telemetry.py`) owns every OpenTelemetry object; this only hands the core's
//! `databrain::telemetry::CallTrace` across and reads its `CallRecord` back as a dict.

use std::future::Future;

use databrain::telemetry::CallTrace;
use pyo3::prelude::*;

use crate::errors::to_py_err;

#[pyclass(module = "databrain._native", name = "CallTrace", frozen)]
pub struct NativeCallTrace(pub(crate) CallTrace);

#[pymethods]
impl NativeCallTrace {
    /// `traceparent`/`tracestate` as the propagator wrote them (`None`: not sent); `record`:
    /// keep a record of the call for `take_record`.
    #[new]
    #[pyo3(signature = (traceparent=None, tracestate=None, record=true))]
    fn new(traceparent: Option<&str>, tracestate: Option<&str>, record: bool) -> PyResult<Self> {
        CallTrace::new(traceparent, tracestate, record).map(NativeCallTrace).map_err(|e| to_py_err(&e))
    }

    /// The call's record as a dict (camelCase keys, `RECORD_VERSION`), once; `None` after, or
    /// with records off.
    fn take_record<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(record) = self.0.take_record() else { return Ok(None) };
        let value = serde_json::to_value(&record).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        crate::convert::to_python(py, &value).map(Some)
    }
}

/// The trace a native method was handed, cloned out of its Python object.
pub(crate) fn trace(trace: Option<&Bound<'_, NativeCallTrace>>) -> Option<CallTrace> {
    trace.map(|t| t.get().0.clone())
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

pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeCallTrace>()?;
    m.add("GUEST_TOKEN_OPERATION", databrain::GUEST_TOKEN_CREATE.name)?;
    m.add("API_TOKEN_OPERATION", databrain::API_TOKEN_CREATE.name)?;
    // The workflows' operation ids: one call span around every request each makes.
    m.add("PROVISION_TENANT_OPERATION", databrain::management::PROVISION_TENANT)?;
    m.add("ROTATE_API_KEY_OPERATION", databrain::management::ROTATE_API_KEY)?;
    m.add("TELEMETRY_RECORD_VERSION", databrain::telemetry::RECORD_VERSION)?;
    Ok(())
}
