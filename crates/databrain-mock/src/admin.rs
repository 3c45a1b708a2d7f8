//! Admin routes under `/__mock/`: inspect and steer the mock over HTTP (for tests in other
//! processes, e.g. against the `databrain-mock` binary). No auth, never faulted, not recorded.
//!
//! | route | does |
//! |---|---|
//! | `GET /__mock/health` | `{"status": "ok"}` |
//! | `GET`, `DELETE /__mock/requests` | recorded requests (credentials redacted); forget them |
//! | `GET /__mock/request-count?path=` | `{path, count}` |
//! | `GET`, `POST`, `DELETE /__mock/faults` | pending faults; queue one or an array; clear |
//! | `GET /__mock/guest-tokens` | issued guest tokens, oldest first |
//! | `GET /__mock/guest-tokens/{token}[?embedId=]` | `{token, live, expiresAt, expiresAtMs, reason}` |
//! | `GET`, `POST /__mock/clock` | `{nowMs, now, frozen}`; `{advanceMs}`, `{setMs}`, `{freeze}` |
//! | `GET`, `DELETE /__mock/connections` | `{open, peak, total, requests, peakRequests}`: TCP connections that carried an API request, and API requests being served; count again from now |
//! | `POST /__mock/reset` | back to the seed (clock included) |

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::clock::Clock;
use crate::faults::Fault;
use crate::http::{self, Resp};
use crate::state::Shared;

/// Prefix of every admin route.
pub const ADMIN_PREFIX: &str = "/__mock";

/// True for paths the admin router owns.
pub(crate) fn is_admin(path: &str) -> bool {
    path.strip_prefix(ADMIN_PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn ok() -> Resp {
    http::json(StatusCode::OK, &json!({"ok": true}))
}

/// Dispatches an admin request.
pub(crate) fn route(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Resp {
    let sub = &path[ADMIN_PREFIX.len()..];
    match (sub, method) {
        ("/health", &Method::GET) => http::json(StatusCode::OK, &json!({"status": "ok"})),
        ("/requests", &Method::GET) => http::json(StatusCode::OK, &shared.requests()),
        ("/requests", &Method::DELETE) => {
            shared.clear_requests();
            ok()
        }
        ("/request-count", &Method::GET) => match http::query_param(query, "path") {
            Some(p) => {
                let count = shared.request_count(&p);
                http::json(StatusCode::OK, &json!({"path": p, "count": count}))
            }
            None => http::error(
                StatusCode::BAD_REQUEST,
                "INVALID_REQUEST_BODY",
                "path query parameter is required",
            ),
        },
        ("/faults", &Method::GET) => http::json(StatusCode::OK, &shared.pending_faults()),
        ("/faults", &Method::POST) => match parse_faults(body) {
            Ok(faults) => {
                let queued = faults.len();
                for f in faults {
                    shared.inject(f);
                }
                http::json(StatusCode::OK, &json!({"queued": queued}))
            }
            Err(msg) => http::error(StatusCode::BAD_REQUEST, "INVALID_REQUEST_BODY", &msg),
        },
        ("/faults", &Method::DELETE) => {
            shared.clear_faults();
            ok()
        }
        ("/guest-tokens", &Method::GET) => http::json(StatusCode::OK, &shared.guest_tokens()),
        (token, &Method::GET) if token.starts_with("/guest-tokens/") => {
            let token = http::url_decode(&token["/guest-tokens/".len()..]);
            let embed = http::query_param(query, "embedId");
            match shared.guest_token_status(&token, embed.as_deref()) {
                Some(status) => http::json(StatusCode::OK, &status),
                None => http::error(
                    StatusCode::NOT_FOUND,
                    "NOT_FOUND",
                    "no such guest token (never issued, forgotten by a reset, or older than the last GUEST_TOKENS_CAPACITY)",
                ),
            }
        }
        ("/clock", &Method::GET) => http::json(StatusCode::OK, &shared.with_clock(|_| {})),
        ("/clock", &Method::POST) => match parse_clock(body) {
            Ok(change) => http::json(StatusCode::OK, &shared.with_clock(|c| change.apply(c))),
            Err(msg) => http::error(StatusCode::BAD_REQUEST, "INVALID_REQUEST_BODY", &msg),
        },
        ("/connections", &Method::GET) => {
            http::json(StatusCode::OK, &shared.connections().stats())
        }
        ("/connections", &Method::DELETE) => {
            shared.connections().reset();
            ok()
        }
        ("/reset", &Method::POST) => {
            shared.reset();
            ok()
        }
        ("/health" | "/request-count" | "/guest-tokens", _) => {
            http::method_not_allowed(method, path, "GET")
        }
        (token, _) if token.starts_with("/guest-tokens/") => {
            http::method_not_allowed(method, path, "GET")
        }
        ("/clock", _) => http::method_not_allowed(method, path, "GET, POST"),
        ("/requests" | "/connections", _) => {
            http::method_not_allowed(method, path, "GET, DELETE")
        }
        ("/faults", _) => http::method_not_allowed(method, path, "GET, POST, DELETE"),
        ("/reset", _) => http::method_not_allowed(method, path, "POST"),
        _ => http::not_found(path),
    }
}

/// `POST /__mock/clock`: `{"advanceMs": n}` (may be negative), `{"setMs": t}`, and/or
/// `{"freeze": bool}` (applied first, so `{"freeze": true, "setMs": t}` pins the clock at t).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockChange {
    advance_ms: Option<i64>,
    set_ms: Option<u64>,
    freeze: Option<bool>,
}

impl ClockChange {
    fn apply(&self, clock: &mut Clock) {
        if let Some(f) = self.freeze {
            clock.freeze(f);
        }
        if let Some(t) = self.set_ms {
            clock.set(t);
        }
        if let Some(d) = self.advance_ms {
            clock.advance(d);
        }
    }
}

fn parse_clock(body: &[u8]) -> Result<ClockChange, String> {
    let change: ClockChange = serde_json::from_slice(body).map_err(|e| {
        format!("expected {{\"advanceMs\": n}}, {{\"setMs\": t}} or {{\"freeze\": bool}}: {e}")
    })?;
    match &change {
        ClockChange {
            advance_ms: Some(_),
            set_ms: Some(_),
            ..
        } => Err("send advanceMs or setMs, not both".into()),
        ClockChange {
            advance_ms: None,
            set_ms: None,
            freeze: None,
        } => Err("nothing to do: send advanceMs, setMs or freeze".into()),
        _ => Ok(change),
    }
}

/// One fault object or an array of them, each validated; all or nothing.
fn parse_faults(body: &[u8]) -> Result<Vec<Fault>, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
    let faults = match value {
        Value::Array(items) => items
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<Vec<Fault>, _>>(),
        other => serde_json::from_value(other).map(|f| vec![f]),
    }
    .map_err(|e| format!("not a fault: {e}"))?;
    for f in &faults {
        f.validate()?;
    }
    Ok(faults)
}
