//! Workspaces (SVC; older docs said DA, see `auth::service_newer`): list, create, update,
//! delete, and a workspace's dashboards and metrics — `/api/v2/workspace`.

use serde_json::{Map, Value, json};

use super::{auth, errors, ok, pagination, required_query, workspace_connection};
use crate::call::{Answer, Call};
use crate::catalog::{Catalog, Workspace};
use crate::http::ApiError;
use crate::state::Shared;
use crate::validate;

const FAMILY: &str = "workspace";

/// `{name, connectionType, datasourceName?, datamartName?}`, validated.
fn read(obj: &Map<String, Value>, cat: &Catalog) -> Result<Workspace, ApiError> {
    let name = validate::req_str(obj, "name", false)?;
    if name.trim() != name {
        return Err(ApiError::invalid_body(
            "workspace name must not start or end with whitespace",
        ));
    }
    let connection_type = validate::req_str(obj, "connectionType", false)?;
    let datasource = validate::opt_str(obj, "datasourceName")?.filter(|s| !s.is_empty());
    let datamart = validate::opt_str(obj, "datamartName")?.filter(|s| !s.is_empty());
    workspace_connection::check_connection(cat, connection_type, datasource, datamart)?;
    Ok(Workspace {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        connection_type: connection_type.to_owned(),
        datasource: datasource.map(str::to_owned),
        datamart: datamart.map(str::to_owned),
    })
}

/// `GET /api/v2/workspace` (+ pagination) → `data[]: {name}`.
pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let page = pagination::from_query(call.query)?;
    let items = shared
        .lock()
        .catalog
        .workspaces
        .iter()
        .map(|w| json!({"name": w.name}))
        .collect();
    Ok(ok(&pagination::data(items, page)))
}

/// `POST /api/v2/workspace` → `{data: {name}}`; a taken name is `INVALID_WORKSPACE_NAME`.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    let mut st = shared.lock();
    let ws = read(obj, &st.catalog)?;
    if st.catalog.workspace(&ws.name).is_some() {
        return Err(ApiError::new(
            hyper::StatusCode::BAD_REQUEST,
            "INVALID_WORKSPACE_NAME",
            format!("workspace already exists: {:?}", ws.name),
        ));
    }
    let name = ws.name.clone();
    st.catalog.workspaces.push(ws);
    Ok(ok(&json!({"data": {"name": name}})))
}

/// `PUT /api/v2/workspace` (same body) → `{data: {name}}`: repoints the workspace (and so its
/// metrics) at another source. It cannot be renamed: `updateName` is refused.
pub(crate) fn update(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    if obj.contains_key("updateName") {
        return Err(ApiError::invalid_body("a workspace cannot be renamed"));
    }
    let mut st = shared.lock();
    let new = read(obj, &st.catalog)?;
    let ws = st
        .catalog
        .workspaces
        .iter_mut()
        .find(|w| w.name == new.name)
        .ok_or_else(|| errors::workspace_id(&new.name))?;
    ws.connection_type = new.connection_type;
    ws.datasource = new.datasource;
    ws.datamart = new.datamart;
    Ok(ok(&json!({"data": {"name": new.name}})))
}

/// `DELETE /api/v2/workspace?name=` → `{data: {id, message}}`; its dashboards, their metrics
/// and every embed of them go too.
pub(crate) fn delete(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let name = required_query(call.query, "name")?;
    let mut st = shared.lock();
    let id = st
        .catalog
        .workspace(&name)
        .ok_or_else(|| errors::workspace_id(&name))?
        .id
        .clone();
    st.catalog.delete_workspace(&name);
    Ok(ok(
        &json!({"data": {"id": id, "message": format!("workspace {name:?} deleted")}}),
    ))
}

/// `POST /api/v2/workspace/dashboards` `{workspaceName}` (+ pagination fields) →
/// `data[]: {name, externalDashboardId}`.
pub(crate) fn dashboards(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "workspaceName", false)?;
    let page = pagination::from_body(obj)?;
    let st = shared.lock();
    st.catalog
        .workspace(name)
        .ok_or_else(|| errors::workspace_id(name))?;
    let items = st
        .catalog
        .dashboards
        .iter()
        .filter(|d| d.workspace == name)
        .map(|d| json!({"name": d.name, "externalDashboardId": d.id}))
        .collect();
    Ok(ok(&pagination::data(items, page)))
}

/// `POST /api/v2/workspace/metrics` `{workspaceName, dashboardId?}` (+ pagination fields) →
/// `data[]: {name, metricId}` (the service token sees tenants' private metrics too).
pub(crate) fn metrics(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "workspaceName", false)?;
    let dashboard = validate::opt_str(obj, "dashboardId")?;
    let page = pagination::from_body(obj)?;
    let st = shared.lock();
    let cat = &st.catalog;
    cat.workspace(name)
        .ok_or_else(|| errors::workspace_id(name))?;
    if let Some(d) = dashboard {
        cat.dashboard_in(name, d)
            .ok_or_else(|| errors::dashboard_not_found(d, name))?;
    }
    let items = cat
        .metrics
        .iter()
        .filter(|m| {
            dashboard.map_or_else(
                || {
                    cat.dashboard(&m.dashboard)
                        .is_some_and(|d| d.workspace == name)
                },
                |d| m.dashboard == d,
            )
        })
        .map(|m| json!({"name": m.name, "metricId": m.id}))
        .collect();
    Ok(ok(&pagination::data(items, page)))
}
