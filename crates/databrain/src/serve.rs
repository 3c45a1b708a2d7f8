//! What a guest-token mint endpoint answers, independent of any web framework.
//!
//! The FastAPI, Starlette, Django, Flask, Express, Fastify, Next.js and fetch-style endpoints
//! all answer the browser the same way, so the rule lives here once and each binding turns a
//! [`MintReply`] into its framework's response:
//!
//! | outcome | status | body |
//! |---|---|---|
//! | a token | 200 | `{"token", "expiresAt", "refreshAt"}` ([`GuestToken::to_json`]) |
//! | no signed-in user (the resolve hook returned none) | 401 | `{"error": {"code": "NO_SESSION"}}` |
//! | Databrain rate limit | 503 + `Retry-After` | `{"error": {"code": "RATE_LIMIT_EXCEEDED"}}` |
//! | the resolve hook's output failed validation, or the client is misconfigured | 500 | `{"error": {"code": "MINT_ENDPOINT_ERROR"}}` |
//! | any other Databrain error | 502 | `{"error": {"code": <the error's code>}}` |
//!
//! Every reply carries `Cache-Control: no-store` (a token must never sit in a shared cache)
//! and `Content-Type: application/json`. An error body carries a code only: the browser learns
//! nothing of the server's configuration. What the operator needs (field paths, request id,
//! attempts) goes in [`MintReply::log`], which never holds a credential, a token or
//! Databrain's message (a decode error's message quotes the start of the answer's body,
//! which may hold a token).

use std::fmt::Write as _;
use std::time::Duration;

use crate::error::{ErrorKind, ErrorRecord};
use crate::token::GuestToken;

/// The body code of a 401: the resolve hook found no signed-in user.
pub const NO_SESSION_CODE: &str = "NO_SESSION";

/// The body code of a 500: the server's own bug (its resolve hook returned an invalid request,
/// or the client is misconfigured). The details are logged, never sent to the browser.
pub const MINT_ENDPOINT_ERROR_CODE: &str = "MINT_ENDPOINT_ERROR";

/// `Retry-After` of a 503 when Databrain's rate-limit answer named no wait.
pub const DEFAULT_MINT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// Longest code copied from an error into a 502 body; a longer or unusual one becomes
/// `API_ERROR` (a code comes from Databrain's body, so it is checked before it is echoed).
pub const MAX_REPLY_CODE_CHARS: usize = 64;

/// How loud a [`MintLog`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MintLogLevel {
    /// Expected trouble that clears by itself (a rate limit).
    Warn,
    /// Something the operator must look at.
    Error,
}

impl MintLogLevel {
    /// `"warn"` or `"error"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MintLogLevel::Warn => "warn",
            MintLogLevel::Error => "error",
        }
    }
}

/// A line the endpoint logs with its reply. Never holds a credential or a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintLog {
    /// How loud.
    pub level: MintLogLevel,
    /// The line itself.
    pub message: String,
}

/// A mint endpoint's answer: status, headers, JSON body and what to log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintReply {
    /// The HTTP status.
    pub status: u16,
    /// Response headers, in order.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: String,
    /// What to log with this reply, if anything.
    pub log: Option<MintLog>,
}

impl MintReply {
    /// 200 with `{"token", "expiresAt", "refreshAt"}`.
    pub fn token(token: &GuestToken) -> Self {
        MintReply::new(200, token.to_json().to_string(), None)
    }

    /// 401: the resolve hook found no signed-in user. Not logged (it is an ordinary answer).
    pub fn no_session() -> Self {
        MintReply::new(401, error_body(NO_SESSION_CODE), None)
    }

    /// The reply to a failed mint, from the error's record (see the module's table).
    pub fn failure(error: &ErrorRecord) -> Self {
        MintReply::failure_for(error, None)
    }

