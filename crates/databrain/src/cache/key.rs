//! Cache keys: the canonical request, the base URL and a keyed hash of the credential.
//!
//! The request is the body exactly as it is sent (validated, `extraBody` merged: the same
//! `deep_merge` as `merge::body_bytes`), written with every object's keys sorted, so key
//! order never matters while filter column names and array order stay verbatim. Without an
//! `extraBody` (the usual case) the sorted form is written straight from the typed model
//! (`crate::body`: no `Value` tree, no sort of the model's own fields) into the thread's
//! reused buffer, so a lookup allocates nothing; with one, through a merged `Value`. Both
//! routes give the same bytes (pinned by `body`'s property test).
//!
//! A key is compared whole (no truncated hash, so no collisions); the map hashes it with
//! foldhash under a per-cache random seed (`mod.rs`). The credential is represented by
//! HMAC-SHA-256 under a key drawn once per process, so a key, a log line or a heap dump never
//! holds it and two credentials never share a token.

use std::sync::OnceLock;

use aws_lc_rs::hmac;
use serde_json::Value;

use crate::body::{self, Order};
use crate::merge::deep_merge;
use crate::models::guest_token::GuestTokenRequest;

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

/// Runs `f` with the key of `request`, written into the thread's scratch buffer: a lookup
/// that hits allocates nothing.
pub(crate) fn with_key<T>(credential: &[u8; 32], base_url: &str, request: &GuestTokenRequest, f: impl FnOnce(&[u8]) -> T) -> T {
    body::with_scratch(|buf| {
        buf.extend_from_slice(credential);
        buf.extend_from_slice(base_url.as_bytes());
        buf.push(0);
        match &request.extra_body {
            None => body::write_request(request, Order::Sorted, buf),
            Some(_) => write_canonical(&body_value(request), buf),
        }
        f(buf)
    })
}

/// The key of `request`, owned.
pub(crate) fn key(credential: &[u8; 32], base_url: &str, request: &GuestTokenRequest) -> Key {
    with_key(credential, base_url, request, |key| Key::from(key))
}

/// JSON with every object's keys in byte order (recursively); arrays keep their order.
pub(crate) fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, k).expect("strings serialise");
                out.push(b':');
                write_canonical(v, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(v, out);
            }
            out.push(b']');
        }
        leaf => serde_json::to_writer(&mut *out, leaf).expect("JSON leaves serialise"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(v: Value) -> String {
        let mut out = Vec::new();
        write_canonical(&v, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn sorts_keys_recursively_and_keeps_arrays_and_names() {
        assert_eq!(
            canonical(json!({"b": 1, "a": {"Zeta": [2, 1], "alpha": "x"}})),
            r#"{"a":{"Zeta":[2,1],"alpha":"x"},"b":1}"#
        );
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
