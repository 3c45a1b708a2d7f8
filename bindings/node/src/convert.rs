//! JS values as the core's loose [`Input`].
//!
//! The core walks a request once, straight over the caller's JS values; this file only says
//! what each value *is* in JSON terms ([`Shape`]), as `JSON.stringify` would see it but
//! without its silent losses: NaN, Infinity, functions, symbols, Dates, Maps and lossy
//! BigInts are [`Unrepresentable`] (`expiryTime: NaN` must not become "never expires"), and
//! `undefined` properties are absent. Whether a value is acceptable, the limits, the paths and
//! every message are the core's, so Node and Python report the same problems in the same
//! words. Nothing here can panic or leave a JS exception pending.

use std::borrow::Cow;

use databrain::input::{Input, Key, Shape, Unrepresentable};
use napi::bindgen_prelude::{BigInt, FromNapiValue, Object, Unknown};
use napi::{JsValue, ValueType, check_status, sys};
use serde_json::Number;

/// Largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Built-ins that `JSON.stringify` silently turns into `{}`.
const FLATTENED_BUILTINS: [&str; 5] = ["Map", "Set", "WeakMap", "WeakSet", "Promise"];

/// A JS value read as a loose JSON value.
#[derive(Clone, Copy)]
pub(crate) struct JsInput<'env>(pub Unknown<'env>);

fn unreadable(e: napi::Error) -> Unrepresentable {
    Unrepresentable::Unreadable(e.reason.clone())
}

/// Clears a JS exception a getter or proxy trap left pending, so later napi calls work.
fn clear_pending(env: sys::napi_env) {
    let mut pending = false;
    // SAFETY: plain napi calls on the current env; the exception value is dropped.
    unsafe {
        if sys::napi_is_exception_pending(env, &mut pending) == sys::Status::napi_ok && pending {
            let mut exception = std::ptr::null_mut();
            sys::napi_get_and_clear_last_exception(env, &mut exception);
        }
    }
}

impl<'env> JsInput<'env> {
    fn env(&self) -> sys::napi_env {
        self.0.value().env
    }

    fn wrap(&self, raw: sys::napi_value) -> Self {
        // SAFETY: `raw` was just produced by napi for this env.
        JsInput(unsafe { Unknown::from_raw_unchecked(self.env(), raw) })
    }

