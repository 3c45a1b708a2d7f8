//! The guest-token request: `POST /api/v2/guest-token/create`.

use serde_json::Value;

use super::{Parser, to_json_map};
use crate::error::Error;
use crate::request::input::{Input, KeyText, Shape};
use crate::request::models::filters::{AppFilter, DashboardAppFilter, FilterList, FilterValue, FilterValues, RlsSetting};
use crate::request::models::guest_token::{GuestTokenParams, GuestTokenRequest};
use crate::request::models::permissions::{PERMISSION_KEYS, Permissions};
use crate::request::path::Path;
use crate::request::valid::Valid;
use crate::request::validate;

/// Top-level keys, in the documented order.
pub(crate) const GUEST_TOKEN_KEYS: &[&str] =
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

impl GuestTokenRequest {
    /// Parses and validates a guest-token request from loose JSON (camelCase or snake_case
    /// keys). Returns every problem at once, each with its wire path.
    pub fn from_loose(input: &Value) -> Result<Valid<Self>, Error> {
        Self::from_input(&input)
    }

    /// [`GuestTokenRequest::from_loose`] over any [`Input`] (what the bindings call with
    /// their native values).
    pub fn from_input<I: Input>(input: &I) -> Result<Valid<Self>, Error> {
        Parser::run(|p| guest_token(p, input))
    }
}

fn guest_token<I: Input>(p: &mut Parser, input: &I) -> GuestTokenRequest {
    let root = Path::ROOT;
    let mut r = GuestTokenRequest::default();
    let Some(fields) = p.fields(&root, input, GUEST_TOKEN_KEYS, "field") else { return r };
    for (key, v) in &fields {
        let at = root.key(key);
        match *key {
            "clientId" => {
                if let Some(s) = p.string(&at, v) {
                    validate::identifier(&mut p.problems, &at, &s);
                    r.client_id = s;
                }
            }
            "dataAppName" => {
                if let Some(s) = p.string(&at, v) {
                    validate::data_app_name(&mut p.problems, &at, &s);
                    r.data_app_name = s;
                }
            }
            "params" => r.params = params(p, &at, v),
            "permissions" => r.permissions = permissions(p, &at, v),
            "expiryTime" => r.expiry_time = expiry(p, &at, v),
            "datasourceName" => {
                r.datasource_name = p.string(&at, v);
                if let Some(s) = &r.datasource_name {
                    validate::identifier(&mut p.problems, &at, s);
                }
            }
            "extraBody" => r.extra_body = extra_body(p, &at, v),
            _ => unreachable!("every key in GUEST_TOKEN_KEYS is handled"),
        }
    }
    p.required(&root, &fields, &["clientId", "dataAppName"]);
    r
}

/// The `extraBody` escape hatch: any JSON object.
pub(super) fn extra_body<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<serde_json::Map<String, Value>> {
    match p.shape(v)? {
        Shape::Object => Some(to_json_map(p, at, v)),
        other => {
            p.expected(at, "an object", &other);
            None
        }
    }
}

/// Milliseconds: a positive whole number. Integral floats (Python `3.6e6`) are accepted.
fn expiry<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<u64> {
    let n = match p.shape(v)? {
        Shape::Number(n) => n,
        other => {
            p.expected(at, "a whole number of milliseconds", &other);
            return None;
        }
    };
    let ms = if let Some(ms) = n.as_u64() {
        ms
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f <= 0.0 {
            p.problems.push(at, format!("must be a positive whole number of milliseconds, got {n}"));
            return None;
        } else if f.fract() != 0.0 {
            p.problems.push(at, format!("must be a whole number of milliseconds, got {n}"));
            return None;
        } else if f >= u64::MAX as f64 {
            p.problems.push(at, format!("is far too large ({n})"));
            return None;
        }
        f as u64
    };
    validate::expiry(&mut p.problems, at, ms);
    Some(ms)
}

fn params<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<GuestTokenParams> {
    let fields = p.fields(at, v, PARAMS_KEYS, "params field")?;
    let mut out = GuestTokenParams::default();
    for (key, v) in &fields {
        let at = at.key(key);
        match *key {
            "appFilters" => out.app_filters = p.list(&at, v, "a list", app_filter),
            "dashboardAppFilters" => out.dashboard_app_filters = p.list(&at, v, "a list", dashboard_filter),
            "rlsSettings" => out.rls_settings = p.list(&at, v, "a list", rls_setting),
            "hideDashboardFilters" => out.hide_dashboard_filters = p.string_list(&at, v, validate::identifier),
            "allowedEmbeds" => out.allowed_embeds = p.string_list(&at, v, validate::identifier),
            "userIdentifier" => {
                out.user_identifier = p.string(&at, v);
                if let Some(id) = &out.user_identifier {
                    validate::identifier(&mut p.problems, &at, id);
                }
            }
            "timezone" => {
                out.timezone = p.string(&at, v);
                if let Some(tz) = &out.timezone {
                    validate::timezone(&mut p.problems, &at, tz);
                }
            }
            _ => unreachable!("every key in PARAMS_KEYS is handled"),
        }
    }
    Some(out)
}

fn app_filter<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<AppFilter> {
    let fields = p.fields(at, v, &["metricId", "values"], "app filter field")?;
    let mut out = AppFilter::default();
    for (key, v) in &fields {
        let at = at.key(key);
        match *key {
            "metricId" => out.metric_id = identifier(p, &at, v).unwrap_or_default(),
            _ => out.values = values(p, &at, v, FilterList::AppFilters),
        }
    }
    p.required(at, &fields, &["metricId", "values"]);
    Some(out)
}

