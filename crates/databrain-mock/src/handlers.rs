//! The Databrain API endpoints the mock implements (see `shared/api/SPEC.md`).

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::clock;
use crate::http::{self, ApiError, Resp};
use crate::state::{Credential, IssuedGuestToken, Shared};
use crate::validate;

/// Everything a handler needs to know about the request.
pub(crate) struct Call<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub credential: Credential,
    pub body: Option<&'a Value>,
}

const GUEST_TOKEN: &str = "/api/v2/guest-token/create";

/// Dispatches an API request (already recorded, not faulted) to its handler.
pub(crate) fn route(shared: &Shared, call: &Call<'_>) -> Resp {
    // Express (Databrain's server) routes non-strictly: `/x/` is `/x`.
    let path = match call.path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => call.path,
    };
    let result = match path {
        GUEST_TOKEN => match *call.method {
            Method::POST => create_guest_token(shared, call),
            _ => return http::method_not_allowed(call.method, call.path, "POST"),
        },
        "/api/v2/data-app/api-tokens" | "/api/v2/dataApp/api-tokens" => match *call.method {
            Method::POST => create_api_token(shared, call),
            Method::GET => list_api_tokens(shared, call),
            _ => return http::method_not_allowed(call.method, call.path, "GET, POST"),
        },
        "/api/v2/data-app" | "/api/v2/dataApp" => match *call.method {
            Method::POST => create_data_app(shared, call),
            Method::GET => list_data_apps(shared, call),
            _ => return http::method_not_allowed(call.method, call.path, "GET, POST"),
        },
        _ => return http::not_found(call.path),
    };
    result.unwrap_or_else(ApiError::into_response)
}

/// Service-token endpoints refuse other credentials with `status` (400 on the API-token
/// endpoints, as documented; 401 elsewhere).
fn require_service(call: &Call<'_>, status: StatusCode) -> Result<(), ApiError> {
    match call.credential {
        Credential::Service => Ok(()),
        Credential::Missing => Err(ApiError::new(
            status,
            "AUTHENTICATION_ERROR",
            "missing service token",
        )),
        _ => Err(ApiError::new(
            status,
            "AUTHENTICATION_ERROR",
            "invalid service token",
        )),
    }
}

/// `POST /api/v2/guest-token/create`.
fn create_guest_token(shared: &Shared, call: &Call<'_>) -> Result<Resp, ApiError> {
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
        match st.app_index(app_name) {
            Some(i) if i == key_app => st.apps[i].datasources.clone(),
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
    let issued = IssuedGuestToken {
        token: token.clone(),
        client_id: client_id.to_owned(),
        data_app_name: app_name.to_owned(),
        body: call.body.cloned().unwrap_or(Value::Null),
        expires_at_ms: expiry.map(|ms| clock::now_ms().saturating_add(ms)),
    };
    shared.lock().record_guest_token(issued);
    Ok(http::json(
        StatusCode::OK,
        &json!({"token": token, "error": null}),
    ))
}

/// `POST /api/v2/data-app/api-tokens` (and the legacy `dataApp` path).
fn create_api_token(shared: &Shared, call: &Call<'_>) -> Result<Resp, ApiError> {
    require_service(call, StatusCode::BAD_REQUEST)?;
    let obj = validate::object(call.body)?;
    let app_name = validate::req_str(obj, "dataAppName", true)?;
    let name = validate::req_str(obj, "name", false)?;
    let description = validate::opt_str(obj, "description")?.map(str::to_owned);
    let mut st = shared.lock();
    let idx = st
        .app_index(app_name)
        .ok_or_else(|| app_not_found(app_name))?;
    let key = st.create_api_key(idx, name.to_owned(), description);
    Ok(http::json(StatusCode::OK, &json!({"key": key})))
}

fn app_not_found(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "DATA_APP_NOT_FOUND",
        format!("data app not found: {name:?}"),
    )
}

/// `GET /api/v2/data-app/api-tokens?dataAppName=…[&isPagination=true&pageNumber=N]`.
fn list_api_tokens(shared: &Shared, call: &Call<'_>) -> Result<Resp, ApiError> {
    require_service(call, StatusCode::BAD_REQUEST)?;
    let app_name = http::query_param(call.query, "dataAppName")
        .ok_or_else(|| ApiError::invalid_body("dataAppName query parameter is required"))?;
    let page = http::pagination(call.query)?;
    let st = shared.lock();
    let idx = st
        .app_index(&app_name)
        .ok_or_else(|| app_not_found(&app_name))?;
    let keys = st.apps[idx]
        .keys
        .iter()
        .map(|k| json!({"key": k.key, "name": k.name, "description": k.description, "createdAt": k.created_at}))
        .collect();
    drop(st);
    Ok(http::json(
        StatusCode::OK,
        &json!({"data": http::page_of(keys, page), "error": null}),
    ))
}

/// `GET /api/v2/data-app[?isPagination=true&pageNumber=N]`.
fn list_data_apps(shared: &Shared, call: &Call<'_>) -> Result<Resp, ApiError> {
    require_service(call, StatusCode::UNAUTHORIZED)?;
    let page = http::pagination(call.query)?;
    let apps = shared
        .lock()
        .apps
        .iter()
        .map(|a| {
            json!({
                "name": a.name,
                "type": "embed",
                "createdAt": a.created_at,
                "updatedAt": a.updated_at,
                "embedCount": a.embeds.len(),
                "embeds": a.embeds,
            })
        })
        .collect();
    Ok(http::json(
        StatusCode::OK,
        &json!({"data": http::page_of(apps, page)}),
    ))
}

/// `POST /api/v2/data-app` `{"name"}`.
fn create_data_app(shared: &Shared, call: &Call<'_>) -> Result<Resp, ApiError> {
    require_service(call, StatusCode::UNAUTHORIZED)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "name", false)?;
    validate::data_app_name_rule(name)?;
    let mut st = shared.lock();
    if st.app_index(name).is_some() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "DATA_APP_ALREADY_EXISTS",
            format!("data app already exists: {name:?}"),
        ));
    }
    st.create_app(name.to_owned());
    Ok(http::json(StatusCode::OK, &json!({"name": name})))
}
