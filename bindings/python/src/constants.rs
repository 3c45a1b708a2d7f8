//! The core's constants and tables, exported so the Python package never re-types them.

use databrain::{ENDPOINTS, Error, ErrorKind};
use databrain_mock::{
    DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_PORTAL_API_KEY, DEFAULT_PORTAL_DATA_APP, DEFAULT_SERVICE_TOKEN,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::to_py_err;

/// An example error of `kind` (the core's), as the exception the binding raises for it: the
/// Python suite walks `tests/vectors/error_kinds.json` with it.
#[pyfunction]
fn _error_example(kind: &str) -> PyErr {
    match ErrorKind::from_name(kind) {
        Some(kind) => to_py_err(&Error::example(kind)),
        None => pyo3::exceptions::PyValueError::new_err(format!("no error kind {kind:?}")),
    }
}

pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DEFAULT_BASE_URL", databrain::DEFAULT_BASE_URL)?;
    m.add("DEFAULT_TIMEOUT", databrain::DEFAULT_TIMEOUT.as_secs_f64())?;
    m.add("DEFAULT_CONNECT_TIMEOUT", databrain::DEFAULT_CONNECT_TIMEOUT.as_secs_f64())?;
    m.add("DEFAULT_MAX_RETRIES", databrain::DEFAULT_MAX_RETRIES)?;
    m.add("MAX_DEPTH", databrain::MAX_DEPTH)?;
    m.add("MAX_VALUES", databrain::MAX_VALUES)?;
    m.add("OPTION_KEYS", databrain::OPTION_KEYS.to_vec())?;
    m.add("CACHE_OPTION_KEYS", databrain::CACHE_OPTION_KEYS.to_vec())?;
    m.add("DEFAULT_REFRESH_MARGIN", databrain::DEFAULT_REFRESH_MARGIN)?;
    m.add("DEFAULT_MAX_ENTRIES", databrain::DEFAULT_MAX_ENTRIES)?;
    m.add("GUEST_TOKEN_PATH", databrain::GUEST_TOKEN_PATH)?;
    m.add("API_TOKENS_PATH", databrain::API_TOKENS_PATH)?;
    m.add("LEGACY_API_TOKENS_PATH", databrain::LEGACY_API_TOKENS_PATH)?;
    let endpoints = PyDict::new(py);
    for e in ENDPOINTS {
        let row = PyDict::new(py);
        row.set_item("method", e.method.as_str())?;
        row.set_item("path", e.path)?;
        row.set_item("legacy_path", e.legacy_path)?;
        endpoints.set_item(e.name, row)?;
    }
    m.add("ENDPOINTS", endpoints)?;
    // Exception class name -> default `code`, from the core's kind table.
    let codes = PyDict::new(py);
    for kind in ErrorKind::ALL {
        codes.set_item(kind.class_name(), kind.default_code())?;
    }
    m.add("DEFAULT_CODES", codes)?;
    m.add("MOCK_API_KEY", DEFAULT_API_KEY)?;
    m.add("MOCK_PORTAL_API_KEY", DEFAULT_PORTAL_API_KEY)?;
    m.add("MOCK_SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN)?;
    m.add("MOCK_DATA_APP", DEFAULT_DATA_APP)?;
    m.add("MOCK_PORTAL_DATA_APP", DEFAULT_PORTAL_DATA_APP)?;
    m.add_function(wrap_pyfunction!(_error_example, m)?)?;
    Ok(())
}
