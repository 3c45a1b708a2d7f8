//! What holds on every management path: pagination exactly as documented, fault injection,
//! recording without credentials, the rate limit, method routing.

mod common;

use common::{Ctx, DATA_APP, DATAMARTS, EMBEDS, WORKSPACE};
use databrain_mock::{
    DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, FaultKind, MockServer,
    RateLimit, Seed, seed_ids as ids,
};
use serde_json::{Value, json};

async fn sizes(t: &Ctx, method: &str, path: &str, auth: &str, body: Option<Value>) -> Vec<usize> {
    let mut out = Vec::new();
    for n in 1..=4 {
        let r = match &body {
            Some(b) => {
                let mut b = b.clone();
                b["isPagination"] = json!("true");
                b["pageNumber"] = json!(n);
                t.call(method, path, Some(auth), Some(b)).await
            }
            None => {
                let sep = if path.contains('?') { '&' } else { '?' };
                t.call(
                    method,
                    &format!("{path}{sep}isPagination=true&pageNumber={n}"),
                    Some(auth),
                    None,
                )
                .await
            }
        };
        out.push(r.items().len());
    }
    out
}

#[tokio::test]
async fn every_list_pages_25_items_as_10_10_5_then_empty() {
    let t = Ctx::new().await;
    // 2 seeded data apps, 3 workspaces, 2 datamarts, 2 embeds of sales-dashboard; top each up to 25.
    for i in 0..23 {
        t.service(
            "POST",
            DATA_APP,
            Some(json!({"name": format!("app {i:02}")})),
        )
        .await
        .ok();
        t.service(
            "POST",
            DATAMARTS,
            Some(
                json!({"name": format!("mart {i:02}"), "datasourceName": ids::DATASOURCE_SNOWFLAKE,
            "tableList": [{"schemaName": "analytics", "name": "events"}]}),
            ),
        )
        .await
        .ok();
        t.da("POST", EMBEDS, Some(json!({"dashboardId": ids::DASHBOARD_CUSTOMERS, "embedType": "dashboard",
            "workspaceName": ids::WORKSPACE_SALES, "name": format!("embed {i:02}"), "accessSettings": {"datamartName": ids::DATAMART_SALES}}))).await.ok();
    }
    for i in 0..22 {
        t.service(
            "POST",
            WORKSPACE,
            Some(json!({"name": format!("ws {i:02}"), "connectionType": "MULTI_DATASOURCE"})),
        )
        .await
        .ok();
    }
    // 1 seeded Finance dashboard + 24 per-tenant ones.
    for i in 0..24 {
        t.da("POST", "/api/v2/data-app/dashboard-embeds", Some(json!({"dashboardId": format!("dash-t{i:02}"),
            "workspaceName": ids::WORKSPACE_FINANCE, "clientId": format!("tenant {i}"), "accessSettings": {"datamartName": ids::DATAMART_SALES}}))).await.ok();
    }
    let svc = DEFAULT_SERVICE_TOKEN;
    assert_eq!(sizes(&t, "GET", DATA_APP, svc, None).await, [10, 10, 5, 0]);
    assert_eq!(sizes(&t, "GET", WORKSPACE, svc, None).await, [10, 10, 5, 0]);
    assert_eq!(sizes(&t, "GET", DATAMARTS, svc, None).await, [10, 10, 5, 0]);
    let ws_body = json!({"workspaceName": ids::WORKSPACE_FINANCE});
    assert_eq!(
        sizes(
            &t,
            "POST",
            "/api/v2/workspace/dashboards",
            svc,
            Some(ws_body)
        )
        .await,
        [10, 10, 5, 0]
    );
    // 2 seeded + 23 embeds + 24 per-tenant = 49: pages 10 ×4, then 9 and empty.
    let embeds = t.da("GET", EMBEDS, None).await.items().len();
    assert_eq!(embeds, 49);
    let page5 = t
        .da(
            "GET",
            &format!("{EMBEDS}?isPagination=true&pageNumber=5"),
            None,
        )
        .await;
    assert_eq!(page5.items().len(), 9);
    assert!(
        t.da(
            "GET",
            &format!("{EMBEDS}?isPagination=true&pageNumber=6"),
            None
        )
        .await
        .items()
        .is_empty()
    );
    // Pages are in creation order and do not overlap.
    let p1 = t
        .service(
            "GET",
            &format!("{DATA_APP}?isPagination=true&pageNumber=1"),
            None,
        )
        .await
        .names("name");
    let p3 = t
        .service(
            "GET",
            &format!("{DATA_APP}?isPagination=true&pageNumber=3"),
            None,
        )
        .await
        .names("name");
    assert_eq!(
        p1[..3],
        ["sales-dashboard", "Customer Portal Analytics", "app 00"]
    );
    assert_eq!(p3.last().unwrap(), "app 22");
    // No total anywhere.
    let r = t
        .service(
            "GET",
            &format!("{WORKSPACE}?isPagination=true&pageNumber=1"),
            None,
        )
        .await;
    assert_eq!(
        r.json.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["data"]
    );
    // isPagination=false (or absent) is everything, whatever pageNumber says.
    assert_eq!(
        t.service(
            "GET",
            &format!("{WORKSPACE}?isPagination=false&pageNumber=2"),
            None
        )
        .await
        .items()
        .len(),
        25
    );
}

