//! Request-body validation with the real server's error codes. Messages name the offending
//! path (`params.appFilters[1].metricId`) so a failing test says what was wrong.

use hyper::StatusCode;
use serde_json::{Map, Value};

use crate::http::ApiError;

/// The ten documented guest-token permission keys.
pub const PERMISSION_KEYS: [&str; 10] = [
    "isEnableArchiveMetrics",
    "isEnableManageMetrics",
    "isEnableCreateDashboardView",
    "isEnableMetricUpdation",
    "isEnableCustomizeLayout",
    "isEnableUnderlyingData",
    "isEnableDownloadMetrics",
    "isShowSideBar",
    "isShowDashboardName",
    "isDisableMetricCreation",
];

/// The body as a JSON object, or 400 `INVALID_REQUEST_BODY`.
pub(crate) fn object(body: Option<&Value>) -> Result<&Map<String, Value>, ApiError> {
    match body {
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(ApiError::invalid_body("request body must be a JSON object")),
        None => Err(ApiError::invalid_body("request body must be JSON")),
    }
}

/// `key` as a string; `None` when absent or null, 400 `INVALID_REQUEST_BODY` when another type.
pub(crate) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::invalid_body(format!("{key} must be a string"))),
    }
}

/// `key` as a required string, 400 `INVALID_REQUEST_BODY` otherwise (empty allowed only if
/// `allow_empty`).
pub(crate) fn req_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    allow_empty: bool,
) -> Result<&'a str, ApiError> {
    match opt_str(obj, key)? {
        Some(s) if allow_empty || !s.is_empty() => Ok(s),
        Some(_) => Err(ApiError::invalid_body(format!("{key} must not be empty"))),
        None => Err(ApiError::invalid_body(format!("{key} is required"))),
    }
}

/// `clientId`: a non-empty string, else 400 `CLIENT_ID_ERROR`.
pub(crate) fn client_id(obj: &Map<String, Value>) -> Result<&str, ApiError> {
    match obj.get("clientId") {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "CLIENT_ID_ERROR",
            "clientId is required and must be a non-empty string",
        )),
    }
}

/// Everything after identity: `params`, `permissions`, `expiryTime`, `datasourceName`.
/// Returns `expiryTime` in milliseconds when present.
pub(crate) fn guest_token_options(obj: &Map<String, Value>) -> Result<Option<u64>, ApiError> {
    match obj.get("params") {
        None | Some(Value::Null) => {}
        Some(Value::Object(params)) => guest_token_params(params)?,
        Some(_) => return Err(ApiError::invalid_body("params must be an object")),
    }
    match obj.get("permissions") {
        None | Some(Value::Null) => {}
        Some(p) => permissions(p)?,
    }
    let expiry = match obj.get("expiryTime") {
        None | Some(Value::Null) => None,
        Some(v) => Some(positive_integer(v).ok_or_else(|| {
            ApiError::invalid_body("expiryTime must be a positive integer (milliseconds from now)")
        })?),
    };
    opt_str(obj, "datasourceName")?;
    Ok(expiry)
}

/// A JSON number that is a whole positive value (`3600000` or `3600000.0`).
fn positive_integer(v: &Value) -> Option<u64> {
    if let Some(n) = v.as_u64() {
        return (n > 0).then_some(n);
    }
    let f = v.as_f64()?;
    (f.is_finite() && f >= 1.0 && f.fract() == 0.0 && f < u64::MAX as f64).then_some(f as u64)
}

fn guest_token_params(params: &Map<String, Value>) -> Result<(), ApiError> {
    let app_filter =
        |m: String| ApiError::new(StatusCode::BAD_REQUEST, "APP_FILTER_PARAM_ERROR", m);
    for (i, f) in array(params, "appFilters", app_filter)?.iter().enumerate() {
        let at = format!("params.appFilters[{i}]");
        let f = f
            .as_object()
            .ok_or_else(|| app_filter(format!("{at} must be an object")))?;
        non_empty_str(f, "metricId")
            .ok_or_else(|| app_filter(format!("{at}.metricId must be a non-empty string")))?;
        values_object(f).ok_or_else(|| app_filter(format!("{at}.values must be an object")))?;
    }

    let dashboard = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "DASHBOARD_PARAM_ERROR", m);
    for (i, f) in array(params, "dashboardAppFilters", dashboard)?
        .iter()
        .enumerate()
    {
        let at = format!("params.dashboardAppFilters[{i}]");
        let f = f
            .as_object()
            .ok_or_else(|| dashboard(format!("{at} must be an object")))?;
        non_empty_str(f, "dashboardId")
            .ok_or_else(|| dashboard(format!("{at}.dashboardId must be a non-empty string")))?;
        values_object(f).ok_or_else(|| dashboard(format!("{at}.values must be an object")))?;
        if !matches!(f.get("isShowOnUrl"), None | Some(Value::Bool(_))) {
            return Err(dashboard(format!("{at}.isShowOnUrl must be a boolean")));
        }
    }

    let rls = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "RLS_SETTINGS_PARAM_ERROR", m);
    for (i, f) in array(params, "rlsSettings", rls)?.iter().enumerate() {
        let at = format!("params.rlsSettings[{i}]");
        let f = f
            .as_object()
            .ok_or_else(|| rls(format!("{at} must be an object")))?;
        values_object(f).ok_or_else(|| rls(format!("{at}.values must be an object")))?;
        if !matches!(f.get("metricId"), None | Some(Value::String(_))) {
            return Err(rls(format!("{at}.metricId must be a string")));
        }
    }

    for key in ["hideDashboardFilters", "allowedEmbeds"] {
        let bad = |m: String| ApiError::invalid_body(m);
        if array(params, key, bad)?.iter().any(|v| !v.is_string()) {
            return Err(ApiError::invalid_body(format!(
                "params.{key} must be an array of strings"
            )));
        }
    }
    for key in ["userIdentifier", "timezone"] {
        if !matches!(
            params.get(key),
            None | Some(Value::Null) | Some(Value::String(_))
        ) {
            return Err(ApiError::invalid_body(format!(
                "params.{key} must be a string"
            )));
        }
    }
    Ok(())
}

