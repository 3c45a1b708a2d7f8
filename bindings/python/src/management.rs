//! The management rows (`databrain::management::OPERATIONS`) by name: `Client.call`,
//! `Client.call_async`, `Client.paginate` and the `Pages` stream they return.
//!
//! Conversion only. The request is parsed and checked by the core's row while the GIL is held
//! (a bad request raises at once, nothing is sent), then read as JSON so the network part can
//! run without the GIL; the core parses it again (identically) when it sends.

use std::sync::Arc;

use databrain::input::to_json;
use databrain::management::{CallOptions, ListOptions, OPERATIONS, Paginator, operation};
use databrain::{Client, Credential, Error};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use serde_json::Value;

use crate::convert::{PyInput, to_python};
use crate::errors::to_py_err;
use crate::runtime;

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

fn json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json(&PyInput(value.clone())).map_err(|errors| to_py_err(&Error::Validation(errors)))
}

/// `{"credential": "apiKey" | "serviceToken", "legacy": bool}` (either may be absent or None).
pub fn call_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<CallOptions> {
    let mut out = CallOptions::default();
    let Some(options) = options else {
        return Ok(out);
    };
    let options = json(options)?;
    if let Some(credential) = options.get("credential").filter(|v| !v.is_null()) {
        out.credential = Some(match credential.as_str() {
            Some("apiKey") => Credential::ApiKey,
            Some("serviceToken") => Credential::ServiceToken,
            _ => {
                return Err(to_py_err(&Error::Configuration(format!(
                    "unknown credential {credential}; expected \"apiKey\" or \"serviceToken\""
                ))));
            }
        });
    }
    if let Some(legacy) = options.get("legacy").filter(|v| !v.is_null()) {
        out.legacy = legacy.as_bool().ok_or_else(|| {
            to_py_err(&Error::Configuration(format!(
                "legacy must be a boolean, got {legacy}"
            )))
        })?;
    }
    Ok(out)
}

/// The request checked by its row (raising at once) and read as JSON.
pub fn prepare(
    name: &str,
    request: Option<&Bound<'_, PyAny>>,
    options: &CallOptions,
) -> PyResult<Value> {
    let Some(request) = request else {
        operation(name)
            .and_then(|op| op.parse(&&Value::Null, options))
            .map_err(|e| to_py_err(&e))?;
        return Ok(Value::Null);
    };
    let input = PyInput(request.clone());
    operation(name)
        .and_then(|op| op.parse(&input, options))
        .map_err(|e| to_py_err(&e))?;
    json(request)
}

/// Sends a prepared request (every page of a list, or page `page` alone).
pub async fn send(
    client: Client,
    name: String,
    request: Value,
    options: CallOptions,
    page: Option<u32>,
) -> Result<Json, Error> {
    // The core error, not a Python one: it is converted where the GIL is already held.
    client
        .call_json(&name, &&request, &options, &ListOptions { page })
        .await
        .map(Json)
}

/// A list read one page at a time (`Client.paginate`).
#[pyclass(module = "databrain._native", name = "Pages", frozen)]
pub struct Pages {
    inner: Arc<tokio::sync::Mutex<Paginator<Value>>>,
}

impl Pages {
    pub fn new(
        client: &Client,
        name: &str,
        request: Option<&Bound<'_, PyAny>>,
        options: &CallOptions,
    ) -> PyResult<Self> {
        let paginator = match request {
            Some(request) => client.paginate_json(
                name,
                &PyInput(request.clone()),
                options,
                &ListOptions::all(),
            ),
            None => client.paginate_json(name, &&Value::Null, options, &ListOptions::all()),
        }
        .map_err(|e| to_py_err(&e))?;
        Ok(Pages {
            inner: Arc::new(tokio::sync::Mutex::new(paginator)),
        })
    }
}

async fn next(inner: Arc<tokio::sync::Mutex<Paginator<Value>>>) -> Result<Option<Json>, Error> {
    let page = inner.lock().await.next_page().await?;
    Ok(page.map(|items| Json(Value::Array(items))))
}

#[pymethods]
impl Pages {
    /// The next page's items, or None once the list is exhausted.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let inner = self.inner.clone();
        runtime::block_on(py, next(inner))?
            .map_err(|e| to_py_err(&e))?
            .map(|page| page.into_pyobject(py))
            .transpose()
    }

    /// `next_page` as an asyncio awaitable.
    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::completions::future_into_py(py, next(self.inner.clone()))
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
