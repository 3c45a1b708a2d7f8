//! Discovery (DA): the data app's dashboards, and the metrics of an embed for a client.

use serde_json::{Map, Value, json};

use super::{auth, errors, flag_query, ok, pagination, required_query};
use crate::call::{Answer, Call};
use crate::http::{self, ApiError};
use crate::state::Shared;
use crate::validate;

/// `GET /api/v2/data-app/dashboards` (+ pagination, optional `dashboardNames` filter, repeated
/// as `dashboardNames=a&dashboardNames=b` or `dashboardNames[]=…`), and the legacy POST form
/// with `{isPagination, pageNumber, dashboardNames[]}` in the body → `data[]: {name,
/// externalDashboardId, embedId}`, one per embed of the data app.
pub(crate) fn dashboards(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let (page, names) = if *call.method == hyper::Method::POST {
        let empty = Map::new();
        let obj = match call.body {
            None => &empty,
            body => validate::object(body)?,
        };
        let names = match obj.get("dashboardNames") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(_) => {
                return Err(ApiError::invalid_body(
                    "dashboardNames must be an array of strings",
                ));
            }
        };
        (pagination::from_body(obj)?, names)
    } else {
        let mut names = http::query_params(call.query, "dashboardNames");
        names.extend(http::query_params(call.query, "dashboardNames[]"));
        (pagination::from_query(call.query)?, names)
    };
    let st = shared.lock();
    let items = st
        .catalog
        .embeds_of(app)
        .filter_map(|e| {
            let d = st.catalog.dashboard(&e.dashboard)?;
            (names.is_empty() || names.contains(&d.name))
                .then(|| json!({"name": d.name, "externalDashboardId": d.id, "embedId": e.id}))
        })
        .collect();
    Ok(ok(&pagination::data(items, page)))
}

/// `GET /api/v2/data-app/metrics?embedId=&clientId=&isMetric=` → `data[]: {name, metricId,
/// isPublished, createdByUser}`: a dashboard embed's metrics (a client's own metrics only for
/// that client), or a metric embed's one metric. `isMetric` must agree with the embed's type.
pub(crate) fn metrics(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let embed = required_query(call.query, "embedId")?;
    let client = required_query(call.query, "clientId").map_err(|_| errors::client_id())?;
    let is_metric = flag_query(call.query, "isMetric")?;
    let st = shared.lock();
    let e = st
        .catalog
        .embed_of(app, &embed)
        .ok_or_else(|| errors::embed_not_found(&embed))?;
    if let Some(want) = is_metric
        && want != e.metric.is_some()
    {
        return Err(errors::embed_param(format!(
            "isMetric={want} but embed {embed:?} is a {} embed",
            e.embed_type
        )));
    }
    let items: Vec<Value> = st
        .catalog
        .metrics_of(&e.dashboard)
        .filter(|m| m.visible_to(&client) && e.metric.as_deref().is_none_or(|id| id == m.id))
        .map(|m| {
            json!({"name": m.name, "metricId": m.id, "isPublished": m.is_published, "createdByUser": m.created_by_user})
        })
        .collect();
    Ok(ok(&json!({"data": items})))
}
