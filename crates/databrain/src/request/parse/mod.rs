//! One pass from a loose input (a Python dict, a JS object, JSON) to a validated request.
//!
//! The walk owns everything the front ends must agree on: camelCase or snake_case keys, an
//! unknown key refused with a suggestion, the size, depth and cycle limits, the path
//! spelling, and the order of problems (the order of the fields in the input, then the
//! missing required fields). Each field is checked by the rules in `crate::request::validate` as soon
//! as it is read, so nothing is walked twice. A value JSON cannot carry (NaN, a cycle, a
//! function) is reported where it is met, once, and counts as given: there is no second
//! "is required" for it.

mod api_token;
mod guest_token;
mod json;
pub(crate) mod spec;

use serde_json::Number;

use crate::error::{Error, FieldError};
use crate::request::input::{Input, Key, KeyText, Shape, article_name};
use crate::request::path::{Path, Problems};
use crate::request::valid::Valid;

pub(crate) use json::to_json_map;
pub use json::to_json_value;

/// Most values (containers included) one input may hold. Shared references can make a
/// small object graph stand for an astronomically large tree; this caps the work.
pub const MAX_VALUES: usize = 100_000;
/// Deepest nesting accepted in free-form JSON (`extraBody`); requests are a few levels deep.
pub const MAX_DEPTH: usize = 64;

/// The state of one walk: what was found, and how many more values may be read.
pub(crate) struct Parser {
    pub(crate) problems: Problems,
    budget: usize,
    over_budget: bool,
}

impl Parser {
    pub(crate) fn new() -> Self {
        Parser { problems: Problems::default(), budget: MAX_VALUES, over_budget: false }
    }

