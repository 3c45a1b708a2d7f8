//! What Redis sees of an entry: a name and a value it cannot read.
//!
//! Two keys are derived (HKDF-SHA-256) from the credential and the base URL: one names entries
//! (HMAC-SHA-256 of the cache key's request part), one seals values (AES-256-GCM, a fresh
//! random 96-bit nonce per write, the entry name as associated data so a value copied under
//! another name does not open). Every process holding the same API key derives the same keys,
//! so the fleet shares entries with no key management; another API key gets a disjoint,
//! unlinkable keyspace. All of it through aws-lc-rs, already in the build for rustls.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::hkdf::{HKDF_SHA256, Salt};
use aws_lc_rs::hmac;

const SALT: &[u8] = b"databrain-sdk/shared-cache";
const VERSION: u8 = 1;

/// The two keys of one credential and base URL.
pub(crate) struct Keys {
    names: hmac::Key,
    values: LessSafeKey,
}

/// What an entry holds: the token and the lifetime the cache gives it (its `expiryTime`, or
/// `max_age_without_expiry` for a token that never expires).
#[derive(Debug, PartialEq)]
pub(crate) struct Plain {
    pub token: String,
    pub lifetime_ms: u64,
    pub expires: bool,
}

impl Keys {
    pub(crate) fn derive(credential: &[u8], base_url: &str) -> Keys {
        let prk = Salt::new(HKDF_SHA256, SALT).extract(credential);
        let url = base_url.as_bytes();
        let names: hmac::Key = prk
            .expand(&[b"entry names v1\0", url], hmac::HMAC_SHA256)
            .expect("32 bytes is a valid HKDF-SHA-256 output length")
            .into();
        let values: UnboundKey = prk
            .expand(&[b"entry values v1\0", url], &AES_256_GCM)
            .expect("32 bytes is a valid HKDF-SHA-256 output length")
            .into();
        Keys { names, values: LessSafeKey::new(values) }
    }

    /// The entry name of a request (its cache key without the credential part), lowercase hex.
    pub(crate) fn name(&self, request: &[u8]) -> String {
        hex(hmac::sign(&self.names, request).as_ref())
    }

    /// `0x01 ‖ nonce ‖ ciphertext ‖ tag`.
    pub(crate) fn seal(&self, name: &str, plain: &Plain) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).expect("the system random generator is available");
        let mut body = Vec::with_capacity(9 + plain.token.len() + 16);
        body.push(u8::from(plain.expires));
        body.extend_from_slice(&plain.lifetime_ms.to_be_bytes());
        body.extend_from_slice(plain.token.as_bytes());
        self.values
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(name.as_bytes()), &mut body)
            .expect("AES-GCM seals any length under 64 GiB");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + body.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        out
    }

    /// The entry, or `None` if `value` does not open under this name and key (another
    /// credential, a flipped bit, another version).
    pub(crate) fn open(&self, name: &str, value: &[u8]) -> Option<Plain> {
        let (&version, rest) = value.split_first()?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut sealed = sealed.to_vec();
        let body = self.values.open_in_place(nonce, Aad::from(name.as_bytes()), &mut sealed).ok()?;
        let (&flags, rest) = body.split_first()?;
        let lifetime: [u8; 8] = rest.get(..8)?.try_into().ok()?;
        let token = std::str::from_utf8(&rest[8..]).ok()?.to_owned();
        Some(Plain { token, lifetime_ms: u64::from_be_bytes(lifetime), expires: flags == 1 })
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Plain {
        Plain { token: "tok-123".into(), lifetime_ms: 600_000, expires: true }
    }

    #[test]
    fn round_trips_and_refuses_tampering_other_names_and_other_keys() {
        let keys = Keys::derive(b"Bearer key-a", "https://h");
        let name = keys.name(b"https://h\0{}");
        assert_eq!(name.len(), 64);
        assert_eq!(name, Keys::derive(b"Bearer key-a", "https://h").name(b"https://h\0{}"));
        let sealed = keys.seal(&name, &plain());
        assert!(!sealed.windows(7).any(|w| w == b"tok-123"));
        assert_eq!(keys.open(&name, &sealed), Some(plain()));
        for bit in [0, 8 * 5, 8 * 20, sealed.len() * 8 - 1] {
            let mut flipped = sealed.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(keys.open(&name, &flipped), None, "bit {bit}");
        }
        assert_eq!(keys.open(&keys.name(b"other"), &sealed), None);
        let other = Keys::derive(b"Bearer key-b", "https://h");
        assert_ne!(other.name(b"https://h\0{}"), name);
        assert_eq!(other.open(&name, &sealed), None);
        assert_ne!(Keys::derive(b"Bearer key-a", "https://g").name(b"https://h\0{}"), name);
        assert_eq!(keys.open(&name, &[]), None);
        assert_eq!(keys.open(&name, &[1, 2, 3]), None);
    }
}