/// `params[key]` as an array (empty when absent or null), `err` when another type.
fn array<'a>(
    params: &'a Map<String, Value>,
    key: &str,
    err: impl Fn(String) -> ApiError,
) -> Result<&'a [Value], ApiError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(err(format!("params.{key} must be an array"))),
    }
}

fn non_empty_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn values_object(obj: &Map<String, Value>) -> Option<&Map<String, Value>> {
    obj.get("values").and_then(Value::as_object)
}

/// An object of the documented keys with boolean values, else 403 `INVALID_PERMISSIONS`.
fn permissions(p: &Value) -> Result<(), ApiError> {
    let err = |m: String| ApiError::new(StatusCode::FORBIDDEN, "INVALID_PERMISSIONS", m);
    let obj = p
        .as_object()
        .ok_or_else(|| err("permissions must be an object".into()))?;
    for (k, v) in obj {
        if !PERMISSION_KEYS.contains(&k.as_str()) {
            return Err(err(format!(
                "unknown permission {k:?}; allowed: {}",
                PERMISSION_KEYS.join(", ")
            )));
        }
        if !v.is_boolean() {
            return Err(err(format!("permission {k} must be a boolean")));
        }
    }
    Ok(())
}

/// The data-app naming rule: Unicode letters and digits, spaces, `-` and `_`; not empty and no
/// leading or trailing whitespace.
pub(crate) fn data_app_name_rule(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.trim() == name
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_body(format!(
            "invalid data app name {name:?}: use letters and digits (any script), spaces, '-' and '_', \
             with no leading or trailing whitespace"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts(v: Value) -> Result<Option<u64>, &'static str> {
        guest_token_options(v.as_object().unwrap()).map_err(|e| e.code)
    }

    #[test]
    fn options_follow_the_documented_codes() {
        assert_eq!(opts(json!({})), Ok(None));
        assert_eq!(opts(json!({"expiryTime": 3600000})), Ok(Some(3_600_000)));
        assert_eq!(opts(json!({"expiryTime": 1000.0})), Ok(Some(1000)));
        for bad in [json!(0), json!(-5), json!(1.5), json!("60")] {
            assert_eq!(
                opts(json!({"expiryTime": bad})),
                Err("INVALID_REQUEST_BODY")
            );
        }
        assert_eq!(
            opts(json!({"params": {"appFilters": [{"metricId": "", "values": {}}]}})),
            Err("APP_FILTER_PARAM_ERROR")
        );
        assert_eq!(
            opts(json!({"params": {"appFilters": {}}})),
            Err("APP_FILTER_PARAM_ERROR")
        );
        assert_eq!(
            opts(
                json!({"params": {"dashboardAppFilters": [{"dashboardId": "d", "values": {}, "isShowOnUrl": "no"}]}})
            ),
            Err("DASHBOARD_PARAM_ERROR")
        );
        assert_eq!(
            opts(json!({"params": {"rlsSettings": [{"values": {}}]}})),
            Ok(None)
        );
        assert_eq!(
            opts(json!({"params": {"rlsSettings": [{"values": 1}]}})),
            Err("RLS_SETTINGS_PARAM_ERROR")
        );
        assert_eq!(
            opts(json!({"permissions": {"isShowSideBar": true}})),
            Ok(None)
        );
        assert_eq!(
            opts(json!({"permissions": {"isShowSidebar": true}})),
            Err("INVALID_PERMISSIONS")
        );
        assert_eq!(
            opts(json!({"permissions": {"isShowSideBar": 1}})),
            Err("INVALID_PERMISSIONS")
        );
        assert_eq!(
            opts(json!({"datasourceName": 3})),
            Err("INVALID_REQUEST_BODY")
        );
        assert_eq!(
            opts(json!({"params": {"timezone": 3}})),
            Err("INVALID_REQUEST_BODY")
        );
        assert_eq!(opts(json!({"params": []})), Err("INVALID_REQUEST_BODY"));
    }

    #[test]
    fn data_app_names() {
        for ok in [
            "sales-dashboard",
            "Customer Portal Analytics",
            "Ventes Été",
            "a_b",
        ] {
            assert!(data_app_name_rule(ok).is_ok(), "{ok}");
        }
        for bad in ["", " ", " lead", "trail ", "semi;colon", "tab\there"] {
            assert!(data_app_name_rule(bad).is_err(), "{bad:?}");
        }
    }
}
