//! The Node text memo: a request's exact JSON text → its cache key.
//!
//! Kept for one goal of BENCHMARKS.md: a Node cache hit of the maximal request in ≤ 10 µs.
//! Without it every hit reads the ~1 KB text, parses and validates the request and writes its
//! key: 16.8 µs, where the same run measured 7.9 µs with it. The Node binding has every plain
//! request as text (V8's `JSON.stringify`), and a backend asks for the same few requests over and
//! over; the key is a pure function of the text for one cache (its credential and base URL are
//! fixed), so a text seen once maps straight to its key: no parse, no validation. Only texts
//! that parsed and validated are stored (an invalid one is parsed, and rejected, every time), so
//! a text never skips a rule.
//!
//! Bounds: at most as many texts as the cache holds tokens and [`MEMO_MAX_BYTES`] of text and
//! keys; a text over [`MEMO_MAX_TEXT`] is never stored. When full the memo starts over
//! (re-learning a text costs one parse). The texts hold request fields only — never the
//! credential, which is in the key as its keyed hash.

use std::collections::HashMap;

use super::{Key, KeyHasher};

/// Most bytes of text and keys the memo holds before it starts over.
const MEMO_MAX_BYTES: usize = 16 << 20;
/// Longest text the memo stores.
const MEMO_MAX_TEXT: usize = 16 << 10;

#[derive(Default)]
pub(super) struct TextMemo {
    keys: HashMap<Box<str>, Key, KeyHasher>,
    bytes: usize,
}

impl TextMemo {
    /// The key learned for `text`.
    pub(super) fn get(&self, text: &str) -> Option<&Key> {
        self.keys.get(text)
    }

    /// Learns that `text` (which parsed and validated) has `key`; at most `max_texts` of them.
    pub(super) fn learn(&mut self, text: &str, key: &Key, max_texts: usize) {
        if text.len() > MEMO_MAX_TEXT || self.keys.contains_key(text) {
            return;
        }
        let size = text.len() + key.len();
        if self.keys.len() >= max_texts || self.bytes + size > MEMO_MAX_BYTES {
            self.clear();
        }
        self.bytes += size;
        self.keys.insert(text.into(), key.clone());
    }

    pub(super) fn clear(&mut self) {
        self.keys.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_by_count_and_size() {
        let mut memo = TextMemo::default();
        let key = Key::from(&b"key"[..]);
        for i in 0..25 {
            memo.learn(&format!("{{\"clientId\":\"u{i}\"}}"), &key, 10);
            assert!(memo.keys.len() <= 10);
        }
        assert!(memo.get("{\"clientId\":\"u24\"}").is_some());
        let long = "x".repeat(MEMO_MAX_TEXT + 1);
        memo.learn(&long, &key, 10);
        assert!(memo.get(&long).is_none());
        memo.clear();
        assert_eq!((memo.keys.len(), memo.bytes), (0, 0));
    }
}
