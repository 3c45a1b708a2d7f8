//! Admin routes under `/__mock/`: inspect and steer the mock over HTTP (for tests in other
//! processes, e.g. against the `databrain-mock` binary). No auth, never faulted, not recorded.

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

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
        ("/reset", &Method::POST) => {
            shared.reset();
            ok()
        }
        ("/health" | "/request-count" | "/guest-tokens", _) => {
            http::method_not_allowed(method, path, "GET")
        }
        ("/requests", _) => http::method_not_allowed(method, path, "GET, DELETE"),
        ("/faults", _) => http::method_not_allowed(method, path, "GET, POST, DELETE"),
        ("/reset", _) => http::method_not_allowed(method, path, "POST"),
        _ => http::not_found(path),
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
