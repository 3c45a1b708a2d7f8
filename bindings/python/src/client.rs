//! `_native.Client`: the core client behind `databrain.Databrain` and `AsyncDatabrain`.
//!
//! Each method takes the request as one dict (camelCase top-level keys, built by the Python
//! wrapper from its keyword arguments); the core parses and validates it in one walk over
//! the Python objects while the GIL is held (cheap, and errors raise at once), then the
//! network part runs either blocking with the GIL released or as an asyncio awaitable.

use std::sync::Mutex;

use databrain::{ApiTokenRequest, Client, ClientBuilder, GuestTokenRequest, Valid};
use pyo3::prelude::*;

use crate::completions;
use crate::convert::PyInput;
use crate::errors::to_py_err;
use crate::management;
use crate::runtime;
use crate::telemetry::{self, NativeCallTrace, traced};
use crate::workflows;

fn guest_token(request: &Bound<'_, PyAny>) -> PyResult<Valid<GuestTokenRequest>> {
    let request_ = GuestTokenRequest::from_input(&PyInput(request.clone())).map_err(|e| to_py_err(&e))?;
    warn_units(request.py(), &request_)?;
    Ok(request_)
}

/// The core's once-per-value warning about a short `expiry_time`, as a Python warning
/// pointing at the caller's line (`databrain._units.warn` finds it).
pub(crate) fn warn_units(py: Python<'_>, request: &GuestTokenRequest) -> PyResult<()> {
    if let Some(message) = databrain::expiry_time_warning(request, "python") {
        py.import("databrain._units")?.call_method1("warn", (message,))?;
    }
    Ok(())
}

fn api_token(request: &Bound<'_, PyAny>) -> PyResult<Valid<ApiTokenRequest>> {
    ApiTokenRequest::from_input(&PyInput(request.clone())).map_err(|e| to_py_err(&e))
}

/// A core client plus what is needed to rebuild it after `fork()`.
#[pyclass(module = "databrain._native", name = "Client", frozen)]
pub struct NativeClient {
    /// Kept so a forked child can build its own connection pool from the same settings.
    builder: ClientBuilder,
    /// The core client and the fork generation it was built in. The lock is held only to
    /// clone an `Arc`, never across a request.
    current: Mutex<Option<(u64, Client)>>,
}

impl NativeClient {
    /// The core client for this process: the one built here, or a fresh one in a forked
    /// child (the parent's pool holds connections registered with the parent's runtime).
    pub(crate) fn client(&self) -> PyResult<Client> {
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
    /// `options`: exactly the keyword arguments the user gave (`None` values are "not
    /// given"); the core checks them, applies its defaults and the `DATABRAIN_*` fallback.
    #[new]
    #[pyo3(signature = (options, *, language))]
    fn new(options: &Bound<'_, PyAny>, language: String) -> PyResult<Self> {
        crate::logs::install(options.py())?;
        let builder = ClientBuilder::from_options(&PyInput(options.clone()))
            .map_err(|e| to_py_err(&e))?
            .language(language);
        let client = builder.clone().build().map_err(|e| to_py_err(&e))?;
        Ok(NativeClient {
            builder,
            current: Mutex::new(Some((runtime::fork_generation(), client))),
        })
    }

    /// The same client (pool, base URL, settings) with one credential replaced: Python's
    /// `with_api_key` / `with_service_token`.
    #[pyo3(signature = (*, api_key=None, service_token=None))]
    fn derive(&self, api_key: Option<&str>, service_token: Option<&str>) -> PyResult<Self> {
        let current = self.client()?;
        let (client, builder) = match (api_key, service_token) {
            (Some(key), None) => (current.with_api_key(key), self.builder.clone().api_key(key)),
            (None, Some(token)) => (current.with_service_token(token), self.builder.clone().service_token(token)),
            _ => unreachable!("the Python wrapper passes exactly one credential"),
        };
        let client = client.map_err(|e| to_py_err(&e))?;
        Ok(NativeClient { builder, current: Mutex::new(Some((runtime::fork_generation(), client))) })
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

    #[pyo3(signature = (request, *, trace=None))]
    fn create_guest_token(&self, py: Python<'_>, request: &Bound<'_, PyAny>, trace: Option<&Bound<'_, NativeCallTrace>>) -> PyResult<String> {
        let request =
            guest_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, async move { traced(trace, client.create_guest_token(&request)).await })?
            .map_err(|e| to_py_err(&e))
    }

    #[pyo3(signature = (request, *, trace=None))]
    fn mint_guest_token(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        trace: Option<&Bound<'_, NativeCallTrace>>,
    ) -> PyResult<crate::token::NativeGuestToken> {
        let request = guest_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, async move { traced(trace, client.mint_guest_token(&request)).await })?
            .map(crate::token::NativeGuestToken)
            .map_err(|e| to_py_err(&e))
    }

