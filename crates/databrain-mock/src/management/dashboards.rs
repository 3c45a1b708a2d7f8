//! Dashboard export and import (SVC): `POST /api/v2/data-app/export-dashboard` and
//! `/import-dashboard`. The document is `{_meta, data}`; importing what was exported gives a
//! dashboard with the same name, metadata and metrics (new ids), which is what lets a client
//! copy a dashboard between workspaces.

use hyper::StatusCode;
use serde_json::{Map, Value, json};

use super::{auth, errors, ok};
use crate::call::{Answer, Call};
use crate::catalog::{Catalog, Dashboard, Metric};
use crate::http::ApiError;
use crate::seed::SeedColumn;
use crate::state::Shared;
use crate::validate;

/// Version of the document format the mock writes (and the only one it reads).
const DOCUMENT_VERSION: u64 = 1;

/// `data` of an export: the dashboard and its organisation-wide metrics (a tenant's private
/// metrics stay with the tenant).
pub(crate) fn document_data(cat: &Catalog, d: &Dashboard) -> Value {
    let metrics: Vec<Value> = cat
        .metrics_of(&d.id)
        .filter(|m| m.client_id.is_none())
        .map(|m| {
            json!({
                "metricId": m.id,
                "name": m.name,
                "isPublished": m.is_published,
                "createdByUser": m.created_by_user,
                "query": m.query,
                "columns": m.columns.iter().map(|c| json!({"name": c.name, "dataType": c.data_type})).collect::<Vec<_>>(),
                "rows": m.rows,
            })
        })
        .collect();
    json!({
        "dashboard": {"externalDashboardId": d.id, "name": d.name, "metadata": d.metadata},
        "metrics": metrics,
    })
}

/// `POST /api/v2/data-app/export-dashboard` `{dashboardId, workspaceName}` → `{_meta, data}`.
pub(crate) fn export(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::UNAUTHORIZED)?;
    let obj = validate::object(call.body)?;
    let id = validate::req_str(obj, "dashboardId", false)?;
    let workspace = validate::req_str(obj, "workspaceName", false)?;
    let st = shared.lock();
    st.catalog
        .workspace(workspace)
        .ok_or_else(|| errors::workspace_name(workspace))?;
    let d = st
        .catalog
        .dashboard_in(workspace, id)
        .ok_or_else(|| errors::dashboard_not_found(id, workspace))?;
    Ok(ok(&json!({
        "_meta": {
            "version": DOCUMENT_VERSION,
            "exportedAt": st.now(),
            "dashboardId": d.id,
            "dashboardName": d.name,
            "workspaceName": workspace,
        },
        "data": document_data(&st.catalog, d),
    })))
}

/// What an import needs from a document.
pub(crate) struct Imported {
    pub(crate) source_id: String,
    pub(crate) name: String,
    pub(crate) metadata: Value,
    pub(crate) metrics: Vec<Map<String, Value>>,
}

/// Reads `importDashboardData`: the document as an object, or serialised in a string.
pub(crate) fn read_document(v: Option<&Value>) -> Result<Imported, ApiError> {
    let bad = |m: &str| ApiError::invalid_body(format!("importDashboardData: {m}"));
    let parsed;
    let doc = match v {
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s).map_err(|_| bad("not a JSON document"))?;
            &parsed
        }
        Some(v @ Value::Object(_)) => v,
        None | Some(Value::Null) => {
            return Err(bad("is required (an exported {_meta, data} document)"));
        }
        Some(_) => return Err(bad("must be an exported {_meta, data} document")),
    };
    if !doc["_meta"].is_object() {
        return Err(bad("_meta is missing"));
    }
    let dashboard = doc["data"]["dashboard"]
        .as_object()
        .ok_or_else(|| bad("data.dashboard is missing"))?;
    let source_id = dashboard
        .get("externalDashboardId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("data.dashboard.externalDashboardId is missing"))?;
    let name = dashboard
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(source_id);
    let metrics = doc["data"]["metrics"]
        .as_array()
        .ok_or_else(|| bad("data.metrics must be an array"))?
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let m = m
                .as_object()
                .ok_or_else(|| bad(&format!("data.metrics[{i}] must be an object")))?;
            if !(m.get("metricId").is_some_and(Value::is_string)
                && m.get("name").is_some_and(Value::is_string))
            {
                return Err(bad(&format!("data.metrics[{i}] needs metricId and name")));
            }
            Ok(m.clone())
        })
        .collect::<Result<_, _>>()?;
    Ok(Imported {
        source_id: source_id.to_owned(),
        name: name.to_owned(),
        metadata: dashboard.get("metadata").cloned().unwrap_or(Value::Null),
        metrics,
    })
}

