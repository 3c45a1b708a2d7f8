//! The one abstraction over "a loose input value" that every front end hands the core.
//!
//! The request parser (`crate::request::parse`) is generic over [`Input`], so a Python object, a napi
//! value and a `serde_json::Value` are walked by the same code, once, with the same limits,
//! path spelling and messages (the pattern of pydantic-core's `Input` trait). The bindings
//! implement the trait for their native values and decide only what their language's value
//! *is* ([`Shape`]); everything about what it *means* for a request is decided here.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Number, Value};

/// What one input value is, as far as JSON is concerned.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape<'a> {
    /// `None`, `null`, `undefined`: treated as "not given".
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A finite number (integers stay integers).
    Number(Number),
    /// A string.
    Str(Cow<'a, str>),
    /// A list, array or tuple; read with [`Input::len`] and [`Input::item`].
    List,
    /// A dict or plain object; read with [`Input::entries`].
    Object,
    /// A value JSON cannot carry; the parser reports it where it is found.
    Invalid(Unrepresentable),
}

/// Why a native value cannot be sent as JSON. The bindings say which case applies; the words
/// are the core's, so every language reports it identically.
#[derive(Clone, Debug, PartialEq)]
pub enum Unrepresentable {
    /// NaN or an infinity.
    NotFinite(f64),
    /// An integer outside the 64-bit range.
    IntegerOutOfRange,
    /// A string with a lone surrogate.
    NotUnicode,
    /// A value of a type JSON has no form for; carries the language's name for the type
    /// (`datetime`, `Date`, `function`, `Map`).
    Unsupported(String),
    /// A dict key that is not a string; carries the key's type name.
    NonStringKey(String),
    /// Reading the value failed (a property getter threw, ...); carries the host's reason.
    Unreadable(String),
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unrepresentable::NotFinite(n) => {
                let name = if n.is_nan() {
                    "NaN"
                } else if *n > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                };
                write!(f, "{name} cannot be sent as JSON (JSON numbers are finite)")
            }
            Unrepresentable::IntegerOutOfRange => f.write_str("integer out of range (JSON integers must fit in 64 bits)"),
            Unrepresentable::NotUnicode => f.write_str("string is not valid Unicode (it contains a lone surrogate)"),
            Unrepresentable::Unsupported(type_name) => write!(
                f,
                "a {type_name} cannot be sent as JSON; use a string, number, boolean, null, list or plain object"
            ),
            Unrepresentable::NonStringKey(type_name) => write!(f, "keys must be strings, got a {type_name} key"),
            Unrepresentable::Unreadable(why) => write!(f, "could not be read: {why}"),
        }
    }
}

/// A key of an object entry: the text, or why the key is not a string.
pub type Key<K = String> = Result<K, Unrepresentable>;

/// The text of an object key as an [`Input`] hands it over: an owned `String`, or a handle on
/// the host's own string that reads it in place. Most keys are field names, only compared and
/// dropped, so a borrowing front end copies none of them; [`KeyText::into_string`] is called
/// only for the keys a request keeps (filter column names, `extraBody` members).
pub trait KeyText {
    /// The key's text.
    fn as_str(&self) -> &str;

    /// The key's text, owned.
    fn into_string(self) -> String;
}

impl KeyText for String {
    fn as_str(&self) -> &str {
        self
    }

    fn into_string(self) -> String {
        self
    }
}

impl KeyText for &str {
    fn as_str(&self) -> &str {
        self
    }

    fn into_string(self) -> String {
        self.to_owned()
    }
}

/// A loose input value: a Python object, a napi value, a `serde_json::Value`.
///
/// Implementations only read; they never fail (a failure to read becomes
/// [`Unrepresentable::Unreadable`]). `Clone` must be cheap (a reference, a handle, an
/// incref): the parser keeps the containers on the current path to spot cycles.
pub trait Input: Clone {
    /// The text of this input's object keys.
    type KeyText: KeyText;

    /// What this value is.
    fn shape(&self) -> Shape<'_>;

    /// Whether the value is "not given" (`None`/`null`/`undefined`), without reading more.
    fn is_null(&self) -> bool {
        matches!(self.shape(), Shape::Null)
    }

    /// Number of items of a [`Shape::List`] (0 for anything else).
    fn len(&self) -> usize;

    /// Whether a [`Shape::List`] has no items.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `index` of a [`Shape::List`]; `None` past the end (the list may have shrunk).
    fn item(&self, index: usize) -> Option<Self>;

