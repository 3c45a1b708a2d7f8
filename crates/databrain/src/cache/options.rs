//! Cache options as data: what `GuestTokenCache(client, ...)` in Python and
//! `new GuestTokenCache(client, {...})` in Node pass through untouched. Names, units,
//! defaults, checks and messages live here once.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::request::input::{Input, Shape};
use crate::options::{count, duration, option_fields, report_unknown};
use crate::request::parse::Parser;
use crate::request::path::Path;
use crate::token::DEFAULT_REFRESH_MARGIN;

/// Every cache option, in camelCase (snake_case is accepted too). The max age may be given
/// in seconds or milliseconds, not both.
pub const CACHE_OPTION_KEYS: &[&str] =
    &["refreshMargin", "maxEntries", "serveStaleOnError", "maxAgeWithoutExpiry", "maxAgeWithoutExpiryMs"];

/// Most tokens a cache holds by default.
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;

/// How a [`crate::GuestTokenCache`] behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheOptions {
    /// Share of a token's lifetime left when a hit starts a background refresh (0 ≤ m < 1;
    /// default 0.2: refresh at 80 % of the lifetime).
    pub refresh_margin: f64,
    /// Most tokens kept; the least recently used goes first (expired ones before that).
    pub max_entries: usize,
    /// When a background refresh fails, keep serving the current (still valid) token.
    pub serve_stale_on_error: bool,
    /// How long to keep a token that never expires (no `expiryTime`); `None` (the default):
    /// such tokens are not cached.
    pub max_age_without_expiry: Option<Duration>,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            max_entries: DEFAULT_MAX_ENTRIES,
            serve_stale_on_error: true,
            max_age_without_expiry: None,
        }
    }
}

impl CacheOptions {
    /// Options from a loose object (`null`/`None` values mean "not given"); every problem is
    /// listed in one [`Error::Configuration`].
    pub fn from_options<I: Input>(options: &I) -> Result<CacheOptions> {
        let mut out = CacheOptions::default();
        let mut p = Parser::new();
        let root = Path::ROOT;
        match p.shape(options) {
            Some(Shape::Null) | None => return Ok(out),
            Some(Shape::Object) => {}
            Some(other) => {
                p.expected(&root, "an object of cache options", &other);
                return Err(invalid(p.into_problems().iter().map(ToString::to_string).collect()));
            }
        }
        let mut max_age_given = false;
        let (known, unknown) = option_fields(options, CACHE_OPTION_KEYS, "cache option");
        for (name, v) in known {
            let at = root.key(name);
            match name {
                "refreshMargin" => {
                    if let Some(n) = p.number(&at, &v) {
                        out.refresh_margin = n.as_f64().unwrap_or(f64::NAN);
                    }
                }
                "maxEntries" => {
                    if let Some(n) = count(&mut p, &at, &v) {
                        out.max_entries = n as usize;
                    }
                }
                "serveStaleOnError" => {
                    if let Some(b) = p.bool(&at, &v) {
                        out.serve_stale_on_error = b;
                    }
                }
                "maxAgeWithoutExpiry" | "maxAgeWithoutExpiryMs" => {
                    if std::mem::replace(&mut max_age_given, true) {
                        p.problems.push(&at, "give maxAgeWithoutExpiry or maxAgeWithoutExpiryMs, not both");
                        continue;
                    }
                    if let Some(d) = duration(&mut p, &at, &v, name.ends_with("Ms")) {
                        out.max_age_without_expiry = Some(d);
                    }
                }
                _ => unreachable!("every key in CACHE_OPTION_KEYS is handled"),
            }
        }
        report_unknown(&mut p, unknown);
        let mut problems: Vec<String> = p.into_problems().iter().map(ToString::to_string).collect();
        problems.extend(out.problems());
        if problems.is_empty() { Ok(out) } else { Err(invalid(problems)) }
    }

    /// Checks options built in Rust (the loose parser runs the same checks).
    pub fn check(&self) -> Result<()> {
        let problems = self.problems();
        if problems.is_empty() { Ok(()) } else { Err(invalid(problems)) }
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let m = self.refresh_margin;
        if !(m.is_finite() && (0.0..1.0).contains(&m)) {
            out.push(format!("refreshMargin: must be at least 0 and less than 1 (a share of the lifetime), got {m}"));
        }
        if self.max_entries == 0 {
            out.push("maxEntries: must be at least 1".to_owned());
        }
        if self.max_age_without_expiry == Some(Duration::ZERO) {
            out.push("maxAgeWithoutExpiry: must be more than 0 (leave it unset not to cache such tokens)".to_owned());
        }
        out
    }
}

fn invalid(problems: Vec<String>) -> Error {
    Error::Configuration(format!("invalid cache options: {}", problems.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Result<CacheOptions> {
        CacheOptions::from_options(&&v)
    }

    #[test]
    fn parses_both_spellings_and_refuses_unknown_keys() {
        let o = parse(json!({"refresh_margin": 0.5, "maxEntries": 3, "serve_stale_on_error": false, "maxAgeWithoutExpiryMs": 1500}))
            .unwrap();
        assert_eq!(o.refresh_margin, 0.5);
        assert_eq!(o.max_entries, 3);
        assert!(!o.serve_stale_on_error);
        assert_eq!(o.max_age_without_expiry, Some(Duration::from_millis(1500)));
        assert_eq!(parse(json!(null)).unwrap(), CacheOptions::default());
        assert_eq!(parse(json!({"maxEntries": null})).unwrap(), CacheOptions::default());
        let err = parse(json!({"maxEntrys": 5})).unwrap_err().to_string();
        assert!(err.contains("maxEntrys: unknown cache option, did you mean `maxEntries` (`max_entries`)?"), "{err}");
        let err = parse(json!({"refreshMargin": 1, "maxEntries": 0, "maxAgeWithoutExpiry": 1, "max_age_without_expiry_ms": 2}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("refreshMargin: must be at least 0 and less than 1"), "{err}");
        assert!(err.contains("maxEntries: must be at least 1"), "{err}");
        assert!(err.contains("not both"), "{err}");
        assert!(parse(json!({"serveStaleOnError": "yes"})).unwrap_err().to_string().contains("expected a boolean"));
        assert!(parse(json!([1])).unwrap_err().to_string().contains("an object of cache options"));
    }
}
