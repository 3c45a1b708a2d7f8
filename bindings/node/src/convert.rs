//! JS value → `serde_json::Value`, as `JSON.stringify` would see it, for the core's loose
//! parsers.
//!
//! Wrong JSON *types* pass straight through (a number for `clientId` stays a number) so the
//! core reports them exactly as it does for Python and Rust. What JSON cannot carry at all
//! (NaN, Infinity, functions, symbols, Dates, lossy BigInts) is not silently turned into
//! `null` the way `JSON.stringify` does (`expiryTime: NaN` would become "never expires");
//! it becomes a [`FieldError`] at its path, and a `null` placeholder the core then ignores.
//! `undefined` properties are absent, again as in `JSON.stringify`.

use databrain::{Error, FieldError};
use napi::bindgen_prelude::{Array, BigInt, FromNapiValue, Object, Unknown};
use napi::{JsValue, Result, ValueType, check_status, sys};
use serde_json::{Map, Number, Value};

/// Databrain requests are a few levels deep; deeper input is a mistake.
const MAX_DEPTH: usize = 64;
/// Most values one request may hold. Shared (acyclic) references can make a small object
/// graph expand into an astronomically large tree (`a = [a, a]` 64 times), which would block
/// the event loop; this caps the work and memory of one conversion.
const MAX_VALUES: usize = 100_000;

/// Largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The converted value plus what could not be converted.
pub(crate) struct Converted {
    pub value: Value,
    pub problems: Vec<FieldError>,
}

impl Converted {
    /// Runs a core loose parser on the value and merges in the conversion problems (the core's
    /// rule: findings at or under a problem's path are dropped as repeats).
    pub fn parse<T>(
        self,
        parse: impl FnOnce(&Value) -> std::result::Result<T, Error>,
    ) -> std::result::Result<T, Error> {
        databrain::with_conversion_problems(self.problems, parse(&self.value))
    }
}

/// State of one conversion: what went wrong, the containers on the current path (to spot a
/// reference back to one of them), and how many more values may be converted.
struct Walk {
    problems: Vec<FieldError>,
    ancestors: Vec<sys::napi_value>,
    budget: usize,
}

/// Converts one JS value; `undefined` (a missing argument) becomes `null`.
pub(crate) fn to_json(input: Unknown<'_>) -> Result<Converted> {
    let mut walk_state = Walk { problems: Vec::new(), ancestors: Vec::new(), budget: MAX_VALUES };
    let value = walk(input, "", 0, &mut walk_state)?;
    Ok(Converted { value, problems: walk_state.problems })
}

