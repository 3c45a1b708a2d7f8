//! Building requests from loosely typed JSON — what the Python and Node bindings hand over.
//!
//! Keys may be spelled as Databrain documents them (camelCase) or in snake_case; anything
//! else is rejected with a suggestion, because an unknown key is almost always a typo that
//! would silently change what an end user may see or do. Column names inside `values` are
//! the customer's data and are taken verbatim. Every problem is reported, each with its path.

use serde_json::{Map, Number, Value};

use crate::error::{Error, FieldError};
use crate::models::api_token::ApiTokenRequest;
use crate::models::filters::{AppFilter, DashboardAppFilter, FilterValue, FilterValues, RlsSetting};
use crate::models::guest_token::{GuestTokenParams, GuestTokenRequest};
use crate::models::permissions::{PERMISSION_KEYS, Permissions};

const GUEST_TOKEN_KEYS: &[&str] =
    &["clientId", "dataAppName", "params", "permissions", "expiryTime", "datasourceName", "extraBody"];
const PARAMS_KEYS: &[&str] = &[
    "appFilters",
    "dashboardAppFilters",
    "hideDashboardFilters",
    "userIdentifier",
    "rlsSettings",
    "allowedEmbeds",
    "timezone",
];
const API_TOKEN_KEYS: &[&str] = &["dataAppName", "name", "legacyEndpoint", "extraBody"];

impl GuestTokenRequest {
    /// Parses and validates a guest-token request from loose JSON (camelCase or snake_case
    /// keys). Returns every problem at once, parse and validation alike.
    pub fn from_loose(input: &Value) -> Result<Self, Error> {
        let mut p = Parser::default();
        let request = p.guest_token(input);
        p.finish_with(request, GuestTokenRequest::validate)
    }
}

impl ApiTokenRequest {
    /// Parses and validates an API-token request from loose JSON.
    pub fn from_loose(input: &Value) -> Result<Self, Error> {
        let mut p = Parser::default();
        let request = p.api_token(input);
        p.finish_with(request, ApiTokenRequest::validate)
    }
}

/// Adds problems a binding found while converting its native values to JSON (a NaN, a
/// cycle, ...) to what a loose parser found, dropping the parser's findings at or under those
/// paths: they would only repeat the problem ("clientId is required" after "clientId: got NaN").
/// The path `$` stands for the whole input. Both bindings use this, so the rule lives once.
pub fn with_conversion_problems<T>(problems: Vec<FieldError>, parsed: Result<T, Error>) -> Result<T, Error> {
    if problems.is_empty() {
        return parsed;
    }
    let mut errors = problems;
    if let Err(Error::Validation(found)) = parsed {
        let covered = |path: &str| {
            errors.iter().any(|p| {
                p.path == "$"
                    || path.strip_prefix(p.path.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                    })
            })
        };
        let kept: Vec<FieldError> = found.into_iter().filter(|e| !covered(&e.path)).collect();
        errors.extend(kept);
    }
    Err(Error::Validation(errors))
}

#[derive(Default)]
struct Parser {
    errors: Vec<FieldError>,
}

/// `a.b` or just `b` at the top level.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn optional<'v>(fields: &[(&'static str, &'v Value)], key: &str) -> Option<&'v Value> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn snake_to_camel(key: &str) -> String {
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
fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let norm = |s: &str| s.replace('_', "").to_lowercase();
    let key = norm(key);
    known
        .iter()
        .map(|k| (*k, strsim::normalized_damerau_levenshtein(&key, &norm(k))))
        .filter(|(_, score)| *score >= 0.7)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

impl Parser {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn expected(&mut self, path: &str, what: &str, got: &Value) {
        self.err(path, format!("expected {what}, got {}", kind_of(got)));
    }

    /// Merges parse errors with the validator's, dropping validator findings about fields
    /// that already failed to parse (they would only repeat the problem).
    fn finish_with<T>(mut self, value: T, validate: impl Fn(&T) -> Result<(), Error>) -> Result<T, Error> {
        if let Err(Error::Validation(found)) = validate(&value) {
            for e in found {
                let repeats = self.errors.iter().any(|p| {
                    e.path == p.path || e.path.starts_with(&format!("{}.", p.path)) || e.path.starts_with(&format!("{}[", p.path))
                });
                if !repeats {
                    self.errors.push(e);
                }
            }
        }
        if self.errors.is_empty() { Ok(value) } else { Err(Error::Validation(self.errors)) }
    }

