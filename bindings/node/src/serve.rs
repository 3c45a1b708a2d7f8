//! `mintReplyToken`, `mintReplyNoSession`, `mintReplyFailure`: the core's mint-endpoint reply
//! rule ([`databrain::MintReply`]) for the Express and Next.js handlers.
//!
//! Conversion only: a JS `GuestToken` or a `databrain` error in, the core's reply out as
//! `{status, headers, body, log}`. An error is read back into the core's [`ErrorRecord`] from
//! its class name (`err.name`, which each class sets on its prototype, see `node/lib/errors.js`)
//! and its public fields, so an error thrown by the SDK and one built in a test answer alike.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use databrain::{ErrorKind, ErrorRecord, FieldError, GuestToken, MintReply};
use napi::JsDate;
use napi::bindgen_prelude::{FromNapiValue, Object, Unknown};
use napi::{JsValue, ValueType};
use napi_derive::napi;
use serde_json::Value;

/// One field problem of a `ValidationError` (`err.errors[i]`).
#[napi(object)]
pub struct MintFieldError {
    pub path: String,
    pub message: String,
}

/// 200 with `{token, expiresAt, refreshAt}`, from a `GuestToken` (its `Date`s, or epoch ms).
#[allow(dead_code)] // called from JS only
#[napi(
    ts_args_type = "token: { token: string, issuedAt?: Date | number | null, expiresAt: Date | number | null, refreshAt: Date | number | null }",
    ts_return_type = "{ status: number, headers: Record<string, string>, body: string, log: { level: 'warn' | 'error', message: string } | null }"
)]
pub fn mint_reply_token(token: Object<'_>) -> napi::Result<Value> {
    let value: String = token
        .get("token")?
        .ok_or_else(|| napi::Error::new(napi::Status::InvalidArg, "mintReplyToken: `token` must be a string"))?;
    let issued_at = time(&token, "issuedAt")?.unwrap_or(UNIX_EPOCH);
    let token = GuestToken::from_parts(value, issued_at, time(&token, "expiresAt")?, time(&token, "refreshAt")?);
    Ok(MintReply::token(&token).to_json())
}

/// 401: no signed-in user.
#[allow(dead_code)]
#[napi(
    ts_return_type = "{ status: number, headers: Record<string, string>, body: string, log: { level: 'warn' | 'error', message: string } | null }"
)]
pub fn mint_reply_no_session() -> Value {
    MintReply::no_session().to_json()
}

/// The reply to a `databrain` error (a `DatabrainError` subclass); throws for any other value.
#[allow(dead_code)]
#[napi(
    ts_args_type = "err: Error, dataApp?: string | null",
    ts_return_type = "{ status: number, headers: Record<string, string>, body: string, log: { level: 'warn' | 'error', message: string } | null }"
)]
pub fn mint_reply_failure(err: Object<'_>, data_app: Option<String>) -> napi::Result<Value> {
    // `name` is inherited from the class's prototype, so a subclass keeps its parent's kind.
    let name: String = field(&err, "name")?.unwrap_or_default();
    let Some(kind) = ErrorKind::from_class_name(&name) else {
        return Err(napi::Error::new(
            napi::Status::InvalidArg,
            format!("mintReplyFailure needs a databrain error, got {name:?}"),
        ));
    };
    let message: String = field(&err, "message")?.unwrap_or_default();
    let errors: Vec<MintFieldError> = field(&err, "errors")?.unwrap_or_default();
    let record = ErrorRecord {
        kind,
        code: field(&err, "code")?.unwrap_or_else(|| kind.default_code().to_owned()),
        text: message.clone(),
        message,
        status: field::<u32>(&err, "status")?.and_then(|s| u16::try_from(s).ok()),
        request_id: field(&err, "requestId")?,
        retry_after: field(&err, "retryAfter")?,
        errors: errors.into_iter().map(|e| FieldError::new(e.path, e.message)).collect(),
        attempts: field(&err, "attempts")?.unwrap_or(0),
        causes: Vec::new(),
    };
    Ok(MintReply::failure_for(&record, data_app.as_deref()).to_json())
}

/// `obj[name]`: null and undefined are `None`, a value of another type an error.
fn field<T: FromNapiValue>(obj: &Object<'_>, name: &str) -> napi::Result<Option<T>> {
    let Some(value) = obj.get::<Unknown>(name)? else { return Ok(None) };
    match value.get_type()? {
        ValueType::Null | ValueType::Undefined => Ok(None),
        // SAFETY: a live value of this env, just read from `obj`.
        _ => Ok(Some(unsafe { T::from_napi_value(value.value().env, value.raw())? })),
    }
}

/// `obj[name]` as a time: a `Date`, epoch milliseconds, or null/undefined (none).
fn time(obj: &Object<'_>, name: &str) -> napi::Result<Option<SystemTime>> {
    let Some(value) = obj.get::<Unknown>(name)? else { return Ok(None) };
    let ms = match value.get_type()? {
        ValueType::Null | ValueType::Undefined => return Ok(None),
        // SAFETY: the casts match the type just checked.
        ValueType::Number => unsafe { value.cast::<f64>()? },
        ValueType::Object if value.is_date()? => unsafe { value.cast::<JsDate>()? }.value_of()?,
        _ => {
            return Err(napi::Error::new(napi::Status::InvalidArg, format!("mintReplyToken: `{name}` must be a Date")));
        }
    };
    if !ms.is_finite() {
        return Err(napi::Error::new(napi::Status::InvalidArg, format!("mintReplyToken: `{name}` is an invalid Date")));
    }
    let offset = Duration::from_millis(ms.abs() as u64);
    Ok(if ms >= 0.0 { UNIX_EPOCH.checked_add(offset) } else { UNIX_EPOCH.checked_sub(offset) })
}