fn dashboard_filter<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<DashboardAppFilter> {
    let fields = p.fields(at, v, &["dashboardId", "values", "isShowOnUrl"], "dashboard filter field")?;
    let mut out = DashboardAppFilter::default();
    for (key, v) in &fields {
        let at = at.key(key);
        match *key {
            "dashboardId" => out.dashboard_id = identifier(p, &at, v).unwrap_or_default(),
            "values" => out.values = values(p, &at, v, FilterList::DashboardAppFilters),
            _ => out.is_show_on_url = p.bool(&at, v),
        }
    }
    p.required(at, &fields, &["dashboardId", "values"]);
    Some(out)
}

fn rls_setting<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<RlsSetting> {
    let fields = p.fields(at, v, &["metricId", "values"], "RLS setting field")?;
    let mut out = RlsSetting::default();
    for (key, v) in &fields {
        let at = at.key(key);
        match *key {
            // Optional here (applies to every metric when absent), but a string when given.
            "metricId" => out.metric_id = identifier(p, &at, v),
            _ => out.values = values(p, &at, v, FilterList::RlsSettings),
        }
    }
    p.required(at, &fields, &["values"]);
    Some(out)
}

fn identifier<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<String> {
    let s = p.string(at, v)?;
    validate::identifier(&mut p.problems, at, &s);
    Some(s)
}

/// `values`: column name (verbatim: the customer's data) → one of the documented shapes.
fn values<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I, list: FilterList) -> FilterValues {
    let mut out = FilterValues::new();
    match p.shape(v) {
        Some(Shape::Object) => {}
        Some(other) => {
            p.expected(at, "an object of filter name to value", &other);
            return out;
        }
        None => return out,
    }
    let entries = v.entries();
    // Sized once: growing from empty re-allocates and re-hashes at 4 and 8 columns.
    out.reserve(entries.len());
    for (column, value) in entries {
        if p.stopped() {
            break;
        }
        let column = match column {
            Ok(column) => column.into_string(),
            Err(why) => {
                p.problems.push(at, why.to_string());
                continue;
            }
        };
        let at = at.key(&column);
        validate::column_name(&mut p.problems, &at, &column);
        if let Some(fv) = filter_value(p, &at, &value) {
            validate::filter_value(&mut p.problems, &at, &fv, list);
            out.insert(column, fv);
        }
    }
    out
}

fn filter_value<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<FilterValue> {
    Some(match p.shape(v)? {
        Shape::Bool(b) => FilterValue::Bool(b),
        Shape::Number(n) => FilterValue::Number(n),
        Shape::Str(s) => FilterValue::String(s.into_owned()),
        Shape::List => FilterValue::StringList(p.items(at, v, &mut |p, at, item| p.string(at, item))),
        Shape::Object => return object_value(p, at, v),
        Shape::Null => {
            p.problems.push(at, "null is not a filter value; leave the filter out instead");
            return None;
        }
        invalid @ Shape::Invalid(_) => {
            p.expected(at, "a filter value", &invalid);
            return None;
        }
    })
}

/// The three object shapes are told apart by their keys.
fn object_value<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<FilterValue> {
    let entries = v.entries();
    let has = |names: &[&str]| entries.iter().any(|(k, _)| k.as_ref().is_ok_and(|k| names.contains(&k.as_str())));
    if has(&["sql", "columnName", "column_name"]) {
        let fields = p.known_fields(at, entries, &["sql", "columnName"], "SQL filter field");
        let (mut sql, mut column) = (None, None);
        for (key, v) in &fields {
            let value = p.string(&at.key(key), v);
            if *key == "sql" { sql = value } else { column = value }
        }
        p.required(at, &fields, &["sql", "columnName"]);
        Some(FilterValue::Sql { sql: sql?, column_name: column? })
    } else if has(&["startDate", "endDate", "start_date", "end_date"]) {
        let fields = p.known_fields(at, entries, &["startDate", "endDate"], "date range field");
        let (mut start, mut end) = (None, None);
        for (key, v) in &fields {
            let value = p.string(&at.key(key), v);
            if *key == "startDate" { start = value } else { end = value }
        }
        p.required(at, &fields, &["startDate", "endDate"]);
        Some(FilterValue::DateRange { start_date: start?, end_date: end? })
    } else if has(&["min", "max"]) {
        let fields = p.known_fields(at, entries, &["min", "max"], "number range field");
        let (mut min, mut max) = (None, None);
        for (key, v) in &fields {
            let value = p.number(&at.key(key), v);
            if *key == "min" { min = value } else { max = value }
        }
        p.required(at, &fields, &["min", "max"]);
        Some(FilterValue::NumberRange { min: min?, max: max? })
    } else {
        p.problems.push(
            at,
            "an object filter value must be {\"sql\", \"columnName\"}, {\"startDate\", \"endDate\"} or {\"min\", \"max\"}",
        );
        None
    }
}

fn permissions<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<Permissions> {
    let fields = p.fields(at, v, &PERMISSION_KEYS, "permission")?;
    let mut out = Permissions::default();
    for (key, v) in &fields {
        let flag = p.bool(&at.key(key), v);
        if let Some(slot) = out.slot(key) {
            *slot = flag;
        }
    }
    Some(out)
}
