//! Python objects as the core's loose [`Input`], and JSON back to Python.
//!
//! The core walks a request once, straight over the caller's Python objects; this file only
//! says what each object *is* in JSON terms ([`Shape`]). Whether it is acceptable, the size,
//! depth and cycle limits, the paths and every message are the core's, so Python and Node
//! report the same problems in the same words. Nothing here trusts the data: dicts are read
//! from a snapshot (a key's `__eq__` may change the dict), a failed read becomes
//! [`Unrepresentable::Unreadable`], and nothing panics.

use std::borrow::Cow;

use databrain::input::{Input, Key, Shape, Unrepresentable};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Number, Value};

/// A Python object read as a loose JSON value.
#[derive(Clone)]
pub struct PyInput<'py>(pub Bound<'py, PyAny>);

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn text<'a>(s: &'a Bound<'_, PyString>) -> Result<Cow<'a, str>, Unrepresentable> {
    s.to_cow().map_err(|_| Unrepresentable::NotUnicode)
}

impl Input for PyInput<'_> {
    fn shape(&self) -> Shape<'_> {
        let obj = &self.0;
        if obj.is_none() {
            return Shape::Null;
        }
        // bool first: it is a subclass of int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Shape::Bool(b.is_true());
        }
        if obj.cast::<PyInt>().is_ok() {
            if let Ok(i) = obj.extract::<i64>() {
                return Shape::Number(i.into());
            }
            if let Ok(u) = obj.extract::<u64>() {
                return Shape::Number(u.into());
            }
            return Shape::Invalid(Unrepresentable::IntegerOutOfRange);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let f = f.value();
            return match Number::from_f64(f) {
                Some(n) => Shape::Number(n),
                None => Shape::Invalid(Unrepresentable::NotFinite(f)),
            };
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match text(s) {
                Ok(s) => Shape::Str(s),
                Err(why) => Shape::Invalid(why),
            };
        }
        if obj.cast::<PyDict>().is_ok() {
            return Shape::Object;
        }
        if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            return Shape::List;
        }
        Shape::Invalid(Unrepresentable::Unsupported(type_name(obj)))
    }

    fn is_null(&self) -> bool {
        self.0.is_none()
    }

    fn len(&self) -> usize {
        if let Ok(list) = self.0.cast::<PyList>() {
            list.len()
        } else if let Ok(tuple) = self.0.cast::<PyTuple>() {
            tuple.len()
        } else {
            0
        }
    }

    fn item(&self, index: usize) -> Option<Self> {
        let item = if let Ok(list) = self.0.cast::<PyList>() {
            list.get_item(index).ok()
        } else {
            self.0.cast::<PyTuple>().ok()?.get_item(index).ok()
        };
        item.map(PyInput)
    }

    fn entries(&self) -> Vec<(Key, Self)> {
        let Ok(dict) = self.0.cast::<PyDict>() else { return Vec::new() };
        // A snapshot (a new list of pairs): reading may run Python code that changes the dict,
        // and iterating a dict that changes raises.
        let items = dict.items();
        let mut out = Vec::with_capacity(items.len());
        for pair in items.iter() {
            let (Ok(key), Ok(value)) = (pair.get_item(0), pair.get_item(1)) else { continue };
            let key = match key.cast::<PyString>() {
                Ok(s) => text(s).map(Cow::into_owned),
                Err(_) => Err(Unrepresentable::NonStringKey(type_name(&key))),
            };
            out.push((key, PyInput(value)));
        }
        out
    }

    fn same(&self, other: &Self) -> bool {
        self.0.is(&other.0)
    }
}

/// JSON -> Python (for the mock's recorded requests). Depth is bounded by serde_json's own
/// parser limit, since every value here was parsed from bytes.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
