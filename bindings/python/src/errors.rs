//! `databrain::Error` -> the Python exception classes of `databrain._errors`.
//!
//! The classes are plain Python (so they pickle, subclass `ValueError` where it fits, and
//! carry typed attributes); Rust only picks the kind and hands over the fields. The factory
//! is imported once and cached. The core decides the kind, the code and the message: nothing
//! here inspects message text.

use databrain::{Error, FieldError};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Converts a core error into the matching `databrain` exception.
pub fn to_py_err(err: &Error) -> PyErr {
    // A call may fail on a tokio thread while the interpreter exits: a plain lazy error then,
    // never `Python::attach` (which panics once the interpreter is gone).
    let fallback =
        || PyRuntimeError::new_err(format!("databrain error ({}): {err}", err.kind().as_str()));
    crate::runtime::with_python(|py| match build(py, err) {
        Ok(exc) => PyErr::from_value(exc),
        // Only if `databrain._errors` itself is broken: still raise something readable.
        Err(import_error) => {
            let e = PyRuntimeError::new_err(format!(
                "databrain error ({}): {err}",
                err.kind().as_str()
            ));
            e.set_cause(py, Some(import_error));
            e
        }
    })
    .unwrap_or_else(fallback)
}

/// A `ValidationError` for problems the binding found while converting Python data to JSON.
pub fn validation(errors: Vec<FieldError>) -> PyErr {
    to_py_err(&Error::Validation(errors))
}

fn build<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let factory = FACTORY.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("databrain._errors")?
            .getattr("_from_native")?
            .unbind())
    })?;
    let field_errors: Vec<(String, String)> = err
        .field_errors()
        .iter()
        .map(|e| (e.path.clone(), e.message.clone()))
        .collect();
    let args = PyTuple::new(
        py,
        [
            err.kind().as_str().into_pyobject(py)?.into_any(),
            err.to_string().into_pyobject(py)?.into_any(),
            err.message().into_pyobject(py)?.into_any(),
            err.code().into_pyobject(py)?.into_any(),
            err.status().into_pyobject(py)?.into_any(),
            err.request_id().into_pyobject(py)?.into_any(),
            err.retry_after()
                .map(|d| d.as_secs_f64())
                .into_pyobject(py)?
                .into_any(),
            field_errors.into_pyobject(py)?.into_any(),
        ],
    )?;
    factory.bind(py).call1(args)
}
