//! Python objects <-> `serde_json::Value`.
//!
//! The core takes requests as loose JSON and does all parsing and validation itself, so the
//! binding's only job is to turn Python data into JSON. It rejects only what JSON cannot
//! express (NaN, infinities, non-string keys, huge integers, arbitrary objects, cycles); a
//! wrong-but-JSON type such as `client_id=5` goes through, so the core reports it in the same
//! words as for Rust and Node. (pythonize does this job elsewhere but does not support pyo3
//! 0.30, and it would not give us the paths.)
//!
//! The data is the caller's, so nothing here trusts it: cycles are found by identity (not
//! only by the depth cap, which would walk every path of a cycle that branches), the total
//! number of values is capped (shared but acyclic structures can still mean 2^64 paths),
//! dicts are read from a snapshot (a key's `__repr__` may change the dict), messages never
//! quote more than a few dozen characters of a value, and no step can panic; a panic would
//! still be caught and reported as an error rather than cross into Python.

use std::panic::{AssertUnwindSafe, catch_unwind};

use databrain::FieldError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Deeper than any real request; keeps the core's recursive code far from the stack limit.
pub const MAX_DEPTH: usize = 64;

/// More values (of any kind, containers included) than any real request holds.
pub const MAX_VALUES: usize = 100_000;

/// Problems listed at most; conversion stops at the first one past this.
const MAX_ERRORS: usize = 50;

/// Longer paths are shown with their middle cut out (keys are the caller's, any length).
const MAX_PATH_CHARS: usize = 200;

/// At most this many characters of a key's `repr()` are quoted in a message.
const MAX_REPR_CHARS: usize = 60;

/// `repr()` runs Python code; it is called for this many bad keys at most.
const MAX_REPR_CALLS: usize = 8;

/// Converts `obj` to JSON. Every problem is collected with its path (`params.appFilters[0]
/// .values.x`); the caller raises them as one `ValidationError`.
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, Vec<FieldError>> {
    let mut converter = Converter {
        ancestors: Vec::new(),
        values: 0,
        repr_calls: 0,
        too_large: false,
        errors: Vec::new(),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| converter.convert(obj, path, 0)));
    match outcome {
        Ok(value) if converter.errors.is_empty() => Ok(value),
        Ok(_) => Err(converter.errors),
        Err(_) => Err(vec![FieldError {
            path: if path.is_empty() {
                "$".to_owned()
            } else {
                path.to_owned()
            },
            message: "could not be converted to JSON (internal error)".to_owned(),
        }]),
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    shorten(&name)
}

