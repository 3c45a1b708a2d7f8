//! `GET /api/v2/data-app/embeds/reports?embedId=&clientId=` (DA, + pagination): the scheduled
//! e-mail reports a tenant set up on an embed.

use serde_json::json;

use super::{auth, errors, ok, pagination, required_query};
use crate::call::{Answer, Call};
use crate::catalog::SEED_TIME;
use crate::state::Shared;

pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    let app = auth::data_app(call)?;
    let embed = required_query(call.query, "embedId")?;
    let client = required_query(call.query, "clientId").map_err(|_| errors::client_id())?;
    let page = pagination::from_query(call.query)?;
    let st = shared.lock();
    st.catalog
        .embed_of(app, &embed)
        .ok_or_else(|| errors::embed_not_found(&embed))?;
    let items = st
        .catalog
        .reports
        .iter()
        .filter(|r| r.embed == embed && r.client_id == client)
        .map(|r| {
            json!({
                "id": r.id,
                "subject": r.subject,
                "scheduleEmailReportCharts": r.charts,
                "timeConfigurations": r.time,
                "createdAt": SEED_TIME,
                "updatedAt": SEED_TIME,
                "clientId": r.client_id,
                "embedId": r.embed,
                "createdByIdentifier": r.created_by,
            })
        })
        .collect();
    Ok(ok(&pagination::data(items, page)))
}
