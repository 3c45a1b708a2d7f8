//! Reading Databrain's answers: the token on success, a typed error otherwise.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::net::answer::{Answer, MAX_SUCCESS_BODY};

/// What a success body must carry.
#[derive(Clone, Copy)]
pub(crate) enum Expect {
    /// `{"token": "…"}`; older servers, as read by Databrain's own demos: `{"guest_token": "…"}`.
    GuestToken,
    /// `{"key": "…"}`.
    ApiKey,
}

const SNIPPET_CHARS: usize = 200;

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

pub(crate) fn parse_success(answer: &Answer, expect: Expect) -> Result<String> {
    let decode = |message: String| Error::Decode {
        status: answer.status,
        message,
        snippet: snippet(&answer.body),
        request_id: Some(answer.request_id.clone()),
        attempts: 1,
    };
    if answer.truncated {
        return Err(decode(format!("the body is larger than {} bytes", MAX_SUCCESS_BODY)));
    }
    let value: Value = serde_json::from_slice(&answer.body).map_err(|e| decode(format!("not valid JSON ({e})")))?;
    let Value::Object(map) = &value else { return Err(decode("expected a JSON object".into())) };
    // A 200 that still carries an error object is an error.
    if let Some(error @ Value::Object(_)) = map.get("error") {
        return Err(api_error(answer.status, Some(error), Some(answer.request_id.clone())));
    }
    let keys: &[&str] = match expect {
        Expect::GuestToken => &["token", "guest_token"],
        Expect::ApiKey => &["key"],
    };
    for key in keys {
        match map.get(*key) {
            Some(Value::String(s)) if !s.is_empty() => return Ok(s.clone()),
            None | Some(Value::Null) => continue,
            Some(_) => return Err(decode(format!("`{key}` is not a non-empty string"))),
        }
    }
    Err(decode(format!("no `{}` in the response", keys[0])))
}

/// The error for a non-2xx answer, whatever its body: Databrain's JSON error, an HTML page
/// from a proxy, or nothing at all.
pub(crate) fn error_from_answer(answer: &Answer) -> Error {
    let parsed: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let error_field = parsed.as_ref().and_then(|v| v.get("error")).filter(|e| !e.is_null());
    let request_id = Some(answer.request_id.clone());
    if error_field.is_some() || parsed.as_ref().is_some_and(|v| v.get("message").is_some()) {
        let top = parsed.as_ref().filter(|_| error_field.is_none());
        let err = api_error(answer.status, error_field.or(top), request_id);
        return match err {
            Error::Api { message, request_id, .. } if answer.status == 429 => {
                Error::RateLimited { retry_after: answer.retry_after, message, request_id, attempts: 1 }
            }
            other => other,
        };
    }
    let reason = reqwest::StatusCode::from_u16(answer.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("unknown status");
    let message = if answer.body.iter().all(u8::is_ascii_whitespace) {
        format!("HTTP {} {reason} with an empty body", answer.status)
    } else {
        let kind = answer.content_type.as_deref().unwrap_or("unknown content type");
        format!("HTTP {} {reason} with a non-JSON body ({kind}): {:?}", answer.status, snippet(&answer.body))
    };
    if answer.status == 429 {
        return Error::RateLimited { retry_after: answer.retry_after, message, request_id, attempts: 1 };
    }
    Error::Api { status: answer.status, code: None, message, request_id, attempts: 1 }
}

/// `{"code", "message"}` (or a bare string) into [`Error::Api`]. The guest-token docs spell
/// the auth code `AUTHENTICATION_ERR`; it is the same error.
fn api_error(status: u16, error: Option<&Value>, request_id: Option<String>) -> Error {
    let field = |name: &str| error.and_then(|e| e.get(name)).and_then(Value::as_str).map(str::to_owned);
    let code = field("code").map(|c| if c == "AUTHENTICATION_ERR" { "AUTHENTICATION_ERROR".to_owned() } else { c });
    let message = field("message")
        .or_else(|| error.and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| "no message".to_owned());
    let message = match code.as_deref() {
        // Databrain answers the same for an app that does not exist and for one the key
        // cannot see: a key only sees its own data app.
        Some("DATA_APP_ID_ERROR") => format!("{message} ({WRONG_KEY_HINT})"),
        _ => message,
    };
    Error::Api { status, code, message, request_id, attempts: 1 }
}

/// Added to a `DATA_APP_ID_ERROR`'s message.
pub(crate) const WRONG_KEY_HINT: &str =
    "if the data app exists, the API key may belong to another data app: each key sees only its own";

/// A decode error for this answer.
pub(crate) fn decode_error(answer: &Answer, message: String) -> Error {
    Error::Decode {
        status: answer.status,
        message,
        snippet: snippet(&answer.body),
        request_id: Some(answer.request_id.clone()),
        attempts: 1,
    }
}

/// A success body as a JSON object; a 200 that still carries an error object is that error
/// (`"error": null` is success).
pub(crate) fn success_object(answer: &Answer) -> Result<serde_json::Map<String, Value>> {
    if answer.truncated {
        return Err(decode_error(answer, format!("the body is larger than {} bytes", MAX_SUCCESS_BODY)));
    }
    let value: Value =
        serde_json::from_slice(&answer.body).map_err(|e| decode_error(answer, format!("not valid JSON ({e})")))?;
    let Value::Object(map) = value else { return Err(decode_error(answer, "expected a JSON object".into())) };
    if let Some(error @ Value::Object(_)) = map.get("error") {
        return Err(api_error(answer.status, Some(error), Some(answer.request_id.clone())));
    }
    Ok(map)
}
