//! Client options as data: what `Databrain(...)` in Python and `new Databrain({...})` in Node
//! pass through untouched. The names, units, checks and messages live here once; defaults
//! and the `DATABRAIN_*` fallback are the builder's.

use std::time::Duration;

use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::request::input::{Input, KeyText, Shape};
use crate::request::parse::{Parser, canonical, suggest};
use crate::request::path::Path;

/// Every option, in camelCase (snake_case is accepted too). Timeouts may be given in seconds
/// (`timeout`, Python's habit) or milliseconds (`timeoutMs`, Node's), not both.
pub const OPTION_KEYS: &[&str] = &[
    "apiKey",
    "serviceToken",
    "baseUrl",
    "timeout",
    "timeoutMs",
    "connectTimeout",
    "connectTimeoutMs",
    "maxRetries",
    "maxInFlight",
    "allowInsecureHttp",
    "useEnv",
    "caFile",
];

impl ClientBuilder {
    /// A builder from a loose options object (`null`/`None` values mean "not given"), with
    /// the `DATABRAIN_*` environment filling what was not given. Every problem is listed in
    /// one [`Error::Configuration`]; a credential's value is never quoted.
    pub fn from_options<I: Input>(options: &I) -> Result<ClientBuilder> {
        Ok(ClientBuilder::new().options(options)?.env_defaults())
    }


    /// Applies a loose options object to this builder (see [`ClientBuilder::from_options`]).
    pub fn options<I: Input>(mut self, options: &I) -> Result<ClientBuilder> {
        let mut p = Parser::new();
        let root = Path::ROOT;
        match p.shape(options) {
            Some(Shape::Null) | None => return Ok(self),
            Some(Shape::Object) => {}
            Some(other) => {
                p.expected(&root, "an object of options", &other);
                return Err(invalid(p));
            }
        }
        let (known, unknown) = option_fields(options, OPTION_KEYS, "option");
        let mut seconds_and_ms = [false; 2];
        for (name, v) in known {
            // Messages name the option in its canonical spelling, so both languages word a
            // bad value identically.
            let at = root.key(name);
            match name {
                "apiKey" => self.api_key = p.string(&at, &v).map(crate::secret::Secret::new).or(self.api_key),
                "serviceToken" => {
                    self.service_token = p.string(&at, &v).map(crate::secret::Secret::new).or(self.service_token)
                }
                "baseUrl" => self.base_url = p.string(&at, &v).or(self.base_url),
                "timeout" | "timeoutMs" | "connectTimeout" | "connectTimeoutMs" => {
                    let millis = name.ends_with("Ms");
                    let slot = usize::from(name.starts_with("connect"));
                    if std::mem::replace(&mut seconds_and_ms[slot], true) {
                        let pair = if slot == 1 { "connectTimeout or connectTimeoutMs" } else { "timeout or timeoutMs" };
                        p.problems.push(&at, format!("give {pair}, not both"));
                        continue;
                    }
                    if let Some(d) = duration(&mut p, &at, &v, millis) {
                        if slot == 1 { self.connect_timeout = d } else { self.timeout = d }
                    }
                }
                "maxRetries" => {
                    if let Some(n) = count(&mut p, &at, &v) {
                        self.retry.max_retries = n;
                    }
                }
                "maxInFlight" => match count(&mut p, &at, &v) {
                    Some(0) => p.problems.push(&at, crate::config::MAX_IN_FLIGHT_ZERO),
                    Some(n) => self.max_in_flight = n,
                    None => {}
                },
                "allowInsecureHttp" => {
                    if let Some(b) = p.bool(&at, &v) {
                        self.allow_insecure_http = b;
                    }
                }
                "caFile" => {
                    if let Some(path) = p.string(&at, &v) {
                        self.ca_file = Some(path.into());
                    }
                }
                // `false`: read no DATABRAIN_* variable (Rust's `without_env`).
                "useEnv" => {
                    if let Some(b) = p.bool(&at, &v) {
                        self.read_env = b;
                    }
                }
                _ => unreachable!("every key in OPTION_KEYS is handled"),
            }
        }
        report_unknown(&mut p, unknown);
        if p.problems.is_empty() { Ok(self) } else { Err(invalid(p)) }
    }
}

/// An unknown option: its key (empty for a non-string key) and the message.
pub(crate) type Unknown = (String, String);