    /// Canonical (camelCase) key → value for an object with a fixed set of keys. Unknown
    /// keys and keys given twice (camel and snake) are reported; `null` values are absent.
    fn fields<'v>(&mut self, path: &str, input: &'v Value, known: &[&'static str], noun: &str) -> Option<Vec<(&'static str, &'v Value)>> {
        let Value::Object(map) = input else {
            self.expected(if path.is_empty() { "$" } else { path }, "an object", input);
            return None;
        };
        let mut out: Vec<(&'static str, &'v Value)> = Vec::with_capacity(map.len());
        for (key, value) in map {
            let canonical = known.iter().copied().find(|k| *k == key).or_else(|| {
                let camel = snake_to_camel(key);
                known.iter().copied().find(|k| *k == camel)
            });
            match canonical {
                Some(k) if out.iter().any(|(seen, _)| *seen == k) => {
                    self.err(join(path, key), format!("`{k}` is given twice (camelCase and snake_case)"))
                }
                Some(_) if value.is_null() => {}
                Some(k) => out.push((k, value)),
                None => {
                    let hint = match suggest(key, known) {
                        Some(s) => format!(", did you mean `{s}`?"),
                        None => format!("; expected one of: {}", known.join(", ")),
                    };
                    self.err(join(path, key), format!("unknown {noun} `{key}`{hint}"));
                }
            }
        }
        Some(out)
    }