    /// [`MintReply::failure`] for a request for `data_app`, which the log line names (the
    /// tenant whose mint failed; the reply's body never does).
    pub fn failure_for(error: &ErrorRecord, data_app: Option<&str>) -> Self {
        let context = |error: &ErrorRecord| context(error, data_app);
        match error.kind {
            ErrorKind::RateLimit => {
                let wait = retry_after_secs(error.retry_after);
                let log = format!(
                    "guest-token mint rate limited by Databrain{}; answering 503, retry after {wait}s",
                    context(error)
                );
                let mut reply = MintReply::new(503, error_body(ErrorKind::RateLimit.default_code()), warn(log));
                reply.headers.push(("Retry-After", wait.to_string()));
                reply
            }
            ErrorKind::Validation => {
                let mut log = String::from("guest-token resolve hook returned an invalid request (a server bug): ");
                for (i, e) in error.errors.iter().enumerate() {
                    let _ = write!(log, "{}{}: {}", if i == 0 { "" } else { "; " }, e.path, e.message);
                }
                if error.errors.is_empty() {
                    log.push_str(&error.message);
                }
                MintReply::new(500, error_body(MINT_ENDPOINT_ERROR_CODE), fail(log))
            }
            ErrorKind::Configuration => {
                // Configuration messages name what is missing or malformed, never a value.
                let log = format!("guest-token endpoint misconfigured: {}", error.message);
                MintReply::new(500, error_body(MINT_ENDPOINT_ERROR_CODE), fail(log))
            }
            ErrorKind::Authentication
            | ErrorKind::PermissionDenied
            | ErrorKind::NotFound
            | ErrorKind::BadRequest
            | ErrorKind::Server
            | ErrorKind::Api
            | ErrorKind::Timeout
            | ErrorKind::Connection
            | ErrorKind::Decode => {
                let code = reply_code(&error.code, error.kind);
                let log = format!("guest-token mint failed: {code}{}; answering 502", context(error));
                MintReply::new(502, error_body(code), fail(log))
            }
        }
    }

    /// `{"status", "headers": {name: value}, "body", "log": null | {"level", "message"}}`:
    /// what the bindings hand to their framework adapters.
    pub fn to_json(&self) -> serde_json::Value {
        let headers: serde_json::Map<String, serde_json::Value> =
            self.headers.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(v.as_str()))).collect();
        serde_json::json!({
            "status": self.status,
            "headers": headers,
            "body": self.body,
            "log": self.log.as_ref().map(|l| serde_json::json!({"level": l.level.as_str(), "message": l.message})),
        })
    }

    fn new(status: u16, body: String, log: Option<MintLog>) -> Self {
        let headers = vec![("Cache-Control", "no-store".to_owned()), ("Content-Type", "application/json".to_owned())];
        MintReply { status, headers, body, log }
    }
}

/// The one shape of every error body.
fn error_body(code: &str) -> String {
    serde_json::json!({"error": {"code": code}}).to_string()
}

fn warn(message: String) -> Option<MintLog> {
    Some(MintLog { level: MintLogLevel::Warn, message })
}

fn fail(message: String) -> Option<MintLog> {
    Some(MintLog { level: MintLogLevel::Error, message })
}

/// Whole seconds, rounded up, at least 1; [`DEFAULT_MINT_RETRY_AFTER`] when absent or unusable.
fn retry_after_secs(retry_after: Option<f64>) -> u64 {
    match retry_after {
        Some(s) if s.is_finite() && s >= 0.0 => (s.ceil() as u64).max(1),
        _ => DEFAULT_MINT_RETRY_AFTER.as_secs(),
    }
}

/// The error's code if it looks like one (`A-Z`, `0-9`, `_`, at most
/// [`MAX_REPLY_CODE_CHARS`]), else the kind's default code.
fn reply_code(code: &str, kind: ErrorKind) -> &str {
    let plain = code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if plain && !code.is_empty() && code.len() <= MAX_REPLY_CODE_CHARS { code } else { kind.default_code() }
}

