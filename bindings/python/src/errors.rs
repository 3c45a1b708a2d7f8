//! `databrain::Error` -> the Python exception classes of `databrain._errors`.
//!
//! The classes are plain Python (so they pickle, subclass `ValueError` where it fits, and
//! carry typed attributes). The core decides everything an error says ([`ErrorRecord`]) and
//! names its class ([`databrain::ErrorKind::class_name`]); this file hands both over as keyword
//! arguments.

use databrain::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Converts a core error into the matching `databrain` exception.
pub fn to_py_err(err: &Error) -> PyErr {
    // A call may fail on a tokio thread while the interpreter exits: a plain lazy error then,
    // never `Python::attach` (which panics once the interpreter is gone).
    let fallback = || PyRuntimeError::new_err(err.to_string());
    crate::runtime::with_python(|py| match build(py, err) {
        Ok(exc) => PyErr::from_value(exc),
        // Only if `databrain._errors` itself is broken: still raise something readable.
        Err(import_error) => {
            let e = PyRuntimeError::new_err(err.to_string());
            e.set_cause(py, Some(import_error));
            e
        }
    })
    .unwrap_or_else(fallback)
}

fn build<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let factory = FACTORY.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("databrain._errors")?.getattr("_from_native")?.unbind())
    })?;
    let record = serde_json::to_value(err.record())
        .map_err(|e| PyRuntimeError::new_err(format!("error record: {e}")))?;
    let kwargs = crate::convert::to_python(py, &record)?.cast_into::<PyDict>()?;
    kwargs.set_item("cls", err.kind().class_name())?;
    factory.bind(py).call((), Some(&kwargs))
}
