//! The extra-body escape hatch: fields the SDK does not model, merged after validation.

use serde_json::{Map, Value};

use crate::request::models::guest_token::GuestTokenRequest;

/// Deep-merges `extra` into `target`: objects merge key by key, anything else replaces.
pub(crate) fn deep_merge(target: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (key, value) in extra {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => deep_merge(existing, incoming),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A validated guest-token request's body, its `extraBody` merged in.
pub(crate) fn guest_token_body(request: &GuestTokenRequest) -> Vec<u8> {
    body_bytes(request, request.extra_body.as_ref())
}

/// Serialises a validated request, with `extra` merged in when given.
pub(crate) fn body_bytes<T: serde::Serialize>(request: &T, extra: Option<&Map<String, Value>>) -> Vec<u8> {
    // Serialising these models cannot fail: every field is a string, bool, number or map
    // with string keys.
    match extra {
        None => serde_json::to_vec(request).expect("request models always serialise"),
        Some(extra) => {
            let mut value = serde_json::to_value(request).expect("request models always serialise");
            if let Value::Object(map) = &mut value {
                deep_merge(map, extra);
            }
            serde_json::to_vec(&value).expect("JSON values always serialise")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_objects_and_replaces_leaves() {
        let Value::Object(mut body) = json!({"a": 1, "p": {"x": 1, "y": [1]}}) else { unreachable!() };
        let Value::Object(extra) = json!({"p": {"y": [2], "z": true}, "theme": {"dark": true}}) else { unreachable!() };
        deep_merge(&mut body, &extra);
        assert_eq!(Value::Object(body), json!({"a": 1, "p": {"x": 1, "y": [2], "z": true}, "theme": {"dark": true}}));
    }
}
