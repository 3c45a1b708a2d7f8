//! Validation that runs before any request is sent. Each model gets one function that
//! returns *every* problem, each with the wire path of the offending field.

use crate::error::{Error, FieldError};
use crate::models::api_token::ApiTokenRequest;
use crate::models::filters::{FilterList, FilterValue, FilterValues};
use crate::models::guest_token::{GuestTokenParams, GuestTokenRequest};

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
    /// Every problem with this request, or `Ok` if it may be sent.
    pub fn validate(&self) -> Result<(), Error> {
        let mut v = Collector::default();
        v.identifier("clientId", &self.client_id);
        v.data_app_name("dataAppName", &self.data_app_name);
        if let Some(params) = &self.params {
            v.params(params);
        }
        if let Some(ms) = self.expiry_time {
            v.expiry("expiryTime", ms);
        }
        if let Some(name) = &self.datasource_name {
            v.identifier("datasourceName", name);
        }
        v.finish()
    }
}

impl ApiTokenRequest {
    /// Every problem with this request, or `Ok` if it may be sent.
    pub fn validate(&self) -> Result<(), Error> {
        let mut v = Collector::default();
        v.data_app_name("dataAppName", &self.data_app_name);
        v.label("name", &self.name);
        v.finish()
    }
}

#[derive(Default)]
pub(crate) struct Collector {
    pub(crate) errors: Vec<FieldError>,
}

impl Collector {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    pub(crate) fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Validation(self.errors)) }
    }

    /// Non-empty, bounded, free of control characters (it may reach headers and logs).
    fn identifier(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        } else if let Some(c) = value.chars().find(|c| c.is_control()) {
            self.push(path, format!("must not contain control characters (found {c:?})"));
        } else if value.chars().count() > MAX_ID_CHARS {
            self.push(path, format!("must be at most {MAX_ID_CHARS} characters"));
        }
    }

    fn label(&mut self, path: &str, value: &str) {
        self.identifier(path, value);
    }

    fn data_app_name(&mut self, path: &str, name: &str) {
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
            self.push(path, format!("{problem}: a data app name may contain {DATA_APP_NAME_RULE}"));
        }
    }

    fn expiry(&mut self, path: &str, ms: u64) {
        if ms == 0 {
            self.push(path, "must be a positive whole number of milliseconds (leave it out for a token that never expires)");
        } else if ms > MAX_EXPIRY_MS {
            self.push(path, format!("must be at most {MAX_EXPIRY_MS} ms (ten years); it is milliseconds, not seconds"));
        }
    }

    fn params(&mut self, p: &GuestTokenParams) {
        for (i, f) in p.app_filters.iter().flatten().enumerate() {
            let at = format!("params.appFilters[{i}]");
            self.identifier(&format!("{at}.metricId"), &f.metric_id);
            self.values(&format!("{at}.values"), &f.values, FilterList::AppFilters);
        }
        for (i, f) in p.dashboard_app_filters.iter().flatten().enumerate() {
            let at = format!("params.dashboardAppFilters[{i}]");
            self.identifier(&format!("{at}.dashboardId"), &f.dashboard_id);
            self.values(&format!("{at}.values"), &f.values, FilterList::DashboardAppFilters);
        }
        for (i, s) in p.rls_settings.iter().flatten().enumerate() {
            let at = format!("params.rlsSettings[{i}]");
            if let Some(metric_id) = &s.metric_id {
                self.identifier(&format!("{at}.metricId"), metric_id);
            }
            self.values(&format!("{at}.values"), &s.values, FilterList::RlsSettings);
        }
        for (i, name) in p.hide_dashboard_filters.iter().flatten().enumerate() {
            self.identifier(&format!("params.hideDashboardFilters[{i}]"), name);
        }
        for (i, id) in p.allowed_embeds.iter().flatten().enumerate() {
            self.identifier(&format!("params.allowedEmbeds[{i}]"), id);
        }
        if let Some(id) = &p.user_identifier {
            self.identifier("params.userIdentifier", id);
        }
        if let Some(tz) = &p.timezone
            && !is_iana_zone_name(tz) {
                self.push("params.timezone", format!("{tz:?} is not an IANA time zone name such as \"America/New_York\" or \"UTC\""));
            }
    }

    fn values(&mut self, path: &str, values: &FilterValues, list: FilterList) {
        for (column, value) in values {
            let at = format!("{path}.{column}");
            if column.is_empty() {
                self.push(&at, "a filter name must not be empty");
            }
            self.value(&at, value, list);
        }
    }

    fn value(&mut self, path: &str, value: &FilterValue, list: FilterList) {
        if !value.allowed_in(list) {
            let allowed = match list {
                FilterList::DashboardAppFilters => "a string, a list of strings, a SQL object, a date range or a number range",
                _ => "a boolean, a number, a string, a list of strings or a SQL object",
            };
            self.push(path, format!("a {} is not allowed in {}; use {allowed}", value.shape_name(), list.wire_name()));
            return;
        }
        match value {
            FilterValue::Sql { sql, column_name } => {
                if sql.trim().is_empty() {
                    self.push(format!("{path}.sql"), "must not be empty");
                }
                if column_name.trim().is_empty() {
                    self.push(format!("{path}.columnName"), "must not be empty");
                }
            }
            FilterValue::DateRange { start_date, end_date } => {
                let start = parse_iso(start_date);
                let end = parse_iso(end_date);
                if start.is_none() {
                    self.push(format!("{path}.startDate"), format!("{start_date:?} is not an ISO date (YYYY-MM-DD or an RFC 3339 date-time)"));
                }
                if end.is_none() {
                    self.push(format!("{path}.endDate"), format!("{end_date:?} is not an ISO date (YYYY-MM-DD or an RFC 3339 date-time)"));
                }
                if let (Some(start), Some(end)) = (start, end)
                    && start > end {
                        self.push(format!("{path}.endDate"), format!("must not be before startDate ({start_date} > {end_date})"));
                    }
            }
            FilterValue::NumberRange { min, max } => {
                let (lo, hi) = (min.as_f64().unwrap_or(f64::NAN), max.as_f64().unwrap_or(f64::NAN));
                if !lo.is_finite() {
                    self.push(format!("{path}.min"), "must be a finite number");
                }
                if !hi.is_finite() {
                    self.push(format!("{path}.max"), "must be a finite number");
                }
                if lo > hi {
                    self.push(format!("{path}.max"), format!("must not be less than min ({min} > {max})"));
                }
            }
            FilterValue::Bool(_) | FilterValue::Number(_) | FilterValue::String(_) | FilterValue::StringList(_) => {}
        }
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
