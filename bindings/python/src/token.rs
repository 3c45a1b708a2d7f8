//! `_native.GuestToken`: the core's `GuestToken` behind `databrain.GuestToken`
//! (`python/databrain/_token.py`). Conversion only: the times and their formatting are the
//! core's.
//!
//! Its own module because both the client (`mint_guest_token`) and the cache return it: the
//! two depend on this file, never on each other's.

use databrain::GuestToken;
use pyo3::prelude::*;

use crate::convert::to_python;

/// A minted guest token; the Python `GuestToken` wraps it.
#[pyclass(module = "databrain._native", name = "GuestToken", frozen)]
pub struct NativeGuestToken(pub GuestToken);

#[pymethods]
impl NativeGuestToken {
    // Read one at a time, when the Python `GuestToken` needs them: a cache hit returns a
    // token, and most callers only read `token` or call `to_dict()`, so the times and the
    // ISO strings are not converted on every hit.

    #[getter]
    fn token(&self) -> &str {
        self.0.token()
    }

    /// The redacted token for `repr()`.
    #[getter]
    fn shown(&self) -> String {
        self.0.redacted()
    }

    /// Milliseconds since the Unix epoch (the core's; whole numbers).
    #[getter]
    fn issued_at_ms(&self) -> i64 {
        self.0.issued_at_ms() as i64
    }

    #[getter]
    fn expires_at_ms(&self) -> Option<i64> {
        self.0.expires_at_ms().map(|ms| ms as i64)
    }

    #[getter]
    fn refresh_at_ms(&self) -> Option<i64> {
        self.0.refresh_at_ms().map(|ms| ms as i64)
    }

    /// `{token, expiresAt, refreshAt}` (see `GuestToken::to_json`).
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.to_json())
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}
