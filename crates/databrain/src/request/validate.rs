//! The rules a request must follow before it is sent, one function per kind of field.
//!
//! The loose parser (`crate::request::parse`) calls these on each field right after reading it, so a
//! request from Python or Node is checked in the same single walk that builds it and problems
//! come out in the order of the fields in the input. [`GuestTokenRequest::validate`] and
//! [`ApiTokenRequest::validate`] run the same functions over a typed request built in Rust.

use crate::error::Error;
use crate::request::models::api_token::ApiTokenRequest;
use crate::request::models::filters::{AppFilter, DashboardAppFilter, FilterList, FilterValue, FilterValues, RlsSetting};
use crate::request::models::guest_token::{GuestTokenParams, GuestTokenRequest};
use crate::request::path::{Path, Problems};
use crate::request::valid::{Checked, Valid};

/// Longest accepted data-app name or API-key label, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest accepted identifier (clientId, metricId, ...), in characters.
pub const MAX_ID_CHARS: usize = 1024;
/// Longest accepted token lifetime: ten years in milliseconds. Longer is almost certainly a
/// unit mistake (seconds * 1000 twice); leave `expiryTime` out for a token that never expires.
pub const MAX_EXPIRY_MS: u64 = 10 * 365 * 24 * 60 * 60 * 1000;

/// The rule quoted in error messages, from Databrain's docs and real data-app names.
pub const DATA_APP_NAME_RULE: &str =
    "letters and digits of any script, spaces, '-' and '_', with no leading or trailing space";

impl GuestTokenRequest {
    /// Checks every rule and returns the request as [`Valid`] (which
    /// [`crate::Client::create_guest_token`] sends without checking again), or every problem
    /// at once, each with its wire path.
    pub fn validate(&self) -> Result<Valid<Self>, Error> {
        check_guest_token(self)?;
        Ok(Valid(self.clone()))
    }
}

impl ApiTokenRequest {
    /// Checks every rule and returns the request as [`Valid`], or every problem at once.
    pub fn validate(&self) -> Result<Valid<Self>, Error> {
        check_api_token(self)?;
        Ok(Valid(self.clone()))
    }
}

// A plain request is checked before it is sent; a `Valid` one is not checked again.
impl Checked<GuestTokenRequest> for GuestTokenRequest {
    fn checked(&self) -> Result<&GuestTokenRequest, Error> {
        check_guest_token(self)?;
        Ok(self)
    }
}

impl Checked<ApiTokenRequest> for ApiTokenRequest {
    fn checked(&self) -> Result<&ApiTokenRequest, Error> {
        check_api_token(self)?;
        Ok(self)
    }
}

pub(crate) fn finish(problems: Problems) -> Result<(), Error> {
    if problems.is_empty() { Ok(()) } else { Err(Error::Validation(problems.errors)) }
}

pub(crate) fn check_guest_token(r: &GuestTokenRequest) -> Result<(), Error> {
    let mut p = Problems::default();
    let root = Path::ROOT;
    identifier(&mut p, &root.key("clientId"), &r.client_id);
    data_app_name(&mut p, &root.key("dataAppName"), &r.data_app_name);
    if let Some(params) = &r.params {
        check_params(&mut p, &root.key("params"), params);
    }
    if let Some(ms) = r.expiry_time {
        expiry(&mut p, &root.key("expiryTime"), ms);
    }
    if let Some(name) = &r.datasource_name {
        identifier(&mut p, &root.key("datasourceName"), name);
    }
    finish(p)
}

pub(crate) fn check_api_token(r: &ApiTokenRequest) -> Result<(), Error> {
    let mut p = Problems::default();
    let root = Path::ROOT;
    data_app_name(&mut p, &root.key("dataAppName"), &r.data_app_name);
    label(&mut p, &root.key("name"), &r.name);
    finish(p)
}

