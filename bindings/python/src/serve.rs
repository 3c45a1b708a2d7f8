//! `_native.mint_reply_*`: the core's mint-endpoint reply rule ([`databrain::MintReply`]) for
//! `databrain.fastapi` and `databrain.django`.
//!
//! Conversion only: a token or a `databrain` exception in, the core's reply out as
//! `{"status", "headers", "body", "log"}`. The exception is read back into the core's
//! [`ErrorRecord`] from its class (which names its kind, see [`ErrorKind::class_name`]) and its
//! public attributes, so an error raised by the SDK and one built in a user's test answer alike.

use databrain::{ErrorKind, ErrorRecord, FieldError, MintReply};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::convert::to_python;
use crate::token::NativeGuestToken;

/// Module of the exception classes; a class elsewhere with the same name is not ours.
const ERRORS_MODULE: &str = "databrain._errors";

/// 200 with `{"token", "expiresAt", "refreshAt"}`.
#[pyfunction]
fn mint_reply_token<'py>(py: Python<'py>, token: &NativeGuestToken) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, &MintReply::token(&token.0).to_json())
}

/// 401: no signed-in user.
#[pyfunction]
fn mint_reply_no_session(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &MintReply::no_session().to_json())
}

/// The reply to a `databrain.DatabrainError` (a `TypeError` for any other exception).
/// `data_app`: the data app the request was for, named in the log line.
#[pyfunction]
#[pyo3(signature = (error, data_app=None))]
fn mint_reply_failure<'py>(py: Python<'py>, error: &Bound<'py, PyAny>, data_app: Option<String>) -> PyResult<Bound<'py, PyAny>> {
    let record = record(error)?;
    to_python(py, &MintReply::failure_for(&record, data_app.as_deref()).to_json())
}

/// The kind of the nearest `databrain._errors` class in the exception's MRO.
fn kind_of(error: &Bound<'_, PyAny>) -> PyResult<Option<ErrorKind>> {
    for class in error.get_type().mro().iter() {
        let class = class.cast_into::<PyType>()?;
        let module: String = class.getattr("__module__")?.extract().unwrap_or_default();
        if module != ERRORS_MODULE {
            continue;
        }
        let name = class.name()?.to_string();
        if let Some(kind) = ErrorKind::from_class_name(&name) {
            return Ok(Some(kind));
        }
    }
    Ok(None)
}

/// An optional attribute: absent or `None` is `None`, a value of another type is an error.
fn opt<'py, T: FromPyObjectOwned<'py>>(error: &Bound<'py, PyAny>, name: &str) -> PyResult<Option<T>> {
    match error.getattr_opt(name)? {
        Some(v) if !v.is_none() => Ok(Some(v.extract().map_err(Into::into)?)),
        _ => Ok(None),
    }
}

fn record(error: &Bound<'_, PyAny>) -> PyResult<ErrorRecord> {
    let kind = kind_of(error)?.ok_or_else(|| {
        let name = error.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("mint_reply_failure needs a databrain.DatabrainError, got {name}"))
    })?;
    let errors: Vec<(String, String)> = opt(error, "errors")?.unwrap_or_default();
    Ok(ErrorRecord {
        kind,
        code: opt(error, "code")?.unwrap_or_else(|| kind.default_code().to_owned()),
        message: opt(error, "message")?.unwrap_or_default(),
        text: error.str()?.to_string(),
        status: opt(error, "status")?,
        request_id: opt(error, "request_id")?,
        retry_after: opt(error, "retry_after")?,
        errors: errors.into_iter().map(|(path, message)| FieldError::new(path, message)).collect(),
        attempts: opt(error, "attempts")?.unwrap_or(0),
        causes: Vec::new(),
    })
}

pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(mint_reply_token, m)?)?;
    m.add_function(wrap_pyfunction!(mint_reply_no_session, m)?)?;
    m.add_function(wrap_pyfunction!(mint_reply_failure, m)?)?;
    Ok(())
}
