//! The management API of `shared/api/MANAGEMENT.md`: data apps, API keys, embeds, discovery
//! and query, workspaces, datamarts, dashboard export/import, datamarts' semantic layers. One file per family, and one per
//! validator that is shared with the seed check (`access_settings`, `table_list`,
//! `workspace_connection`). The route table lives in `handlers.rs` with the guest-token
//! endpoint, and imports these handlers; they take a `Call` and give an `Answer`
//! (`call.rs`), so none of them imports the route table back.
//!
//! Conventions shared by every handler here:
//! - credentials are checked first ([`auth`]), then the body/query shape, then references to
//!   the catalog, so a test sees the same precedence a real server has;
//! - a data-app API key only sees its own data app: another app's embed is "not found";
//! - the state lock is taken once per handler, after parsing, and never across an await.

pub(crate) mod access_settings;
pub(crate) mod api_keys;
pub(crate) mod auth;
pub(crate) mod dashboard_embeds;
pub(crate) mod dashboards;
pub(crate) mod data_apps;
pub(crate) mod datamarts;
pub(crate) mod discovery;
pub(crate) mod embed_export;
pub(crate) mod embeds;
pub(crate) mod errors;
pub(crate) mod pagination;
pub(crate) mod query;
pub(crate) mod reports;
pub(crate) mod semantic_layer;
pub(crate) mod table_list;
pub(crate) mod workspace_connection;
pub(crate) mod workspaces;

use hyper::StatusCode;
use serde_json::Value;

use crate::http::{self, ApiError, Resp};

/// `200` with this JSON body.
pub(crate) fn ok(body: &Value) -> Resp {
    http::json(StatusCode::OK, body)
}

/// Query parameter `name`, required and non-empty, else 400 `INVALID_REQUEST_BODY`.
pub(crate) fn required_query(query: Option<&str>, name: &str) -> Result<String, ApiError> {
    match http::query_param(query, name) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::invalid_body(format!(
            "{name} query parameter is required"
        ))),
    }
}

/// A `"true"`/`"false"` query flag; absent = `None`, anything else is a 400.
pub(crate) fn flag_query(query: Option<&str>, name: &str) -> Result<Option<bool>, ApiError> {
    match http::query_param(query, name).as_deref() {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(ApiError::invalid_body(format!(
            "{name} must be \"true\" or \"false\", got {other:?}"
        ))),
    }
}

/// A boolean body field; absent or null = `None`.
pub(crate) fn opt_bool(
    obj: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<bool>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::invalid_body(format!("{key} must be a boolean"))),
    }
}
