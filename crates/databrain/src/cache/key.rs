//! Cache keys: the canonical request, the base URL and a keyed hash of the credential.
//!
//! The request is the body exactly as it is sent (validated, `extraBody` merged: the same
//! `deep_merge` as `merge::body_bytes`): canonical JSON, every object's keys in byte order
//! (`models`' docs), so key order never matters while filter column names and array order stay
//! verbatim. With an `extraBody` the merged `Value` is sorted (`Value::sort_all_objects`) into
//! the same form.
//!
//! A key is compared whole (no truncated hash, so no collisions); the map hashes it with
//! foldhash under a per-cache random seed (`mod.rs`). The credential is represented by
//! HMAC-SHA-256 under a key drawn once per process, so a key, a log line or a heap dump never
//! holds it and two credentials never share a token.

use std::sync::OnceLock;

use aws_lc_rs::hmac;
use serde_json::Value;

use crate::request::merge::deep_merge;
use crate::request::models::guest_token::GuestTokenRequest;

/// One cache key, owned (stored in the map): `credential_id ‖ base_url ‖ NUL ‖ canonical body`.
pub(crate) type Key = Box<[u8]>;

fn process_key() -> &'static hmac::Key {
    static KEY: OnceLock<hmac::Key> = OnceLock::new();
    KEY.get_or_init(|| {
        hmac::Key::generate(hmac::HMAC_SHA256, &aws_lc_rs::rand::SystemRandom::new())
            .expect("the system random generator is available")
    })
}

/// The keyed hash that stands for a credential (`None`: no credential configured).
pub(crate) fn credential_id(credential: Option<&[u8]>) -> [u8; 32] {
    let mut ctx = hmac::Context::with_key(process_key());
    ctx.update(b"databrain guest-token cache credential\0");
    match credential {
        Some(c) => {
            ctx.update(b"\x01");
            ctx.update(c);
        }
        None => ctx.update(b"\x00"),
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

/// The request body as sent (validation done by the caller; `extraBody` merged).
pub(crate) fn body_value(request: &GuestTokenRequest) -> Value {
    let mut value = serde_json::to_value(request).expect("request models always serialise");
    if let (Value::Object(map), Some(extra)) = (&mut value, request.extra_body.as_ref()) {
        deep_merge(map, extra);
    }
    value
}

/// The part of a key that names the request (base URL and body), without the credential's
/// per-process hash: what the shared tier names its entries by, under its own derived key.
pub(crate) fn request_part(key: &[u8]) -> &[u8] {
    &key[32..]
}

/// The key of `request`.
pub(crate) fn key(credential: &[u8; 32], base_url: &str, request: &GuestTokenRequest) -> Key {
    let mut key = Vec::with_capacity(256);
    key.extend_from_slice(credential);
    key.extend_from_slice(base_url.as_bytes());
    key.push(0);
    if request.extra_body.is_some() {
        let mut body = body_value(request);
        body.sort_all_objects();
        serde_json::to_writer(&mut key, &body).expect("JSON values always serialise");
    } else {
        serde_json::to_writer(&mut key, request).expect("request models always serialise");
    }
    key.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_recursively_and_keeps_arrays_and_names() {
        let mut request = GuestTokenRequest::new("u", "app")
            .app_filter(crate::AppFilter::new("m").value("Zeta", "z").value("alpha", "a"));
        request.extra_body = Some(json!({"theme": {"b": 1, "a": [2, 1]}}).as_object().unwrap().clone());
        let key = key(&[0; 32], "https://h", &request);
        let body = std::str::from_utf8(&key[32 + "https://h".len() + 1..]).unwrap();
        assert_eq!(
            body,
            r#"{"clientId":"u","dataAppName":"app","params":{"appFilters":[{"metricId":"m","values":{"Zeta":"z","alpha":"a"}}]},"theme":{"a":[2,1],"b":1}}"#
        );
    }

    #[test]
    fn the_guest_token_body_is_canonical() {
        let vector: Value =
            serde_json::from_str(include_str!("../../../../tests/vectors/maximal_guest_token.json")).unwrap();
        let mut request = GuestTokenRequest::from_loose(&vector["input"]).unwrap().0;
        // Columns given out of order are written sorted.
        let filter = &mut request.params.as_mut().unwrap().app_filters.as_mut().unwrap()[0];
        filter.values.reverse();
        let body = serde_json::to_vec(&request).unwrap();
        let mut sorted = serde_json::to_value(&request).unwrap();
        sorted.sort_all_objects();
        assert_eq!(String::from_utf8(body).unwrap(), sorted.to_string(), "a model field is out of wire-name order");
        // The same request with an extraBody that changes nothing has the same key.
        let mut with_extra = request.clone();
        with_extra.extra_body = Some(serde_json::Map::new());
        assert_eq!(key(&[1; 32], "https://h", &request), key(&[1; 32], "https://h", &with_extra));
    }

    #[test]
    fn credentials_are_hashed_apart() {
        let a = credential_id(Some(b"Bearer one"));
        assert_eq!(a, credential_id(Some(b"Bearer one")));
        assert_ne!(a, credential_id(Some(b"Bearer two")));
        assert_ne!(a, credential_id(None));
        assert!(!a.windows(3).any(|w| w == b"one"));
    }
}
