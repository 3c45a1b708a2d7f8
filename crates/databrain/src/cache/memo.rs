//! The memo: a request's exact JSON text, or its fingerprint (`fingerprint.rs`) → its cache
//! key. The Node binding has every plain request as text (V8's `JSON.stringify`); the Python
//! binding's requests are fingerprinted.
//!
//! Parsing ~1 KB of JSON into a tree and validating it costs ~15x more than the lookup it
//! feeds, and a backend asks for the same few requests over and over. The key is a pure
//! function of the text (or fingerprint) for one cache (its credential and base URL are fixed), so a text seen
//! once maps straight to its key: a hit hashes the text, compares it whole and looks the key
//! up — no parse, no validation, no allocation. Only texts that parsed and validated are
//! stored (an invalid one is parsed, and rejected, every time), so a text never skips a rule.
//!
//! Bounds: at most as many texts as the cache holds tokens and [`MEMO_MAX_BYTES`] of text and
//! keys; a text over [`MEMO_MAX_TEXT`] is never stored. When full the memo starts over
//! (re-learning a text costs one parse, which is what every lookup cost before). The texts
//! hold request fields only — never the credential, which is in the key as its keyed hash.

use std::collections::HashMap;

use super::{Key, KeyHasher};

/// Most bytes of text and keys the memo holds before it starts over.
pub(super) const MEMO_MAX_BYTES: usize = 16 << 20;
/// Longest text (or fingerprint) the memo stores.
pub(super) const MEMO_MAX_TEXT: usize = 16 << 10;

#[derive(Default)]
pub(super) struct RequestMemo {
    keys: HashMap<Box<[u8]>, Key, KeyHasher>,
    bytes: usize,
}

impl RequestMemo {
    /// The key learned for `text` (a JSON text or a fingerprint).
    pub(super) fn get(&self, text: &[u8]) -> Option<&Key> {
        self.keys.get(text)
    }

    /// Learns that `text` (a text or fingerprint that parsed and validated) has `key`; at most
    /// `max_texts` of them.
    pub(super) fn learn(&mut self, text: &[u8], key: &[u8], max_texts: usize) {
        if text.len() > MEMO_MAX_TEXT || self.keys.contains_key(text) {
            return;
        }
        let size = text.len() + key.len();
        if self.keys.len() >= max_texts || self.bytes + size > MEMO_MAX_BYTES {
            self.clear();
        }
        self.bytes += size;
        self.keys.insert(text.into(), Key::from(key));
    }

    pub(super) fn clear(&mut self) {
        self.keys.clear();
        self.bytes = 0;
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_by_count_and_size() {
        let mut memo = RequestMemo::default();
        for i in 0..25 {
            memo.learn(format!("{{\"clientId\":\"u{i}\"}}").as_bytes(), b"key", 10);
            assert!(memo.len() <= 10);
        }
        assert!(memo.get(b"{\"clientId\":\"u24\"}").is_some());
        memo.learn("x".repeat(MEMO_MAX_TEXT + 1).as_bytes(), b"key", 10);
        assert!(memo.get("x".repeat(MEMO_MAX_TEXT + 1).as_bytes()).is_none());
        memo.clear();
        assert_eq!((memo.len(), memo.bytes), (0, 0));
    }
}
