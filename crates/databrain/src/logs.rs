//! How a front end without a `log` backend of its own (Node) shows the core's `log` records:
//! the `DATABRAIN_LOG` level switch, which records are the SDK's, the one-line text of a
//! record and the console method it goes to. Rust users install any `log` backend; Python's
//! records reach `logging` through pyo3-log.

use log::{Level, LevelFilter, Record};

use crate::error::{Error, Result};

/// The variable that switches the SDK's log records on for a front end without a `log`
/// backend of its own: `error`, `warn`, `info`, `debug`, `trace` or `off` (the default).
pub const ENV_LOG: &str = "DATABRAIN_LOG";

/// The values [`ENV_LOG`] takes, from quietest to loudest.
pub const LOG_LEVELS: &[&str] = &["off", "error", "warn", "info", "debug", "trace"];

/// The level `value` of [`ENV_LOG`] names (case and surrounding spaces ignored; empty means
/// off), or a configuration error listing the accepted values.
pub fn parse_log_level(value: &str) -> Result<LevelFilter> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(LevelFilter::Off);
    }
    value.parse::<LevelFilter>().map_err(|_| {
        Error::Configuration(format!("{ENV_LOG}={value:?}: expected one of: {}", LOG_LEVELS.join(", ")))
    })
}

/// The level [`ENV_LOG`] sets in this process's environment: `None` when it is unset.
pub fn log_level_from_env() -> Result<Option<LevelFilter>> {
    match std::env::var(ENV_LOG) {
        Ok(value) => parse_log_level(&value).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Configuration(format!("{ENV_LOG}: not valid UTF-8; expected one of: {}", LOG_LEVELS.join(", "))))
        }
    }
}

/// Whether a record comes from the SDK (its crates' targets), not from a dependency such as
/// rustls or reqwest, whose records a front end does not forward.
pub fn is_sdk_record(target: &str) -> bool {
    target == "databrain" || target.starts_with("databrain::")
}

/// A record as one line of text: its level, then its message, e.g.
/// `DEBUG databrain: POST /api/v2/guest-token/create -> 200 in 3.1 ms (request …, attempt 1)`.
/// The message is the core's, which never holds a credential, token or body.
pub fn log_line(record: &Record<'_>) -> String {
    format!("{:<5} {}", record.level(), record.args())
}

/// The method of a `console`-like object a record of `level` goes to (`trace` goes to
/// `debug`: `console.trace` prints a stack).
pub fn console_method(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warn",
        Level::Info => "info",
        Level::Debug | Level::Trace => "debug",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_and_bad_ones_name_the_choices() {
        assert_eq!(parse_log_level("debug").unwrap(), LevelFilter::Debug);
        assert_eq!(parse_log_level(" WARN ").unwrap(), LevelFilter::Warn);
        assert_eq!(parse_log_level("").unwrap(), LevelFilter::Off);
        assert_eq!(parse_log_level("off").unwrap(), LevelFilter::Off);
        assert_eq!(parse_log_level("trace").unwrap(), LevelFilter::Trace);
        let e = parse_log_level("verbose").unwrap_err().to_string();
        assert!(e.contains("DATABRAIN_LOG=\"verbose\": expected one of: off, error, warn, info, debug, trace"), "{e}");
    }

    #[test]
    fn a_line_is_level_then_message() {
        let line = log_line(
            &Record::builder()
                .level(Level::Info)
                .target("databrain::net::transport")
                .args(format_args!("databrain: GET /x retry 1 in 10ms"))
                .build(),
        );
        assert_eq!(line, "INFO  databrain: GET /x retry 1 in 10ms");
        assert_eq!(console_method(Level::Trace), "debug");
        assert_eq!(console_method(Level::Warn), "warn");
    }

    #[test]
    fn only_the_sdk_records() {
        assert!(is_sdk_record("databrain::net::transport"));
        assert!(is_sdk_record("databrain"));
        assert!(!is_sdk_record("databrain_mock::server"));
        assert!(!is_sdk_record("rustls::client"));
        assert!(!is_sdk_record("databrainx"));
    }
}
