//! `GET /api/v2/data-app/embeds/export?embedId=` (DA): an embed as a JSON document.

use serde_json::json;

use super::{auth, dashboards, errors, ok, required_query};
use crate::call::{Answer, Call};
use crate::state::Shared;

/// → `{_meta {exportedAt, embedId, name, embedType, dashboardId, metricId, workspaceName,
/// dataAppName}, data {dashboard, metrics, accessSettings}}`.
pub(crate) fn export(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let id = required_query(call.query, "embedId")?;
    let st = shared.lock();
    let e = st
        .catalog
        .embed_of(app, &id)
        .ok_or_else(|| errors::embed_not_found(&id))?;
    let mut data = match st.catalog.dashboard(&e.dashboard) {
        Some(d) => dashboards::document_data(&st.catalog, d),
        None => json!({"dashboard": null, "metrics": []}),
    };
    if let Some(m) = &e.metric
        && let Some(metrics) = data["metrics"].as_array_mut()
    {
        // A metric embed exports just its metric.
        metrics.retain(|x| x["metricId"] == m.as_str());
    }
    data["accessSettings"] = serde_json::Value::Object(e.access.clone());
    Ok(ok(&json!({
        "_meta": {
            "exportedAt": st.now(),
            "embedId": e.id,
            "name": e.name,
            "embedType": e.embed_type,
            "dashboardId": e.dashboard,
            "metricId": e.metric,
            "workspaceName": e.workspace,
            "dataAppName": st.app(app).map(|a| a.name.clone()),
        },
        "data": data,
    })))
}
