//! Discovery and data (DA): the data app's dashboards (GET, legacy POST and camelCase path),
//! an embed's metrics for a client, and metric queries.

mod common;

use common::Ctx;
use databrain_mock::{DEFAULT_PORTAL_API_KEY, seed_ids as ids};
use serde_json::{Value, json};

const DASHBOARDS: &str = "/api/v2/data-app/dashboards";
const METRICS: &str = "/api/v2/data-app/metrics";
const QUERY: &str = "/api/v2/data-app/query";

#[tokio::test]
async fn dashboards_of_the_data_app_in_every_form() {
    let t = Ctx::new().await;
    let r = t.da("GET", DASHBOARDS, None).await;
    assert_eq!(
        r.ok(),
        &json!({"data": [
            {"name": "Sales Overview", "externalDashboardId": ids::DASHBOARD_SALES, "embedId": ids::EMBED_SALES},
            {"name": "Sales Overview", "externalDashboardId": ids::DASHBOARD_SALES, "embedId": ids::EMBED_REVENUE},
        ]})
    );
    let portal = t
        .call("GET", DASHBOARDS, Some(DEFAULT_PORTAL_API_KEY), None)
        .await;
    assert_eq!(portal.names("name"), ["Customer Health"]);

    // Filter by name (query, both spellings), POST (legacy) with the fields in the body, and
    // the camelCase path.
    assert_eq!(
        t.da("GET", &format!("{DASHBOARDS}?dashboardNames=Nope"), None)
            .await
            .items()
            .len(),
        0
    );
    assert_eq!(
        t.da(
            "GET",
            &format!("{DASHBOARDS}?dashboardNames=Sales+Overview"),
            None
        )
        .await
        .items()
        .len(),
        2
    );
    assert_eq!(
        t.da(
            "GET",
            &format!("{DASHBOARDS}?dashboardNames%5B%5D=Sales%20Overview"),
            None
        )
        .await
        .items()
        .len(),
        2
    );
    let post = t.da("POST", DASHBOARDS, Some(json!({"isPagination": "true", "pageNumber": 1, "dashboardNames": ["Sales Overview"]}))).await;
    assert_eq!(post.items().len(), 2);
    assert_eq!(
        t.da(
            "POST",
            "/api/v2/dataApp/dashboards",
            Some(json!({"isPagination": true, "pageNumber": 2}))
        )
        .await
        .items()
        .len(),
        0
    );
    assert_eq!(
        t.da("POST", "/api/v2/dataApp/dashboards", None)
            .await
            .items()
            .len(),
        2
    );
    assert_eq!(
        t.da("GET", "/api/v2/dataApp/dashboards", None)
            .await
            .items()
            .len(),
        2
    );
    t.da(
        "POST",
        DASHBOARDS,
        Some(json!({"dashboardNames": "Sales Overview"})),
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
    t.da("POST", DASHBOARDS, Some(json!({"isPagination": "TRUE"})))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da("GET", &format!("{DASHBOARDS}?isPagination=yes"), None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.service("GET", DASHBOARDS, None)
        .await
        .assert_error(400, "INVALID_DATA_APP_API_KEY");
    t.call("GET", DASHBOARDS, None, None)
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
}

#[tokio::test]
async fn metrics_of_an_embed_respect_private_metrics_and_embed_type() {
    let t = Ctx::new().await;
    let m = |q: &str| format!("{METRICS}?{q}");
    let everyone = t
        .da(
            "GET",
            &m(&format!("embedId={}&clientId=acme", ids::EMBED_SALES)),
            None,
        )
        .await;
    assert_eq!(
        everyone.names("metricId"),
        [
            ids::METRIC_REVENUE,
            ids::METRIC_REGIONS,
            "met-average-order-value"
        ]
    );
    let first = &everyone.items()[0];
    assert_eq!(
        first,
        &json!({"name": "Revenue by Month", "metricId": ids::METRIC_REVENUE, "isPublished": true, "createdByUser": "analyst@example.com"})
    );
    assert_eq!(everyone.items()[2]["isPublished"], false);
    // Team 1 also sees its own metric.
    let team = t
        .da(
            "GET",
            &m(&format!(
                "embedId={}&clientId=Team%201&isMetric=false",
                ids::EMBED_SALES
            )),
            None,
        )
        .await;
    assert_eq!(team.items().len(), 4);
    assert_eq!(team.items()[3]["metricId"], ids::METRIC_PRIVATE);
    assert_eq!(team.items()[3]["createdByUser"], "Team 1");
    // A metric embed shows its one metric.
    let one = t
        .da(
            "GET",
            &m(&format!(
                "embedId={}&clientId=acme&isMetric=true",
                ids::EMBED_REVENUE
            )),
            None,
        )
        .await;
    assert_eq!(one.names("metricId"), [ids::METRIC_REVENUE]);

    t.da(
        "GET",
        &m(&format!(
            "embedId={}&clientId=acme&isMetric=true",
            ids::EMBED_SALES
        )),
        None,
    )
    .await
    .assert_error(400, "EMBED_PARAM_ERROR");
    t.da(
        "GET",
        &m(&format!(
            "embedId={}&clientId=acme&isMetric=maybe",
            ids::EMBED_SALES
        )),
        None,
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
    t.da("GET", &m(&format!("embedId={}", ids::EMBED_SALES)), None)
        .await
        .assert_error(400, "CLIENT_ID_ERROR");
    t.da("GET", &m("clientId=acme"), None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da(
        "GET",
        &m(&format!("embedId={}&clientId=acme", ids::EMBED_PORTAL)),
        None,
    )
    .await
    .assert_error(400, "INVALID_EMBED_ID");
}

fn q(metric: &str) -> Value {
    json!({"embedId": ids::EMBED_SALES, "metricId": metric, "clientId": "acme"})
}

#[tokio::test]
async fn query_a_metric() {
    let t = Ctx::new().await;
    let r = t.da("POST", QUERY, Some(q(ids::METRIC_REVENUE))).await;
    let body = r.ok();
    assert_eq!(body["metricid"], ids::METRIC_REVENUE, "lower-case metricid");
    assert!(body.get("metricId").is_none());
    let rows = body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["month"], "2024-01");
    assert_eq!(body["totalRecords"], 12);
    assert!(body["timeTaken"].is_u64());
    assert_eq!(body["comparisonValue"], Value::Null);
    assert_eq!(
        body["metaData"]["columns"],
        json!([
            {"name": "month", "dataType": "string"}, {"name": "revenue", "dataType": "number"}, {"name": "orders", "dataType": "number"}
        ])
    );
    assert_eq!(body["metaData"]["groupbyColumnList"], json!(["month"]));
    // Deterministic: the same answer twice.
    assert_eq!(
        t.da("POST", QUERY, Some(q(ids::METRIC_REVENUE))).await.json,
        r.json
    );

    // Filters narrow the rows; the legacy camelCase path answers the same way.
    let mut f = q(ids::METRIC_REGIONS);
    f["metricFilter"] = json!({"region": ["Europe", "Asia Pacific"]});
    f["dashboardFilter"] = json!({"orders": {"min": 300}});
    let r = t.da("POST", "/api/v2/dataApp/query", Some(f)).await;
    assert_eq!(r.ok()["data"], json!([{"region": "Europe", "orders": 310}]));
    assert_eq!(r.json["totalRecords"], 1);
    let mut d = q(ids::METRIC_REVENUE);
    d["dashboardFilter"] = json!({"month": {"startDate": "2024-03", "endDate": "2024-05"}});
    assert_eq!(
        t.da("POST", QUERY, Some(d)).await.ok()["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // The datasource of a DATAMART workspace is its datamart's.
    let mut ds = q(ids::METRIC_REVENUE);
    ds["datasourceName"] = json!(ids::DATASOURCE_POSTGRES);
    t.da("POST", QUERY, Some(ds)).await.ok();

    // Private metric: only its client may query it.
    t.da("POST", QUERY, Some(q(ids::METRIC_PRIVATE)))
        .await
        .assert_error(400, "INVALID_METRIC_ID");
    let mut own = q(ids::METRIC_PRIVATE);
    own["clientId"] = json!("Team 1");
    t.da("POST", QUERY, Some(own)).await.ok();
}

#[tokio::test]
async fn query_refusals() {
    let t = Ctx::new().await;
    let mut wrong_ds = q(ids::METRIC_REVENUE);
    wrong_ds["datasourceName"] = json!(ids::DATASOURCE_SNOWFLAKE);
    let mut no_embed = q(ids::METRIC_REVENUE);
    no_embed.as_object_mut().unwrap().remove("embedId");
    let mut foreign = q(ids::METRIC_REVENUE);
    foreign["embedId"] = json!(ids::EMBED_PORTAL);
    let mut off_embed = q(ids::METRIC_REGIONS);
    off_embed["embedId"] = json!(ids::EMBED_REVENUE);
    let mut no_client = q(ids::METRIC_REVENUE);
    no_client["clientId"] = json!("");
    let mut bad_filter = q(ids::METRIC_REVENUE);
    bad_filter["metricFilter"] = json!([1]);
    let mut no_metric = q(ids::METRIC_REVENUE);
    no_metric.as_object_mut().unwrap().remove("metricId");
    let cases = [
        (wrong_ds, "DATASOURCE_NAME_ERROR"),
        (no_embed, "EMBED_PARAM_ERROR"),
        (foreign, "EMBED_PARAM_ERROR"),
        (off_embed, "INVALID_METRIC_ID"),
        (q("met-nope"), "INVALID_METRIC_ID"),
        (q("met-daily-active-users"), "INVALID_METRIC_ID"),
        (no_client, "CLIENT_ID_ERROR"),
        (bad_filter, "INVALID_REQUEST_BODY"),
        (no_metric, "INVALID_REQUEST_BODY"),
    ];
    for (body, code) in cases {
        let r = t.da("POST", QUERY, Some(body.clone())).await;
        assert_eq!(r.code(), code, "{body}: {}", r.text);
        r.assert_error(400, code);
    }

    // A MULTI_DATASOURCE workspace needs the datasource named, and it must exist.
    let embed = t.da("POST", "/api/v2/data-app/embeds", Some(json!({"dashboardId": ids::DASHBOARD_FINANCE, "embedType": "dashboard",
        "workspaceName": ids::WORKSPACE_FINANCE, "accessSettings": {"datamartName": ids::DATAMART_SALES}}))).await;
    let id = embed.ok()["id"].as_str().unwrap().to_owned();
    let fin = json!({"embedId": id, "metricId": "met-gross-margin", "clientId": "acme"});
    t.da("POST", QUERY, Some(fin.clone()))
        .await
        .assert_error(400, "DATASOURCE_NAME_ERROR");
    let mut named = fin.clone();
    named["datasourceName"] = json!("oracle");
    t.da("POST", QUERY, Some(named.clone()))
        .await
        .assert_error(400, "DATASOURCE_NAME_ERROR");
    named["datasourceName"] = json!(ids::DATASOURCE_POSTGRES);
    assert_eq!(
        t.da("POST", QUERY, Some(named)).await.ok()["data"],
        json!([{"gross_margin": 0.61}])
    );
}
