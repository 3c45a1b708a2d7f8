//! A datamart's semantic layer (SVC only): `/api/v2/data-app/datamarts/semantic-layer`
//! (GET, POST, PUT, DELETE; the camelCase `/api/v2/dataApp/...` form answers too). One layer
//! per datamart, kept on the datamart's row, so deleting the datamart deletes its layer. The
//! document itself (checks, merge, score) is `crate::semantic`.

use hyper::StatusCode;
use serde_json::json;

use super::{auth, errors, ok, required_query};
use crate::call::{Answer, Call};
use crate::catalog::{Catalog, Datamart};
use crate::http::ApiError;
use crate::semantic::{blank_layer, check_tables, feedback, layer, merge_tables, not_found};
use crate::state::Shared;
use crate::validate;

/// The blank layer of datamart `dm`.
fn blank(cat: &Catalog, dm: &Datamart) -> Vec<serde_json::Value> {
    let source = cat.datasource(&dm.datasource).map(|d| d.tables.as_slice()).unwrap_or_default();
    blank_layer(&dm.tables, source)
}

/// `GET ?datamartName=` → `{data: layer}`.
pub(crate) fn get(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_only(call)?;
    let name = required_query(call.query, "datamartName")?;
    let st = shared.lock();
    let layer = st
        .catalog
        .datamart(&name)
        .and_then(|d| d.semantic_layer.clone())
        .ok_or_else(|| not_found(&name))?;
    Ok(ok(&json!({"data": layer})))
}

/// `POST {datamartName, tables[], feedback?}` → `{id}` (the datamart's name); only for a
/// datamart without a layer.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_only(call)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "datamartName", false)?;
    let sent = check_tables(obj.get("tables"), false)?;
    let feedback = feedback(obj)?;
    let mut st = shared.lock();
    let now = st.now();
    let dm = st
        .catalog
        .datamart(name)
        .ok_or_else(|| errors::datamart_not_found(name))?;
    if dm.semantic_layer.is_some() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "SEMANTIC_LAYER_ALREADY_EXISTS",
            format!("datamart {name:?} already has a semantic layer (update or delete it)"),
        ));
    }
    let mut tables = blank(&st.catalog, dm);
    merge_tables(&mut tables, &sent);
    let new = layer(name, tables, feedback, now);
    if let Some(dm) = st.catalog.datamarts.iter_mut().find(|d| d.name == name) {
        dm.semantic_layer = Some(new);
    }
    Ok(ok(&json!({"id": name})))
}

/// `PUT {datamartName, tables[], feedback?}` → `{id}`: a partial merge.
pub(crate) fn update(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_only(call)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "datamartName", false)?;
    let sent = check_tables(obj.get("tables"), true)?;
    let feedback = feedback(obj)?;
    let mut st = shared.lock();
    let now = st.now();
    let kept = st
        .catalog
        .datamarts
        .iter_mut()
        .find(|d| d.name == name)
        .and_then(|d| d.semantic_layer.as_mut())
        .ok_or_else(|| not_found(name))?;
    let mut tables = kept["tables"].as_array().cloned().unwrap_or_default();
    merge_tables(&mut tables, &sent);
    let feedback = feedback.or_else(|| kept["feedback"].as_str().map(str::to_owned));
    *kept = layer(name, tables, feedback, now);
    Ok(ok(&json!({"id": name})))
}

/// `DELETE ?datamartName=` → `{id}` (no `error` key); the datamart stays.
pub(crate) fn delete(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service_only(call)?;
    let name = required_query(call.query, "datamartName")?;
    let mut st = shared.lock();
    st.catalog
        .datamarts
        .iter_mut()
        .find(|d| d.name == name)
        .and_then(|d| d.semantic_layer.take())
        .ok_or_else(|| not_found(&name))?;
    Ok(ok(&json!({"id": name})))
}

