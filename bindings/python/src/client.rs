//! `_native.Client`: the core client behind `databrain.Databrain` and `AsyncDatabrain`.
//!
//! Each method takes the request as one dict (camelCase top-level keys, built by the Python
//! wrapper from its keyword arguments), converts it to JSON, lets the core parse and validate
//! it (`from_loose`) while the GIL is held (cheap, and errors raise at once), then runs the
//! network part either blocking with the GIL released or as an asyncio awaitable.

use std::sync::Mutex;
use std::time::Duration;

use databrain::{ApiTokenRequest, Client, ClientBuilder, GuestTokenRequest};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert;
use crate::errors::{to_py_err, validation};
use crate::runtime;

/// A core client plus what is needed to rebuild it after `fork()`.
#[pyclass(module = "databrain._native", name = "Client", frozen)]
pub struct NativeClient {
    /// Kept so a forked child can build its own connection pool from the same settings.
    builder: ClientBuilder,
    /// The core client and the fork generation it was built in. The lock is held only to
    /// clone an `Arc`, never across a request.
    current: Mutex<Option<(u64, Client)>>,
}

fn config_error(message: &str) -> PyErr {
    to_py_err(&databrain::Error::Configuration(message.to_owned()))
}

/// Seconds -> `Duration`. Only what a `Duration` cannot hold (negative, NaN, infinite, or a
/// number too large even for a float) is refused here; whether a representable value is
/// acceptable (zero) is the core's rule.
fn seconds(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let refused = || {
        config_error(&format!(
            "{name} must be a positive, finite number of seconds"
        ))
    };
    let value: f64 = value.extract().map_err(|_| refused())?;
    Duration::try_from_secs_f64(value).map_err(|_| {
        config_error(&format!(
            "{name} must be a positive, finite number of seconds, got {value}"
        ))
    })
}

/// A Python int -> `u32`, with a `ConfigurationError` (not `OverflowError`) for any int out
/// of range, however large. The value is quoted only when it is short.
fn count(name: &str, value: &Bound<'_, PyAny>) -> PyResult<u32> {
    if let Ok(n) = value.extract::<u32>() {
        return Ok(n);
    }
    let shown = match value.extract::<i128>() {
        Ok(n) => n.to_string(),
        Err(_) => "a larger number".to_owned(),
    };
    Err(config_error(&format!(
        "{name} must be between 0 and {}, got {shown}",
        u32::MAX
    )))
}

impl NativeClient {
    /// The core client for this process: the one built here, or a fresh one in a forked
    /// child (the parent's pool holds connections registered with the parent's runtime).
    fn client(&self) -> PyResult<Client> {
        let generation = runtime::fork_generation();
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((built_in, client)) = current.as_ref()
            && *built_in == generation
        {
            return Ok(client.clone());
        }
        let client = self.builder.clone().build().map_err(|e| to_py_err(&e))?;
        release(current.replace((generation, client.clone())));
        Ok(client)
    }

    fn request(request: &Bound<'_, PyDict>) -> PyResult<serde_json::Value> {
        convert::to_json(request.as_any(), "").map_err(validation)
    }
}

/// Drops a core client, unless it was built before a fork: never drop the parent's pool in a
/// child. Closing its sockets would deregister them from the epoll instance the child shares
/// with the parent, and the parent's connections would stop getting readiness events.
fn release(slot: Option<(u64, Client)>) {
    if let Some((built_in, client)) = slot {
        if built_in == runtime::fork_generation() {
            drop(client);
        } else {
            std::mem::forget(client);
        }
    }
}

impl Drop for NativeClient {
    fn drop(&mut self) {
        release(
            self.current
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take(),
        );
    }
}

#[pymethods]
impl NativeClient {
    /// Builds (and validates) the configuration. `None` credentials and base URL fall back to
    /// `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and `DATABRAIN_BASE_URL`.
    #[new]
    #[pyo3(signature = (*, api_key, service_token, base_url, timeout, connect_timeout, max_retries, allow_insecure_http, language))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        api_key: Option<String>,
        service_token: Option<String>,
        base_url: Option<String>,
        timeout: &Bound<'_, PyAny>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: &Bound<'_, PyAny>,
        allow_insecure_http: bool,
        language: String,
    ) -> PyResult<Self> {
        let max_retries = count("max_retries", max_retries)?;
        let mut builder = ClientBuilder::new()
            .timeout(seconds("timeout", timeout)?)
            .max_retries(max_retries)
            .allow_insecure_http(allow_insecure_http)
            .language(language);
        if let Some(connect_timeout) = connect_timeout {
            builder = builder.connect_timeout(seconds("connect_timeout", connect_timeout)?);
        }
        if let Some(key) = api_key {
            builder = builder.api_key(key);
        }
        if let Some(token) = service_token {
            builder = builder.service_token(token);
        }
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        let builder = builder.env_defaults();
        let client = builder.clone().build().map_err(|e| to_py_err(&e))?;
        Ok(NativeClient {
            builder,
            current: Mutex::new(Some((runtime::fork_generation(), client))),
        })
    }

    #[getter]
    fn base_url(&self) -> PyResult<String> {
        Ok(self.client()?.base_url().to_owned())
    }

    #[getter]
    fn has_api_key(&self) -> PyResult<bool> {
        Ok(self.client()?.has_api_key())
    }

    #[getter]
    fn has_service_token(&self) -> PyResult<bool> {
        Ok(self.client()?.has_service_token())
    }

    /// Drops the connection pool; the next call opens new connections.
    fn close(&self) {
        release(
            self.current
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take(),
        );
    }

    fn create_guest_token(&self, py: Python<'_>, request: &Bound<'_, PyDict>) -> PyResult<String> {
        let request =
            GuestTokenRequest::from_loose(&Self::request(request)?).map_err(|e| to_py_err(&e))?;
        let client = self.client()?;
        runtime::block_on(py, async move { client.create_guest_token(&request).await })?
            .map_err(|e| to_py_err(&e))
    }

    fn create_api_token(&self, py: Python<'_>, request: &Bound<'_, PyDict>) -> PyResult<String> {
        let request =
            ApiTokenRequest::from_loose(&Self::request(request)?).map_err(|e| to_py_err(&e))?;
        let client = self.client()?;
        runtime::block_on(py, async move { client.create_api_token(&request).await })?
            .map_err(|e| to_py_err(&e))
    }

    /// Returns an asyncio future on the running loop; cancelling it abandons the request.
    fn create_guest_token_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request =
            GuestTokenRequest::from_loose(&Self::request(request)?).map_err(|e| to_py_err(&e))?;
        let client = self.client()?;
        runtime::future_into_py(py, async move {
            client
                .create_guest_token(&request)
                .await
                .map_err(|e| to_py_err(&e))
        })
    }

    fn create_api_token_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request =
            ApiTokenRequest::from_loose(&Self::request(request)?).map_err(|e| to_py_err(&e))?;
        let client = self.client()?;
        runtime::future_into_py(py, async move {
            client
                .create_api_token(&request)
                .await
                .map_err(|e| to_py_err(&e))
        })
    }

    fn __repr__(&self) -> String {
        // Never the credentials themselves: only whether they are set.
        match self.client() {
            Ok(c) => format!(
                "Client(base_url={:?}, api_key={}, service_token={})",
                c.base_url(),
                if c.has_api_key() { "<set>" } else { "None" },
                if c.has_service_token() {
                    "<set>"
                } else {
                    "None"
                },
            ),
            Err(_) => "Client(<unavailable>)".to_owned(),
        }
    }
}