fn check_params(p: &mut Problems, at: &Path<'_>, params: &GuestTokenParams) {
    if let Some(list) = &params.app_filters {
        let at = at.key("appFilters");
        for (i, f) in list.iter().enumerate() {
            app_filter(p, &at.index(i), f);
        }
    }
    if let Some(list) = &params.dashboard_app_filters {
        let at = at.key("dashboardAppFilters");
        for (i, f) in list.iter().enumerate() {
            dashboard_filter(p, &at.index(i), f);
        }
    }
    if let Some(list) = &params.hide_dashboard_filters {
        let at = at.key("hideDashboardFilters");
        for (i, name) in list.iter().enumerate() {
            identifier(p, &at.index(i), name);
        }
    }
    if let Some(id) = &params.user_identifier {
        identifier(p, &at.key("userIdentifier"), id);
    }
    if let Some(list) = &params.rls_settings {
        let at = at.key("rlsSettings");
        for (i, s) in list.iter().enumerate() {
            rls_setting(p, &at.index(i), s);
        }
    }
    if let Some(list) = &params.allowed_embeds {
        let at = at.key("allowedEmbeds");
        for (i, id) in list.iter().enumerate() {
            identifier(p, &at.index(i), id);
        }
    }
    if let Some(tz) = &params.timezone {
        timezone(p, &at.key("timezone"), tz);
    }
}

fn app_filter(p: &mut Problems, at: &Path<'_>, f: &AppFilter) {
    identifier(p, &at.key("metricId"), &f.metric_id);
    values(p, &at.key("values"), &f.values, FilterList::AppFilters);
}

fn dashboard_filter(p: &mut Problems, at: &Path<'_>, f: &DashboardAppFilter) {
    identifier(p, &at.key("dashboardId"), &f.dashboard_id);
    values(p, &at.key("values"), &f.values, FilterList::DashboardAppFilters);
}

fn rls_setting(p: &mut Problems, at: &Path<'_>, s: &RlsSetting) {
    if let Some(metric_id) = &s.metric_id {
        identifier(p, &at.key("metricId"), metric_id);
    }
    values(p, &at.key("values"), &s.values, FilterList::RlsSettings);
}

fn values(p: &mut Problems, at: &Path<'_>, values: &FilterValues, list: FilterList) {
    for (column, value) in values {
        let at = at.key(column);
        column_name(p, &at, column);
        filter_value(p, &at, value, list);
    }
}

/// Printable ASCII with at least one non-space: what nearly every identifier is, recognised
/// in one byte scan (no char decoding) so the common case skips the rules below.
fn printable_ascii(bytes: &[u8]) -> bool {
    let (mut printable, mut visible) = (true, false);
    for &b in bytes {
        printable &= (b' '..=b'~').contains(&b);
        visible |= b != b' ';
    }
    printable && visible
}

/// Non-empty, bounded, free of control characters (it may reach headers and logs).
pub(crate) fn identifier(p: &mut Problems, at: &Path<'_>, value: &str) {
    // A byte count within the limit bounds the char count too.
    if value.len() <= MAX_ID_CHARS && printable_ascii(value.as_bytes()) {
        return;
    }
    identifier_rules(p, at, value);
}

fn identifier_rules(p: &mut Problems, at: &Path<'_>, value: &str) {
    if value.trim().is_empty() {
        p.push(at, "must not be empty");
    } else if let Some(c) = value.chars().find(|c| c.is_control()) {
        p.push(at, format!("must not contain control characters (found {c:?})"));
    } else if value.chars().count() > MAX_ID_CHARS {
        p.push(at, format!("must be at most {MAX_ID_CHARS} characters"));
    }
}

/// An API-key label follows the identifier rules.
pub(crate) fn label(p: &mut Problems, at: &Path<'_>, value: &str) {
    identifier(p, at, value);
}

/// ASCII letters, digits, ' ', '-', '_', no space at either end: the usual data-app name,
/// recognised in one byte scan so the common case skips the Unicode rules below.
fn plain_ascii_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(|&b| b != b' ')
        && bytes.last().is_some_and(|&b| b != b' ')
        && bytes.len() <= MAX_NAME_CHARS
        && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_'))
}

pub(crate) fn data_app_name(p: &mut Problems, at: &Path<'_>, name: &str) {
    if plain_ascii_name(name) {
        return;
    }
    data_app_name_rules(p, at, name);
}

