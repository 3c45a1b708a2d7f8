//! The management calls' requests, read from a field table instead of a hand-written walk.
//!
//! Each management row ([`crate::management::Operation`]) lists its fields as data
//! ([`Field`]: wire name, [`Kind`], required or not). One walker reads any [`Input`] against
//! that table with the same `Parser` helpers, rules, limits and problem order as the guest-token
//! parser, and hands back the request as canonical (camelCase) JSON, ready to send. A typed Rust
//! request is checked by the same walker over its own serialisation, so both routes agree.

use serde_json::{Map, Number, Value};

use super::{Parser, to_json_map};
use crate::request::input::{Input, KeyText, Shape};
use crate::management::row::{Field, Kind, Operation};
use crate::request::path::Path;
use crate::request::validate;

/// The key every body-carrying call accepts for fields this SDK does not model yet.
pub(crate) const EXTRA_BODY: &str = "extraBody";

/// A request read and checked against its row.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The documented fields, canonical spelling, in documented order.
    pub(crate) fields: Map<String, Value>,
    /// `extraBody`, merged into the body after validation.
    pub(crate) extra: Option<Map<String, Value>>,
}

/// Reads `input` as the request of `op` (with its legacy form's extra requirements when
/// `legacy`); every problem goes to `p`.
pub(crate) fn request<I: Input>(p: &mut Parser, op: &Operation, input: &I, legacy: bool) -> Parsed {
    let root = Path::ROOT;
    let mut out = Parsed::default();
    let body = op.carries_body(legacy);
    let mut known: Vec<&'static str> = op.fields.iter().map(|f| f.name).collect();
    if body {
        known.push(EXTRA_BODY);
    }
    // An input-less call (a plain list) takes `null`/`None` as "no fields".
    if op.fields.is_empty() && p.shape(input).is_none_or(|s| matches!(s, Shape::Null)) {
        return out;
    }
    let Some(given) = p.fields(&root, input, &known, "field") else { return out };
    for (key, v) in &given {
        let at = root.key(key);
        if *key == EXTRA_BODY {
            out.extra = super::guest_token::extra_body(p, &at, v);
            continue;
        }
        let field = op.fields.iter().find(|f| f.name == *key).expect("known keys come from the row");
        if let Some(value) = value(p, &at, &field.kind, v) {
            out.fields.insert(field.name.to_owned(), value);
        }
    }
    let mut required: Vec<&'static str> = op.fields.iter().filter(|f| f.required).map(|f| f.name).collect();
    if legacy {
        required.extend(op.legacy_required);
    }
    p.required(&root, &given, &required);
    for rule in op.rules {
        let applies = out.fields.get(rule.field).and_then(Value::as_str) == Some(rule.equals);
        if applies && !given.iter().any(|(k, _)| *k == rule.requires) {
            p.problems.push(&root.key(rule.requires), format!("is required when {} is {:?}", rule.field, rule.equals));
        }
    }
    out
}

fn object<I: Input>(p: &mut Parser, at: &Path<'_>, fields: &'static [Field], open: bool, v: &I) -> Option<Value> {
    let known: Vec<&'static str> = fields.iter().map(|f| f.name).collect();
    let mut out = Map::new();
    let given = if open {
        // Known fields are checked; the others are kept as given (the caller's escape hatch).
        match p.shape(v)? {
            Shape::Object => {}
            other => {
                p.expected(at, "an object", &other);
                return None;
            }
        }
        let mut known_entries = Vec::new();
        for (key, item) in v.entries() {
            match key {
                Ok(key) => match super::canonical(key.as_str(), &known) {
                    Some(_) => known_entries.push((Ok(key), item)),
                    None if item.is_null() => {}
                    None => {
                        let converted = super::json::to_json_value_at(p, &at.key(key.as_str()), &item);
                        out.insert(key.into_string(), converted);
                    }
                },
                Err(why) => p.problems.push(at, why.to_string()),
            }
        }
        p.known_fields(at, known_entries, &known, "field")
    } else {
        p.fields(at, v, &known, "field")?
    };
    for (key, item) in &given {
        let field = fields.iter().find(|f| f.name == *key).expect("known keys come from the table");
        if let Some(value) = value(p, &at.key(key), &field.kind, item) {
            out.insert(field.name.to_owned(), value);
        }
    }
    let required: Vec<&'static str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
    p.required(at, &given, &required);
    Some(Value::Object(out))
}