/// ` (kind, HTTP 404, request <id>, 3 attempts)`: what support needs, nothing secret.
fn context(error: &ErrorRecord, data_app: Option<&str>) -> String {
    let mut out = format!(" ({}", error.kind.as_str());
    if let Some(app) = data_app {
        let _ = write!(out, ", data app {app:?}");
    }
    if let Some(status) = error.status {
        let _ = write!(out, ", HTTP {status}");
    }
    if let Some(id) = &error.request_id {
        let _ = write!(out, ", request {id}");
    }
    let _ = write!(out, ", {} attempt{})", error.attempts, if error.attempts == 1 { "" } else { "s" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, FieldError};
    use std::time::{SystemTime, UNIX_EPOCH};

    fn body(reply: &MintReply) -> serde_json::Value {
        serde_json::from_str(&reply.body).unwrap()
    }

    fn header<'a>(reply: &'a MintReply, name: &str) -> Option<&'a str> {
        reply.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    fn assert_common(reply: &MintReply) {
        assert_eq!(header(reply, "Cache-Control"), Some("no-store"));
        assert_eq!(header(reply, "Content-Type"), Some("application/json"));
    }

    #[test]
    fn a_token_is_200_with_its_json_form() {
        let issued = UNIX_EPOCH + Duration::from_secs(1_796_182_800);
        let t = GuestToken::new("tok-123", issued, Some(Duration::from_secs(100)), 0.2);
        let reply = MintReply::token(&t);
        assert_eq!(reply.status, 200);
        assert_common(&reply);
        assert_eq!(
            body(&reply),
            serde_json::json!({"token": "tok-123", "expiresAt": "2026-12-02T03:41:40.000Z", "refreshAt": "2026-12-02T03:41:20.000Z"})
        );
        assert_eq!(reply.log, None);
        let forever = MintReply::token(&GuestToken::new("tok", SystemTime::now(), None, 0.2));
        assert_eq!(body(&forever), serde_json::json!({"token": "tok", "expiresAt": null, "refreshAt": null}));
    }

    #[test]
    fn no_session_is_401_and_not_logged() {
        let reply = MintReply::no_session();
        assert_eq!(reply.status, 401);
        assert_common(&reply);
        assert_eq!(body(&reply), serde_json::json!({"error": {"code": "NO_SESSION"}}));
        assert_eq!(reply.log, None);
    }

    #[test]
    fn rate_limit_is_503_with_whole_seconds_rounded_up() {
        let reply = MintReply::failure(&Error::example(ErrorKind::RateLimit).record()); // 1.5 s
        assert_eq!(reply.status, 503);
        assert_common(&reply);
        assert_eq!(header(&reply, "Retry-After"), Some("2"));
        assert_eq!(body(&reply), serde_json::json!({"error": {"code": "RATE_LIMIT_EXCEEDED"}}));
        let log = reply.log.unwrap();
        assert_eq!(log.level, MintLogLevel::Warn);
        assert!(log.message.contains("request 00000000-0000-4000-8000-000000000000"), "{}", log.message);

        let mut record = Error::example(ErrorKind::RateLimit).record();
        for (given, expected) in
            [(None, "5"), (Some(0.0), "1"), (Some(3.0), "3"), (Some(f64::NAN), "5"), (Some(-1.0), "5")]
        {
            record.retry_after = given;
            assert_eq!(header(&MintReply::failure(&record), "Retry-After"), Some(expected), "{given:?}");
        }
    }

    #[test]
    fn validation_is_500_logged_with_every_path_and_no_path_in_the_body() {
        let err = Error::Validation(vec![
            FieldError::new("clientId", "is required"),
            FieldError::new("params.appFilters[0].metricId", "must be a string"),
        ]);
        let reply = MintReply::failure(&err.record());
        assert_eq!(reply.status, 500);
        assert_common(&reply);
        assert_eq!(body(&reply), serde_json::json!({"error": {"code": "MINT_ENDPOINT_ERROR"}}));
        assert!(!reply.body.contains("clientId") && !reply.body.contains("metricId"));
        let log = reply.log.unwrap();
        assert_eq!(log.level, MintLogLevel::Error);
        assert!(log.message.contains("clientId: is required"), "{}", log.message);
        assert!(log.message.contains("params.appFilters[0].metricId: must be a string"), "{}", log.message);
        assert_eq!(header(&MintReply::failure(&err.record()), "Retry-After"), None);
    }

    #[test]
    fn configuration_is_500() {
        let reply = MintReply::failure(&Error::Configuration("no API key".into()).record());
        assert_eq!((reply.status, body(&reply)["error"]["code"].as_str()), (500, Some("MINT_ENDPOINT_ERROR")));
        assert!(reply.log.unwrap().message.contains("no API key"));
    }

    #[test]
    fn the_502_log_line_names_the_data_app() {
        let api = Error::Api {
            status: 404,
            code: Some("DATA_APP_ID_ERROR".into()),
            message: "data app not found".into(),
            request_id: Some("r-1".into()),
            attempts: 1,
        };
        let reply = MintReply::failure_for(&api.record(), Some("acme"));
        assert_eq!(reply.status, 502);
        let log = reply.log.unwrap().message;
        assert!(log.contains("(not_found, data app \"acme\", HTTP 404, request r-1, 1 attempt)"), "{log}");
        assert!(!reply.body.contains("acme"), "the body never names the tenant");
    }

    #[test]
    fn every_other_kind_is_502_with_its_code_only() {
        let others = ErrorKind::ALL
            .into_iter()
            .filter(|k| !matches!(k, ErrorKind::RateLimit | ErrorKind::Validation | ErrorKind::Configuration));
        for kind in others {
            let record = Error::example(kind).record();
            let reply = MintReply::failure(&record);
            assert_eq!(reply.status, 502, "{kind:?}");
            assert_common(&reply);
            assert_eq!(body(&reply), serde_json::json!({"error": {"code": record.code}}), "{kind:?}");
            let log = reply.log.unwrap();
            assert_eq!(log.level, MintLogLevel::Error);
            assert!(log.message.contains(&record.code) && log.message.contains("request 00000000-"), "{}", log.message);
            // Databrain's message (or a decode snippet) is not repeated anywhere.
            assert!(!log.message.contains("example") && !reply.body.contains("example"), "{}", log.message);
        }
        let api = Error::Api {
            status: 404,
            code: Some("DATA_APP_NOT_FOUND".into()),
            message: "nope".into(),
            request_id: Some("rid-1".into()),
            attempts: 1,
        };
        let reply = MintReply::failure(&api.record());
        assert_eq!(body(&reply), serde_json::json!({"error": {"code": "DATA_APP_NOT_FOUND"}}));
        assert!(reply.log.unwrap().message.contains("(not_found, HTTP 404, request rid-1, 1 attempt)"));
    }

    #[test]
    fn an_unusual_code_from_databrain_is_not_echoed() {
        for code in ["<script>", "lower_case", "A".repeat(MAX_REPLY_CODE_CHARS + 1).as_str(), ""] {
            let api =
                Error::Api { status: 400, code: Some(code.into()), message: "m".into(), request_id: None, attempts: 1 };
            let reply = MintReply::failure(&api.record());
            assert_eq!(body(&reply), serde_json::json!({"error": {"code": "API_ERROR"}}), "{code:?}");
        }
    }

    #[test]
    fn a_decode_snippet_holding_a_token_stays_out_of_body_and_log() {
        let err = Error::Decode {
            status: 200,
            message: "no token".into(),
            snippet: "{\"token\":\"secret-guest-token".into(),
            request_id: Some("rid".into()),
            attempts: 1,
        };
        let reply = MintReply::failure(&err.record());
        assert_eq!(reply.status, 502);
        let log = reply.log.unwrap().message;
        assert!(!log.contains("secret-guest-token") && !reply.body.contains("secret-guest-token"), "{log}");
    }

    #[test]
    fn to_json_is_the_bindings_shape() {
        let reply = MintReply::failure(&Error::example(ErrorKind::RateLimit).record());
        let v = reply.to_json();
        assert_eq!(v["status"], 503);
        assert_eq!(v["headers"]["Retry-After"], "2");
        assert_eq!(v["headers"]["Cache-Control"], "no-store");
        assert_eq!(v["body"], serde_json::Value::from(reply.body.clone()));
        assert_eq!(v["log"]["level"], "warn");
        assert_eq!(MintReply::no_session().to_json()["log"], serde_json::Value::Null);
    }
}