    /// Runs a walk over caller-supplied input. The input's own code (a binding's `Input`
    /// impl, the caller's objects) must not unwind through the walk into a foreign runtime: a
    /// panic becomes one problem at the root instead.
    pub(crate) fn run<T>(walk: impl FnOnce(&mut Parser) -> T) -> Result<Valid<T>, Error> {
        let mut p = Parser::new();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| walk(&mut p))) {
            Ok(value) => p.finish(value),
            Err(_) => Err(Error::Validation(vec![FieldError::new("$", "could not be read (internal error)")])),
        }
    }

    /// The request, if nothing was wrong with it.
    pub(crate) fn finish<T>(self, value: T) -> Result<Valid<T>, Error> {
        if self.problems.is_empty() { Ok(Valid(value)) } else { Err(Error::Validation(self.problems.errors)) }
    }

    /// The problems found, for callers that wrap them in another error.
    pub(crate) fn into_problems(self) -> Vec<FieldError> {
        self.problems.errors
    }

    /// Whether the walk should stop (too large, or enough problems to act on).
    pub(crate) fn stopped(&self) -> bool {
        self.over_budget || self.problems.full()
    }

    /// Reads what `v` is, counting it against [`MAX_VALUES`]; `None` once the walk must stop.
    pub(crate) fn shape<'i, I: Input>(&mut self, v: &'i I) -> Option<Shape<'i>> {
        if self.stopped() {
            return None;
        }
        self.budget -= 1;
        if self.budget == 0 {
            self.over_budget = true;
            self.problems.push(
                &Path::ROOT,
                format!("the request holds more than {MAX_VALUES} values; a Databrain request is far smaller"),
            );
            return None;
        }
        Some(v.shape())
    }

    /// "expected {what}, got {kind}", or, for a value JSON cannot carry, why it cannot.
    pub(crate) fn expected(&mut self, at: &Path<'_>, what: &str, got: &Shape<'_>) {
        match got {
            Shape::Invalid(why) => self.problems.push(at, why.to_string()),
            other => self.problems.push(at, format!("expected {what}, got {}", article_name(other))),
        }
    }

    pub(crate) fn string<I: Input>(&mut self, at: &Path<'_>, v: &I) -> Option<String> {
        match self.shape(v)? {
            Shape::Str(s) => Some(s.into_owned()),
            other => {
                self.expected(at, "a string", &other);
                None
            }
        }
    }

    pub(crate) fn bool<I: Input>(&mut self, at: &Path<'_>, v: &I) -> Option<bool> {
        match self.shape(v)? {
            Shape::Bool(b) => Some(b),
            other => {
                self.expected(at, "a boolean (true or false)", &other);
                None
            }
        }
    }

    pub(crate) fn number<I: Input>(&mut self, at: &Path<'_>, v: &I) -> Option<Number> {
        match self.shape(v)? {
            Shape::Number(n) => Some(n),
            other => {
                self.expected(at, "a number", &other);
                None
            }
        }
    }

    /// The items of a list, each read by `item`; `None` (reported) if `v` is not a list.
    /// Items that fail are left out: the request is invalid anyway, and the paths of the
    /// others keep their real index.
    pub(crate) fn list<I: Input, T>(
        &mut self,
        at: &Path<'_>,
        v: &I,
        what: &str,
        mut item: impl FnMut(&mut Self, &Path<'_>, &I) -> Option<T>,
    ) -> Option<Vec<T>> {
        match self.shape(v)? {
            Shape::List => {}
            other => {
                self.expected(at, what, &other);
                return None;
            }
        }
        Some(self.items(at, v, &mut item))
    }

    /// The items of a value already known to be a list.
    pub(crate) fn items<I: Input, T>(
        &mut self,
        at: &Path<'_>,
        v: &I,
        item: &mut impl FnMut(&mut Self, &Path<'_>, &I) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        // By index, reading the length each time: the caller's code may shrink the list.
        let mut i = 0;
        while i < v.len() && !self.stopped() {
            let Some(x) = v.item(i) else { break };
            if let Some(t) = item(self, &at.index(i), &x) {
                out.push(t);
            }
            i += 1;
        }
        out
    }

    /// A list of strings, each checked by `rule`.
    pub(crate) fn string_list<I: Input>(
        &mut self,
        at: &Path<'_>,
        v: &I,
        rule: fn(&mut Problems, &Path<'_>, &str),
    ) -> Option<Vec<String>> {
        self.list(at, v, "a list of strings", |p, at, item| {
            let s = p.string(at, item)?;
            rule(&mut p.problems, at, &s);
            Some(s)
        })
    }

    /// The entries of an object with a fixed set of keys, as (canonical key, value) in
    /// input order; `None` (reported) if `v` is not an object.
    pub(crate) fn fields<I: Input>(
        &mut self,
        at: &Path<'_>,
        v: &I,
        known: &[&'static str],
        noun: &str,
    ) -> Option<Vec<(&'static str, I)>> {
        match self.shape(v)? {
            Shape::Object => {}
            other => {
                self.expected(at, "an object", &other);
                return None;
            }
        }
        Some(self.known_fields(at, v.entries(), known, noun))
    }

    /// Maps each key to its canonical (camelCase) spelling. Unknown keys, non-string keys
    /// and keys given twice (camel and snake) are reported; `null` values are absent. The
    /// fields come back in the order of `known` (the documented order), whatever order the
    /// input had: Python builds its dict from keyword arguments, JS keeps the caller's key
    /// order, and both must report the same problems in the same order.
    pub(crate) fn known_fields<I: Input>(
        &mut self,
        at: &Path<'_>,
        entries: Vec<(Key<I::KeyText>, I)>,
        known: &[&'static str],
        noun: &str,
    ) -> Vec<(&'static str, I)> {
        // Every name in `out` is an element of `known` itself, so the duplicate check and the
        // final order compare pointers, not text. Inputs usually list fields in table order
        // (Python's wrapper does), so the sort runs only when one came out of order.
        let mut out: Vec<(&'static str, I)> = Vec::with_capacity(entries.len());
        let (mut in_order, mut last) = (true, 0);
        for (key, value) in entries {
            let key = match key {
                Ok(key) => key,
                Err(why) => {
                    self.problems.push(at, why.to_string());
                    continue;
                }
            };
            let key = key.as_str();
            match canonical_index(key, known) {
                Some(i) if out.iter().any(|(seen, _)| std::ptr::eq(*seen, known[i])) => {
                    let k = known[i];
                    self.problems.push(&at.key(key), format!("`{k}` is given twice (camelCase and snake_case)"))
                }
                Some(_) if value.is_null() => {}
                Some(i) => {
                    in_order &= i >= last;
                    last = i;
                    out.push((known[i], value));
                }
                None => {
                    let hint = match suggest(key, known) {
                        Some(s) => format!(", did you mean `{s}`?"),
                        // A call that takes no field (a list without filters): say so, never
                        // an empty "expected one of: ".
                        None if known.is_empty() => format!("; no {noun}s are expected here"),
                        None => format!("; expected one of: {}", known.join(", ")),
                    };
                    self.problems.push(&at.key(key), format!("unknown {noun} `{key}`{hint}"));
                }
            }
        }
        if !in_order {
            out.sort_unstable_by_key(|(k, _)| known.iter().position(|x| std::ptr::eq(*x, *k)));
        }
        out
    }

    /// "is required" for each of `names` not in `given`.
    pub(crate) fn required(&mut self, at: &Path<'_>, given: &[(&'static str, impl Sized)], names: &[&'static str]) {
        for name in names {
            if !given.iter().any(|(k, _)| k == name) {
                self.problems.push(&at.key(name), "is required");
            }
        }
    }
}

/// `key` itself if known, else its camelCase form if that is known: always an element of
/// `known` itself (the same `&'static str`).
pub(crate) fn canonical(key: &str, known: &[&'static str]) -> Option<&'static str> {
    canonical_index(key, known).map(|i| known[i])
}

/// Where [`canonical`]'s answer sits in `known`.
fn canonical_index(key: &str, known: &[&'static str]) -> Option<usize> {
    if let Some(i) = known.iter().position(|k| *k == key) {
        return Some(i);
    }
    if !key.contains('_') {
        return None;
    }
    if key.is_ascii() {
        // Every snake_case key from Python takes this path: compare without building the
        // camelCase string.
        return known.iter().position(|k| ascii_snake_spells(key.as_bytes(), k.as_bytes()));
    }
    let camel = snake_to_camel(key);
    known.iter().position(|k| *k == camel)
}

/// `snake_to_camel(snake) == camel` for an ASCII `snake`, without allocating.
fn ascii_snake_spells(snake: &[u8], camel: &[u8]) -> bool {
    let mut upper = false;
    let mut at = 0;
    for &b in snake {
        if b == b'_' {
            upper = true;
            continue;
        }
        let want = if std::mem::take(&mut upper) { b.to_ascii_uppercase() } else { b };
        if camel.get(at) != Some(&want) {
            return false;
        }
        at += 1;
    }
    at == camel.len()
}

/// The camelCase spelling of a snake_case name (`client_id` → `clientId`): how every front end
/// accepts snake_case keys, and how the type generator names camelCase methods.
pub fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The closest known key, if it is close enough to be a plausible typo.
pub(crate) fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let norm = |s: &str| s.replace('_', "").to_lowercase();
    let key = norm(key);
    known
        .iter()
        .map(|k| (*k, strsim::normalized_damerau_levenshtein(&key, &norm(k))))
        .filter(|(_, score)| *score >= 0.7)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_back_in_table_order_whatever_order_they_were_given_in() {
        let known = ["clientId", "dataAppName", "params", "expiryTime"];
        for input in [
            serde_json::json!({"client_id": 1, "data_app_name": 2, "expiry_time": 4}),
            serde_json::json!({"expiry_time": 4, "client_id": 1, "params": 3, "dataAppName": 2}),
            serde_json::json!({"dataAppName": 2, "expiryTime": 4, "clientId": 1}),
        ] {
            let mut p = Parser::new();
            let fields = p.fields(&Path::ROOT, &&input, &known, "field").unwrap();
            let names: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
            let values: Vec<u64> = fields.iter().map(|(_, v)| v.as_u64().unwrap()).collect();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            assert_eq!(values, sorted, "{input}: {names:?}");
            assert!(names.iter().all(|n| known.contains(n)));
        }
    }

    #[test]
    fn a_field_where_none_is_expected_never_gets_an_empty_list() {
        let mut p = Parser::new();
        let input = serde_json::json!({"page_size": 5});
        let _ = p.fields(&Path::ROOT, &&input, &[], "field");
        let problems: Vec<String> = p.problems.errors.iter().map(ToString::to_string).collect();
        let problems = problems.join("; ");
        assert!(problems.contains("unknown field `page_size`; no fields are expected here"), "{problems}");
        assert!(!problems.contains("expected one of"), "{problems}");
    }

    #[test]
    fn the_allocation_free_comparison_is_snake_to_camel() {
        let keys = ["client_id", "clientId", "a__b", "_a", "a_", "_", "", "is_enable_x", "x1_2y", "A_b"];
        let camels = ["clientId", "aB", "A", "a", "", "isEnableX", "x12y", "AB", "client_Id"];
        for key in keys {
            for camel in camels {
                assert_eq!(
                    ascii_snake_spells(key.as_bytes(), camel.as_bytes()),
                    snake_to_camel(key) == camel,
                    "{key:?} vs {camel:?}"
                );
            }
        }
    }
}