fn data_app_name_rules(p: &mut Problems, at: &Path<'_>, name: &str) {
    let problem = if name.trim().is_empty() {
        Some("must not be empty".to_owned())
    } else if name.trim() != name {
        Some("must not start or end with whitespace".to_owned())
    } else if let Some(c) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))) {
        Some(format!("contains {c:?}, which is not allowed"))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!("must be at most {MAX_NAME_CHARS} characters"))
    } else {
        None
    };
    if let Some(problem) = problem {
        p.push(at, format!("{problem}: a data app name may contain {DATA_APP_NAME_RULE}"));
    }
}

pub(crate) fn expiry(p: &mut Problems, at: &Path<'_>, ms: u64) {
    if ms == 0 {
        p.push(at, "must be a positive whole number of milliseconds (leave it out for a token that never expires)");
    } else if ms > MAX_EXPIRY_MS {
        p.push(at, format!("must be at most {MAX_EXPIRY_MS} ms (ten years); it is milliseconds, not seconds"));
    }
}

pub(crate) fn timezone(p: &mut Problems, at: &Path<'_>, tz: &str) {
    if !is_iana_zone_name(tz) {
        p.push(at, format!("{tz:?} is not an IANA time zone name such as \"America/New_York\" or \"UTC\""));
    }
}

/// A filter name is the customer's column name, taken verbatim; only empty is refused.
pub(crate) fn column_name(p: &mut Problems, at: &Path<'_>, column: &str) {
    if column.is_empty() {
        p.push(at, "a filter name must not be empty");
    }
}

/// The shape table of the spec (which shapes each list allows) and each shape's own rules.
pub(crate) fn filter_value(p: &mut Problems, at: &Path<'_>, value: &FilterValue, list: FilterList) {
    if !value.allowed_in(list) {
        let allowed = match list {
            FilterList::DashboardAppFilters => "a string, a list of strings, a SQL object, a date range or a number range",
            _ => "a boolean, a number, a string, a list of strings or a SQL object",
        };
        p.push(at, format!("a {} is not allowed in {}; use {allowed}", value.shape_name(), list.wire_name()));
        return;
    }
    match value {
        FilterValue::Sql { sql, column_name } => {
            if sql.trim().is_empty() {
                p.push(&at.key("sql"), "must not be empty");
            }
            if column_name.trim().is_empty() {
                p.push(&at.key("columnName"), "must not be empty");
            }
        }
        FilterValue::DateRange { start_date, end_date } => {
            let start = parse_iso(start_date);
            let end = parse_iso(end_date);
            if start.is_none() {
                p.push(&at.key("startDate"), format!("{start_date:?} is not an ISO date (YYYY-MM-DD or an RFC 3339 date-time)"));
            }
            if end.is_none() {
                p.push(&at.key("endDate"), format!("{end_date:?} is not an ISO date (YYYY-MM-DD or an RFC 3339 date-time)"));
            }
            if let (Some(start), Some(end)) = (start, end)
                && start > end
            {
                p.push(&at.key("endDate"), format!("must not be before startDate ({start_date} > {end_date})"));
            }
        }
        FilterValue::NumberRange { min, max } => {
            let (lo, hi) = (min.as_f64().unwrap_or(f64::NAN), max.as_f64().unwrap_or(f64::NAN));
            if !lo.is_finite() {
                p.push(&at.key("min"), "must be a finite number");
            }
            if !hi.is_finite() {
                p.push(&at.key("max"), "must be a finite number");
            }
            if lo > hi {
                p.push(&at.key("max"), format!("must not be less than min ({min} > {max})"));
            }
        }
        FilterValue::Bool(_) | FilterValue::Number(_) | FilterValue::String(_) | FilterValue::StringList(_) => {}
    }
}