/// Whether `raw` is one of the containers on the current path (a cycle).
fn is_ancestor(env: sys::napi_env, raw: sys::napi_value, ancestors: &[sys::napi_value]) -> Result<bool> {
    for ancestor in ancestors {
        let mut same = false;
        check_status!(unsafe { sys::napi_strict_equals(env, raw, *ancestor, &mut same) })?;
        if same {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `value instanceof globalThis[name]`, for built-ins JSON.stringify flattens to `{}`.
fn is_instance_of(env: sys::napi_env, raw: sys::napi_value, name: &str) -> Result<bool> {
    let mut global = std::ptr::null_mut();
    check_status!(unsafe { sys::napi_get_global(env, &mut global) })?;
    let global = unsafe { Object::from_napi_value(env, global)? };
    let Some(constructor) = global.get::<Unknown>(name)? else { return Ok(false) };
    if constructor.get_type()? != ValueType::Function {
        return Ok(false);
    }
    let mut result = false;
    check_status!(unsafe { sys::napi_instanceof(env, raw, constructor.raw(), &mut result) })?;
    Ok(result)
}

/// Path spelling shared with the core: `a.b`, `a[0]`, `$` for the root.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(v: Unknown<'_>, path: &str, depth: usize, state: &mut Walk) -> Result<Value> {
    if state.budget == 0 {
        return Ok(Value::Null); // reported once, when the budget ran out
    }
    state.budget -= 1;
    if state.budget == 0 {
        state.problems.push(FieldError::new(
            "$",
            format!("the request holds more than {MAX_VALUES} values; a Databrain request is far smaller"),
        ));
        return Ok(Value::Null);
    }
    let problems = &mut state.problems;
    let mut problem = |message: String| {
        let path = if path.is_empty() {
            "$".to_owned()
        } else {
            path.to_owned()
        };
        problems.push(FieldError { path, message });
        Ok(Value::Null)
    };
    match v.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(Value::Null),
        ValueType::Boolean => Ok(Value::Bool(unsafe { v.cast::<bool>()? })),
        ValueType::String => Ok(Value::String(unsafe { v.cast::<String>()? })),
        ValueType::Number => {
            let n = unsafe { v.cast::<f64>()? };
            match number(n) {
                Some(n) => Ok(Value::Number(n)),
                None => problem(format!(
                    "expected a finite number, got {}",
                    js_number_name(n)
                )),
            }
        }
        ValueType::BigInt => {
            let b = unsafe { v.cast::<BigInt>()? };
            let (signed, lossless_i) = b.get_i64();
            let (_, unsigned, lossless_u) = b.get_u64();
            if lossless_i {
                Ok(Value::Number(signed.into()))
            } else if lossless_u && !b.sign_bit {
                Ok(Value::Number(unsigned.into()))
            } else {
                problem("expected a number, got a BigInt too large for 64 bits".to_owned())
            }
        }
        ValueType::Object => {
            if depth >= MAX_DEPTH {
                return problem(format!("nested more than {MAX_DEPTH} levels deep"));
            }
            let env = v.value().env;
            if is_ancestor(env, v.raw(), &state.ancestors)? {
                return problem("contains a reference to itself (a cycle), which JSON cannot hold".to_owned());
            }
            if v.is_date()? {
                return problem("expected a JSON value, got a Date; pass an ISO date string such as \"2024-01-01\"".to_owned());
            }
            for builtin in ["Map", "Set", "WeakMap", "WeakSet", "Promise"] {
                if is_instance_of(env, v.raw(), builtin)? {
                    return problem(format!(
                        "expected a JSON value, got a {builtin}; use a plain object or array (JSON would silently turn it into {{}})"
                    ));
                }
            }
            state.ancestors.push(v.raw());
            let result = if v.is_array()? { array(v, path, depth, state) } else { object(v, path, depth, state) };
            state.ancestors.pop();
            result
        }
        ValueType::Function => problem("expected a JSON value, got a function".to_owned()),
        ValueType::Symbol => problem("expected a JSON value, got a symbol".to_owned()),
        _ => problem("expected a JSON value, got an unsupported JS value".to_owned()),
    }
}

fn array(v: Unknown<'_>, path: &str, depth: usize, state: &mut Walk) -> Result<Value> {
    let array = unsafe { v.cast::<Array>()? };
    let mut items = Vec::with_capacity((array.len() as usize).min(MAX_VALUES));
    for i in 0..array.len() {
        // Holes and `undefined` read as undefined → null, as in JSON.stringify.
        let item = match array.get::<Unknown>(i)? {
            Some(item) => walk(item, &format!("{path}[{i}]"), depth + 1, state)?,
            None => Value::Null,
        };
        items.push(item);
        if state.budget == 0 {
            break;
        }
    }
    Ok(Value::Array(items))
}

/// Own enumerable string keys, as `JSON.stringify` and `Object.keys` see them.
fn object(v: Unknown<'_>, path: &str, depth: usize, state: &mut Walk) -> Result<Value> {
    let env = v.value().env;
    let raw = v.raw();
    let mut names = std::ptr::null_mut();
    check_status!(unsafe {
        sys::napi_get_all_property_names(
            env,
            raw,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut names,
        )
    })?;
    let names = unsafe { Array::from_napi_value(env, names)? };
    let object = unsafe { Object::from_napi_value(env, raw)? };
    let mut map = Map::with_capacity(names.len() as usize);
    for i in 0..names.len() {
        let Some(key) = names.get::<String>(i)? else { continue };
        let Some(value) = object.get::<Unknown>(&key)? else {
            continue;
        };
        if value.get_type()? == ValueType::Undefined {
            continue; // `{datasourceName: undefined}` means "not given"
        }
        let value = walk(value, &child(path, &key), depth + 1, state)?;
        map.insert(key, value);
        if state.budget == 0 {
            break;
        }
    }
    Ok(Value::Object(map))
}

/// Whole numbers become JSON integers (so `3600000` is not sent as `3600000.0`).
fn number(n: f64) -> Option<Number> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        Some(if n >= 0.0 {
            Number::from(n as u64)
        } else {
            Number::from(n as i64)
        })
    } else {
        Number::from_f64(n)
    }
}

fn js_number_name(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN"
    } else if n > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number(3_600_000.0).unwrap().as_u64(), Some(3_600_000));
        assert_eq!(number(-0.0).unwrap().as_u64(), Some(0));
        assert_eq!(number(-5.0).unwrap().as_i64(), Some(-5));
        assert_eq!(number(1.5).unwrap().as_f64(), Some(1.5));
        assert!(number(1e300).unwrap().as_u64().is_none());
        assert!(number(f64::NAN).is_none());
    }
}