    fn string(&mut self, path: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.expected(path, "a string", other);
                None
            }
        }
    }

    fn bool(&mut self, path: &str, v: &Value) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.expected(path, "a boolean (true or false)", other);
                None
            }
        }
    }

    // Lists and objects whose items fail to parse keep a default in their place, so the
    // validator still sees (and reports on) the items that did parse, at their real index.
    // Its findings on the placeholders are dropped in `finish_with`.

    fn string_list(&mut self, path: &str, v: &Value) -> Option<Vec<String>> {
        let Value::Array(_) = v else {
            self.expected(path, "a list of strings", v);
            return None;
        };
        self.list(path, v, |p, at, item| p.string(at, item).unwrap_or_default())
    }

    fn list<'v, T>(&mut self, path: &str, v: &'v Value, mut item: impl FnMut(&mut Self, &str, &'v Value) -> T) -> Option<Vec<T>> {
        let Value::Array(items) = v else {
            self.expected(path, "a list", v);
            return None;
        };
        Some(items.iter().enumerate().map(|(i, v)| item(self, &format!("{path}[{i}]"), v)).collect())
    }

    fn required(&mut self, path: &str, present: bool) {
        if !present {
            self.err(path, "is required");
        }
    }

    fn extra_body(&mut self, v: &Value) -> Option<Map<String, Value>> {
        match v {
            Value::Object(map) => Some(map.clone()),
            other => {
                self.expected("extraBody", "an object", other);
                None
            }
        }
    }

    fn guest_token(&mut self, input: &Value) -> GuestTokenRequest {
        let mut r = GuestTokenRequest::default();
        let Some(fields) = self.fields("", input, GUEST_TOKEN_KEYS, "field") else { return r };
        let (mut has_client, mut has_app) = (false, false);
        for (key, v) in fields {
            match key {
                "clientId" => {
                    has_client = true;
                    r.client_id = self.string(key, v).unwrap_or_default();
                }
                "dataAppName" => {
                    has_app = true;
                    r.data_app_name = self.string(key, v).unwrap_or_default();
                }
                "params" => r.params = self.params(v),
                "permissions" => r.permissions = self.permissions(v),
                "expiryTime" => r.expiry_time = self.expiry(key, v),
                "datasourceName" => r.datasource_name = self.string(key, v),
                "extraBody" => r.extra_body = self.extra_body(v),
                _ => unreachable!("every key in GUEST_TOKEN_KEYS is handled"),
            }
        }
        if matches!(input, Value::Object(_)) {
            self.required("clientId", has_client);
            self.required("dataAppName", has_app);
        }
        r
    }

    fn api_token(&mut self, input: &Value) -> ApiTokenRequest {
        let mut r = ApiTokenRequest::default();
        let Some(fields) = self.fields("", input, API_TOKEN_KEYS, "field") else { return r };
        let (mut has_app, mut has_name) = (false, false);
        for (key, v) in fields {
            match key {
                "dataAppName" => {
                    has_app = true;
                    r.data_app_name = self.string(key, v).unwrap_or_default();
                }
                "name" => {
                    has_name = true;
                    r.name = self.string(key, v).unwrap_or_default();
                }
                "legacyEndpoint" => r.legacy_endpoint = self.bool(key, v).unwrap_or_default(),
                "extraBody" => r.extra_body = self.extra_body(v),
                _ => unreachable!("every key in API_TOKEN_KEYS is handled"),
            }
        }
        if matches!(input, Value::Object(_)) {
            self.required("dataAppName", has_app);
            self.required("name", has_name);
        }
        r
    }

    /// Milliseconds: a positive whole number. Integral floats (Python `3.6e6`) are accepted.
    fn expiry(&mut self, path: &str, v: &Value) -> Option<u64> {
        let Value::Number(n) = v else {
            self.expected(path, "a whole number of milliseconds", v);
            return None;
        };
        if let Some(ms) = n.as_u64() {
            return Some(ms); // 0 and the upper bound are the validator's to report
        }
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f <= 0.0 {
            self.err(path, format!("must be a positive whole number of milliseconds, got {n}"));
        } else if f.fract() != 0.0 {
            self.err(path, format!("must be a whole number of milliseconds, got {n}"));
        } else if f < u64::MAX as f64 {
            return Some(f as u64);
        } else {
            self.err(path, format!("is far too large ({n})"));
        }
        None
    }

    fn params(&mut self, v: &Value) -> Option<GuestTokenParams> {
        let fields = self.fields("params", v, PARAMS_KEYS, "params field")?;
        let mut p = GuestTokenParams::default();
        for (key, v) in fields {
            let path = format!("params.{key}");
            match key {
                "appFilters" => p.app_filters = self.list(&path, v, Self::app_filter),
                "dashboardAppFilters" => p.dashboard_app_filters = self.list(&path, v, Self::dashboard_filter),
                "rlsSettings" => p.rls_settings = self.list(&path, v, Self::rls_setting),
                "hideDashboardFilters" => p.hide_dashboard_filters = self.string_list(&path, v),
                "allowedEmbeds" => p.allowed_embeds = self.string_list(&path, v),
                "userIdentifier" => p.user_identifier = self.string(&path, v),
                "timezone" => p.timezone = self.string(&path, v),
                _ => unreachable!("every key in PARAMS_KEYS is handled"),
            }
        }
        Some(p)
    }

    fn app_filter(&mut self, path: &str, v: &Value) -> AppFilter {
        let Some(fields) = self.fields(path, v, &["metricId", "values"], "app filter field") else {
            return AppFilter::default();
        };
        AppFilter {
            metric_id: self.take_str(path, &fields, "metricId").unwrap_or_default(),
            values: self.take_values(path, &fields),
        }
    }

    fn dashboard_filter(&mut self, path: &str, v: &Value) -> DashboardAppFilter {
        let Some(fields) = self.fields(path, v, &["dashboardId", "values", "isShowOnUrl"], "dashboard filter field") else {
            return DashboardAppFilter::default();
        };
        DashboardAppFilter {
            dashboard_id: self.take_str(path, &fields, "dashboardId").unwrap_or_default(),
            values: self.take_values(path, &fields),
            is_show_on_url: optional(&fields, "isShowOnUrl").and_then(|v| self.bool(&join(path, "isShowOnUrl"), v)),
        }
    }

    fn rls_setting(&mut self, path: &str, v: &Value) -> RlsSetting {
        let Some(fields) = self.fields(path, v, &["metricId", "values"], "RLS setting field") else {
            return RlsSetting::default();
        };
        // metricId is optional here, but when given it must be a string.
        RlsSetting {
            metric_id: optional(&fields, "metricId").and_then(|v| self.string(&join(path, "metricId"), v)),
            values: self.take_values(path, &fields),
        }
    }

    fn take_values(&mut self, path: &str, fields: &[(&'static str, &Value)]) -> FilterValues {
        match self.take(path, fields, "values") {
            Some(v) => self.values(&join(path, "values"), v),
            None => FilterValues::new(),
        }
    }

    /// `values`: column name (verbatim) → one of the seven documented shapes.
    fn values(&mut self, path: &str, v: &Value) -> FilterValues {
        let Value::Object(map) = v else {
            self.expected(path, "an object of filter name to value", v);
            return FilterValues::new();
        };
        map.iter()
            .filter_map(|(column, value)| {
                let at = format!("{path}.{column}");
                self.filter_value(&at, value).map(|fv| (column.clone(), fv))
            })
            .collect()
    }

    fn filter_value(&mut self, path: &str, v: &Value) -> Option<FilterValue> {
        Some(match v {
            Value::Bool(b) => FilterValue::Bool(*b),
            Value::Number(n) => FilterValue::Number(n.clone()),
            Value::String(s) => FilterValue::String(s.clone()),
            Value::Array(_) => FilterValue::StringList(self.string_list(path, v)?),
            Value::Object(map) => return self.object_value(path, v, map),
            Value::Null => {
                self.err(path, "null is not a filter value; leave the filter out instead");
                return None;
            }
        })
    }

    /// The three object shapes are told apart by their keys.
    fn object_value(&mut self, path: &str, v: &Value, map: &Map<String, Value>) -> Option<FilterValue> {
        let has = |names: &[&str]| map.keys().any(|k| names.contains(&k.as_str()));
        if has(&["sql", "columnName", "column_name"]) {
            let fields = self.fields(path, v, &["sql", "columnName"], "SQL filter field")?;
            let (sql, column) = (self.take_str(path, &fields, "sql"), self.take_str(path, &fields, "columnName"));
            Some(FilterValue::Sql { sql: sql?, column_name: column? })
        } else if has(&["startDate", "endDate", "start_date", "end_date"]) {
            let fields = self.fields(path, v, &["startDate", "endDate"], "date range field")?;
            let (start, end) = (self.take_str(path, &fields, "startDate"), self.take_str(path, &fields, "endDate"));
            Some(FilterValue::DateRange { start_date: start?, end_date: end? })
        } else if has(&["min", "max"]) {
            let fields = self.fields(path, v, &["min", "max"], "number range field")?;
            let (min, max) = (self.take_num(path, &fields, "min"), self.take_num(path, &fields, "max"));
            Some(FilterValue::NumberRange { min: min?, max: max? })
        } else {
            self.err(
                path,
                "an object filter value must be {\"sql\", \"columnName\"}, {\"startDate\", \"endDate\"} or {\"min\", \"max\"}",
            );
            None
        }
    }

    fn take<'v>(&mut self, path: &str, fields: &[(&'static str, &'v Value)], key: &str) -> Option<&'v Value> {
        let found = optional(fields, key);
        if found.is_none() {
            self.err(join(path, key), "is required");
        }
        found
    }

    fn take_str(&mut self, path: &str, fields: &[(&'static str, &Value)], key: &str) -> Option<String> {
        let v = self.take(path, fields, key)?;
        self.string(&join(path, key), v)
    }

    fn take_num(&mut self, path: &str, fields: &[(&'static str, &Value)], key: &str) -> Option<Number> {
        match self.take(path, fields, key)? {
            Value::Number(n) => Some(n.clone()),
            other => {
                self.expected(&join(path, key), "a number", other);
                None
            }
        }
    }

    fn permissions(&mut self, v: &Value) -> Option<Permissions> {
        let fields = self.fields("permissions", v, &PERMISSION_KEYS, "permission")?;
        let mut p = Permissions::default();
        for (key, v) in fields {
            let flag = self.bool(&format!("permissions.{key}"), v);
            if let Some(slot) = p.slot(key) {
                *slot = flag;
            }
        }
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(r: Result<(), Error>) -> Vec<String> {
        r.unwrap_err().field_errors().iter().map(|e| e.path.clone()).collect()
    }

    #[test]
    fn conversion_problems_cover_their_subtree_only() {
        let found = |p: &[&str]| Err(Error::Validation(p.iter().map(|p| FieldError::new(*p, "x")).collect()));
        let merged = with_conversion_problems(
            vec![FieldError::new("params.appFilters", "bad")],
            found(&["params.appFilters", "params.appFilters[0].values", "params.appFiltersX", "clientId"]),
        );
        assert_eq!(paths(merged), ["params.appFilters", "params.appFiltersX", "clientId"]);
        let root = with_conversion_problems(vec![FieldError::new("$", "bad")], found(&["clientId"]));
        assert_eq!(paths(root), ["$"]);
        assert!(with_conversion_problems(Vec::new(), Ok(())).is_ok());
    }
}