/// `Area/Location[/Sub]` or a bare name like `UTC`; letters, digits, `_`, `-`, `+`.
fn is_iana_zone_name(tz: &str) -> bool {
    !tz.is_empty()
        && tz.len() <= 64
        && tz.split('/').all(|part| {
            !part.is_empty()
                && part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// Parses `YYYY-MM-DD` optionally followed by `THH:MM[:SS[.fff]][Z|±HH:MM]`, returning a
/// key that orders like the instant (the offset is ignored: dashboards filter by calendar day).
fn parse_iso(s: &str) -> Option<(u32, u32, u32, String)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return Some((y, m, d, String::new()));
    }
    let time = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let (clock, _offset) = split_offset(time)?;
    let mut fields = clock.splitn(3, ':');
    let hh: u32 = fields.next().filter(|f| f.len() == 2)?.parse().ok()?;
    let mm: u32 = fields.next().filter(|f| f.len() == 2)?.parse().ok()?;
    if let Some(sec) = fields.next() {
        let (whole, frac) = sec.split_once('.').unwrap_or((sec, "0"));
        let ss: u32 = whole.parse().ok().filter(|_| whole.len() == 2)?;
        if ss > 60 || frac.is_empty() || !frac.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    (hh < 24 && mm < 60).then(|| (y, m, d, clock.to_owned()))
}

fn split_offset(time: &str) -> Option<(&str, &str)> {
    if let Some(clock) = time.strip_suffix('Z').or_else(|| time.strip_suffix('z')) {
        return Some((clock, "Z"));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let offset = &time[i..];
            let ok = offset.len() == 6 && offset.as_bytes()[3] == b':';
            ok.then(|| (&time[..i], offset))
        }
        None => Some((time, "")),
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-scan fast paths accept only what the full rules accept.
    #[test]
    fn fast_paths_agree_with_the_rules() {
        let alphabet = ["a", "Z", "0", " ", "-", "_", "~", "\t", "\u{7f}", "\u{85}", "é", "\u{3000}", "/", "!"];
        let mut samples: Vec<String> = vec![String::new(), "x".repeat(MAX_ID_CHARS), "x".repeat(MAX_ID_CHARS + 1)];
        samples.push("n".repeat(MAX_NAME_CHARS + 1));
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    samples.push(format!("{a}{b}{c}"));
                }
            }
        }
        let root = Path::ROOT;
        for s in &samples {
            let mut p = Problems::default();
            if s.len() <= MAX_ID_CHARS && printable_ascii(s.as_bytes()) {
                identifier_rules(&mut p, &root, s);
                assert!(p.is_empty(), "identifier fast path accepted {s:?}");
            }
            if plain_ascii_name(s) {
                data_app_name_rules(&mut p, &root, s);
                assert!(p.is_empty(), "name fast path accepted {s:?}");
            }
            // Whatever the route, the verdict is the full rules' verdict.
            let (mut fast, mut full) = (Problems::default(), Problems::default());
            identifier(&mut fast, &root, s);
            identifier_rules(&mut full, &root, s);
            assert_eq!(fast.is_empty(), full.is_empty(), "identifier {s:?}");
            let (mut fast, mut full) = (Problems::default(), Problems::default());
            data_app_name(&mut fast, &root, s);
            data_app_name_rules(&mut full, &root, s);
            assert_eq!(fast.is_empty(), full.is_empty(), "name {s:?}");
        }
    }

    #[test]
    fn iso_dates() {
        assert!(parse_iso("2024-01-01").is_some());
        assert!(parse_iso("2024-02-29").is_some());
        assert!(parse_iso("2023-02-29").is_none());
        assert!(parse_iso("2024-13-01").is_none());
        assert!(parse_iso("2024-1-01").is_none());
        assert!(parse_iso("2024-01-01T10:30:00Z").is_some());
        assert!(parse_iso("2024-01-01T10:30:00.123+05:30").is_some());
        assert!(parse_iso("2024-01-01T25:00").is_none());
        assert!(parse_iso("01/02/2024").is_none());
        assert!(parse_iso("2024-01-01T").is_none());
    }

    #[test]
    fn zones() {
        for ok in ["UTC", "America/New_York", "Etc/GMT+5", "America/Argentina/Buenos_Aires"] {
            assert!(is_iana_zone_name(ok), "{ok}");
        }
        for bad in ["", "/UTC", "America//X", "New York", "../etc/passwd", "+05:00"] {
            assert!(!is_iana_zone_name(bad), "{bad}");
        }
    }
}