    fn object_shape(&self) -> napi::Result<Shape<'static>> {
        let (env, raw) = (self.env(), self.0.raw());
        let mut is_array = false;
        check_status!(unsafe { sys::napi_is_array(env, raw, &mut is_array) })?;
        if is_array {
            return Ok(Shape::List);
        }
        if self.0.is_date()? {
            return Ok(Shape::Invalid(Unrepresentable::Unsupported("Date".into())));
        }
        // A plain object has no built-in's prototype on its chain, so no `instanceof` can
        // match: four napi calls decide that for nearly every object, and the lookups on
        // `globalThis` (four calls per built-in) are left for everything else.
        if is_plain_object(env, raw)? {
            return Ok(Shape::Object);
        }
        for builtin in FLATTENED_BUILTINS {
            if is_instance_of(env, raw, builtin)? {
                return Ok(Shape::Invalid(Unrepresentable::Unsupported(builtin.into())));
            }
        }
        Ok(Shape::Object)
    }

    fn try_shape(&self) -> napi::Result<Shape<'static>> {
        let v = &self.0;
        Ok(match v.get_type()? {
            ValueType::Undefined | ValueType::Null => Shape::Null,
            ValueType::Boolean => Shape::Bool(unsafe { v.cast::<bool>()? }),
            ValueType::String => Shape::Str(Cow::Owned(read_string(self.env(), v.raw())?)),
            ValueType::Number => {
                let n = unsafe { v.cast::<f64>()? };
                match number(n) {
                    Some(n) => Shape::Number(n),
                    None => Shape::Invalid(Unrepresentable::NotFinite(n)),
                }
            }
            ValueType::BigInt => {
                let b = unsafe { v.cast::<BigInt>()? };
                let (signed, lossless_i) = b.get_i64();
                let (_, unsigned, lossless_u) = b.get_u64();
                if lossless_i {
                    Shape::Number(signed.into())
                } else if lossless_u && !b.sign_bit {
                    Shape::Number(unsigned.into())
                } else {
                    Shape::Invalid(Unrepresentable::IntegerOutOfRange)
                }
            }
            ValueType::Object => self.object_shape()?,
            ValueType::Function => Shape::Invalid(Unrepresentable::Unsupported("function".into())),
            ValueType::Symbol => Shape::Invalid(Unrepresentable::Unsupported("symbol".into())),
            _ => Shape::Invalid(Unrepresentable::Unsupported("value of an unsupported JS type".into())),
        })
    }

    fn try_len(&self) -> napi::Result<usize> {
        let mut len = 0u32;
        check_status!(unsafe { sys::napi_get_array_length(self.env(), self.0.raw(), &mut len) })?;
        Ok(len as usize)
    }

    fn try_entries(&self) -> napi::Result<Vec<(Key, Self)>> {
        let env = self.env();
        let mut names = std::ptr::null_mut();
        // Own enumerable string keys, as `JSON.stringify` and `Object.keys` see them.
        check_status!(unsafe {
            sys::napi_get_all_property_names(
                env,
                self.0.raw(),
                sys::KeyCollectionMode::own_only,
                sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                sys::KeyConversion::numbers_to_strings,
                &mut names,
            )
        })?;
        let names = JsInput(unsafe { Unknown::from_raw_unchecked(env, names) });
        let mut out = Vec::new();
        for i in 0..names.try_len()? {
            let Some(key) = names.item(i) else { break };
            // The key's own JS string reads the property: no Rust → JS string round trip.
            let name = read_string(env, key.0.raw())?;
            let mut raw = std::ptr::null_mut();
            let status = unsafe { sys::napi_get_property(env, self.0.raw(), key.0.raw(), &mut raw) };
            if let Err(e) = check_status!(status) {
                clear_pending(env);
                out.push((Err(unreadable(e)), *self));
                continue;
            }
            let value = self.wrap(raw);
            // `{datasourceName: undefined}` means "not given", as in JSON.stringify.
            if value.0.get_type()? == ValueType::Undefined {
                continue;
            }
            out.push((Ok(name), value));
        }
        Ok(out)
    }
}

impl Input for JsInput<'_> {
    // napi copies a string out of V8 in any case, so the copy is the key.
    type KeyText = String;

    fn shape(&self) -> Shape<'_> {
        self.try_shape().unwrap_or_else(|e| {
            clear_pending(self.env());
            Shape::Invalid(unreadable(e))
        })
    }

    fn is_null(&self) -> bool {
        matches!(self.0.get_type(), Ok(ValueType::Undefined | ValueType::Null))
    }

    fn len(&self) -> usize {
        self.try_len().unwrap_or(0)
    }

    fn item(&self, index: usize) -> Option<Self> {
        let index = u32::try_from(index).ok()?;
        let mut raw = std::ptr::null_mut();
        // A hole or an `undefined` item reads as undefined, i.e. null, as in JSON.stringify.
        let status = unsafe { sys::napi_get_element(self.env(), self.0.raw(), index, &mut raw) };
        if status != sys::Status::napi_ok {
            clear_pending(self.env());
            return None;
        }
        Some(self.wrap(raw))
    }

    fn entries(&self) -> Vec<(Key, Self)> {
        self.try_entries().unwrap_or_else(|e| {
            clear_pending(self.env());
            vec![(Err(unreadable(e)), *self)]
        })
    }

    fn same(&self, other: &Self) -> bool {
        let mut same = false;
        let status = unsafe { sys::napi_strict_equals(self.env(), self.0.raw(), other.0.raw(), &mut same) };
        status == sys::Status::napi_ok && same
    }
}