/// The known options of an options object, in `keys` order (null values are "not given"), and
/// the unknown keys with their message. Known options come in table order and unknown ones
/// after, as given: the same problems in the same order whichever order a language put the
/// keys in. Shared by the client's and the cache's options.
pub(crate) fn option_fields<I: Input>(
    options: &I,
    keys: &[&'static str],
    noun: &str,
) -> (Vec<(&'static str, I)>, Vec<Unknown>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for (key, v) in options.entries() {
        let key = match key {
            Ok(key) => key,
            Err(why) => {
                unknown.push((String::new(), why.to_string()));
                continue;
            }
        };
        let key = key.as_str();
        match canonical(key, keys) {
            Some(name) if !v.is_null() => known.push((name, v)),
            Some(_) => {}
            None => {
                let hint = match suggest(key, keys) {
                    Some(s) => format!(", did you mean `{s}` (`{}`)?", camel_to_snake(s)),
                    None => format!("; expected one of: {}", keys.join(", ")),
                };
                unknown.push((key.to_owned(), format!("unknown {noun}{hint}")));
            }
        }
    }
    known.sort_by_key(|(name, _)| keys.iter().position(|k| k == name));
    (known, unknown)
}

/// Reports the unknown keys [`option_fields`] found (a non-string key at the root).
pub(crate) fn report_unknown(p: &mut Parser, unknown: Vec<Unknown>) {
    let root = Path::ROOT;
    for (key, message) in unknown {
        if key.is_empty() { p.problems.push(&root, message) } else { p.problems.push(&root.key(&key), message) }
    }
}

fn invalid(p: Parser) -> Error {
    let problems: Vec<String> = p.into_problems().iter().map(ToString::to_string).collect();
    Error::Configuration(format!("invalid client options: {}", problems.join("; ")))
}

/// A non-negative, finite number of seconds or milliseconds; zero is the builder's to refuse.
pub(crate) fn duration<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I, millis: bool) -> Option<Duration> {
    let unit = if millis { "milliseconds" } else { "seconds" };
    let n = match p.shape(v)? {
        Shape::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        other => {
            p.expected(at, &format!("a number of {unit}"), &other);
            return None;
        }
    };
    if n < 0.0 {
        p.problems.push(at, format!("expected a non-negative number of {unit}, got {n}"));
        return None;
    }
    let secs = if millis { n / 1000.0 } else { n };
    // try_from: a huge value (1e23 ms) must be an error, not a panic.
    Duration::try_from_secs_f64(secs).map_err(|_| p.problems.push(at, format!("{n} {unit} is too large"))).ok()
}

pub(crate) fn count<I: Input>(p: &mut Parser, at: &Path<'_>, v: &I) -> Option<u32> {
    let n = p.number(at, v)?;
    match n.as_u64() {
        Some(n) => u32::try_from(n)
            .map_err(|_| p.problems.push(at, format!("must be at most {}, got {n}", u32::MAX)))
            .ok(),
        None => {
            p.problems.push(at, format!("expected a whole number >= 0, got {n}"));
            None
        }
    }
}

pub(crate) fn camel_to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(options: serde_json::Value) -> String {
        ClientBuilder::new().options(&&options).unwrap_err().to_string()
    }

    #[test]
    fn options_are_checked_and_never_echo_secrets() {
        let err = error(json!({"apiKey": 5, "timeoutMs": -1, "apikey": "s3cret"}));
        assert!(err.contains("apiKey: expected a string, got a number"), "{err}");
        assert!(err.contains("timeoutMs: expected a non-negative number of milliseconds, got -1"), "{err}");
        assert!(err.contains("apikey: unknown option, did you mean `apiKey` (`api_key`)?"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let err = error(json!({"timeout": 1, "timeout_ms": 5}));
        assert!(err.contains("give timeout or timeoutMs, not both"), "{err}");
        assert!(error(json!({"maxRetries": 1.5})).contains("whole number"));
        let ok = json!({"api_key": null, "max_retries": 0, "timeout": 1.5, "connectTimeoutMs": 250});
        let b = ClientBuilder::new().options(&&ok).unwrap();
        assert_eq!(b.retry.max_retries, 0);
        assert_eq!(b.timeout, Duration::from_millis(1500));
        assert_eq!(b.connect_timeout, Duration::from_millis(250));
    }
}
