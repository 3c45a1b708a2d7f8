//! Core errors → the JS error classes of `node/lib/errors.js`, built on the JS thread.
//!
//! `node/lib/native.js` hands the addon its error factory once per environment
//! ([`set_error_factory`]); the factory takes the core's [`databrain::ErrorRecord`] plus the
//! class [`databrain::ErrorKind::class_name`] names, and returns the typed error
//! (`AuthenticationError`, ...). A core error becomes a JS value only on the JS thread:
//!
//! - a synchronous call (a constructor, a request the core refuses before sending) builds it
//!   at once and throws it ([`to_napi`]: a `napi::Error` holding that value);
//! - an async call's tokio task hands the core error itself back to the JS thread, where
//!   `completions` builds it ([`to_js`]) and rejects the promise with it.
//!
//! Nothing of this runs on the success path.

use std::ptr;

use databrain::Error;
use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;
use serde_json::{Map, Value};

/// The environment's error factory, `(record) => DatabrainError`, kept as the environment's
/// instance data: each Worker has its own, and Node frees it with the environment.
struct Factory(FunctionRef<Value, Unknown<'static>>);

/// Installs `factory`, which turns an error record (with its `class`) into the package's
/// error; `node/lib/native.js` calls it when it loads the addon. A later call replaces it.
// Called from JS only: `cargo test` builds see no caller.
#[allow(dead_code)]
#[napi(ts_args_type = "factory: (record: Record<string, unknown>) => Error")]
pub fn set_error_factory(env: &Env, factory: Function<'_, Value, Unknown<'static>>) -> Result<()> {
    let factory = Factory(factory.create_ref()?);
    match env.get_instance_data::<Factory>()? {
        Some(slot) => *slot = factory,
        None => env.set_instance_data(factory, (), |_| {})?,
    }
    Ok(())
}

/// The napi error for a core error met on the JS thread: it holds the typed JS error, which
/// napi throws as it is (class, fields and stack intact).
pub(crate) fn to_napi(env: &Env, e: &Error) -> napi::Error {
    match to_js(env.raw(), e) {
        // SAFETY: a live value of this env, made just now.
        Ok(value) => napi::Error::from_unknown_without_coercion(unsafe { Unknown::from_raw_unchecked(env.raw(), value) }),
        // Only if the env cannot make objects at all: still a readable message, no record.
        Err(_) => napi::Error::new(Status::GenericFailure, e.to_string()),
    }
}

/// The JS error for a core error; call on the JS thread of `env` only. Made by the factory;
/// without one (the addon loaded by hand, not through `node/lib/native.js`), or if it
/// throws, a plain `Error` carrying the same fields.
pub(crate) fn to_js(env: sys::napi_env, e: &Error) -> Result<sys::napi_value> {
    let env = Env::from_raw(env);
    let record = record(e);
    let made = env.get_instance_data::<Factory>().ok().flatten().map(|Factory(factory)| {
        factory.borrow_back(&env).and_then(|f| f.call(Value::Object(record.clone()))).map(|value| value.raw())
    });
    match made {
        Some(Ok(value)) => Ok(value),
        // A factory that throws has had its exception cleared (`Function::call`).
        Some(Err(_)) | None => plain(&env, record),
    }
}

/// The record the factory takes: the core's error record plus `class`.
fn record(e: &Error) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("class".into(), e.kind().class_name().into());
    // An `ErrorRecord` always serialises to an object.
    if let Ok(Value::Object(record)) = serde_json::to_value(e.record()) {
        fields.extend(record);
    }
    fields
}

/// `Error(text)` with the record's fields as own properties and `name` set to its class.
fn plain(env: &Env, mut fields: Map<String, Value>) -> Result<sys::napi_value> {
    let text = fields.remove("text").and_then(|t| t.as_str().map(str::to_owned)).unwrap_or_default();
    let name = fields.remove("class").unwrap_or_default();
    fields.remove("message");
    let mut message = ptr::null_mut();
    let mut error = ptr::null_mut();
    check_status!(unsafe { sys::napi_create_string_utf8(env.raw(), text.as_ptr().cast(), text.len() as isize, &mut message) })?;
    check_status!(unsafe { sys::napi_create_error(env.raw(), ptr::null_mut(), message, &mut error) })?;
    let mut object = Object::from_raw(env.raw(), error);
    object.set("name", name)?;
    for (key, value) in fields {
        object.set(key, value)?;
    }
    Ok(error)
}
