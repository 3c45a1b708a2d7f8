//! `POST /api/v2/data-app/query` (DA; legacy `/api/v2/dataApp/query`): a metric's result
//! rows for one client, with the documented odd spelling `metricid` in the answer.

use serde_json::{Map, Value, json};

use super::{auth, errors, ok};
use crate::call::{Answer, Call};
use crate::catalog::Catalog;
use crate::http::ApiError;
use crate::state::Shared;
use crate::validate;

/// `{embedId, metricId, clientId, dashboardFilter?, metricFilter?, datasourceName?}` →
/// `{data, timeTaken, totalRecords, comparisonValue, metaData {columns, groupbyColumnList},
/// metricid}`. Filters are objects from column name to a value, a list of values, `{min,
/// max}` or `{startDate, endDate}`; keys that are not result columns are ignored.
pub(crate) fn query(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let obj = validate::object(call.body)?;
    let embed = match obj.get("embedId") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => {
            return Err(errors::embed_param(
                "embedId is required (a non-empty string)".into(),
            ));
        }
    };
    let metric_id = validate::req_str(obj, "metricId", false)?;
    let client = match obj.get("clientId") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => return Err(errors::client_id()),
    };
    let filters = [
        filter(obj, "dashboardFilter")?,
        filter(obj, "metricFilter")?,
    ];
    let datasource = validate::opt_str(obj, "datasourceName")?;
    let st = shared.lock();
    let cat = &st.catalog;
    let e = cat.embed_of(app, embed).ok_or_else(|| {
        errors::embed_param(format!("embed not found in this data app: {embed:?}"))
    })?;
    let m = cat
        .metric(metric_id)
        .filter(|m| m.dashboard == e.dashboard && m.visible_to(client))
        .filter(|m| e.metric.as_deref().is_none_or(|id| id == m.id))
        .ok_or_else(|| {
            errors::metric(format!(
                "metric {metric_id:?} is not available in embed {embed:?}"
            ))
        })?;
    check_datasource(cat, &e.workspace, datasource)?;
    let rows: Vec<Value> = m
        .rows
        .iter()
        .filter(|row| filters.iter().flatten().all(|f| matches(row, f)))
        .cloned()
        .collect();
    let group_by: Vec<&str> = m
        .columns
        .iter()
        .filter(|c| c.data_type != "number")
        .map(|c| c.name.as_str())
        .collect();
    Ok(ok(&json!({
        // Deterministic, so recorded answers compare equal run to run.
        "timeTaken": 5 + rows.len(),
        "totalRecords": rows.len(),
        "data": rows,
        "comparisonValue": null,
        "metaData": {
            "columns": m.columns.iter().map(|c| json!({"name": c.name, "dataType": c.data_type})).collect::<Vec<_>>(),
            "groupbyColumnList": group_by,
        },
        "metricid": m.id,
    })))
}

fn filter<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(ApiError::invalid_body(format!("{key} must be an object"))),
    }
}

/// The datasource a query runs on: the workspace's own when it has one (a different name is
/// an error), one of the organisation's when it has several (then a name is required).
fn check_datasource(cat: &Catalog, workspace: &str, asked: Option<&str>) -> Result<(), ApiError> {
    let ws = cat
        .workspace(workspace)
        .ok_or_else(|| errors::workspace_name(workspace))?;
    let own = match ws.connection_type.as_str() {
        "DATASOURCE" => ws.datasource.clone(),
        "DATAMART" => ws
            .datamart
            .as_deref()
            .and_then(|d| cat.datamart(d))
            .map(|d| d.datasource.clone()),
        _ => None,
    };
    match (own, asked) {
        (Some(own), Some(a)) if own != a => Err(errors::datasource(format!(
            "workspace {workspace:?} reads datasource {own:?}, not {a:?}"
        ))),
        (Some(_), _) => Ok(()),
        (None, None) if ws.connection_type == "MULTI_DATASOURCE" => Err(errors::datasource(
            format!("datasourceName is required: workspace {workspace:?} has several datasources"),
        )),
        (None, Some(a)) if cat.datasource(a).is_none() => {
            Err(errors::datasource(format!("datasource not found: {a:?}")))
        }
        (None, _) => Ok(()),
    }
}

/// Whether `row` passes every condition of `filter` on its own columns.
fn matches(row: &Value, filter: &Map<String, Value>) -> bool {
    filter.iter().all(|(col, cond)| {
        let Some(v) = row.get(col) else {
            return true;
        };
        match cond {
            Value::Array(options) => options.contains(v),
            Value::Object(range) if range.contains_key("min") || range.contains_key("max") => {
                let x = v.as_f64().unwrap_or(f64::NAN);
                range
                    .get("min")
                    .and_then(Value::as_f64)
                    .is_none_or(|lo| x >= lo)
                    && range
                        .get("max")
                        .and_then(Value::as_f64)
                        .is_none_or(|hi| x <= hi)
            }
            Value::Object(range) => {
                let x = v.as_str().unwrap_or_default();
                range
                    .get("startDate")
                    .and_then(Value::as_str)
                    .is_none_or(|lo| x >= lo)
                    && range
                        .get("endDate")
                        .and_then(Value::as_str)
                        .is_none_or(|hi| x <= hi)
            }
            other => other == v,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::matches;
    use serde_json::json;

    #[test]
    fn filters() {
        let row = json!({"region": "Europe", "orders": 310, "month": "2024-03"});
        let f = |v: serde_json::Value| matches(&row, v.as_object().unwrap());
        assert!(f(json!({"region": "Europe"})));
        assert!(!f(json!({"region": "Asia"})));
        assert!(f(json!({"region": ["Asia", "Europe"]})));
        assert!(f(json!({"orders": {"min": 300, "max": 400}})));
        assert!(!f(json!({"orders": {"min": 311}})));
        assert!(f(
            json!({"month": {"startDate": "2024-01", "endDate": "2024-03"}})
        ));
        assert!(f(json!({"not a column": 1})));
    }
}