#[tokio::test]
async fn bad_pagination_is_a_400_on_every_list() {
    let t = Ctx::new().await;
    let get_lists: [(&str, &str); 8] = [
        (DATA_APP, DEFAULT_SERVICE_TOKEN),
        (
            "/api/v2/data-app/api-tokens?dataAppName=sales-dashboard",
            DEFAULT_SERVICE_TOKEN,
        ),
        (EMBEDS, DEFAULT_API_KEY),
        (
            "/api/v2/data-app/embeds/reports?embedId=emb-sales-overview&clientId=acme",
            DEFAULT_API_KEY,
        ),
        ("/api/v2/data-app/dashboards", DEFAULT_API_KEY),
        (WORKSPACE, DEFAULT_SERVICE_TOKEN),
        (DATAMARTS, DEFAULT_SERVICE_TOKEN),
        ("/api/v2/dataApp", DEFAULT_SERVICE_TOKEN),
    ];
    for (path, auth) in get_lists {
        let sep = if path.contains('?') { '&' } else { '?' };
        for q in [
            "isPagination=True",
            "isPagination=1",
            "isPagination=yes",
            "isPagination=true&pageNumber=0",
            "isPagination=true&pageNumber=x",
        ] {
            t.call("GET", &format!("{path}{sep}{q}"), Some(auth), None)
                .await
                .assert_error(400, "INVALID_REQUEST_BODY");
        }
        t.call(
            "GET",
            &format!("{path}{sep}isPagination=true"),
            Some(auth),
            None,
        )
        .await
        .ok();
    }
    for (path, auth, body) in [
        (
            "/api/v2/workspace/dashboards",
            DEFAULT_SERVICE_TOKEN,
            json!({"workspaceName": "Sales"}),
        ),
        (
            "/api/v2/workspace/metrics",
            DEFAULT_SERVICE_TOKEN,
            json!({"workspaceName": "Sales"}),
        ),
        ("/api/v2/data-app/dashboards", DEFAULT_API_KEY, json!({})),
    ] {
        for bad in [
            json!({"isPagination": "True"}),
            json!({"isPagination": 1}),
            json!({"isPagination": true, "pageNumber": 0}),
        ] {
            let mut b = body.clone();
            b.as_object_mut()
                .unwrap()
                .extend(bad.as_object().unwrap().clone());
            t.call("POST", path, Some(auth), Some(b))
                .await
                .assert_error(400, "INVALID_REQUEST_BODY");
        }
    }
}

#[tokio::test]
async fn faults_apply_to_management_paths_and_faulted_calls_change_nothing() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::status(503).on(WORKSPACE).repeat(2));
    let body = json!({"name": "Faulted", "connectionType": "MULTI_DATAMART"});
    t.service("POST", WORKSPACE, Some(body.clone()))
        .await
        .assert_error(503, "INTERNAL_SERVER_ERROR");
    t.service("GET", WORKSPACE, None)
        .await
        .assert_error(503, "INTERNAL_SERVER_ERROR");
    assert_eq!(
        t.service("GET", WORKSPACE, None).await.items().len(),
        3,
        "the faulted POST created nothing"
    );
    assert_eq!(t.mock.request_count(WORKSPACE), 3);

    // A fault on the legacy spelling matches that exact path only.
    t.mock
        .inject(Fault::new(FaultKind::Html { status: 502 }).on("/api/v2/dataApp/embeds"));
    t.da("GET", EMBEDS, None).await.ok();
    let html = t.da("GET", "/api/v2/dataApp/embeds", None).await;
    assert_eq!(html.status, 502);
    assert!(html.text.contains("<html>"));

    // Drop, then a normal answer; over HTTP too.
    t.mock
        .inject(Fault::new(FaultKind::Drop).on("/api/v2/data-app/rotate-api"));
    let dropped = t
        .request("POST", "/api/v2/data-app/rotate-api", Some(DEFAULT_API_KEY))
        .json(&json!({"expireAt": 0}))
        .send()
        .await;
    assert!(dropped.is_err(), "connection dropped");
    assert!(
        t.call(
            "POST",
            "/api/v2/data-app/query",
            Some(DEFAULT_API_KEY),
            None
        )
        .await
        .status
            == 400
    );
    let q = t.call("POST", "/__mock/faults", None, Some(json!({"kind": "status", "status": 429, "retryAfter": "3", "path": "/api/v2/data-app/query"}))).await;
    q.ok();
    let r = t.da("POST", "/api/v2/data-app/query", Some(json!({"embedId": ids::EMBED_SALES, "metricId": ids::METRIC_REVENUE, "clientId": "c"}))).await;
    r.assert_error(429, "RATE_LIMIT_EXCEEDED");
    assert_eq!(r.header("retry-after"), Some("3"));
    // The dropped rotation never happened: the old key still works.
    t.da("GET", EMBEDS, None).await.ok();
}

