//! [`JsonDoc`]: JSON text read into a light tree that borrows the text, as an [`Input`].
//!
//! The Node binding hands every plain request over as text (V8's `JSON.stringify`). Parsing it
//! into a `serde_json::Value` first cost more than the request parse it feeds: a `String` per
//! string, an `IndexMap` per object with every key hashed, and all of it freed again. Here a
//! string without escapes is borrowed from the text, an object is one `Vec` of its entries in
//! text order and a list one `Vec` of its items, so the maximal request takes a handful of
//! allocations instead of ~100.
//!
//! It reads what `serde_json::Value` reads (same numbers, same escapes, same recursion limit;
//! a lone surrogate fails both), with one difference: a repeated key is kept twice, where a
//! `Value` keeps the last. Texts from `JSON.stringify` never repeat a key (a JS object cannot
//! hold one twice); in a hand-written text the parser reports a repeated request field, and a
//! repeated filter column or `extraBody` member ends up with its last value, as from a `Value`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use crate::input::{Input, Key, Shape};

/// One JSON value, borrowing its strings from the text where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonDoc<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as `serde_json` reads it.
    Number(Number),
    /// A string (borrowed unless it had escapes).
    Str(Cow<'a, str>),
    /// A list's items.
    List(Vec<JsonDoc<'a>>),
    /// An object's entries, in text order.
    Object(Vec<(Cow<'a, str>, JsonDoc<'a>)>),
}

impl<'a> JsonDoc<'a> {
    /// Reads `text` (one JSON value, nothing after it but whitespace).
    pub fn parse(text: &'a str) -> Result<JsonDoc<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A string that stays borrowed from the text when serde can lend it.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for JsonDoc<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = JsonDoc<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<JsonDoc<'de>, E> {
        // JSON text holds no NaN or infinity; serde_json turns an overflow into an error.
        Number::from_f64(n).map(JsonDoc::Number).ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<JsonDoc<'de>, E> {
        Ok(JsonDoc::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonDoc<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonDoc::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonDoc<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(JsonDoc::Object(entries))
    }
}

impl<'a, 'b> Input for &'a JsonDoc<'b> {
    type KeyText = &'a str;

    fn shape(&self) -> Shape<'_> {
        match *self {
            JsonDoc::Null => Shape::Null,
            JsonDoc::Bool(b) => Shape::Bool(*b),
            JsonDoc::Number(n) => Shape::Number(n.clone()),
            JsonDoc::Str(s) => Shape::Str(Cow::Borrowed(s)),
            JsonDoc::List(_) => Shape::List,
            JsonDoc::Object(_) => Shape::Object,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, JsonDoc::Null)
    }

    fn len(&self) -> usize {
        match *self {
            JsonDoc::List(items) => items.len(),
            _ => 0,
        }
    }

    fn item(&self, index: usize) -> Option<Self> {
        match *self {
            JsonDoc::List(items) => items.get(index),
            _ => None,
        }
    }

    fn entries(&self) -> Vec<(Key<&'a str>, Self)> {
        match *self {
            JsonDoc::Object(entries) => entries.iter().map(|(k, v)| (Ok(&**k), v)).collect(),
            _ => Vec::new(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        std::ptr::eq(*self, *other)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::GuestTokenRequest;

    /// The document as a `serde_json::Value`, to compare the two readings.
    fn value(doc: &JsonDoc<'_>) -> Value {
        match doc {
            JsonDoc::Null => Value::Null,
            JsonDoc::Bool(b) => Value::Bool(*b),
            JsonDoc::Number(n) => Value::Number(n.clone()),
            JsonDoc::Str(s) => Value::String(s.to_string()),
            JsonDoc::List(items) => Value::Array(items.iter().map(value).collect()),
            JsonDoc::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.to_string(), value(v))).collect()),
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":[1,-2,3.5,1e300,18446744073709551615,18446744073709551616,-0.0],"b":null,"c":true}"#,
            r#"{"esc":"tab\tquote\"slash\\u\u00e9\ud83d\ude00","plain":"é","":""}"#,
            r#" [ {} , [] , "" , 0 ] "#,
            r#""top""#,
        ] {
            let doc = JsonDoc::parse(text).unwrap();
            assert_eq!(value(&doc), serde_json::from_str::<Value>(text).unwrap(), "{text}");
        }
        for bad in [r#"{"a":"\ud800"}"#, "[1,]", "{} x", "NaN", &"[".repeat(200)] {
            assert!(JsonDoc::parse(bad).is_err() && serde_json::from_str::<Value>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn borrows_plain_strings_and_keys() {
        let text = r#"{"clientId":"u1","esc":"a\nb"}"#;
        let JsonDoc::Object(entries) = JsonDoc::parse(text).unwrap() else { panic!() };
        assert!(entries.iter().all(|(k, _)| matches!(k, Cow::Borrowed(_))));
        assert!(matches!(entries[0].1, JsonDoc::Str(Cow::Borrowed("u1"))));
        assert!(matches!(&entries[1].1, JsonDoc::Str(Cow::Owned(s)) if s == "a\nb"));
    }

    #[test]
    fn parses_a_request_as_the_value_does() {
        let request = json!({"clientId": "u1", "dataAppName": "sales-dashboard", "expiryTime": 600000,
            "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]},
            "extraBody": {"theme": {"dark": true}}});
        let text = request.to_string();
        let from_doc = GuestTokenRequest::from_input(&&JsonDoc::parse(&text).unwrap()).unwrap();
        let from_value = GuestTokenRequest::from_input(&&request).unwrap();
        assert_eq!(*from_doc, *from_value);
        let bad = r#"{"clientId":"","dataAppName":"sales-dashboard"}"#;
        let (a, b) = (
            GuestTokenRequest::from_input(&&JsonDoc::parse(bad).unwrap()).unwrap_err(),
            GuestTokenRequest::from_input(&&serde_json::from_str::<Value>(bad).unwrap()).unwrap_err(),
        );
        assert_eq!(a.to_string(), b.to_string());
    }
}
