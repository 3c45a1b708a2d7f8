//! Core errors → napi errors carrying the core's error record as JSON.
//!
//! A napi error reaches JS as a plain `Error` with a string message only (async rejections
//! cannot carry properties), so the message *is* the record ([`databrain::ErrorRecord`],
//! plus its class, [`databrain::ErrorKind::class_name`]), serialised, and `node/lib/errors.js`
//! rebuilds the typed class from it. The payload starts with [`PAYLOAD_PREFIX`] so the JS side
//! can tell it from napi's own argument errors. This costs nothing on the success path.

use databrain::Error;
use napi::Status;

/// Start of every payload; `node/lib/errors.js` checks for exactly this text.
pub(crate) const PAYLOAD_PREFIX: &str = "{\"databrainError\":";

/// The napi error for a core error.
pub(crate) fn to_napi(e: &Error) -> napi::Error {
    let record = serde_json::to_value(e.record()).unwrap_or_default();
    let mut fields = serde_json::json!({"class": e.kind().class_name()});
    if let (Some(fields), serde_json::Value::Object(record)) = (fields.as_object_mut(), record) {
        fields.extend(record);
    }
    // The marker goes first whatever the map's key order; `databrainError` is the format version.
    let fields = fields.to_string();
    napi::Error::new(Status::GenericFailure, format!("{PAYLOAD_PREFIX}1,{}", &fields[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use databrain::ErrorKind;

    #[test]
    fn payload_shape() {
        let napi = to_napi(&Error::example(ErrorKind::Connection));
        assert!(napi.reason.starts_with(PAYLOAD_PREFIX), "{}", napi.reason);
        let v: serde_json::Value = serde_json::from_str(&napi.reason).unwrap();
        assert_eq!(v["class"], "APIConnectionError");
        assert_eq!(v["kind"], "connection");
        assert_eq!(v["code"], "CONNECTION_ERROR");
        assert_eq!(v["attempts"], 3);
        assert_eq!(v["causes"].as_array().unwrap().len(), 2);
        assert!(v["requestId"].is_string() && v["status"].is_null());
    }
}
