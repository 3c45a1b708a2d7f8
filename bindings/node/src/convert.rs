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
use napi::bindgen_prelude::{BigInt, FromNapiValue, Function, JsObjectValue, Object, Unknown};
use napi::{Env, JsString, JsValue, KeyCollectionMode, KeyConversion, KeyFilter, ValueType, sys};
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
    // SAFETY: plain napi calls on the current env; the exception value is dropped. napi-rs 3
    // has no safe call that clears a pending exception (`Env` can only throw one).
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

    /// The value for napi's object calls, which check the value's type themselves.
    fn object(&self) -> napi::Result<Object<'env>> {
        Object::from_unknown(self.0)
    }

    fn object_shape(&self) -> napi::Result<Shape<'static>> {
        let v = &self.0;
        if v.is_array()? {
            return Ok(Shape::List);
        }
        if v.is_date()? {
            return Ok(Shape::Invalid(Unrepresentable::Unsupported("Date".into())));
        }
        // A plain object has no built-in's prototype on its chain, so no `instanceof` can
        // match: the prototype walk decides that for nearly every object, and the lookups on
        // `globalThis` are left for everything else.
        if is_plain_object(self.object()?)? {
            return Ok(Shape::Object);
        }
        let global = Env::from_raw(self.env()).get_global()?;
        for builtin in FLATTENED_BUILTINS {
            // `value instanceof globalThis[builtin]`, if that is still a constructor.
            let constructor: Unknown = global.get_named_property_unchecked(builtin)?;
            if constructor.get_type()? == ValueType::Function && v.instanceof(constructor)? {
                return Ok(Shape::Invalid(Unrepresentable::Unsupported(builtin.into())));
            }
        }
        Ok(Shape::Object)
    }

    fn try_shape(&self) -> napi::Result<Shape<'static>> {
        let v = self.0;
        Ok(match v.get_type()? {
            ValueType::Undefined | ValueType::Null => Shape::Null,
            ValueType::Boolean => Shape::Bool(bool::from_unknown(v)?),
            ValueType::String => Shape::Str(Cow::Owned(read_string(v)?)),
            ValueType::Number => {
                let n = f64::from_unknown(v)?;
                match number(n) {
                    Some(n) => Shape::Number(n),
                    None => Shape::Invalid(Unrepresentable::NotFinite(n)),
                }
            }
            ValueType::BigInt => {
                let b = BigInt::from_unknown(v)?;
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

    fn try_entries(&self) -> napi::Result<Vec<(Key, Self)>> {
        let object = self.object()?;
        // Own enumerable string keys, as `JSON.stringify` and `Object.keys` see them (napi-rs
        // takes one key filter, so symbol keys are skipped below).
        let names = object.get_all_property_names(KeyCollectionMode::OwnOnly, KeyFilter::Enumerable, KeyConversion::NumbersToStrings)?;
        let mut out = Vec::new();
        for i in 0..names.get_array_length_unchecked()? {
            let key: Unknown = names.get_element(i)?;
            if key.get_type()? != ValueType::String {
                continue;
            }
            let name = read_string(key)?;
            // The key's own JS string reads the property: no Rust → JS string round trip.
            let value: Unknown = match object.get_property_unchecked(key) {
                Ok(value) => value,
                Err(e) => {
                    clear_pending(self.env());
                    out.push((Err(unreadable(e)), *self));
                    continue;
                }
            };
            // `{datasourceName: undefined}` means "not given", as in JSON.stringify.
            if value.get_type()? == ValueType::Undefined {
                continue;
            }
            out.push((Ok(name), JsInput(value)));
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
        self.object().and_then(|o| o.get_array_length_unchecked()).map_or(0, |len| len as usize)
    }

    fn item(&self, index: usize) -> Option<Self> {
        let index = u32::try_from(index).ok()?;
        // A hole or an `undefined` item reads as undefined, i.e. null, as in JSON.stringify.
        match self.object().and_then(|o| o.get_element::<Unknown>(index)) {
            Ok(item) => Some(JsInput(item)),
            Err(_) => {
                clear_pending(self.env());
                None
            }
        }
    }

    fn entries(&self) -> Vec<(Key, Self)> {
        self.try_entries().unwrap_or_else(|e| {
            clear_pending(self.env());
            vec![(Err(unreadable(e)), *self)]
        })
    }

    fn same(&self, other: &Self) -> bool {
        Env::from_raw(self.env()).strict_equals(self.0, other.0).unwrap_or(false)
    }
}

/// Whether `object` is a plain object: its prototype is a root of the chain
/// (`Object.prototype`, its own prototype being null), which no built-in's prototype is. A
/// null prototype answers "not known": napi reports a Proxy's prototype as null without asking
/// its trap, and a proxied `Map` must still be refused, so those take the `instanceof` checks.
fn is_plain_object(object: Object<'_>) -> napi::Result<bool> {
    let proto = object.get_prototype()?;
    if proto.get_type()? == ValueType::Null {
        return Ok(false);
    }
    Ok(Object::from_unknown(proto)?.get_prototype()?.get_type()? == ValueType::Null)
}

/// A JS string as UTF-8 (lone surrogates become U+FFFD, as napi converts them).
fn read_string(value: Unknown<'_>) -> napi::Result<String> {
    Ok(JsString::from_unknown(value)?.into_utf8()?.as_str()?.to_owned())
}

/// The core's once-per-value warning about a short `expiryTime`, through
/// `process.emitWarning` (so `--no-warnings` and `process.on('warning')` apply).
pub(crate) fn warn_units(env: &Env, request: &databrain::GuestTokenRequest) -> napi::Result<()> {
    if let Some(message) = databrain::expiry_time_warning(request, "node") {
        let process: Object = env.get_global()?.get_named_property("process")?;
        let emit: Function<'_, String, Unknown<'_>> = process.get_named_property("emitWarning")?;
        emit.call(message)?;
    }
    Ok(())
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
