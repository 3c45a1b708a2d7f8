//! `accessSettings` of embeds: what a tenant may do in an embed and which datamart tables it
//! sees. Validated against the catalog so a typo in a datamart or table name fails at create
//! time with the documented code instead of producing an embed that cannot render.

use serde_json::{Map, Value};

use super::errors;
use crate::catalog::Catalog;
use crate::http::ApiError;

/// The documented boolean switches.
pub(crate) const FLAGS: [&str; 9] = [
    "isAllowAiPilot",
    "isAllowEmailReports",
    "isAllowManageMetrics",
    "isAllowCreateDashboardView",
    "isAllowMetricCreation",
    "isAllowMetricDeletion",
    "isAllowMetricLayoutChange",
    "isAllowMetricUpdate",
    "isAllowUnderlyingData",
];

/// Checks `settings` (the whole object on create, only the fields sent on update).
/// `current_datamart` is the embed's datamart before an update: tenancy tables are checked
/// against the datamart the embed will have afterwards. Unknown keys are kept: they are the
/// caller's escape hatch for settings this contract does not model yet.
pub(crate) fn check(
    settings: Option<&Value>,
    catalog: &Catalog,
    creating: bool,
    current_datamart: Option<&str>,
) -> Result<Map<String, Value>, ApiError> {
    let obj = match settings {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_body(
                "accessSettings is required (an object)",
            ));
        }
        Some(_) => return Err(ApiError::invalid_body("accessSettings must be an object")),
    };
    let datamart = match obj.get("datamartName") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.as_str()),
        None | Some(Value::Null) if !creating => current_datamart,
        None | Some(Value::Null) => {
            return Err(errors::datamart(
                "accessSettings.datamartName is required".into(),
            ));
        }
        Some(_) => {
            return Err(errors::datamart(
                "accessSettings.datamartName must be a non-empty string".into(),
            ));
        }
    };
    let datamart = match datamart {
        Some(name) => Some(
            catalog
                .datamart(name)
                .ok_or_else(|| errors::datamart_not_found(name))?,
        ),
        None => None,
    };
    for flag in FLAGS {
        if !matches!(obj.get(flag), None | Some(Value::Bool(_))) {
            return Err(ApiError::invalid_body(format!(
                "accessSettings.{flag} must be a boolean"
            )));
        }
    }
    one_of(obj, "joinModel", &["single", "multi"])?;
    one_of(obj, "metricCreationMode", &["DRAG_DROP", "CHAT"])?;
    match obj.get("tableTenancySettings") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, t) in items.iter().enumerate() {
                let at = format!("accessSettings.tableTenancySettings[{i}]");
                let t = t
                    .as_object()
                    .ok_or_else(|| ApiError::invalid_body(format!("{at} must be an object")))?;
                let name = str_field(t, "name", &at)?;
                let column = str_field(t, "clientColumn", &at)?;
                let Some(dm) = datamart else {
                    return Err(errors::datamart(format!(
                        "{at}: tenancy settings need a datamart (accessSettings.datamartName)"
                    )));
                };
                let table = dm
                    .tables
                    .iter()
                    .find(|x| x["name"] == name)
                    .ok_or_else(|| {
                        errors::table(format!(
                            "{at}.name: table {name:?} is not in datamart {:?}",
                            dm.name
                        ))
                    })?;
                let columns = table["columns"].as_array();
                if columns.is_some_and(|cs| !cs.iter().any(|c| c["name"] == column)) {
                    return Err(errors::table(format!(
                        "{at}.clientColumn: column {column:?} is not in table {name:?} of datamart {:?}",
                        dm.name
                    )));
                }
            }
        }
        Some(_) => {
            return Err(ApiError::invalid_body(
                "accessSettings.tableTenancySettings must be an array",
            ));
        }
    }
    Ok(obj.clone())
}

fn one_of(obj: &Map<String, Value>, key: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(ApiError::invalid_body(format!(
            "accessSettings.{key} must be one of {}",
            allowed.join(", ")
        ))),
    }
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a str, ApiError> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::invalid_body(format!(
            "{at}.{key} is required (a non-empty string)"
        ))),
    }
}
