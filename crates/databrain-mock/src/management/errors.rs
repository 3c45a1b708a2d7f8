//! The documented management error codes, one constructor each, so every handler words and
//! statuses them the same way.

use hyper::StatusCode;

use crate::http::ApiError;

fn bad(code: &'static str, message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

pub(crate) fn data_app_not_found(name: &str) -> ApiError {
    bad(
        "DATA_APP_NOT_FOUND",
        format!("data app not found: {name:?}"),
    )
}

pub(crate) fn data_app_exists(name: &str) -> ApiError {
    bad(
        "DATA_APP_ALREADY_EXISTS",
        format!("data app already exists: {name:?}"),
    )
}

/// Embed and export/import calls name a workspace in the body: 400.
pub(crate) fn workspace_name(name: &str) -> ApiError {
    bad(
        "INVALID_WORKSPACE_NAME",
        format!("workspace not found: {name:?}"),
    )
}

/// The workspace family's own "not found": 404, as SPEC.md lists it.
pub(crate) fn workspace_id(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "WORKSPACE_ID_ERROR",
        format!("workspace not found or inaccessible: {name:?}"),
    )
}

pub(crate) fn dashboard(message: String) -> ApiError {
    bad("INVALID_DASHBOARD_ID", message)
}

pub(crate) fn dashboard_not_found(id: &str, workspace: &str) -> ApiError {
    dashboard(format!(
        "dashboard not found in workspace {workspace:?}: {id:?}"
    ))
}

pub(crate) fn metric(message: String) -> ApiError {
    bad("INVALID_METRIC_ID", message)
}

pub(crate) fn datamart(message: String) -> ApiError {
    bad("INVALID_DATAMART", message)
}

pub(crate) fn datamart_not_found(name: &str) -> ApiError {
    datamart(format!("datamart not found: {name:?}"))
}

pub(crate) fn table(message: String) -> ApiError {
    bad("DATAMART_TABLE_NOT_FOUND", message)
}

pub(crate) fn embed_not_found(id: &str) -> ApiError {
    bad(
        "INVALID_EMBED_ID",
        format!("embed not found in this data app: {id:?}"),
    )
}

pub(crate) fn datasource(message: String) -> ApiError {
    bad("DATASOURCE_NAME_ERROR", message)
}

pub(crate) fn embed_param(message: String) -> ApiError {
    bad("EMBED_PARAM_ERROR", message)
}

pub(crate) fn client_id() -> ApiError {
    bad(
        "CLIENT_ID_ERROR",
        "clientId is required and must be a non-empty string".into(),
    )
}
