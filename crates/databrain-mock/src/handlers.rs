//! The route table of the Databrain API the mock implements (SPEC.md and MANAGEMENT.md), and
//! the guest-token endpoint. Management handlers live in `management/`; what every handler is
//! given and gives back (`Call`, `Answer`) lives in `call.rs`.

use std::borrow::Cow;

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::call::{Answer, Call, Handler};
use crate::http::{self, ApiError, Resp};
use crate::management::{
    self, api_keys, dashboard_embeds, dashboards, data_apps, datamarts, discovery, embed_export,
    embeds, query, reports, semantic_layer, workspaces,
};
use crate::state::{Credential, IssuedGuestToken, Shared};
use crate::validate;

const GUEST_TOKEN: &str = "/api/v2/guest-token/create";

/// Express (Databrain's server) routes non-strictly, so `/x/` is `/x`; and every camelCase
/// `/api/v2/dataApp/...` form is the deprecated spelling of `/api/v2/data-app/...`.
fn normalise(path: &str) -> Cow<'_, str> {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    match path.strip_prefix("/api/v2/dataApp") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            Cow::Owned(format!("/api/v2/data-app{rest}"))
        }
        _ => Cow::Borrowed(path),
    }
}

/// The methods a (normalised) path serves. One row per path of SPEC.md and MANAGEMENT.md.
fn routes(path: &str) -> Option<&'static [(Method, Handler)]> {
    Some(match path {
        GUEST_TOKEN => &[(Method::POST, create_guest_token)],
        // Data apps (SVC).
        "/api/v2/data-app" => &[
            (Method::GET, data_apps::list),
            (Method::POST, data_apps::create),
            (Method::PUT, data_apps::rename),
            (Method::DELETE, data_apps::delete),
        ],
        // API keys (SVC; rotation DA, or SVC in its older form).
        "/api/v2/data-app/api-tokens" => &[
            (Method::GET, api_keys::list),
            (Method::POST, api_keys::create),
        ],
        "/api/v2/data-app/rotate-api" => &[(Method::POST, api_keys::rotate)],
        // Embeds (DA).
        "/api/v2/data-app/embeds" => &[
            (Method::GET, embeds::list),
            (Method::POST, embeds::create),
            (Method::PUT, embeds::update),
            (Method::DELETE, embeds::delete),
        ],
        "/api/v2/data-app/embeds/rename" => &[(Method::PUT, embeds::rename)],
        "/api/v2/data-app/embeds/export" => &[(Method::GET, embed_export::export)],
        "/api/v2/data-app/embeds/reports" => &[(Method::GET, reports::list)],
        "/api/v2/data-app/dashboard-embeds" => &[(Method::POST, dashboard_embeds::create)],
        // Discovery and data (DA); POST dashboards is the legacy form.
        "/api/v2/data-app/dashboards" => &[
            (Method::GET, discovery::dashboards),
            (Method::POST, discovery::dashboards),
        ],
        "/api/v2/data-app/metrics" => &[(Method::GET, discovery::metrics)],
        "/api/v2/data-app/query" => &[(Method::POST, query::query)],
        // Workspaces (SVC).
        "/api/v2/workspace" => &[
            (Method::GET, workspaces::list),
            (Method::POST, workspaces::create),
            (Method::PUT, workspaces::update),
            (Method::DELETE, workspaces::delete),
        ],
        "/api/v2/workspace/dashboards" => &[(Method::POST, workspaces::dashboards)],
        "/api/v2/workspace/metrics" => &[(Method::POST, workspaces::metrics)],
        // Datamarts (SVC); `datamart/create` is the legacy create, `datamart` the delete.
        "/api/v2/data-app/datamarts" => &[
            (Method::GET, datamarts::list),
            (Method::POST, datamarts::create),
            (Method::PUT, datamarts::update),
        ],
        "/api/v2/data-app/datamart" => &[(Method::DELETE, datamarts::delete)],
        "/api/v2/data-app/datamart/create" => &[(Method::POST, datamarts::create)],
        // Semantic layer (SVC only; a data-app key is 403).
        "/api/v2/data-app/datamarts/semantic-layer" => &[
            (Method::GET, semantic_layer::get),
            (Method::POST, semantic_layer::create),
            (Method::PUT, semantic_layer::update),
            (Method::DELETE, semantic_layer::delete),
        ],
        // Dashboards export/import (SVC).
        "/api/v2/data-app/export-dashboard" => &[(Method::POST, dashboards::export)],
        "/api/v2/data-app/import-dashboard" => &[(Method::POST, dashboards::import)],
        _ => return None,
    })
}