/// The first [`MAX_REPR_CHARS`] characters of `text`, with an ellipsis if cut.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_REPR_CHARS) {
        Some((end, _)) => format!("{}...", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// `path`, or its first and last [`MAX_PATH_CHARS`]` / 2` characters around an ellipsis.
fn short_path(path: &str) -> String {
    let chars = path.chars().count();
    if chars <= MAX_PATH_CHARS {
        return path.to_owned();
    }
    let half = MAX_PATH_CHARS / 2;
    let head: String = path.chars().take(half).collect();
    let tail: String = path.chars().skip(chars - half).collect();
    format!("{head}...{tail}")
}

struct Converter {
    /// Identities of the containers on the current path (a reference to one is a cycle).
    ancestors: Vec<usize>,
    /// Values converted so far, against [`MAX_VALUES`].
    values: usize,
    repr_calls: usize,
    /// Set once [`MAX_VALUES`] is passed: nothing more is converted.
    too_large: bool,
    errors: Vec<FieldError>,
}

enum Container<'a, 'py> {
    Dict(&'a Bound<'py, PyDict>),
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

impl Converter {
    fn problem(&mut self, path: &str, message: String) -> Value {
        if self.errors.len() >= MAX_ERRORS {
            // Enough to act on; the rest would only make the message huge.
            self.too_large = true;
            return Value::Null;
        }
        let path = if path.is_empty() {
            "$".to_owned()
        } else {
            short_path(path)
        };
        self.errors.push(FieldError { path, message });
        Value::Null
    }

    fn convert(&mut self, obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> Value {
        if self.too_large {
            return Value::Null;
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            self.too_large = true;
            return self.problem(
                path,
                format!("the request is too large (more than {MAX_VALUES} values)"),
            );
        }
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
            return self.problem(
                path,
                "integer out of range (JSON integers must fit in 64 bits)".to_owned(),
            );
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let f = f.value();
            return match Number::from_f64(f) {
                Some(n) => Value::Number(n),
                None => self.problem(
                    path,
                    format!(
                        "{f} cannot be sent as JSON (NaN and infinity are not numbers in JSON)"
                    ),
                ),
            };
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match s.to_cow() {
                Ok(s) => Value::String(s.into_owned()),
                Err(_) => self.problem(
                    path,
                    "string is not valid Unicode (it contains a lone surrogate)".to_owned(),
                ),
            };
        }
        let container = if let Ok(d) = obj.cast::<PyDict>() {
            Container::Dict(d)
        } else if let Ok(l) = obj.cast::<PyList>() {
            Container::List(l)
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            Container::Tuple(t)
        } else {
            return self.problem(
                path,
                format!(
                    "{} cannot be sent as JSON; use str, int, float, bool, None, list, tuple or dict",
                    type_name(obj)
                ),
            );
        };
        let id = obj.as_ptr() as usize;
        if self.ancestors.contains(&id) {
            return self.problem(
                path,
                format!(
                    "contains a reference to itself (a cycle would be nested more than {MAX_DEPTH} levels deep)"
                ),
            );
        }
        if depth >= MAX_DEPTH {
            return self.problem(path, format!("nested more than {MAX_DEPTH} levels deep"));
        }
        self.ancestors.push(id);
        let value = match container {
            Container::Dict(dict) => self.dict(dict, path, depth),
            Container::List(list) => {
                // By index, reading the length each time: nothing here runs Python code that
                // could change the list, but a short read must end the loop, not panic.
                let mut items = Vec::new();
                let mut i = 0;
                while i < list.len() && !self.too_large {
                    let Ok(item) = list.get_item(i) else { break };
                    items.push(self.convert(&item, &format!("{path}[{i}]"), depth + 1));
                    i += 1;
                }
                Value::Array(items)
            }
            Container::Tuple(tuple) => {
                let mut items = Vec::new();
                let mut i = 0;
                while i < tuple.len() && !self.too_large {
                    let Ok(item) = tuple.get_item(i) else { break };
                    items.push(self.convert(&item, &format!("{path}[{i}]"), depth + 1));
                    i += 1;
                }
                Value::Array(items)
            }
        };
        self.ancestors.pop();
        value
    }

    fn dict(&mut self, dict: &Bound<'_, PyDict>, path: &str, depth: usize) -> Value {
        // A snapshot (a new list of pairs): a key's __repr__ below runs arbitrary code that
        // may change the dict, and pyo3's dict iterator panics on that.
        let items = dict.items();
        let mut map = Map::new();
        let mut i = 0;
        while i < items.len() && !self.too_large {
            let Ok(pair) = items.get_item(i) else { break };
            i += 1;
            let (Ok(key), Ok(value)) = (pair.get_item(0), pair.get_item(1)) else {
                continue;
            };
            let Ok(key) = key.cast::<PyString>() else {
                let shown = if self.repr_calls < MAX_REPR_CALLS {
                    self.repr_calls += 1;
                    key.repr()
                        .ok()
                        .and_then(|r| r.to_cow().ok().map(|r| format!(" {}", shorten(&r))))
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                let message = format!("keys must be strings, got {}{shown}", type_name(&key));
                self.problem(path, message);
                continue;
            };
            let Ok(key) = key.to_cow() else {
                self.problem(
                    path,
                    "a key is not valid Unicode (it contains a lone surrogate)".to_owned(),
                );
                continue;
            };
            let value = self.convert(&value, &child(path, &key), depth + 1);
            map.insert(key.into_owned(), value);
        }
        Value::Object(map)
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
