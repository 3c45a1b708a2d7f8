//! Python objects <-> `serde_json::Value`.
//!
//! The core takes requests as loose JSON and does all parsing and validation itself, so the
//! binding's only job is to turn Python data into JSON. It rejects only what JSON cannot
//! express (NaN, infinities, non-string keys, huge integers, arbitrary objects, cycles); a
//! wrong-but-JSON type such as `client_id=5` goes through, so the core reports it in the same
//! words as for Rust and Node. (pythonize does this job elsewhere but does not support pyo3
//! 0.30, and it would not give us the paths.)

use databrain::FieldError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Deeper than any real request; stops runaway recursion on cyclic containers
/// (`d["self"] = d`) and keeps the core's recursive code far from the stack limit.
pub const MAX_DEPTH: usize = 64;

/// Converts `obj` to JSON. Every problem is collected with its path (`params.appFilters[0]
/// .values.x`); the caller raises them as one `ValidationError`.
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, Vec<FieldError>> {
    let mut errors = Vec::new();
    let value = convert(obj, path, 0, &mut errors);
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

fn problem(errors: &mut Vec<FieldError>, path: &str, message: String) -> Value {
    let path = if path.is_empty() {
        "$".to_owned()
    } else {
        path.to_owned()
    };
    errors.push(FieldError { path, message });
    Value::Null
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn convert(
    obj: &Bound<'_, PyAny>,
    path: &str,
    depth: usize,
    errors: &mut Vec<FieldError>,
) -> Value {
    if obj.is_none() {
        return Value::Null;
    }
    // bool first: it is a subclass of int.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Value::Bool(b.is_true());
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Value::Number(u.into());
        }
        return problem(
            errors,
            path,
            "integer out of range (JSON integers must fit in 64 bits)".to_owned(),
        );
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let f = f.value();
        return match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => problem(
                errors,
                path,
                format!("{f} cannot be sent as JSON (NaN and infinity are not numbers in JSON)"),
            ),
        };
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(s) => Value::String(s.into_owned()),
            Err(_) => problem(
                errors,
                path,
                "string is not valid Unicode (it contains a lone surrogate)".to_owned(),
            ),
        };
    }
    let is_dict = obj.cast::<PyDict>().is_ok();
    if (is_dict || obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok())
        && depth >= MAX_DEPTH
    {
        return problem(
            errors,
            path,
            format!("nested more than {MAX_DEPTH} levels deep (is a container inside itself?)"),
        );
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                let shown = key.repr().map(|r| r.to_string()).unwrap_or_default();
                problem(
                    errors,
                    path,
                    format!("keys must be strings, got {} {shown}", type_name(&key)),
                );
                continue;
            };
            let Ok(key) = key.to_cow() else {
                problem(
                    errors,
                    path,
                    "a key is not valid Unicode (it contains a lone surrogate)".to_owned(),
                );
                continue;
            };
            let value = convert(&value, &child(path, &key), depth + 1, errors);
            map.insert(key.into_owned(), value);
        }
        return Value::Object(map);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return Value::Array(
            list.iter()
                .enumerate()
                .map(|(i, item)| convert(&item, &format!("{path}[{i}]"), depth + 1, errors))
                .collect(),
        );
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return Value::Array(
            tuple
                .iter()
                .enumerate()
                .map(|(i, item)| convert(&item, &format!("{path}[{i}]"), depth + 1, errors))
                .collect(),
        );
    }
    problem(
        errors,
        path,
        format!(
            "{} cannot be sent as JSON; use str, int, float, bool, None, list, tuple or dict",
            type_name(obj)
        ),
    )
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
