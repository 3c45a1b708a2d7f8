//! `_native.MockServer`: the bundled `databrain-mock`, run in-process for tests
//! (`databrain.testing.MockServer` wraps it).
//!
//! The mock runs on its own thread and tokio runtime and never touches Python, so a sync
//! client call (which releases the GIL) can be answered by a mock in the same process.

use std::sync::Mutex;

use databrain_mock::{Fault, MockServer, Seed};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert;

#[pyclass(module = "databrain._native", name = "MockServer", frozen)]
pub struct NativeMockServer {
    server: Mutex<Option<MockServer>>,
    url: String,
    api_key: String,
    service_token: String,
    /// The process that started the server: only it has the server's thread.
    pid: u32,
}

impl NativeMockServer {
    fn with<T>(&self, f: impl FnOnce(&MockServer) -> T) -> PyResult<T> {
        let guard = self
            .server
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_ref() {
            Some(server) if self.pid == std::process::id() => Ok(f(server)),
            Some(_) => Err(PyRuntimeError::new_err(
                "this mock server belongs to the parent process (it was started before fork())",
            )),
            None => Err(PyRuntimeError::new_err("the mock server is closed")),
        }
    }

    fn shut_down(&self, py: Python<'_>) {
        let server = self
            .server
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(server) = server {
            if self.pid == std::process::id() {
                // Dropping joins the server thread; it never needs the GIL, but other
                // Python threads should not wait for it.
                py.detach(move || drop(server));
            } else {
                // In a forked child the server thread does not exist: joining it would hang.
                std::mem::forget(server);
            }
        }
    }
}

impl Drop for NativeMockServer {
    fn drop(&mut self) {
        let server = self
            .server
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(server) = server {
            if self.pid == std::process::id() {
                drop(server);
            } else {
                std::mem::forget(server);
            }
        }
    }
}

#[pymethods]
impl NativeMockServer {
    /// Starts a mock on 127.0.0.1 (`port` 0 = any free port) with `seed` (the mock's JSON seed
    /// form as a dict; `None` = the default seed).
    #[new]
    #[pyo3(signature = (seed=None, port=0))]
    fn new(py: Python<'_>, seed: Option<&Bound<'_, PyDict>>, port: u16) -> PyResult<Self> {
        let seed = match seed {
            None => Seed::default(),
            Some(dict) => {
                let value = databrain::input::to_json(&convert::PyInput(dict.as_any().clone())).map_err(|errors| {
                    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    PyValueError::new_err(format!("invalid seed: {}", text.join("; ")))
                })?;
                serde_json::from_value(value)
                    .map_err(|e| PyValueError::new_err(format!("invalid seed: {e}")))?
            }
        };
        let server = py
            .detach(move || MockServer::start_in_background(seed, port))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidInput => PyValueError::new_err(e.to_string()),
                _ => PyOSError::new_err(format!("could not start the mock server: {e}")),
            })?;
        Ok(NativeMockServer {
            url: server.url(),
            api_key: server.api_key(),
            service_token: server.service_token(),
            server: Mutex::new(Some(server)),
            pid: std::process::id(),
        })
    }

    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    #[getter]
    fn api_key(&self) -> &str {
        &self.api_key
    }

    #[getter]
    fn service_token(&self) -> &str {
        &self.service_token
    }

    /// Recorded API requests, oldest first, as dicts (credentials redacted by the mock).
    fn requests<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let recorded = self.with(|s| s.requests())?;
        let list = PyList::empty(py);
        for request in &recorded {
            let value = serde_json::to_value(request)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            list.append(convert::to_python(py, &value)?)?;
        }
        Ok(list)
    }

    fn clear_requests(&self) -> PyResult<()> {
        self.with(|s| s.clear_requests())
    }

    fn request_count(&self, path: &str) -> PyResult<usize> {
        self.with(|s| s.request_count(path))
    }

    /// Queues a fault given in the mock's JSON form (`{"kind": "status", "status": 429, ...}`).
    fn inject_fault(&self, fault: &Bound<'_, PyDict>) -> PyResult<()> {
        let value = databrain::input::to_json(&convert::PyInput(fault.as_any().clone())).map_err(|errors| {
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            PyValueError::new_err(format!("invalid fault: {}", text.join("; ")))
        })?;
        let fault: Fault = serde_json::from_value(value)
            .map_err(|e| PyValueError::new_err(format!("invalid fault: {e}")))?;
        self.with(|s| s.inject(fault))
    }

    fn pending_faults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let faults = self.with(|s| s.pending_faults())?;
        let list = PyList::empty(py);
        for fault in &faults {
            let value =
                serde_json::to_value(fault).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            list.append(convert::to_python(py, &value)?)?;
        }
        Ok(list)
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.with(|s| s.clear_faults())
    }

    /// Guest tokens issued so far, oldest first, as dicts.
    fn guest_tokens<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let tokens = self.with(|s| s.guest_tokens())?;
        let list = PyList::empty(py);
        for token in &tokens {
            let value =
                serde_json::to_value(token).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            list.append(convert::to_python(py, &value)?)?;
        }
        Ok(list)
    }

    /// Back to the seed: no created apps or keys, no tokens, no recorded requests, no faults.
    fn reset(&self) -> PyResult<()> {
        self.with(|s| s.reset())
    }

    /// Stops the server (idempotent).
    fn close(&self, py: Python<'_>) {
        self.shut_down(py);
    }

    #[getter]
    fn closed(&self) -> bool {
        self.server
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .is_none()
    }

    fn __repr__(&self) -> String {
        format!("MockServer(url={:?})", self.url)
    }
}