    /// The entries of a [`Shape::Object`] in their order (a snapshot: reading a value may run
    /// the caller's code, which may change the object).
    fn entries(&self) -> Vec<(Key<Self::KeyText>, Self)>;

    /// Whether `self` and `other` are the same container (identity, not equality).
    fn same(&self, other: &Self) -> bool;
}

impl<'a> Input for &'a Value {
    type KeyText = &'a str;

    fn shape(&self) -> Shape<'_> {
        match self {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => Shape::Number(n.clone()),
            Value::String(s) => Shape::Str(Cow::Borrowed(s)),
            Value::Array(_) => Shape::List,
            Value::Object(_) => Shape::Object,
        }
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn len(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }

    fn item(&self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }

    fn entries(&self) -> Vec<(Key<&'a str>, Self)> {
        match *self {
            Value::Object(map) => map.iter().map(|(k, v)| (Ok(k.as_str()), v)).collect(),
            _ => Vec::new(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        std::ptr::eq(*self, *other)
    }
}

/// JSON text read in place (`serde_json_borrow`): strings without escapes borrow from the text,
/// objects are one `Vec` of entries in text order. What the Node binding reads its
/// `JSON.stringify` text into: a `serde_json::Value` would allocate a `String` per string and
/// an `IndexMap` per object, and cost more than the request parse it feeds.
pub use serde_json_borrow::Value as BorrowedJson;

impl<'a, 'text> Input for &'a BorrowedJson<'text> {
    type KeyText = &'a str;

    fn shape(&self) -> Shape<'_> {
        match self {
            BorrowedJson::Null => Shape::Null,
            BorrowedJson::Bool(b) => Shape::Bool(*b),
            BorrowedJson::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Shape::Number(u.into()),
                (None, Some(i), _) => Shape::Number(i.into()),
                // serde_json reads only finite numbers, so this never falls through.
                (None, None, f) => f.and_then(Number::from_f64).map_or(Shape::Null, Shape::Number),
            },
            BorrowedJson::Str(s) => Shape::Str(Cow::Borrowed(s)),
            BorrowedJson::Array(_) => Shape::List,
            BorrowedJson::Object(_) => Shape::Object,
        }
    }

    fn len(&self) -> usize {
        self.as_array().map_or(0, <[_]>::len)
    }

    fn item(&self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }

    fn entries(&self) -> Vec<(Key<&'a str>, Self)> {
        match *self {
            BorrowedJson::Object(map) => map.iter().map(|(k, v)| (Ok(k), v)).collect(),
            _ => Vec::new(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        std::ptr::eq(*self, *other)
    }
}

/// "a string", "a list", ... as used in "expected X, got Y".
pub(crate) fn article_name(shape: &Shape<'_>) -> &'static str {
    match shape {
        Shape::Null => "null",
        Shape::Bool(_) => "a boolean",
        Shape::Number(_) => "a number",
        Shape::Str(_) => "a string",
        Shape::List => "a list",
        Shape::Object => "an object",
        Shape::Invalid(_) => "a value JSON cannot carry",
    }
}

#[cfg(test)]
mod tests {
    use super::BorrowedJson;
    use crate::GuestTokenRequest;

    #[test]
    fn text_read_in_place_parses_as_a_value_does() {
        let vector: serde_json::Value =
            serde_json::from_str(include_str!("../../../../tests/vectors/maximal_guest_token.json")).unwrap();
        let escaped = serde_json::json!({"clientId": "u\"1\u{e9}", "dataAppName": "app",
            "params": {"appFilters": [{"metricId": "m", "values": {"col\"umn": 1.5, "n": -3, "big": 18446744073709551615u64}}]}});
        for input in [vector["input"].clone(), escaped] {
            let text = serde_json::to_string(&input).unwrap();
            let borrowed: BorrowedJson<'_> = serde_json::from_str(&text).unwrap();
            let from_text = GuestTokenRequest::from_input(&&borrowed).unwrap();
            assert_eq!(from_text, GuestTokenRequest::from_loose(&input).unwrap(), "{text}");
        }
        let bad: BorrowedJson<'_> = serde_json::from_str(r#"{"clientId": "", "dataAppName": 3}"#).unwrap();
        let value: serde_json::Value = serde_json::from_str(r#"{"clientId": "", "dataAppName": 3}"#).unwrap();
        assert_eq!(
            GuestTokenRequest::from_input(&&bad).unwrap_err().to_string(),
            GuestTokenRequest::from_loose(&value).unwrap_err().to_string()
        );
    }
}
