//! Embeds: create/update/list/delete/rename/export, per-tenant dashboard embeds, scheduled
//! reports, their documented errors, and guest tokens dying with their embed.

mod common;

use common::{Ctx, EMBEDS};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, seed_ids as ids};
use serde_json::{Value, json};

fn access() -> Value {
    json!({"datamartName": ids::DATAMART_SALES, "isAllowEmailReports": true, "joinModel": "multi",
           "tableTenancySettings": [{"name": "orders", "clientColumn": "customer_id"}]})
}

fn new_embed() -> Value {
    json!({"dashboardId": ids::DASHBOARD_CUSTOMERS, "embedType": "dashboard", "workspaceName": ids::WORKSPACE_SALES,
           "name": "Customer health for tenants", "accessSettings": access()})
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

#[tokio::test]
async fn create_list_update_rename_and_export() {
    let t = Ctx::new().await;
    let seeded = t.da("GET", EMBEDS, None).await;
    assert_eq!(seeded.json["error"], Value::Null);
    assert_eq!(
        seeded.names("embedId"),
        [ids::EMBED_SALES, ids::EMBED_REVENUE]
    );
    let metric = &seeded.items()[1];
    assert_eq!(metric["embedType"], "metric");
    assert_eq!(
        metric["externalMetric"],
        json!({"metricId": ids::METRIC_REVENUE, "name": "Revenue by Month"})
    );
    assert_eq!(
        metric["externalDashboard"]["externalDashboardId"],
        ids::DASHBOARD_SALES
    );
    assert_eq!(seeded.items()[0]["externalMetric"], Value::Null);

    let r = t.da("POST", EMBEDS, Some(new_embed())).await;
    let id = r.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json, json!({"id": id, "error": null}));
    // The legacy camelCase path creates too; the name defaults to the dashboard's.
    let r = t
        .da("POST", "/api/v2/dataApp/embeds", Some(json!({"dashboardId": ids::DASHBOARD_SALES, "embedType": "metric",
            "metricId": ids::METRIC_REGIONS, "workspaceName": ids::WORKSPACE_SALES, "accessSettings": {"datamartName": ids::DATAMART_SALES}})))
        .await;
    let metric_id = r.ok()["id"].as_str().unwrap().to_owned();

    let list = t.da("GET", EMBEDS, None).await;
    assert_eq!(list.items().len(), 4);
    let created = list
        .items()
        .iter()
        .find(|e| e["embedId"] == id.as_str())
        .unwrap();
    assert_eq!(created["name"], "Customer health for tenants");
    assert_eq!(created["embedMetadata"]["accessSettings"], access());
    assert_eq!(created["externalDashboard"]["name"], "Customer Health");
    let m = list
        .items()
        .iter()
        .find(|e| e["embedId"] == metric_id.as_str())
        .unwrap();
    assert_eq!(m["name"], "Orders by Region");
    // Keys of other data apps do not see it.
    let other = t
        .call("GET", EMBEDS, Some(DEFAULT_PORTAL_API_KEY), None)
        .await;
    assert_eq!(other.names("embedId"), [ids::EMBED_PORTAL]);

    // Update: only the fields sent change, at once.
    let r = t.da("PUT", EMBEDS, Some(json!({"embedId": id, "accessSettings": {"isAllowAiPilot": true, "joinModel": null}}))).await;
    assert_eq!(r.ok(), &json!({"id": id}));
    let export = t
        .da("GET", &format!("{EMBEDS}/export?embedId={id}"), None)
        .await;
    let settings = &export.ok()["data"]["accessSettings"];
    assert_eq!(settings["isAllowAiPilot"], true);
    assert_eq!(settings["isAllowEmailReports"], true);
    assert_eq!(settings["datamartName"], ids::DATAMART_SALES);
    assert!(
        settings.get("joinModel").is_none(),
        "null removes a setting"
    );

    // Rename, with and without the dashboard.
    let r = t
        .da(
            "PUT",
            &format!("{EMBEDS}/rename"),
            Some(json!({"embedId": id, "name": "Health"})),
        )
        .await;
    assert_eq!(r.ok(), &json!({"id": id, "name": "Health"}));
    let export = t
        .da("GET", &format!("{EMBEDS}/export?embedId={id}"), None)
        .await;
    assert_eq!(export.ok()["_meta"]["name"], "Health");
    assert_eq!(export.json["data"]["dashboard"]["name"], "Customer Health");
    t.da(
        "PUT",
        &format!("{EMBEDS}/rename"),
        Some(json!({"embedId": id, "name": "Health 2", "isRenameDashboard": true})),
    )
    .await
    .ok();
    let export = t
        .da("GET", &format!("{EMBEDS}/export?embedId={id}"), None)
        .await;
    let meta = &export.ok()["_meta"];
    assert_eq!(meta["embedId"], id.as_str());
    assert_eq!(meta["embedType"], "dashboard");
    assert_eq!(meta["dashboardId"], ids::DASHBOARD_CUSTOMERS);
    assert_eq!(meta["dataAppName"], "sales-dashboard");
    assert!(meta["exportedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(export.json["data"]["dashboard"]["name"], "Health 2");
    assert_eq!(export.json["data"]["metrics"].as_array().unwrap().len(), 2);
    // A metric embed exports its one metric.
    let export = t
        .da(
            "GET",
            &format!("{EMBEDS}/export?embedId={}", ids::EMBED_REVENUE),
            None,
        )
        .await;
    let metrics = export.ok()["data"]["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics[0]["metricId"], ids::METRIC_REVENUE);
}

#[tokio::test]
async fn create_refusals_use_the_documented_codes() {
    let t = Ctx::new().await;
    let cases = [
        (
            with(new_embed(), "workspaceName", json!("Nowhere")),
            "INVALID_WORKSPACE_NAME",
        ),
        (
            with(new_embed(), "dashboardId", json!("dash-missing")),
            "INVALID_DASHBOARD_ID",
        ),
        // A dashboard of another workspace is not in this one.
        (
            with(new_embed(), "dashboardId", json!(ids::DASHBOARD_PRODUCT)),
            "INVALID_DASHBOARD_ID",
        ),
        (
            with(new_embed(), "embedType", json!("metric")),
            "INVALID_METRIC_ID",
        ),
        (
            with(
                with(new_embed(), "embedType", json!("metric")),
                "metricId",
                json!("met-product"),
            ),
            "INVALID_METRIC_ID",
        ),
        (
            with(
                with(new_embed(), "embedType", json!("metric")),
                "metricId",
                json!(ids::METRIC_REVENUE),
            ),
            "INVALID_METRIC_ID",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"isAllowAiPilot": true}),
            ),
            "INVALID_DATAMART",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"datamartName": "Nope Mart"}),
            ),
            "INVALID_DATAMART",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"datamartName": ids::DATAMART_SALES, "tableTenancySettings": [{"name": "invoices", "clientColumn": "x"}]}),
            ),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"datamartName": ids::DATAMART_SALES, "tableTenancySettings": [{"name": "orders", "clientColumn": "tenant"}]}),
            ),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"datamartName": ids::DATAMART_SALES, "isAllowAiPilot": "yes"}),
            ),
            "INVALID_REQUEST_BODY",
        ),
        (
            with(
                new_embed(),
                "accessSettings",
                json!({"datamartName": ids::DATAMART_SALES, "metricCreationMode": "SQL"}),
            ),
            "INVALID_REQUEST_BODY",
        ),
        (
            with(new_embed(), "accessSettings", json!(null)),
            "INVALID_REQUEST_BODY",
        ),
        (
            with(new_embed(), "embedType", json!("report")),
            "INVALID_REQUEST_BODY",
        ),
        (
            with(new_embed(), "dashboardId", json!(null)),
            "INVALID_REQUEST_BODY",
        ),
        (json!([]), "INVALID_REQUEST_BODY"),
    ];
    for (body, code) in cases {
        let r = t.da("POST", EMBEDS, Some(body.clone())).await;
        assert_eq!(r.code(), code, "{body}: {}", r.text);
        r.assert_error(400, code);
    }
    t.call("POST", EMBEDS, None, Some(new_embed()))
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    t.call("POST", EMBEDS, Some("stale-key"), Some(new_embed()))
        .await
        .assert_error(400, "INVALID_DATA_APP_API_KEY");
    t.service("POST", EMBEDS, Some(new_embed()))
        .await
        .assert_error(400, "INVALID_DATA_APP_API_KEY");
    assert_eq!(
        t.da("GET", EMBEDS, None).await.items().len(),
        2,
        "nothing was created"
    );

    // Another app's embed does not exist for this key, on every embed call.
    let foreign = ids::EMBED_PORTAL;
    t.da(
        "PUT",
        EMBEDS,
        Some(json!({"embedId": foreign, "accessSettings": {}})),
    )
    .await
    .assert_error(400, "INVALID_EMBED_ID");
    t.da(
        "PUT",
        &format!("{EMBEDS}/rename"),
        Some(json!({"embedId": foreign, "name": "x"})),
    )
    .await
    .assert_error(400, "INVALID_EMBED_ID");
    t.da("DELETE", &format!("{EMBEDS}?embedId={foreign}"), None)
        .await
        .assert_error(400, "INVALID_EMBED_ID");
    t.da("GET", &format!("{EMBEDS}/export?embedId={foreign}"), None)
        .await
        .assert_error(400, "INVALID_EMBED_ID");
    t.da(
        "GET",
        &format!("{EMBEDS}/reports?embedId={foreign}&clientId=c"),
        None,
    )
    .await
    .assert_error(400, "INVALID_EMBED_ID");
    t.da(
        "PUT",
        EMBEDS,
        Some(json!({"embedId": ids::EMBED_SALES, "accessSettings": {"datamartName": "gone"}})),
    )
    .await
    .assert_error(400, "INVALID_DATAMART");
    t.da("PUT", EMBEDS, Some(json!({"embedId": ids::EMBED_SALES})))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da(
        "PUT",
        &format!("{EMBEDS}/rename"),
        Some(json!({"embedId": ids::EMBED_SALES, "name": ""})),
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
    t.da("GET", &format!("{EMBEDS}/export"), None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da(
        "DELETE",
        &format!(
            "{EMBEDS}?embedId={}&isDeleteDashboard=yes",
            ids::EMBED_SALES
        ),
        None,
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
}

#[tokio::test]
async fn deleting_an_embed_kills_its_guest_tokens() {
    let t = Ctx::new().await;
    let for_sales = t
        .mint(
            DEFAULT_API_KEY,
            json!({"allowedEmbeds": [ids::EMBED_SALES]}),
        )
        .await;
    let for_both = t
        .mint(
            DEFAULT_API_KEY,
            json!({"allowedEmbeds": [ids::EMBED_SALES, ids::EMBED_REVENUE]}),
        )
        .await;
    let unrestricted = t.mint(DEFAULT_API_KEY, json!({})).await;
    for tok in [&for_sales, &for_both, &unrestricted] {
        assert!(t.mock.is_guest_token_live(tok));
    }
    let admin = t
        .call(
            "GET",
            &format!("/__mock/guest-tokens/{for_sales}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        admin.ok(),
        &json!({"token": for_sales, "live": true, "expiresAtMs": null, "expiresAt": null, "reason": null})
    );

    let r = t
        .da(
            "DELETE",
            &format!("{EMBEDS}?embedId={}", ids::EMBED_SALES),
            None,
        )
        .await;
    assert_eq!(r.ok(), &json!({"id": ids::EMBED_SALES}));
    let admin = t
        .call(
            "GET",
            &format!("/__mock/guest-tokens/{for_sales}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (admin.ok()["live"].clone(), admin.json["reason"].clone()),
        (json!(false), json!("embedDeleted"))
    );
    // A token for two embeds still opens the one left, and not the deleted one.
    assert!(t.mock.is_guest_token_live(&for_both));
    let s = t
        .mock
        .guest_token_status(&for_both, Some(ids::EMBED_SALES))
        .unwrap();
    assert_eq!((s.live, s.reason.as_deref()), (false, Some("embedDeleted")));
    assert!(
        t.mock
            .guest_token_status(&for_both, Some(ids::EMBED_REVENUE))
            .unwrap()
            .live
    );
    let s = t
        .mock
        .guest_token_status(&for_sales, Some(ids::EMBED_REVENUE))
        .unwrap();
    assert_eq!(s.reason.as_deref(), Some("embedNotAllowed"));
    let q = t
        .call(
            "GET",
            &format!(
                "/__mock/guest-tokens/{for_both}?embedId={}",
                ids::EMBED_REVENUE
            ),
            None,
            None,
        )
        .await;
    assert_eq!(q.ok()["live"], true);
    assert!(t.mock.is_guest_token_live(&unrestricted));
    t.da(
        "DELETE",
        &format!("{EMBEDS}?embedId={}", ids::EMBED_REVENUE),
        None,
    )
    .await
    .ok();
    assert!(!t.mock.is_guest_token_live(&for_both));
    assert!(
        t.mock
            .guest_token_status(&unrestricted, Some(ids::EMBED_SALES))
            .is_some_and(|s| !s.live)
    );

    // Deleting again: the embed is gone.
    t.da(
        "DELETE",
        &format!("{EMBEDS}?embedId={}", ids::EMBED_SALES),
        None,
    )
    .await
    .assert_error(400, "INVALID_EMBED_ID");
    t.da("DELETE", EMBEDS, None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.call("GET", "/__mock/guest-tokens/never-issued", None, None)
        .await
        .assert_error(404, "NOT_FOUND");
    t.call(
        "POST",
        &format!("/__mock/guest-tokens/{for_sales}"),
        None,
        None,
    )
    .await
    .assert_error(405, "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn guest_tokens_expire_on_the_mock_clock() {
    let t = Ctx::new().await;
    t.mock.freeze_clock(true);
    let r = guest_expiring(&t, 60_000).await;
    let s = t.mock.guest_token_status(&r, None).unwrap();
    assert_eq!(s.expires_at_ms, Some(t.mock.clock_ms() + 60_000));
    assert!(s.live);
    t.mock
        .advance_clock(std::time::Duration::from_millis(59_999));
    assert!(t.mock.is_guest_token_live(&r));
    t.mock.advance_clock(std::time::Duration::from_millis(1));
    let s = t.mock.guest_token_status(&r, None).unwrap();
    assert_eq!((s.live, s.reason.as_deref()), (false, Some("expired")));
    assert!(s.expires_at.unwrap().ends_with('Z'));
}

async fn guest_expiring(t: &Ctx, ms: u64) -> String {
    let r = t
        .guest(json!({"clientId": "c", "dataAppName": "sales-dashboard", "expiryTime": ms}))
        .await;
    r.ok()["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn delete_with_dashboard_removes_the_dashboard_and_its_other_embeds() {
    let t = Ctx::new().await;
    let r = t
        .da(
            "DELETE",
            &format!(
                "{EMBEDS}?embedId={}&isDeleteDashboard=true",
                ids::EMBED_SALES
            ),
            None,
        )
        .await;
    r.ok();
    // The metric embed was of the same dashboard: gone with it.
    assert!(t.da("GET", EMBEDS, None).await.items().is_empty());
    let ws = t
        .service(
            "POST",
            "/api/v2/workspace/dashboards",
            Some(json!({"workspaceName": ids::WORKSPACE_SALES})),
        )
        .await;
    assert!(
        !ws.names("externalDashboardId")
            .contains(&ids::DASHBOARD_SALES.to_owned())
    );
    t.da(
        "POST",
        EMBEDS,
        Some(with(
            new_embed(),
            "dashboardId",
            json!(ids::DASHBOARD_SALES),
        )),
    )
    .await
    .assert_error(400, "INVALID_DASHBOARD_ID");
    // isDeleteDashboard=false keeps it.
    let t = Ctx::new().await;
    t.da(
        "DELETE",
        &format!(
            "{EMBEDS}?embedId={}&isDeleteDashboard=false",
            ids::EMBED_SALES
        ),
        None,
    )
    .await
    .ok();
    assert_eq!(
        t.da("GET", EMBEDS, None).await.names("embedId"),
        [ids::EMBED_REVENUE]
    );
}

#[tokio::test]
async fn per_tenant_dashboard_embeds() {
    let t = Ctx::new().await;
    let path = "/api/v2/data-app/dashboard-embeds";
    let body = json!({"dashboardId": "dash-acme", "workspaceName": ids::WORKSPACE_SALES, "clientId": "acme",
        "templateDashboardId": ids::DASHBOARD_TEMPLATE, "embedDescription": "Acme's own", "isAllowPrivateMetricsByDefault": true,
        "metadata": {"tier": "gold"}, "accessSettings": {"datamartName": ids::DATAMART_SALES}});
    let r = t.da("POST", path, Some(body.clone())).await;
    let id = r.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json, json!({"id": id, "error": null, "name": "Tenant Starter (acme)"}));
    let list = t.da("GET", EMBEDS, None).await;
    let e = list
        .items()
        .iter()
        .find(|e| e["embedId"] == id.as_str())
        .unwrap();
    assert_eq!(e["embedMetadata"]["clientId"], "acme");
    assert_eq!(e["embedMetadata"]["description"], "Acme's own");
    assert_eq!(e["externalDashboard"]["externalDashboardId"], "dash-acme");
    // Copied from the template, with new metric ids.
    let metrics = t
        .da(
            "GET",
            &format!("/api/v2/data-app/metrics?embedId={id}&clientId=acme"),
            None,
        )
        .await;
    assert_eq!(metrics.names("name"), ["My Orders"]);
    assert_ne!(metrics.items()[0]["metricId"], "met-template-orders");
    // Blank, named.
    let blank = t.da("POST", path, Some(json!({"dashboardId": "dash-blank", "workspaceName": ids::WORKSPACE_SALES, "clientId": "b",
        "name": "B board", "accessSettings": {"datamartName": ids::DATAMART_SALES}}))).await;
    assert_eq!(blank.ok()["name"], "B board");

    let cases = [
        (
            with(body.clone(), "dashboardId", json!("dash-acme")),
            "INVALID_DASHBOARD_ID",
        ),
        (
            with(
                with(body.clone(), "dashboardId", json!("d2")),
                "templateDashboardId",
                json!("nope"),
            ),
            "INVALID_DASHBOARD_ID",
        ),
        (
            with(
                with(body.clone(), "dashboardId", json!("d3")),
                "workspaceName",
                json!("Nope"),
            ),
            "INVALID_WORKSPACE_NAME",
        ),
        (
            with(
                with(body.clone(), "dashboardId", json!("d4")),
                "clientId",
                json!(""),
            ),
            "CLIENT_ID_ERROR",
        ),
        (
            with(
                with(body.clone(), "dashboardId", json!("d5")),
                "accessSettings",
                json!({}),
            ),
            "INVALID_DATAMART",
        ),
        (
            with(body.clone(), "dashboardId", json!(null)),
            "INVALID_REQUEST_BODY",
        ),
    ];
    for (b, code) in cases {
        t.da("POST", path, Some(b)).await.assert_error(400, code);
    }
}

#[tokio::test]
async fn scheduled_reports_per_client_and_paginated() {
    let t = Ctx::new().await;
    let path = |q: &str| format!("{EMBEDS}/reports?embedId={}&{q}", ids::EMBED_SALES);
    let r = t.da("GET", &path("clientId=Team+1"), None).await;
    assert_eq!(r.names("id"), ["rep-weekly-sales", "rep-daily-revenue"]);
    let rep = &r.items()[0];
    assert_eq!(
        rep["timeConfigurations"],
        json!({"frequency": "WEEKLY", "day": "MONDAY", "time": "09:00", "timezone": "America/New_York"})
    );
    assert_eq!(rep["clientId"], "Team 1");
    assert_eq!(rep["embedId"], ids::EMBED_SALES);
    for k in [
        "subject",
        "scheduleEmailReportCharts",
        "createdAt",
        "updatedAt",
    ] {
        assert!(rep.get(k).is_some(), "{k}");
    }
    assert_eq!(
        t.da("GET", &path("clientId=acme"), None).await.names("id"),
        ["rep-acme-monthly"]
    );
    assert!(
        t.da("GET", &path("clientId=nobody"), None)
            .await
            .items()
            .is_empty()
    );
    assert_eq!(
        t.da(
            "GET",
            &path("clientId=Team+1&isPagination=true&pageNumber=2"),
            None
        )
        .await
        .items()
        .len(),
        0
    );
    t.da("GET", &path("clientId=Team+1&isPagination=yes"), None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da("GET", &path(""), None)
        .await
        .assert_error(400, "CLIENT_ID_ERROR");
    // Reports go with their embed.
    t.da(
        "DELETE",
        &format!("{EMBEDS}?embedId={}", ids::EMBED_SALES),
        None,
    )
    .await
    .ok();
    t.da("GET", &path("clientId=acme"), None)
        .await
        .assert_error(400, "INVALID_EMBED_ID");
}