    #[pyo3(signature = (request, *, trace=None))]
    fn mint_guest_token_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = guest_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, async move {
            traced(trace, client.mint_guest_token(&request))
                .await
                .map(crate::token::NativeGuestToken)
        })
    }

    #[pyo3(signature = (request, *, trace=None))]
    fn create_api_token(&self, py: Python<'_>, request: &Bound<'_, PyAny>, trace: Option<&Bound<'_, NativeCallTrace>>) -> PyResult<String> {
        let request =
            api_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, async move { traced(trace, client.create_api_token(&request)).await })?
            .map_err(|e| to_py_err(&e))
    }

    /// Returns an asyncio future on the running loop; cancelling it abandons the request.
    #[pyo3(signature = (request, *, trace=None))]
    fn create_guest_token_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request =
            guest_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, async move { traced(trace, client.create_guest_token(&request)).await })
    }

    #[pyo3(signature = (request, *, trace=None))]
    fn create_api_token_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request =
            api_token(request)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, async move { traced(trace, client.create_api_token(&request)).await })
    }

    /// The management row `name` (`databrain._native.OPERATIONS`) with a loose request dict;
    /// a list returns every item of every page, or page `page` alone.
    #[pyo3(signature = (name, request=None, options=None, page=None, *, trace=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        name: String,
        request: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
        page: Option<u32>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = management::call_options(options)?;
        let client = self.client()?;
        let call = management::prepare(&client, &name, request, &options)?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, traced(trace, management::send(client, call, page)))?
            .map_err(|e| to_py_err(&e))?
            .into_pyobject(py)
    }

    /// `call` as an asyncio awaitable.
    #[pyo3(signature = (name, request=None, options=None, page=None, *, trace=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        name: String,
        request: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
        page: Option<u32>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = management::call_options(options)?;
        let client = self.client()?;
        let call = management::prepare(&client, &name, request, &options)?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, traced(trace, management::send(client, call, page)))
    }

    /// A paginated management list read page by page (`Pages.next_page[_async]`).
    #[pyo3(signature = (name, request=None, options=None))]
    fn paginate(
        &self,
        name: String,
        request: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<management::Pages> {
        let options = management::call_options(options)?;
        management::Pages::new(&self.client()?, &name, request, &options)
    }

    /// `provision_tenant` with a loose spec dict (checked by the core before anything is
    /// sent); the result as a dict. `trace`: the workflow's trace (every request it makes).
    #[pyo3(signature = (spec, *, trace=None))]
    fn provision_tenant<'py>(
        &self,
        py: Python<'py>,
        spec: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spec = workflows::tenant_spec(spec)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, traced(trace, workflows::provision(client, spec)))?
            .map_err(|e| to_py_err(&e))?
            .into_pyobject(py)
    }

    /// `provision_tenant` as an asyncio awaitable.
    #[pyo3(signature = (spec, *, trace=None))]
    fn provision_tenant_async<'py>(
        &self,
        py: Python<'py>,
        spec: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spec = workflows::tenant_spec(spec)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, traced(trace, workflows::provision(client, spec)))
    }

    /// `rotate_api_key` with a loose `{grace, key?}` dict and call options.
    #[pyo3(signature = (rotation, options=None, *, trace=None))]
    fn rotate_api_key<'py>(
        &self,
        py: Python<'py>,
        rotation: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = management::call_options(options)?;
        let rotation = workflows::key_rotation(rotation)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        runtime::block_on(py, traced(trace, workflows::rotate(client, rotation, options)))?
            .map_err(|e| to_py_err(&e))?
            .into_pyobject(py)
    }

    /// `rotate_api_key` as an asyncio awaitable.
    #[pyo3(signature = (rotation, options=None, *, trace=None))]
    fn rotate_api_key_async<'py>(
        &self,
        py: Python<'py>,
        rotation: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = management::call_options(options)?;
        let rotation = workflows::key_rotation(rotation)?;
        let client = self.client()?;
        let trace = telemetry::trace(trace);
        completions::future_into_py(py, traced(trace, workflows::rotate(client, rotation, options)))
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