#[tokio::test]
async fn recordings_never_hold_a_credential_on_any_path() {
    let t = Ctx::new().await;
    let new_key = t
        .service(
            "POST",
            "/api/v2/data-app/api-tokens",
            Some(json!({"dataAppName": "sales-dashboard", "name": "k"})),
        )
        .await
        .ok()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let calls: Vec<(&str, String, &str, Option<Value>)> = vec![
        ("GET", DATA_APP.into(), DEFAULT_SERVICE_TOKEN, None),
        (
            "PUT",
            DATA_APP.into(),
            DEFAULT_SERVICE_TOKEN,
            Some(json!({"name": "x", "updateName": "y"})),
        ),
        (
            "GET",
            format!(
                "/api/v2/data-app/api-tokens?dataAppName=sales-dashboard&key={DEFAULT_PORTAL_API_KEY}"
            ),
            DEFAULT_SERVICE_TOKEN,
            None,
        ),
        ("GET", EMBEDS.into(), &new_key, None),
        (
            "POST",
            EMBEDS.into(),
            DEFAULT_API_KEY,
            Some(json!({"note": DEFAULT_SERVICE_TOKEN, "nested": [{"apiKey": "whatever"}]})),
        ),
        (
            "GET",
            "/api/v2/data-app/dashboards".into(),
            DEFAULT_PORTAL_API_KEY,
            None,
        ),
        (
            "POST",
            "/api/v2/data-app/query".into(),
            DEFAULT_API_KEY,
            Some(json!({"embedId": ids::EMBED_SALES})),
        ),
        ("GET", WORKSPACE.into(), DEFAULT_SERVICE_TOKEN, None),
        ("GET", DATAMARTS.into(), DEFAULT_SERVICE_TOKEN, None),
        (
            "POST",
            "/api/v2/data-app/export-dashboard".into(),
            DEFAULT_SERVICE_TOKEN,
            Some(json!({})),
        ),
        (
            "POST",
            "/api/v2/data-app/rotate-api".into(),
            DEFAULT_SERVICE_TOKEN,
            Some(json!({"key": new_key, "expireAt": 5})),
        ),
    ];
    for (method, path, auth, body) in &calls {
        t.call(method, path, Some(auth), body.clone()).await;
    }
    t.call_raw(
        "POST",
        EMBEDS,
        Some(DEFAULT_API_KEY),
        &format!("not json {DEFAULT_PORTAL_API_KEY}!"),
    )
    .await;
    let recorded = t.call("GET", "/__mock/requests", None, None).await.text;
    for secret in [
        DEFAULT_API_KEY,
        DEFAULT_PORTAL_API_KEY,
        DEFAULT_SERVICE_TOKEN,
        new_key.as_str(),
        "whatever",
    ] {
        assert!(!recorded.contains(secret), "{secret} leaked: {recorded}");
    }
    let reqs = t.mock.requests();
    assert_eq!(reqs.len(), calls.len() + 2);
    assert_eq!(reqs[4].auth.as_deref(), Some("apiKey:sales-dashboard"));
    assert_eq!(
        reqs[6].auth.as_deref(),
        Some("apiKey:Customer Portal Analytics")
    );
    assert_eq!(reqs[5].body.as_ref().unwrap()["note"], "<redacted>");
    assert!(
        reqs[3]
            .query
            .as_deref()
            .unwrap()
            .ends_with("key=<redacted>")
    );
    assert!(reqs.last().unwrap().raw_body.contains("<redacted>"));
}

#[tokio::test]
async fn the_rate_limit_applies_to_management_paths() {
    let seed = Seed {
        rate_limit: Some(RateLimit {
            per_second: 0.5,
            burst: 2,
        }),
        ..Seed::default()
    };
    let t = Ctx::with(MockServer::start_with(seed, 0).await.unwrap());
    t.service("GET", WORKSPACE, None).await.ok();
    t.service("GET", DATAMARTS, None).await.ok();
    let r = t.service("GET", WORKSPACE, None).await;
    r.assert_error(429, "RATE_LIMIT_EXCEEDED");
    assert!(r.header("retry-after").is_some());
    t.da("GET", EMBEDS, None).await.ok();
}

#[tokio::test]
async fn routing_of_the_new_paths() {
    let t = Ctx::new().await;
    let r = t.service("PATCH", WORKSPACE, None).await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
    assert_eq!(r.header("allow"), Some("GET, POST, PUT, DELETE"));
    let r = t.da("GET", "/api/v2/data-app/query", None).await;
    assert_eq!(r.header("allow"), Some("POST"));
    t.da("GET", "/api/v2/data-app/embeds/nope", None)
        .await
        .assert_error(404, "NOT_FOUND");
    // Every camelCase spelling and a trailing slash reach the same handler.
    let r = t
        .da(
            "PUT",
            "/api/v2/dataApp/embeds/rename/",
            Some(json!({"embedId": ids::EMBED_SALES, "name": "Renamed"})),
        )
        .await;
    assert_eq!(r.ok()["name"], "Renamed");
    assert_eq!(
        t.service("GET", "/api/v2/dataApp/datamarts", None)
            .await
            .items()
            .len(),
        2
    );
}
