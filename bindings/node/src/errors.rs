//! Core errors → napi errors carrying a JSON payload.
//!
//! A napi error reaches JS as a plain `Error` with a string message only (async rejections
//! cannot carry properties), so the message *is* the structured error, serialised, and
//! `node/lib/errors.js` rebuilds the typed class from it. The payload starts with
//! [`PAYLOAD_PREFIX`] so the JS side can tell it from napi's own argument errors. This costs
//! nothing on the success path; on the failure path it is one `JSON.parse` of a few hundred
//! bytes.

use databrain::Error;
use napi::Status;
use serde_json::json;

/// Start of every payload; `node/lib/errors.js` checks for exactly this text.
pub(crate) const PAYLOAD_PREFIX: &str = "{\"databrainError\":";

/// The napi error for a core error.
pub(crate) fn to_napi(e: &Error) -> napi::Error {
    // `message` is the core's full Display (HTTP status, code, request id included), so a
    // logged `String(err)` reads as in Rust and Python; `retryAfter` is in (fractional) seconds.
    let fields = json!({
        "kind": e.kind().as_str(),
        "code": e.code(),
        "message": e.to_string(),
        "status": e.status(),
        "requestId": e.request_id(),
        "retryAfter": e.retry_after().map(|d| d.as_secs_f64()),
        "errors": e.field_errors(),
    });
    // The marker goes first whatever the map's key order; `databrainError` is the format version.
    let fields = fields.to_string();
    let json = format!("{PAYLOAD_PREFIX}1,{}", &fields[1..]);
    napi::Error::new(Status::GenericFailure, json)
}

/// A configuration error raised by the binding itself (an option of the wrong JS type).
pub(crate) fn configuration(message: String) -> napi::Error {
    to_napi(&Error::Configuration(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_shape() {
        let e = Error::Validation(vec![databrain::FieldError {
            path: "clientId".into(),
            message: "is required".into(),
        }]);
        let napi = to_napi(&e);
        assert!(napi.reason.starts_with(PAYLOAD_PREFIX), "{}", napi.reason);
        let v: serde_json::Value = serde_json::from_str(&napi.reason).unwrap();
        assert_eq!(v["kind"], "validation");
        assert_eq!(v["code"], "VALIDATION_ERROR");
        assert_eq!(v["errors"][0]["path"], "clientId");
        assert!(v["status"].is_null() && v["retryAfter"].is_null() && v["requestId"].is_null());
    }
}