/// `schemaPairs[]: {replaceSchema, targetSchema}`.
fn schema_pairs(v: Option<&Value>) -> Result<Vec<(String, String)>, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let get = |k: &str| p.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
                match (get("replaceSchema"), get("targetSchema")) {
                    (Some(r), Some(t)) => Ok((r.to_owned(), t.to_owned())),
                    _ => Err(ApiError::invalid_body(format!(
                        "schemaPairs[{i}] needs non-empty replaceSchema and targetSchema strings"
                    ))),
                }
            })
            .collect(),
        Some(_) => Err(ApiError::invalid_body("schemaPairs must be an array")),
    }
}

/// `schema.` → `target.` in a metric's SQL, for every pair.
fn rewrite(query: &str, pairs: &[(String, String)]) -> String {
    pairs.iter().fold(query.to_owned(), |q, (from, to)| {
        q.replace(&format!("{from}."), &format!("{to}."))
    })
}

/// `id` if free, else `id-2`, `id-3`, … (deterministic, unlike a fresh UUID).
fn free_id(taken: impl Fn(&str) -> bool, id: &str) -> String {
    if !taken(id) {
        return id.to_owned();
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !taken(c))
        .unwrap_or_default()
}

/// Copies metrics onto dashboard `dashboard` with fresh ids derived from the old ones.
pub(crate) fn add_metric_copies(cat: &mut Catalog, dashboard: &str, metrics: Vec<Metric>) {
    for mut m in metrics {
        m.id = free_id(
            |c| cat.metric(c).is_some(),
            &format!("{}-{dashboard}", m.id),
        );
        m.dashboard = dashboard.to_owned();
        cat.metrics.push(m);
    }
}

/// A document's metrics on dashboard `dashboard` (their SQL's schemas rewritten by `pairs`),
/// before [`add_metric_copies`] gives them fresh ids.
pub(crate) fn imported_metrics(doc: &Imported, dashboard: &str, pairs: &[(String, String)]) -> Vec<Metric> {
    doc
        .metrics
        .iter()
        .map(|m| Metric {
            id: m["metricId"].as_str().unwrap_or_default().to_owned(),
            name: m["name"].as_str().unwrap_or_default().to_owned(),
            dashboard: dashboard.to_owned(),
            is_published: m
                .get("isPublished")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            created_by_user: m
                .get("createdByUser")
                .and_then(Value::as_str)
                .unwrap_or("admin@example.com")
                .to_owned(),
            client_id: None,
            query: m
                .get("query")
                .and_then(Value::as_str)
                .map(|q| rewrite(q, pairs)),
            columns: m
                .get("columns")
                .and_then(|c| serde_json::from_value::<Vec<SeedColumn>>(c.clone()).ok())
                .unwrap_or_default(),
            rows: m
                .get("rows")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

/// `POST /api/v2/data-app/import-dashboard` `{workspaceName, importDashboardData,
/// dashboardId?, dashboardName?, schemaPairs?}` →
/// `{data: {response: {message, dashboardId, dashboardName, workspaceName}}}`.
pub(crate) fn import(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::UNAUTHORIZED)?;
    let obj = validate::object(call.body)?;
    let workspace = validate::req_str(obj, "workspaceName", false)?;
    let doc = read_document(obj.get("importDashboardData"))?;
    let wanted_id = validate::opt_str(obj, "dashboardId")?.filter(|s| !s.is_empty());
    let name = validate::opt_str(obj, "dashboardName")?
        .filter(|s| !s.is_empty())
        .map_or(doc.name.clone(), str::to_owned);
    let pairs = schema_pairs(obj.get("schemaPairs"))?;
    let mut st = shared.lock();
    st.catalog
        .workspace(workspace)
        .ok_or_else(|| errors::workspace_name(workspace))?;
    let id = match wanted_id {
        Some(id) if st.catalog.dashboard(id).is_some() => {
            return Err(errors::dashboard(format!(
                "dashboard already exists: {id:?}"
            )));
        }
        Some(id) => id.to_owned(),
        None => free_id(|c| st.catalog.dashboard(c).is_some(), &doc.source_id),
    };
    st.catalog.dashboards.push(Dashboard {
        id: id.clone(),
        name: name.clone(),
        workspace: workspace.to_owned(),
        metadata: doc.metadata.clone(),
    });
    let metrics = imported_metrics(&doc, &id, &pairs);
    add_metric_copies(&mut st.catalog, &id, metrics);
    Ok(ok(&json!({"data": {"response": {
        "message": "dashboard imported",
        "dashboardId": id,
        "dashboardName": name,
        "workspaceName": workspace,
    }}})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_rewrite_and_free_ids() {
        let pairs = vec![("public".to_owned(), "tenant_7".to_owned())];
        assert_eq!(
            rewrite("SELECT * FROM public.orders JOIN public.x ON 1=1", &pairs),
            "SELECT * FROM tenant_7.orders JOIN tenant_7.x ON 1=1"
        );
        let taken = |c: &str| c == "a" || c == "a-2";
        assert_eq!(free_id(taken, "a"), "a-3");
        assert_eq!(free_id(taken, "b"), "b");
    }
}
