//! Cache options as data: what `GuestTokenCache(client, ...)` in Python and
//! `new GuestTokenCache(client, {...})` in Node pass through untouched. Names, units,
//! defaults, checks and messages live here once.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::request::input::{Input, Shape};
use crate::options::{count, duration, option_fields, report_unknown};
use crate::request::parse::Parser;
use crate::request::path::Path;
use crate::token::DEFAULT_REFRESH_MARGIN;

/// Every cache option, in camelCase (snake_case is accepted too). The max age may be given
/// in seconds or milliseconds, not both.
pub const CACHE_OPTION_KEYS: &[&str] = &[
    "refreshMargin",
    "maxEntries",
    "serveStaleOnError",
    "maxAgeWithoutExpiry",
    "maxAgeWithoutExpiryMs",
    "sharedCacheUrl",
    "sharedCacheOpTimeoutMs",
];

/// The environment variable naming the shared tier's Redis/Valkey when `sharedCacheUrl` is not
/// given (`REDIS_URL` is never read: it may name a Redis meant for something else).
pub const ENV_CACHE_URL: &str = "DATABRAIN_CACHE_URL";

/// The URL schemes the shared tier accepts.
pub const SHARED_CACHE_SCHEMES: &[&str] = &["redis", "rediss", "valkey", "valkeys", "unix"];

/// Default bound on each shared-tier (Redis) operation.
pub const DEFAULT_SHARED_CACHE_OP_TIMEOUT: Duration = Duration::from_millis(50);

/// Most tokens a cache holds by default.
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;

/// How a [`crate::GuestTokenCache`] behaves.
#[derive(Clone, PartialEq)]
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
    /// The fleet-wide shared tier's Redis/Valkey (`redis://`, `rediss://`, `valkey://`,
    /// `valkeys://`, `unix://`); `None`: [`ENV_CACHE_URL`] if set, else no shared tier. Its
    /// password never appears in `Debug` or an error.
    pub shared_cache_url: Option<String>,
    /// Bound on each shared-tier operation (default 50 ms); past it the cache goes on without
    /// Redis for that `get`.
    pub shared_cache_op_timeout: Duration,
}

impl fmt::Debug for CacheOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CacheOptions")
            .field("refresh_margin", &self.refresh_margin)
            .field("max_entries", &self.max_entries)
            .field("serve_stale_on_error", &self.serve_stale_on_error)
            .field("max_age_without_expiry", &self.max_age_without_expiry)
            .field("shared_cache_url", &self.shared_cache_url.as_deref().map(redacted_url))
            .field("shared_cache_op_timeout", &self.shared_cache_op_timeout)
            .finish()
    }
}

/// `url` with its user and password replaced by `***` (for Debug and messages).
pub(crate) fn redacted_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if !u.username().is_empty() || u.password().is_some() {
                let _ = u.set_username("***");
                let _ = u.set_password(None);
            }
            u.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            max_entries: DEFAULT_MAX_ENTRIES,
            serve_stale_on_error: true,
            max_age_without_expiry: None,
            shared_cache_url: None,
            shared_cache_op_timeout: DEFAULT_SHARED_CACHE_OP_TIMEOUT,
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
                "sharedCacheUrl" => out.shared_cache_url = p.string(&at, &v).or(out.shared_cache_url),
                "sharedCacheOpTimeoutMs" => {
                    if let Some(d) = duration(&mut p, &at, &v, true) {
                        out.shared_cache_op_timeout = d;
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
        if let Some(url) = &self.shared_cache_url {
            if let Err(problem) = check_shared_url(url) {
                out.push(format!("sharedCacheUrl: {problem}"));
            }
        }
        if self.shared_cache_op_timeout.is_zero() {
            out.push("sharedCacheOpTimeoutMs: must be more than 0".to_owned());
        }
        out
    }

    /// The shared tier's URL in force: the option, else [`ENV_CACHE_URL`] (empty = unset).
    pub fn shared_url(&self) -> Result<Option<String>> {
        if let Some(url) = &self.shared_cache_url {
            return Ok(Some(url.clone()));
        }
        match std::env::var(ENV_CACHE_URL) {
            Ok(url) if !url.trim().is_empty() => match check_shared_url(&url) {
                Ok(()) => Ok(Some(url)),
                Err(problem) => Err(invalid(vec![format!("{ENV_CACHE_URL}: {problem}")])),
            },
            _ => Ok(None),
        }
    }
}

/// Why `url` is not a shared-tier URL (the message never quotes a password).
fn check_shared_url(url: &str) -> std::result::Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    if !SHARED_CACHE_SCHEMES.contains(&parsed.scheme()) {
        return Err(format!(
            "scheme `{}` is not one of {} (in {})",
            parsed.scheme(),
            SHARED_CACHE_SCHEMES.iter().map(|s| format!("{s}://")).collect::<Vec<_>>().join(", "),
            redacted_url(url)
        ));
    }
    redis::Client::open(url).map(drop).map_err(|e| format!("{} (in {})", e.category(), redacted_url(url)))
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