/// One field's value, checked by its kind's rule; `None` (reported) when it is unusable.
fn value<I: Input>(p: &mut Parser, at: &Path<'_>, kind: &Kind, v: &I) -> Option<Value> {
    match kind {
        Kind::Id | Kind::Name | Kind::Label | Kind::Text => {
            let s = p.string(at, v)?;
            match kind {
                Kind::Id => validate::identifier(&mut p.problems, at, &s),
                Kind::Label => validate::label(&mut p.problems, at, &s),
                Kind::Name => validate::data_app_name(&mut p.problems, at, &s),
                _ => {}
            }
            Some(Value::String(s))
        }
        Kind::Bool => p.bool(at, v).map(Value::Bool),
        Kind::OneOf(allowed) => {
            let s = p.string(at, v)?;
            if !allowed.contains(&s.as_str()) {
                let list: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
                p.problems.push(at, format!("must be one of {}, got {s:?}", list.join(", ")));
            }
            Some(Value::String(s))
        }
        Kind::Seconds => seconds(p, at, v),
        Kind::Ids => p.string_list(at, v, validate::identifier).map(|l| l.into_iter().map(Value::String).collect()),
        Kind::Texts { max } => {
            let items = p.string_list(at, v, |_, _, _| {})?;
            if items.len() > *max {
                p.problems.push(at, format!("must hold at most {max} entries, got {}", items.len()));
            }
            Some(Value::Array(items.into_iter().map(Value::String).collect()))
        }
        Kind::Object(fields) => object(p, at, fields, false, v),
        Kind::OpenObject(fields) => object(p, at, fields, true, v),
        Kind::List { item, non_empty } => {
            let items = p.list(at, v, "a list of objects", |p, at, x| object(p, at, item, false, x))?;
            if *non_empty && items.is_empty() && v.len() == 0 {
                p.problems.push(at, "must not be empty");
            }
            Some(Value::Array(items))
        }
        Kind::Json => match p.shape(v)? {
            Shape::Object => Some(Value::Object(to_json_map(p, at, v))),
            other => {
                p.expected(at, "an object", &other);
                None
            }
        },
        Kind::Document => match p.shape(v)? {
            Shape::Object => Some(Value::Object(to_json_map(p, at, v))),
            Shape::Str(s) => {
                if serde_json::from_str::<Map<String, Value>>(&s).is_err() {
                    p.problems.push(at, "must be an exported document: a JSON object, or its JSON text");
                }
                Some(Value::String(s.into_owned()))
            }
            other => {
                p.expected(at, "an exported document (an object, or its JSON text)", &other);
                None
            }
        },
    }
}

/// Seconds: a non-negative finite number, or a string holding one (the docs allow both).
fn seconds<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<Value> {
    const RULE: &str = "must be a non-negative number of seconds (a number or a numeric string; 0 = at once)";
    let (value, n) = match p.shape(v)? {
        Shape::Number(n) => (Value::Number(n.clone()), n.as_f64()),
        Shape::Str(s) => {
            let n = s.trim().parse::<f64>().ok().filter(|_| !s.trim().is_empty());
            (Value::String(s.into_owned()), n)
        }
        other => {
            p.expected(at, "a number of seconds", &other);
            return None;
        }
    };
    match n {
        Some(n) if n.is_finite() && n >= 0.0 => Some(value),
        _ => {
            p.problems.push(at, format!("{RULE}, got {value}"));
            None
        }
    }
}

/// A query-string value: strings as they are, booleans `"true"`/`"false"`, numbers in JSON
/// spelling; a list repeats its key.
pub(crate) fn query_pairs(fields: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in fields {
        match value {
            Value::Array(items) => out.extend(items.iter().map(|i| (key.clone(), scalar(i)))),
            other => out.push((key.clone(), scalar(other))),
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// `pageNumber` as sent in a body.
pub(crate) fn page_number(n: u32) -> Value {
    Value::Number(Number::from(n))
}

/// Reads `input` as an object with exactly `fields` (a workflow's input, which is not a row):
/// the same walker, rules and messages as a row's request.
pub(crate) fn record<I: Input>(p: &mut Parser, fields: &'static [Field], input: &I) -> Map<String, Value> {
    match object(p, &Path::ROOT, fields, false, input) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Applies a row's "required when" rules to a request read under `at` (a row's request
/// nested in a workflow's input).
pub(crate) fn required_when(p: &mut Parser, at: &str, op: &Operation, fields: &Map<String, Value>) {
    for rule in op.rules {
        let applies = fields.get(rule.field).and_then(Value::as_str) == Some(rule.equals);
        if applies && !fields.contains_key(rule.requires) {
            p.problems.push(&Path::ROOT.key(at).key(rule.requires), format!("is required when {} is {:?}", rule.field, rule.equals));
        }
    }
}
