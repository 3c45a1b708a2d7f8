//! `new Databrain({...})` options → `databrain::ClientBuilder`.
//!
//! Only JS-to-Rust type conversion happens here (milliseconds to `Duration`, numbers to
//! `u32`); what a valid credential or base URL is, and the `DATABRAIN_*` fallbacks, are the
//! core's (`ClientBuilder::env_defaults().build()`). Unknown option names are refused: a typo
//! such as `apikey` would otherwise silently fall back to the environment.

use std::time::Duration;

use databrain::ClientBuilder;
use serde_json::Value;

const KNOWN: &[&str] = &[
    "apiKey",
    "serviceToken",
    "baseUrl",
    "timeoutMs",
    "connectTimeoutMs",
    "maxRetries",
    "allowInsecureHttp",
];

/// Applies the options object to `builder`; every problem is listed in one message.
pub(crate) fn apply(mut builder: ClientBuilder, options: &Value) -> Result<ClientBuilder, String> {
    let map = match options {
        Value::Null => return Ok(builder),
        Value::Object(map) => map,
        other => return Err(format!("options must be an object, got {}", kind_of(other))),
    };
    let mut problems = Vec::new();
    for (key, value) in map {
        if value.is_null() {
            continue; // null, like undefined, means "not given": use the default / environment
        }
        // The builder's setters consume it; `take` leaves a default in its place meanwhile.
        let b = std::mem::take(&mut builder);
        builder = match set(b.clone(), key, value) {
            Ok(updated) => updated,
            Err(why) => {
                problems.push(format!("`{key}`: {why}"));
                b
            }
        };
    }
    if problems.is_empty() {
        Ok(builder)
    } else {
        Err(format!("invalid options: {}", problems.join("; ")))
    }
}

fn set(b: ClientBuilder, key: &str, value: &Value) -> Result<ClientBuilder, String> {
    Ok(match key {
        "apiKey" => b.api_key(string(value)?),
        "serviceToken" => b.service_token(string(value)?),
        "baseUrl" => b.base_url(string(value)?),
        "timeoutMs" => b.timeout(millis(value)?),
        "connectTimeoutMs" => b.connect_timeout(millis(value)?),
        "maxRetries" => b.max_retries(count(value)?),
        "allowInsecureHttp" => b.allow_insecure_http(boolean(value)?),
        _ => {
            return Err(format!(
                "unknown option; expected one of: {}",
                KNOWN.join(", ")
            ));
        }
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string(v: &Value) -> Result<String, String> {
    // Never echo the value: it may be a credential.
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a string, got {}", kind_of(v)))
}

fn boolean(v: &Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("expected a boolean, got {}", kind_of(v)))
}

/// Milliseconds (fractions allowed) as a `Duration`; zero is passed on for the core to judge.
fn millis(v: &Value) -> Result<Duration, String> {
    match v.as_f64() {
        // try_from: a huge value (1e23 ms) must be an error, not a panic that aborts Node.
        Some(ms) if ms >= 0.0 && ms.is_finite() => Duration::try_from_secs_f64(ms / 1000.0)
            .map_err(|_| format!("{ms} milliseconds is too large")),
        Some(ms) => Err(format!(
            "expected a non-negative number of milliseconds, got {ms}"
        )),
        None => Err(format!(
            "expected a number of milliseconds, got {}",
            kind_of(v)
        )),
    }
}

fn count(v: &Value) -> Result<u32, String> {
    match v.as_u64() {
        Some(n) => u32::try_from(n).map_err(|_| format!("must be at most {}", u32::MAX)),
        None if v.is_number() => Err(format!("expected a whole number >= 0, got {v}")),
        None => Err(format!("expected a whole number >= 0, got {}", kind_of(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_are_typed_and_never_echo_secrets() {
        let err = apply(
            ClientBuilder::new(),
            &json!({"apiKey": 5, "timeoutMs": -1, "apikey": "s3cret"}),
        )
        .unwrap_err();
        assert!(
            err.contains("`apiKey`: expected a string, got a number"),
            "{err}"
        );
        assert!(err.contains("`timeoutMs`"), "{err}");
        assert!(err.contains("`apikey`: unknown option"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        assert!(
            apply(
                ClientBuilder::new(),
                &json!({"apiKey": null, "maxRetries": 0, "timeoutMs": 1.5})
            )
            .is_ok()
        );
        assert!(apply(ClientBuilder::new(), &json!({"maxRetries": 1.5})).is_err());
    }
}