/// `value instanceof globalThis[name]`, for built-ins JSON.stringify flattens to `{}`.
fn is_instance_of(env: sys::napi_env, raw: sys::napi_value, name: &str) -> napi::Result<bool> {
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

/// Whether `raw` is a plain object: its prototype is a root of the chain (`Object.prototype`,
/// its own prototype being null), which no built-in's prototype is. A null prototype answers
/// "not known": napi reports a Proxy's prototype as null without asking its trap, and a
/// proxied `Map` must still be refused, so those take the `instanceof` checks.
fn is_plain_object(env: sys::napi_env, raw: sys::napi_value) -> napi::Result<bool> {
    let mut proto = std::ptr::null_mut();
    check_status!(unsafe { sys::napi_get_prototype(env, raw, &mut proto) })?;
    if is_null(env, proto)? {
        return Ok(false);
    }
    let mut grand = std::ptr::null_mut();
    check_status!(unsafe { sys::napi_get_prototype(env, proto, &mut grand) })?;
    is_null(env, grand)
}

fn is_null(env: sys::napi_env, raw: sys::napi_value) -> napi::Result<bool> {
    let mut kind = 0;
    check_status!(unsafe { sys::napi_typeof(env, raw, &mut kind) })?;
    Ok(kind == sys::ValueType::napi_null)
}

/// Bytes read on the stack first: most strings fit, and then one napi call reads them.
const STACK_STRING: usize = 256;

/// A JS string as UTF-8 (lone surrogates become U+FFFD, as napi converts them): one napi
/// call into a stack buffer when it fits, else the length first and a second call.
fn read_string(env: sys::napi_env, raw: sys::napi_value) -> napi::Result<String> {
    let mut buf = [0u8; STACK_STRING];
    let mut len = 0usize;
    check_status!(unsafe { sys::napi_get_value_string_utf8(env, raw, buf.as_mut_ptr().cast(), buf.len(), &mut len) })?;
    // napi stops before a character that does not fit (at most 4 bytes) and keeps one byte
    // for the NUL, so a shorter result is the whole string.
    if len + 5 <= STACK_STRING {
        return utf8(buf[..len].to_vec());
    }
    check_status!(unsafe { sys::napi_get_value_string_utf8(env, raw, std::ptr::null_mut(), 0, &mut len) })?;
    let mut heap = vec![0u8; len + 1];
    let mut written = 0usize;
    check_status!(unsafe { sys::napi_get_value_string_utf8(env, raw, heap.as_mut_ptr().cast(), heap.len(), &mut written) })?;
    heap.truncate(written);
    utf8(heap)
}

fn utf8(bytes: Vec<u8>) -> napi::Result<String> {
    String::from_utf8(bytes).map_err(|e| napi::Error::from_reason(format!("string is not UTF-8: {e}")))
}

/// A guest-token request: from `json`, the caller's object as `JSON.stringify` wrote it, when
/// the JS wrapper found it plain (`node/lib/json-text.js`: plain objects and arrays, strings,
/// booleans, null, safe integers and finite numbers, nothing else), else by walking the JS
/// value itself. V8 writes the text in one native pass, where the walk pays several napi calls
/// per value (~4x the time for the maximal request); both read as the same JSON, and a text
/// serde_json cannot take (a lone surrogate) is walked instead, so its problem is reported as
/// the walk reports it.
pub(crate) fn guest_token_request(request: Unknown<'_>, json: Option<&str>) -> Result<databrain::Valid<databrain::GuestTokenRequest>, databrain::Error> {
    if let Some(value) = json.and_then(|text| serde_json::from_str::<databrain::input::BorrowedJson>(text).ok()) {
        return databrain::GuestTokenRequest::from_input(&&value);
    }
    databrain::GuestTokenRequest::from_input(&JsInput(request))
}

/// Whole numbers become JSON integers (so `3600000` is not sent as `3600000.0`).
fn number(n: f64) -> Option<Number> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        Some(if n >= 0.0 { Number::from(n as u64) } else { Number::from(n as i64) })
    } else {
        Number::from_f64(n)
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
