//! Free-form JSON (`extraBody`) from any [`Input`], with the cycle, depth and size limits.

use serde_json::{Map, Value};

use super::{MAX_DEPTH, Parser};
use crate::request::input::{Input, KeyText, Shape};
use crate::request::path::Path;

/// Any [`Input`] as a JSON value, with the same limits and messages as a request (for
/// front ends that hand JSON to something other than a request: the mock's seeds and faults).
pub fn to_json_value<I: Input>(input: &I) -> Result<Value, Vec<crate::error::FieldError>> {
    let mut p = Parser::new();
    let value = to_json(&mut p, &Path::ROOT, input, &mut Vec::new());
    if p.problems.is_empty() { Ok(value) } else { Err(p.into_problems()) }
}

/// The entries of `v` (known to be an object) as a JSON object.
pub(crate) fn to_json_map<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Map<String, Value> {
    let mut ancestors = vec![v.clone()];
    object(p, at, v, &mut ancestors)
}

fn object<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I, ancestors: &mut Vec<I>) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in v.entries() {
        if p.stopped() {
            break;
        }
        match key {
            Ok(key) => {
                let converted = to_json(p, &at.key(key.as_str()), &value, ancestors);
                map.insert(key.into_string(), converted);
            }
            Err(why) => p.problems.push(at, why.to_string()),
        }
    }
    map
}

fn to_json<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I, ancestors: &mut Vec<I>) -> Value {
    let Some(shape) = p.shape(v) else { return Value::Null };
    match shape {
        Shape::Null => Value::Null,
        Shape::Bool(b) => Value::Bool(b),
        Shape::Number(n) => Value::Number(n),
        Shape::Str(s) => Value::String(s.into_owned()),
        Shape::Invalid(why) => {
            p.problems.push(at, why.to_string());
            Value::Null
        }
        Shape::List | Shape::Object => {
            // Identity, not depth alone: a cycle that branches has exponentially many paths.
            if ancestors.iter().any(|a| a.same(v)) {
                p.problems.push(at, "contains a reference to itself (a cycle), which JSON cannot hold");
                return Value::Null;
            }
            if ancestors.len() >= MAX_DEPTH {
                p.problems.push(at, format!("nested more than {MAX_DEPTH} levels deep"));
                return Value::Null;
            }
            ancestors.push(v.clone());
            let out = if matches!(shape, Shape::List) {
                let mut items = Vec::new();
                let mut i = 0;
                while i < v.len() && !p.stopped() {
                    let Some(item) = v.item(i) else { break };
                    items.push(to_json(p, &at.index(i), &item, ancestors));
                    i += 1;
                }
                Value::Array(items)
            } else {
                Value::Object(object(p, at, v, ancestors))
            };
            ancestors.pop();
            out
        }
    }
}

/// Any value at `at` as JSON, inside a larger walk (open objects keep unknown fields).
pub(crate) fn to_json_value_at<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Value {
    to_json(p, at, v, &mut Vec::new())
}
