//! The management rows (`databrain::management::OPERATIONS`) by name: `Client.call`,
//! `Client.call_async`, `Client.paginate` and the `Pages` stream they return.
//!
//! Conversion only. The request is parsed and checked by the core's row once, while the GIL is
//! held (a bad request raises at once, nothing is sent); the parsed call is owned data, so the
//! network part runs without the GIL and nothing is converted or parsed twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use databrain::management::{CallOptions, ListOptions, OPERATIONS, Paginator, PreparedCall};
use databrain::{Client, Error};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use serde_json::Value;

use crate::convert::{PyInput, to_python};
use crate::errors::to_py_err;
use crate::runtime;
use crate::telemetry::{self, NativeCallTrace, traced};

/// A JSON answer, turned into Python objects when it reaches the interpreter.
pub struct Json(pub Value);

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }
}

/// Per-call options (`{"credential", "legacy"}`), read and checked by the core.
pub fn call_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<CallOptions> {
    match options {
        None => Ok(CallOptions::default()),
        Some(options) => CallOptions::from_input(&PyInput(options.clone())).map_err(|e| to_py_err(&e)),
    }
}

/// The request parsed and checked by its row while the GIL is held (raising at once); the
/// result is owned data the network part sends without parsing again.
pub fn prepare(
    client: &Client,
    name: &str,
    request: Option<&Bound<'_, PyAny>>,
    options: &CallOptions,
) -> PyResult<PreparedCall> {
    match request {
        Some(request) => client.prepare_call(name, &PyInput(request.clone()), options),
        None => client.prepare_call(name, &&Value::Null, options),
    }
    .map_err(|e| to_py_err(&e))
}

/// Sends a prepared request (every page of a list, or page `page` alone).
pub async fn send(client: Client, call: PreparedCall, page: Option<u32>) -> Result<Json, Error> {
    // The core error, not a Python one: it is converted where the GIL is already held.
    client
        .send_prepared(&call, &ListOptions { page })
        .await
        .map(Json)
}

/// A list read one page at a time (`Client.paginate`).
#[pyclass(module = "databrain._native", name = "Pages", frozen)]
pub struct Pages {
    inner: Arc<tokio::sync::Mutex<Paginator<Value>>>,
    /// The core's [`Paginator::is_done`] after the last page: `next_page` would answer `None`
    /// without a request.
    exhausted: Arc<AtomicBool>,
}

impl Pages {
    pub fn new(
        client: &Client,
        name: &str,
        request: Option<&Bound<'_, PyAny>>,
        options: &CallOptions,
    ) -> PyResult<Self> {
        let call = prepare(client, name, request, options)?;
        let paginator = client.paginate_prepared(call).map_err(|e| to_py_err(&e))?;
        Ok(Pages {
            inner: Arc::new(tokio::sync::Mutex::new(paginator)),
            exhausted: Arc::new(AtomicBool::new(false)),
        })
    }
}

async fn next(inner: Arc<tokio::sync::Mutex<Paginator<Value>>>, exhausted: Arc<AtomicBool>) -> Result<Option<Json>, Error> {
    let mut pages = inner.lock().await;
    let page = pages.next_page().await?;
    exhausted.store(pages.is_done(), Ordering::Relaxed);
    Ok(page.map(|items| Json(Value::Array(items))))
}

#[pymethods]
impl Pages {
    /// The next page's items, or None once the list is exhausted. `trace`: this page's
    /// request, as `Client.call` takes it.
    #[pyo3(signature = (*, trace=None))]
    fn next_page<'py>(&self, py: Python<'py>, trace: Option<&Bound<'py, NativeCallTrace>>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let fetch = next(self.inner.clone(), self.exhausted.clone());
        let trace = telemetry::trace(trace);
        runtime::block_on(py, traced(trace, fetch))?
            .map_err(|e| to_py_err(&e))?
            .map(|page| page.into_pyobject(py))
            .transpose()
    }

    /// `next_page` as an asyncio awaitable.
    #[pyo3(signature = (*, trace=None))]
    fn next_page_async<'py>(&self, py: Python<'py>, trace: Option<&Bound<'py, NativeCallTrace>>) -> PyResult<Bound<'py, PyAny>> {
        let fetch = next(self.inner.clone(), self.exhausted.clone());
        let trace = telemetry::trace(trace);
        crate::completions::future_into_py(py, traced(trace, fetch))
    }

    /// Whether the last page was read: a further `next_page` sends nothing and answers `None`.
    #[getter]
    fn exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Relaxed)
    }
}

/// `OPERATIONS`: `(name, method, path, paginated)` of every management row, from the core.
pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let rows = PyList::empty(py);
    for op in OPERATIONS {
        let e = &op.endpoint;
        rows.append(PyTuple::new(
            py,
            [
                e.name.into_pyobject(py)?.into_any(),
                e.method.as_str().into_pyobject(py)?.into_any(),
                e.path.into_pyobject(py)?.into_any(),
                pyo3::types::PyBool::new(py, op.paginated)
                    .to_owned()
                    .into_any(),
            ],
        )?)?;
    }
    m.add("OPERATIONS", rows)?;
    m.add_class::<Pages>()?;
    Ok(())
}