/// Dispatches an API request (already recorded, not faulted) to its handler.
pub(crate) fn route(shared: &Shared, call: &Call<'_>) -> Resp {
    let path = normalise(call.path);
    let Some(methods) = routes(&path) else {
        return http::not_found(call.path);
    };
    match methods.iter().find(|(m, _)| m == call.method) {
        Some((_, handler)) => handler(shared, call).unwrap_or_else(ApiError::into_response),
        None => {
            let allow: Vec<&str> = methods.iter().map(|(m, _)| m.as_str()).collect();
            http::method_not_allowed(call.method, call.path, &allow.join(", "))
        }
    }
}

/// `POST /api/v2/guest-token/create`.
fn create_guest_token(shared: &Shared, call: &Call<'_>) -> Answer {
    let key_app = match call.credential {
        Credential::ApiKey(i) => i,
        Credential::Missing => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHENTICATION_ERROR",
                "missing data-app API key",
            ));
        }
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHENTICATION_ERROR",
                "invalid data-app API key",
            ));
        }
    };
    let obj = validate::object(call.body)?;
    let client_id = validate::client_id(obj)?;
    let app_name = match obj.get("dataAppName") {
        Some(Value::String(s)) => s.as_str(),
        _ => {
            return Err(ApiError::invalid_body(
                "dataAppName is required and must be a string",
            ));
        }
    };
    // A key only sees its own data app: another app's name is "not found" to it.
    let datasources = {
        let st = shared.lock();
        match st.app_named(app_name) {
            Some(a) if a.id == key_app => a.datasources.clone(),
            _ => {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "DATA_APP_ID_ERROR",
                    format!("data app not found: {app_name:?}"),
                ));
            }
        }
    };
    let expiry = validate::guest_token_options(obj)?;
    let datasource = validate::opt_str(obj, "datasourceName")?;
    match datasource {
        None if datasources.len() > 1 => {
            return Err(ApiError::invalid_body(format!(
                "datasourceName is required: data app {app_name:?} has several datasources ({})",
                datasources.join(", ")
            )));
        }
        Some(d) if !datasources.is_empty() && !datasources.iter().any(|x| x == d) => {
            return Err(ApiError::invalid_body(format!(
                "datasource not found in data app {app_name:?}: {d:?}"
            )));
        }
        _ => {}
    }

    let token = uuid::Uuid::new_v4().to_string();
    let mut st = shared.lock();
    let issued = IssuedGuestToken {
        token: token.clone(),
        client_id: client_id.to_owned(),
        data_app_name: app_name.to_owned(),
        body: call.body.cloned().unwrap_or(Value::Null),
        expires_at_ms: expiry.map(|ms| st.now_ms().saturating_add(ms)),
    };
    st.record_guest_token(issued, key_app);
    drop(st);
    Ok(management::ok(&json!({"token": token, "error": null})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_spellings_normalise() {
        assert_eq!(
            normalise("/api/v2/dataApp/embeds/"),
            "/api/v2/data-app/embeds"
        );
        assert_eq!(normalise("/api/v2/dataApp"), "/api/v2/data-app");
        assert_eq!(normalise("/api/v2/dataAppX"), "/api/v2/dataAppX");
        assert_eq!(normalise("/"), "/");
        assert!(routes("/api/v2/data-app/datamart/create").is_some());
    }
}
