//! Python objects as the core's loose [`Input`], and JSON back to Python.
//!
//! The core walks a request once, straight over the caller's Python objects; this file only
//! says what each object *is* in JSON terms ([`Shape`]). Whether it is acceptable, the size,
//! depth and cycle limits, the paths and every message are the core's, so Python and Node
//! report the same problems in the same words. Nothing here trusts the data: dicts are read
//! from a snapshot (a key's `__eq__` may change the dict), a failed read becomes
//! [`Unrepresentable::Unreadable`], and nothing panics.

use std::borrow::Cow;

use databrain::input::{Input, Key, KeyText, Shape, Unrepresentable};
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
    #[cfg(unix)]
    {
        borrowed_utf8(s).map(Cow::Borrowed)
    }
    #[cfg(not(unix))]
    {
        s.to_cow().map_err(|_| Unrepresentable::NotUnicode)
    }
}

// `PyUnicode_AsUTF8AndSize` joined the limited API only in 3.10, so pyo3 leaves it out of an
// abi3-py39 build and its `to_cow` goes through a new bytes object and a copy per string.
// The function itself is exported, with this signature, by every CPython 3.x; on Unix an
// extension's symbols are resolved from the running interpreter, so calling it is sound on
// every version the wheel installs on. (Windows' python3.dll of 3.9 lacks it: `to_cow` there.)
#[cfg(unix)]
unsafe extern "C" {
    fn PyUnicode_AsUTF8AndSize(unicode: *mut pyo3::ffi::PyObject, size: *mut pyo3::ffi::Py_ssize_t) -> *const std::ffi::c_char;
}

/// The string's UTF-8, borrowed from the str object itself (CPython keeps it with the
/// string: ASCII strings are their own UTF-8; others cache it on first use).
#[cfg(unix)]
fn borrowed_utf8<'a>(s: &'a Bound<'_, PyString>) -> Result<&'a str, Unrepresentable> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live str (the GIL is held); the buffer lives as long as the string,
    // which `'a` borrows.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        // A lone surrogate: the UnicodeEncodeError is reported as the core's message.
        let _ = PyErr::take(s.py());
        return Err(Unrepresentable::NotUnicode);
    }
    // SAFETY: CPython hands out `size` bytes of UTF-8 at `data` (it encodes the string
    // itself and fails, above, on what UTF-8 cannot hold), so checking them again is waste.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), size as usize) };
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// A dict key: on Unix the str object itself, read in place (its UTF-8 was checked when the
/// key was taken, and a str never changes), so a field name is compared without a copy;
/// elsewhere the copy `to_cow` makes anyway.
pub struct PyKey<'py> {
    #[cfg(unix)]
    text: Bound<'py, PyString>,
    #[cfg(not(unix))]
    text: String,
    #[cfg(not(unix))]
    _py: std::marker::PhantomData<&'py ()>,
}

impl<'py> PyKey<'py> {
    fn new(s: Bound<'py, PyString>) -> Result<Self, Unrepresentable> {
        #[cfg(unix)]
        {
            borrowed_utf8(&s)?;
            Ok(PyKey { text: s })
        }
        #[cfg(not(unix))]
        {
            Ok(PyKey { text: text(&s)?.into_owned(), _py: std::marker::PhantomData })
        }
    }
}

impl KeyText for PyKey<'_> {
    fn as_str(&self) -> &str {
        #[cfg(unix)]
        {
            // Checked in `new`; the UTF-8 is cached on the str, so this is a pointer read.
            match borrowed_utf8(&self.text) {
                Ok(text) => text,
                Err(_) => "",
            }
        }
        #[cfg(not(unix))]
        {
            &self.text
        }
    }

    fn into_string(self) -> String {
        self.as_str().to_owned()
    }
}

impl PyInput<'_> {
    /// The shape of an instance of exactly one of JSON's built-in types, found by comparing
    /// the type pointer (one load and compare per candidate, the common case); `None` for
    /// anything else (subclasses, None, other types), which [`PyInput::slow_shape`] reads.
    fn exact_shape(&self) -> Option<Shape<'_>> {
        let obj = &self.0;
        if let Ok(s) = obj.cast_exact::<PyString>() {
            return Some(match text(s) {
                Ok(s) => Shape::Str(s),
                Err(why) => Shape::Invalid(why),
            });
        }
        if obj.is_exact_instance_of::<PyDict>() {
            return Some(Shape::Object);
        }
        if obj.is_exact_instance_of::<PyList>() || obj.is_exact_instance_of::<PyTuple>() {
            return Some(Shape::List);
        }
        if let Ok(b) = obj.cast_exact::<PyBool>() {
            return Some(Shape::Bool(b.is_true()));
        }
        if obj.is_exact_instance_of::<PyInt>() {
            return Some(int_shape(obj));
        }
        if let Ok(f) = obj.cast_exact::<PyFloat>() {
            return Some(float_shape(f.value()));
        }
        None
    }

    /// Subclasses (an `IntEnum`, a `str` enum, an `OrderedDict`), None and everything else.
    fn slow_shape(&self) -> Shape<'_> {
        let obj = &self.0;
        if obj.is_none() {
            return Shape::Null;
        }
        // bool first: it is a subclass of int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Shape::Bool(b.is_true());
        }
        if obj.cast::<PyInt>().is_ok() {
            return int_shape(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return float_shape(f.value());
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
}

fn int_shape(obj: &Bound<'_, PyAny>) -> Shape<'static> {
    if let Ok(i) = obj.extract::<i64>() {
        return Shape::Number(i.into());
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Shape::Number(u.into());
    }
    Shape::Invalid(Unrepresentable::IntegerOutOfRange)
}

fn float_shape(f: f64) -> Shape<'static> {
    match Number::from_f64(f) {
        Some(n) => Shape::Number(n),
        None => Shape::Invalid(Unrepresentable::NotFinite(f)),
    }
}

impl<'py> Input for PyInput<'py> {
    type KeyText = PyKey<'py>;

    fn shape(&self) -> Shape<'_> {
        match self.exact_shape() {
            Some(shape) => shape,
            None => self.slow_shape(),
        }
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

    fn entries(&self) -> Vec<(Key<PyKey<'py>>, Self)> {
        let Ok(dict) = self.0.cast::<PyDict>() else { return Vec::new() };
        // One pass over `PyDict_Next` that runs no Python code (a type check and, for a str
        // key, CPython's own UTF-8 of it), so the dict cannot change under the iteration. A
        // non-string key's type name is read after it (a metaclass may run code for it).
        let mut out = Vec::with_capacity(dict.len());
        let mut odd_keys = Vec::new();
        for (key, value) in dict.iter() {
            let key = match key.cast_into::<PyString>() {
                Ok(s) => PyKey::new(s),
                Err(e) => {
                    odd_keys.push((out.len(), e.into_inner()));
                    Err(Unrepresentable::NonStringKey(String::new()))
                }
            };
            out.push((key, PyInput(value)));
        }
        for (at, key) in odd_keys {
            out[at].0 = Err(Unrepresentable::NonStringKey(type_name(&key)));
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
