//! Data apps (SVC): list, create, rename, delete — `/api/v2/data-app`.

use hyper::StatusCode;
use serde_json::json;

use super::{auth, errors, ok, pagination, required_query};
use crate::call::{Answer, Call};
use crate::state::Shared;
use crate::validate;

/// `GET /api/v2/data-app` (+ pagination): each app with its embeds.
pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::UNAUTHORIZED)?;
    let page = pagination::from_query(call.query)?;
    let st = shared.lock();
    let apps = st
        .apps
        .iter()
        .map(|a| {
            let embeds: Vec<_> = st
                .catalog
                .embeds_of(a.id)
                .map(|e| {
                    json!({"name": e.name, "embedId": e.id, "createdAt": e.created_at, "updatedAt": e.updated_at})
                })
                .collect();
            json!({
                "name": a.name,
                "type": "embedded",
                "createdAt": a.created_at,
                "updatedAt": a.updated_at,
                "embedCount": embeds.len(),
                "embeds": embeds,
            })
        })
        .collect();
    Ok(ok(&pagination::data(apps, page)))
}

/// `POST /api/v2/data-app` `{name}` → `{name}`. Auth failures are 400 here, as documented.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::BAD_REQUEST)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "name", false)?;
    validate::data_app_name_rule(name)?;
    let mut st = shared.lock();
    if st.app_named(name).is_some() {
        return Err(errors::data_app_exists(name));
    }
    st.create_app(name.to_owned());
    Ok(ok(&json!({"name": name})))
}

/// `PUT /api/v2/data-app` `{name, updateName}` → `{name}` (the new name). Keys, embeds and
/// guest tokens follow the app: they are tied to it, not to its name.
pub(crate) fn rename(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::UNAUTHORIZED)?;
    let obj = validate::object(call.body)?;
    let name = validate::req_str(obj, "name", false)?;
    let new_name = validate::req_str(obj, "updateName", false)?;
    validate::data_app_name_rule(new_name)?;
    let mut st = shared.lock();
    let id = st
        .app_named(name)
        .ok_or_else(|| errors::data_app_not_found(name))?
        .id;
    if name != new_name && st.app_named(new_name).is_some() {
        return Err(errors::data_app_exists(new_name));
    }
    st.rename_app(id, new_name.to_owned());
    Ok(ok(&json!({"name": new_name})))
}

/// `DELETE /api/v2/data-app?name=` → `{name}`; its embeds and API keys go with it.
pub(crate) fn delete(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::UNAUTHORIZED)?;
    let name = required_query(call.query, "name")?;
    let mut st = shared.lock();
    let id = st
        .app_named(&name)
        .ok_or_else(|| errors::data_app_not_found(&name))?
        .id;
    st.delete_app(id);
    Ok(ok(&json!({"name": name})))
}
