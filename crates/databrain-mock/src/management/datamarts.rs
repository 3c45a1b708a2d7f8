//! Datamarts (SVC; older docs said DA, see `auth::service_newer`): create, update, list,
//! delete — `/api/v2/data-app/datamarts` (legacy create `/api/v2/dataApp/datamart/create`,
//! delete on the singular `/api/v2/data-app/datamart`).

use serde_json::{Map, Value, json};

use super::{auth, errors, ok, pagination, required_query, table_list};
use crate::call::{Answer, Call};
use crate::catalog::Datamart;
use crate::http::ApiError;
use crate::state::Shared;
use crate::validate;

const FAMILY: &str = "datamart";

/// The organisation the mock pretends to be (reported as `datamartOrganization`).
const ORGANISATION: &str = "Mock Organisation";

/// `tenancySettings? {tenancyLevel: TABLE|DATABASE, clientColumnType: NUMBER|STRING, ...}`.
fn tenancy(v: Option<&Value>) -> Result<Option<Value>, ApiError> {
    let obj: &Map<String, Value> = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(ApiError::invalid_body("tenancySettings must be an object")),
    };
    for (key, allowed) in [
        ("tenancyLevel", &["TABLE", "DATABASE"]),
        ("clientColumnType", &["NUMBER", "STRING"]),
    ] {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if allowed.contains(&s.as_str()) => {}
            Some(_) => {
                return Err(ApiError::invalid_body(format!(
                    "tenancySettings.{key} must be one of {}",
                    allowed.join(", ")
                )));
            }
        }
    }
    Ok(Some(Value::Object(obj.clone())))
}

/// `POST` `{name, datasourceName, tableList[], tenancySettings?}` → `{id}`.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "name", false)?;
    let datasource = validate::req_str(obj, "datasourceName", false)?;
    let tenancy = tenancy(obj.get("tenancySettings"))?;
    let mut st = shared.lock();
    if st.catalog.datamart(name).is_some() {
        return Err(errors::datamart(format!(
            "datamart already exists: {name:?}"
        )));
    }
    let ds = st
        .catalog
        .datasource(datasource)
        .ok_or_else(|| errors::datasource(format!("datasource not found: {datasource:?}")))?;
    let tables = table_list::check(obj.get("tableList"), ds)?;
    let id = uuid::Uuid::new_v4().to_string();
    st.catalog.datamarts.push(Datamart {
        id: id.clone(),
        name: name.to_owned(),
        datasource: datasource.to_owned(),
        tables,
        tenancy,
        semantic_layer: None,
    });
    Ok(ok(&json!({"id": id})))
}

/// `PUT` `{datamartName, tableList}` → `{id}`: replaces the tables.
pub(crate) fn update(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "datamartName", false)?;
    let mut st = shared.lock();
    let dm = st
        .catalog
        .datamart(name)
        .ok_or_else(|| errors::datamart_not_found(name))?;
    let ds = st.catalog.datasource(&dm.datasource).ok_or_else(|| {
        errors::datasource(format!("datasource of datamart {name:?} no longer exists"))
    })?;
    let tables = table_list::check(obj.get("tableList"), ds)?;
    let dm = st
        .catalog
        .datamarts
        .iter_mut()
        .find(|d| d.name == name)
        .ok_or_else(|| errors::datamart_not_found(name))?;
    dm.tables = tables;
    Ok(ok(&json!({"id": dm.id})))
}

/// `GET` (+ pagination) → `data[]: {name, datamartOrganization, companyIntegration {name},
/// datamartTables[], datamartRelationships[]}`.
pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let page = pagination::from_query(call.query)?;
    let items = shared
        .lock()
        .catalog
        .datamarts
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "name": d.name,
                "datamartOrganization": {"name": ORGANISATION},
                "companyIntegration": {"name": d.datasource},
                "datamartTables": d.tables,
                "datamartRelationships": [],
                "tenancySettings": d.tenancy,
            })
        })
        .collect();
    Ok(ok(&pagination::data(items, page)))
}

/// `DELETE /api/v2/data-app/datamart?datamartName=` → `{id}`. Workspaces and embeds that
/// name it keep the name (as rows referencing a deleted one would); new ones cannot use it.
/// Its semantic layer goes with it (it lives on the datamart's row).
pub(crate) fn delete(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_newer(call, FAMILY)?;
    let name = required_query(call.query, "datamartName")?;
    let mut st = shared.lock();
    let id = st
        .catalog
        .datamart(&name)
        .ok_or_else(|| errors::datamart_not_found(&name))?
        .id
        .clone();
    st.catalog.datamarts.retain(|d| d.name != name);
    Ok(ok(&json!({"id": id})))
}
