//! A request's fingerprint: everything an [`Input`] shows the parser, written as bytes, so a
//! request a cache has parsed before is found in the memo without being parsed again.
//!
//! The Node binding has its requests as JSON text, which is such a record already. A Python
//! request is a tree of dicts, lists and strs; parsing the maximal request into the typed
//! model, validating it and writing its key costs ~6x more than walking it once and writing
//! what the walk sees. The walk reads exactly what the parser reads — each value's
//! [`Shape`], each list's items and each object's entries in the input's own order — and
//! writes it self-delimited (a tag per value, a length before every string, list and
//! object), so two inputs with one fingerprint show the parser the same thing and parse to
//! the same request. Inputs are repeatable reads (see [`Input`]): nothing of the caller's
//! runs between the walk and a parse of the same value.
//!
//! The walk gives up (`false`; the caller parses as before) on what only the parser should
//! judge: a value JSON cannot carry, a non-string key, more than [`MAX_DEPTH`] levels (a
//! cycle among them) or more than [`MEMO_MAX_TEXT`] bytes.

use serde_json::Number;

use super::memo::MEMO_MAX_TEXT;
use crate::input::{Input, KeyText, Shape};
use crate::parse::MAX_DEPTH;

/// First byte of every fingerprint. UTF-8 never contains it, so fingerprints and JSON texts
/// share the memo without ever being equal.
const MARK: u8 = 0xFF;

/// Writes `input`'s fingerprint into `out` (cleared first); `false` when the walk gave up.
pub(super) fn write<I: Input>(input: &I, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.push(MARK);
    value(input, out, 0) && out.len() <= MEMO_MAX_TEXT
}

fn value<I: Input>(v: &I, out: &mut Vec<u8>, depth: usize) -> bool {
    if out.len() > MEMO_MAX_TEXT {
        return false;
    }
    match v.shape() {
        Shape::Null => out.push(b'n'),
        Shape::Bool(b) => out.push(if b { b't' } else { b'f' }),
        Shape::Number(n) => number(&n, out),
        Shape::Str(s) => {
            out.push(b's');
            text(&s, out);
        }
        Shape::List => {
            if depth >= MAX_DEPTH {
                return false;
            }
            let len = v.len();
            out.push(b'[');
            length(len, out);
            for index in 0..len {
                match v.item(index) {
                    Some(item) if value(&item, out, depth + 1) => {}
                    _ => return false,
                }
            }
        }
        Shape::Object => {
            if depth >= MAX_DEPTH {
                return false;
            }
            let entries = v.entries();
            out.push(b'{');
            length(entries.len(), out);
            for (key, item) in &entries {
                let Ok(key) = key else { return false };
                text(key.as_str(), out);
                if !value(item, out, depth + 1) {
                    return false;
                }
            }
        }
        Shape::Invalid(_) => return false,
    }
    true
}

/// An integer as itself, a float as its bits: `1` and `1.0` stay apart, as the parser
/// keeps them.
fn number(n: &Number, out: &mut Vec<u8>) {
    if let Some(i) = n.as_i64() {
        out.push(b'i');
        out.extend_from_slice(&i.to_le_bytes());
    } else if let Some(u) = n.as_u64() {
        out.push(b'u');
        out.extend_from_slice(&u.to_le_bytes());
    } else {
        out.push(b'd');
        out.extend_from_slice(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
    }
}

fn text(s: &str, out: &mut Vec<u8>) {
    length(s.len(), out);
    out.extend_from_slice(s.as_bytes());
}

/// LEB128: one byte for most lengths.
fn length(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    fn print(v: &Value) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        write(&v, &mut out).then_some(out)
    }

    #[test]
    fn equal_only_for_equal_inputs() {
        let cases = [
            json!({"clientId": "a", "dataAppName": "b"}),
            json!({"clientId": "ab", "dataAppName": ""}),
            json!({"clientId": "a", "dataAppName": "b", "x": null}),
            json!({"clientId": ["a", "b"]}),
            json!({"clientId": ["ab"]}),
            json!({"clientId": [["a"], "b"]}),
            json!({"clientId": {"a": "b"}}),
            json!({"n": 1}),
            json!({"n": 1.0}),
            json!({"n": -1}),
            json!({"n": u64::MAX}),
            json!({"n": true}),
            json!({"n": "1"}),
            json!({"dataAppName": "b", "clientId": "a"}),
            json!({}),
            json!([]),
            // Where a missing delimiter would let two inputs meet.
            json!([[], "a"]),
            json!([["a"]]),
            json!([{}, "a"]),
            json!({"a": {}, "b": 1}),
            json!({"a": {"b": 1}}),
            json!(["ab"]),
            json!(["a", "b"]),
        ];
        let prints: Vec<_> = cases.iter().map(|c| print(c).expect("plain JSON has a fingerprint")).collect();
        for (i, a) in prints.iter().enumerate() {
            assert_eq!(a[0], MARK);
            assert!(std::str::from_utf8(a).is_err(), "a fingerprint is never a JSON text");
            for (j, b) in prints.iter().enumerate() {
                assert_eq!(a == b, i == j, "{} vs {}", cases[i], cases[j]);
            }
        }
        assert_eq!(print(&cases[0]), print(&cases[0].clone()));
    }

    #[test]
    fn long_strings_and_lists_are_delimited() {
        let long = "x".repeat(300);
        let a = print(&json!({"a": long.clone(), "b": ""})).unwrap();
        let b = print(&json!({"a": format!("{long}\u{1}b"), "b": ""})).unwrap();
        assert_ne!(a, b);
        let many: Vec<u32> = (0..200).collect();
        assert!(print(&json!({ "a": many })).is_some());
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            prop::sample::select(vec![0i64, 1, -1, 300]).prop_map(Value::from),
            prop::sample::select(vec![0.0f64, 1.0, -0.0, 0.5]).prop_map(Value::from),
            prop::sample::select(vec!["", "a", "ab", "\u{1}", "é"]).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(vec!["a", "b", "ab"]), inner), 0..3)
                    .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// One fingerprint, one input: equal prints exactly for values that read the same,
        /// in the same order (what their compact JSON texts say: `-0.0` is not `0.0`, `1.0`
        /// is not `1`, and a map's order counts).
        #[test]
        fn prints_are_equal_iff_values_read_the_same(a in arb_json(), b in arb_json()) {
            let (pa, pb) = (print(&a).unwrap(), print(&b).unwrap());
            prop_assert_eq!(pa == pb, a.to_string() == b.to_string());
        }
    }

    #[test]
    fn gives_up_where_the_parser_must_judge() {
        let mut deep = json!("leaf");
        for _ in 0..MAX_DEPTH + 1 {
            deep = json!([deep]);
        }
        assert!(print(&deep).is_none());
        assert!(print(&json!({ "a": "x".repeat(MEMO_MAX_TEXT) })).is_none());
    }
}
