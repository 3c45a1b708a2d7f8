//! `POST /api/v2/data-app/dashboard-embeds` (DA): a per-tenant dashboard — a new dashboard
//! for one `clientId`, blank, copied from a template dashboard, or imported from an export's
//! document — and its embed, in one call.

use serde_json::{Value, json};

use super::{access_settings, auth, dashboards, errors, ok, opt_bool};
use crate::call::{Answer, Call};
use crate::catalog::{Dashboard, Embed, Metric};
use crate::http::ApiError;
use crate::state::Shared;
use crate::validate;

/// `{dashboardId, workspaceName, clientId, templateDashboardId?, name?, embedDescription?,
/// isAllowPrivateMetricsByDefault?, metadata?, accessSettings, isImportMetrics?,
/// isRenameDashboard?, metricImportMode?, importDashboardData?}` → `{id, error: null, name}`.
///
/// `dashboardId` names the new dashboard, so it must not exist yet (`INVALID_DASHBOARD_ID`);
/// a template must exist in the same workspace. Its organisation metrics are copied (with new
/// ids); other tenants' private metrics are not. `importDashboardData` (an export's document,
/// taken as is) instead gives the dashboard its name, metadata and metrics; it and a template
/// exclude each other. `isImportMetrics: false` copies no metrics. `name` names the embed, and
/// the dashboard too unless `isRenameDashboard` is `false` (then the dashboard keeps the
/// template's or document's name). `metricImportMode` (e.g. `"GALLERY"`) is kept on the embed.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let obj = validate::object(call.body)?;
    let dashboard_id = validate::req_str(obj, "dashboardId", false)?;
    let workspace = validate::req_str(obj, "workspaceName", false)?;
    let client = match obj.get("clientId") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => return Err(errors::client_id()),
    };
    let template = validate::opt_str(obj, "templateDashboardId")?;
    let name = validate::opt_str(obj, "name")?;
    let description = validate::opt_str(obj, "embedDescription")?;
    let private_by_default = opt_bool(obj, "isAllowPrivateMetricsByDefault")?.unwrap_or(false);
    let metadata = obj.get("metadata").cloned().unwrap_or(Value::Null);
    let import_metrics = opt_bool(obj, "isImportMetrics")?.unwrap_or(true);
    let rename_dashboard = opt_bool(obj, "isRenameDashboard")?.unwrap_or(true);
    let import_mode = validate::opt_str(obj, "metricImportMode")?;
    let imported = match obj.get("importDashboardData") {
        None | Some(Value::Null) => None,
        doc => Some(dashboards::read_document(doc)?),
    };
    if imported.is_some() && template.is_some() {
        return Err(ApiError::invalid_body(
            "templateDashboardId and importDashboardData exclude each other",
        ));
    }
    let mut st = shared.lock();
    let cat = &st.catalog;
    cat.workspace(workspace)
        .ok_or_else(|| errors::workspace_name(workspace))?;
    if cat.dashboard(dashboard_id).is_some() {
        return Err(errors::dashboard(format!(
            "dashboard already exists: {dashboard_id:?} (dashboardId names the new per-tenant dashboard)"
        )));
    }
    let template = match template {
        Some(t) => Some(cat.dashboard_in(workspace, t).ok_or_else(|| {
            errors::dashboard(format!(
                "template dashboard not found in workspace {workspace:?}: {t:?}"
            ))
        })?),
        None => None,
    };
    let access = access_settings::check(obj.get("accessSettings"), cat, true, None)?;
    let source_name = template
        .map(|t| format!("{} ({client})", t.name))
        .or_else(|| imported.as_ref().map(|d| d.name.clone()))
        .unwrap_or_else(|| dashboard_id.to_owned());
    let embed_name = name.map_or_else(|| source_name.clone(), str::to_owned);
    let dashboard_name = if rename_dashboard { embed_name.clone() } else { source_name };
    let mut copies: Vec<Metric> = template
        .map(|t| {
            cat.metrics_of(&t.id)
                .filter(|m| m.client_id.is_none())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    if let Some(doc) = &imported {
        copies = dashboards::imported_metrics(doc, dashboard_id, &[]);
    }
    if !import_metrics {
        copies.clear();
    }
    let metadata = match (&metadata, &imported) {
        (Value::Null, Some(doc)) => doc.metadata.clone(),
        _ => metadata,
    };
    let now = st.now();
    let embed_id = uuid::Uuid::new_v4().to_string();
    st.catalog.dashboards.push(Dashboard {
        id: dashboard_id.to_owned(),
        name: dashboard_name,
        workspace: workspace.to_owned(),
        metadata: metadata.clone(),
    });
    dashboards::add_metric_copies(&mut st.catalog, dashboard_id, copies);
    st.catalog.embeds.push(Embed {
        id: embed_id.clone(),
        app,
        name: embed_name.clone(),
        embed_type: "dashboard".into(),
        dashboard: dashboard_id.to_owned(),
        metric: None,
        workspace: workspace.to_owned(),
        access,
        client_id: Some(client.to_owned()),
        description: description.map(str::to_owned),
        metadata: json!({"metadata": metadata, "isAllowPrivateMetricsByDefault": private_by_default,
                         "metricImportMode": import_mode}),
        created_at: now.clone(),
        updated_at: now,
    });
    Ok(ok(&json!({"id": embed_id, "error": null, "name": embed_name})))
}
