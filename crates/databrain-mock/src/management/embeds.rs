//! Embeds (DA): create, update, list, delete, rename — `/api/v2/data-app/embeds`. An embed
//! shows one dashboard (or one metric of it) of a workspace to the data app's tenants.

use serde_json::{Value, json};

use super::{access_settings, auth, errors, flag_query, ok, opt_bool, pagination, required_query};
use crate::call::{Answer, Call};
use crate::catalog::{Catalog, Embed};
use crate::http::ApiError;
use crate::state::Shared;
use crate::validate;

/// `POST /api/v2/data-app/embeds` `{dashboardId, embedType, metricId?, workspaceName, name?,
/// accessSettings}` → `{id, error: null}`.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let obj = validate::object(call.body)?;
    let embed_type = validate::req_str(obj, "embedType", false)?;
    if !matches!(embed_type, "dashboard" | "metric") {
        return Err(ApiError::invalid_body(format!(
            "embedType must be \"dashboard\" or \"metric\", got {embed_type:?}"
        )));
    }
    let workspace = validate::req_str(obj, "workspaceName", false)?;
    let dashboard_id = validate::req_str(obj, "dashboardId", false)?;
    let metric_id = validate::opt_str(obj, "metricId")?;
    let name = validate::opt_str(obj, "name")?;
    let mut st = shared.lock();
    let cat = &st.catalog;
    cat.workspace(workspace)
        .ok_or_else(|| errors::workspace_name(workspace))?;
    let dashboard = cat
        .dashboard_in(workspace, dashboard_id)
        .ok_or_else(|| errors::dashboard_not_found(dashboard_id, workspace))?;
    // A dashboard embed ignores a stray metricId (Databrain's demos send one at top level).
    let metric = if embed_type == "metric" {
        let id = metric_id
            .ok_or_else(|| errors::metric("metricId is required for a metric embed".into()))?;
        let m = cat
            .metric(id)
            .filter(|m| m.dashboard == dashboard.id)
            .ok_or_else(|| {
                errors::metric(format!(
                    "metric {id:?} is not on dashboard {dashboard_id:?}"
                ))
            })?;
        Some(m)
    } else {
        None
    };
    let access = access_settings::check(obj.get("accessSettings"), cat, true, None)?;
    let default_name = metric.map_or(&dashboard.name, |m| &m.name).clone();
    let now = st.now();
    let id = uuid::Uuid::new_v4().to_string();
    let embed = Embed {
        id: id.clone(),
        app,
        name: name.map_or(default_name, str::to_owned),
        embed_type: embed_type.to_owned(),
        dashboard: dashboard_id.to_owned(),
        metric: metric.map(|m| m.id.clone()),
        workspace: workspace.to_owned(),
        access,
        client_id: None,
        description: None,
        metadata: Value::Null,
        created_at: now.clone(),
        updated_at: now,
    };
    st.catalog.embeds.push(embed);
    Ok(ok(&json!({"id": id, "error": null})))
}

/// `PUT /api/v2/data-app/embeds` `{embedId, accessSettings}` → `{id}`: only the settings sent
/// change (a `null` removes one), at once.
pub(crate) fn update(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let obj = validate::object(call.body)?;
    let id = validate::req_str(obj, "embedId", false)?;
    let mut st = shared.lock();
    let embed = st
        .catalog
        .embed_of(app, id)
        .ok_or_else(|| errors::embed_not_found(id))?;
    let current = embed
        .access
        .get("datamartName")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let changes = access_settings::check(
        obj.get("accessSettings"),
        &st.catalog,
        false,
        current.as_deref(),
    )?;
    let now = st.now();
    let embed = st
        .catalog
        .embed_of_mut(app, id)
        .ok_or_else(|| errors::embed_not_found(id))?;
    for (k, v) in changes {
        if v.is_null() {
            embed.access.remove(&k);
        } else {
            embed.access.insert(k, v);
        }
    }
    embed.updated_at = now;
    Ok(ok(&json!({"id": id})))
}

/// One embed as the list shows it.
pub(crate) fn describe(cat: &Catalog, e: &Embed) -> Value {
    let external_metric = e.metric.as_deref().map_or(
        Value::Null,
        |m| json!({"metricId": m, "name": cat.metric(m).map(|m| m.name.clone())}),
    );
    json!({
        "embedId": e.id,
        "embedType": e.embed_type,
        "name": e.name,
        "externalDashboard": cat.external_dashboard(&e.dashboard),
        "externalMetric": external_metric,
        "embedMetadata": {
            "workspaceName": e.workspace,
            "accessSettings": e.access,
            "clientId": e.client_id,
            "description": e.description,
            "metadata": e.metadata,
            "createdAt": e.created_at,
            "updatedAt": e.updated_at,
        },
    })
}

/// `GET /api/v2/data-app/embeds` (+ pagination): the data app's embeds.
pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let page = pagination::from_query(call.query)?;
    let st = shared.lock();
    let items = st
        .catalog
        .embeds_of(app)
        .map(|e| describe(&st.catalog, e))
        .collect();
    let mut body = pagination::data(items, page);
    body["error"] = Value::Null;
    Ok(ok(&body))
}

/// `DELETE /api/v2/data-app/embeds?embedId=&isDeleteDashboard=` → `{id}`. The embed's guest
/// tokens stop working; `isDeleteDashboard=true` also deletes the dashboard (its metrics, and
/// any other embed of it, which could only fail from then on).
pub(crate) fn delete(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let id = required_query(call.query, "embedId")?;
    let with_dashboard = flag_query(call.query, "isDeleteDashboard")?.unwrap_or(false);
    let mut st = shared.lock();
    let dashboard = st
        .catalog
        .embed_of(app, &id)
        .ok_or_else(|| errors::embed_not_found(&id))?
        .dashboard
        .clone();
    st.catalog.delete_embeds(|e| e.id == id);
    if with_dashboard {
        st.catalog.delete_dashboard(&dashboard);
    }
    Ok(ok(&json!({"id": id})))
}

/// `PUT /api/v2/data-app/embeds/rename` `{embedId, name, isRenameDashboard?}` → `{id, name}`.
pub(crate) fn rename(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let obj = validate::object(call.body)?;
    let id = validate::req_str(obj, "embedId", false)?;
    let name = validate::req_str(obj, "name", false)?;
    let with_dashboard = opt_bool(obj, "isRenameDashboard")?.unwrap_or(false);
    let mut st = shared.lock();
    let now = st.now();
    let embed = st
        .catalog
        .embed_of_mut(app, id)
        .ok_or_else(|| errors::embed_not_found(id))?;
    embed.name = name.to_owned();
    embed.updated_at = now;
    let dashboard = embed.dashboard.clone();
    if with_dashboard && let Some(d) = st.catalog.dashboards.iter_mut().find(|d| d.id == dashboard)
    {
        d.name = name.to_owned();
    }
    Ok(ok(&json!({"id": id, "name": name})))
}
