//! Organisation-level calls (SVC): workspaces, datamarts, dashboard export/import — and the
//! decision that the older data-app-key credential is refused on workspaces and datamarts.

mod common;

use common::{Ctx, DATAMARTS, WORKSPACE};
use databrain_mock::{DEFAULT_API_KEY, seed_ids as ids};
use serde_json::{Value, json};

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

#[tokio::test]
async fn workspaces_lifecycle_and_errors() {
    let t = Ctx::new().await;
    let list = t.service("GET", WORKSPACE, None).await;
    assert_eq!(
        list.ok(),
        &json!({"data": [{"name": "Sales"}, {"name": "Product Analytics"}, {"name": "Finance"}]})
    );

    let body = json!({"name": "Tenant Space", "connectionType": "DATASOURCE", "datasourceName": ids::DATASOURCE_POSTGRES});
    assert_eq!(
        t.service("POST", WORKSPACE, Some(body.clone())).await.ok(),
        &json!({"data": {"name": "Tenant Space"}})
    );
    t.service("POST", WORKSPACE, Some(body.clone()))
        .await
        .assert_error(400, "INVALID_WORKSPACE_NAME");
    let cases = [
        (
            with(
                with(body.clone(), "name", json!("Other")),
                "datasourceName",
                json!("oracle"),
            ),
            400,
            "DATASOURCE_NAME_ERROR",
        ),
        (
            json!({"name": "Other", "connectionType": "DATAMART", "datamartName": "Nope"}),
            400,
            "INVALID_DATAMART",
        ),
        (
            json!({"name": "Other", "connectionType": "DATAMART"}),
            400,
            "INVALID_REQUEST_BODY",
        ),
        (
            json!({"name": "Other", "connectionType": "CSV"}),
            400,
            "INVALID_REQUEST_BODY",
        ),
        (
            json!({"name": " Other", "connectionType": "MULTI_DATAMART"}),
            400,
            "INVALID_REQUEST_BODY",
        ),
        (
            json!({"connectionType": "MULTI_DATAMART"}),
            400,
            "INVALID_REQUEST_BODY",
        ),
    ];
    for (b, status, code) in cases {
        t.service("POST", WORKSPACE, Some(b))
            .await
            .assert_error(status, code);
    }
    t.service(
        "POST",
        WORKSPACE,
        Some(json!({"name": "Multi", "connectionType": "MULTI_DATAMART"})),
    )
    .await
    .ok();

    // Update repoints; it cannot rename; an unknown workspace is WORKSPACE_ID_ERROR (404).
    let update = json!({"name": "Tenant Space", "connectionType": "DATAMART", "datamartName": ids::DATAMART_EVENTS});
    assert_eq!(
        t.service("PUT", WORKSPACE, Some(update.clone())).await.ok(),
        &json!({"data": {"name": "Tenant Space"}})
    );
    t.service(
        "PUT",
        WORKSPACE,
        Some(with(update.clone(), "updateName", json!("x"))),
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
    t.service(
        "PUT",
        WORKSPACE,
        Some(with(update.clone(), "name", json!("Ghost"))),
    )
    .await
    .assert_error(404, "WORKSPACE_ID_ERROR");
    t.service(
        "PUT",
        WORKSPACE,
        Some(with(update, "datamartName", json!("Nope"))),
    )
    .await
    .assert_error(400, "INVALID_DATAMART");

    // Dashboards and metrics of a workspace (POST-style, pagination in the body).
    let d = t
        .service(
            "POST",
            "/api/v2/workspace/dashboards",
            Some(json!({"workspaceName": "Sales"})),
        )
        .await;
    assert_eq!(
        d.names("externalDashboardId"),
        [
            ids::DASHBOARD_SALES,
            ids::DASHBOARD_CUSTOMERS,
            ids::DASHBOARD_TEMPLATE
        ]
    );
    assert_eq!(
        d.items()[0],
        json!({"name": "Sales Overview", "externalDashboardId": ids::DASHBOARD_SALES})
    );
    let p2 = t
        .service(
            "POST",
            "/api/v2/workspace/dashboards",
            Some(json!({"workspaceName": "Sales", "isPagination": "true", "pageNumber": "2"})),
        )
        .await;
    assert!(p2.items().is_empty());
    t.service(
        "POST",
        "/api/v2/workspace/dashboards",
        Some(json!({"workspaceName": "Ghost"})),
    )
    .await
    .assert_error(404, "WORKSPACE_ID_ERROR");
    t.service("POST", "/api/v2/workspace/dashboards", Some(json!({})))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    let m = t
        .service(
            "POST",
            "/api/v2/workspace/metrics",
            Some(json!({"workspaceName": "Sales", "dashboardId": ids::DASHBOARD_CUSTOMERS})),
        )
        .await;
    assert_eq!(
        m.ok(),
        &json!({"data": [{"name": "Active Customers", "metricId": "met-active-customers"}, {"name": "Churn Rate", "metricId": "met-churn-rate"}]})
    );
    assert_eq!(
        t.service(
            "POST",
            "/api/v2/workspace/metrics",
            Some(json!({"workspaceName": "Sales"}))
        )
        .await
        .items()
        .len(),
        7
    );
    t.service(
        "POST",
        "/api/v2/workspace/metrics",
        Some(json!({"workspaceName": "Sales", "dashboardId": ids::DASHBOARD_PRODUCT})),
    )
    .await
    .assert_error(400, "INVALID_DASHBOARD_ID");
    t.service(
        "POST",
        "/api/v2/workspace/metrics",
        Some(json!({"workspaceName": "Ghost"})),
    )
    .await
    .assert_error(404, "WORKSPACE_ID_ERROR");

    // Delete cascades: its dashboards and their embeds go.
    let r = t
        .service("DELETE", &format!("{WORKSPACE}?name=Sales"), None)
        .await;
    assert_eq!(r.ok()["data"]["id"], "workspace-1");
    assert!(r.json["data"]["message"].is_string());
    assert!(
        t.da("GET", "/api/v2/data-app/embeds", None)
            .await
            .items()
            .is_empty()
    );
    t.service("DELETE", &format!("{WORKSPACE}?name=Sales"), None)
        .await
        .assert_error(404, "WORKSPACE_ID_ERROR");
    t.service("DELETE", WORKSPACE, None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
}

#[tokio::test]
async fn workspaces_and_datamarts_take_the_service_token_only() {
    let t = Ctx::new().await;
    for (method, path, body) in [
        ("GET", WORKSPACE.to_owned(), None),
        (
            "POST",
            WORKSPACE.to_owned(),
            Some(json!({"name": "W", "connectionType": "MULTI_DATAMART"})),
        ),
        (
            "POST",
            "/api/v2/workspace/dashboards".to_owned(),
            Some(json!({"workspaceName": "Sales"})),
        ),
        ("GET", DATAMARTS.to_owned(), None),
        (
            "DELETE",
            format!(
                "/api/v2/data-app/datamart?datamartName={}",
                ids::DATAMART_EVENTS
            ),
            None,
        ),
    ] {
        let r = t
            .call(method, &path, Some(DEFAULT_API_KEY), body.clone())
            .await;
        r.assert_error(401, "AUTHENTICATION_ERROR");
        assert!(
            r.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("service token"),
            "{}",
            r.text
        );
        t.call(method, &path, None, body.clone())
            .await
            .assert_error(401, "AUTHENTICATION_ERROR");
        t.call(method, &path, Some("wrong"), body)
            .await
            .assert_error(401, "AUTHENTICATION_ERROR");
    }
    assert_eq!(
        t.service("GET", WORKSPACE, None).await.items().len(),
        3,
        "nothing changed"
    );
}

fn table_list() -> Value {
    json!([{"schemaName": "public", "name": "orders", "clientColumn": "customer_id", "label": "Orders", "isHide": false,
            "columns": [{"name": "id"}, {"name": "amount", "alias": "amt", "label": "Amount", "isHide": false}]}])
}

#[tokio::test]
async fn datamarts_lifecycle_and_errors() {
    let t = Ctx::new().await;
    let list = t.service("GET", DATAMARTS, None).await;
    assert_eq!(
        list.names("name"),
        [ids::DATAMART_SALES, ids::DATAMART_EVENTS]
    );
    let first = &list.items()[0];
    assert_eq!(
        first["companyIntegration"],
        json!({"name": ids::DATASOURCE_POSTGRES})
    );
    assert!(first["datamartOrganization"].is_object());
    assert_eq!(first["datamartTables"].as_array().unwrap().len(), 3);
    assert_eq!(first["datamartRelationships"], json!([]));

    let body = json!({"name": "Tenant Mart", "datasourceName": ids::DATASOURCE_POSTGRES, "tableList": table_list(),
        "tenancySettings": {"tenancyLevel": "TABLE", "clientColumnType": "STRING"}});
    let r = t.service("POST", DATAMARTS, Some(body.clone())).await;
    let id = r.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json, json!({"id": id}));
    // Legacy create path.
    let legacy = t
        .service(
            "POST",
            "/api/v2/dataApp/datamart/create",
            Some(with(body.clone(), "name", json!("Legacy Mart"))),
        )
        .await;
    assert!(legacy.ok()["id"].is_string());
    assert_eq!(t.service("GET", DATAMARTS, None).await.items().len(), 4);
    // A new datamart is usable by embeds at once.
    let embed = json!({"dashboardId": ids::DASHBOARD_CUSTOMERS, "embedType": "dashboard", "workspaceName": ids::WORKSPACE_SALES,
        "accessSettings": {"datamartName": "Tenant Mart", "tableTenancySettings": [{"name": "orders", "clientColumn": "id"}]}});
    t.da("POST", "/api/v2/data-app/embeds", Some(embed))
        .await
        .ok();

    let table = |v: Value| with(with(body.clone(), "name", json!("X")), "tableList", v);
    let cases = [
        (body.clone(), "INVALID_DATAMART"),
        (
            with(
                with(body.clone(), "name", json!("X")),
                "datasourceName",
                json!("oracle"),
            ),
            "DATASOURCE_NAME_ERROR",
        ),
        (
            table(json!([{"schemaName": "public", "name": "invoices"}])),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (
            table(json!([{"schemaName": "analytics", "name": "orders"}])),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (
            table(json!([{"name": "orders", "columns": [{"name": "colour"}]}])),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (
            table(json!([{"name": "orders", "clientColumn": "tenant"}])),
            "DATAMART_TABLE_NOT_FOUND",
        ),
        (table(json!([])), "INVALID_REQUEST_BODY"),
        (
            table(json!([{"name": "orders"}, {"name": "orders"}])),
            "INVALID_REQUEST_BODY",
        ),
        (
            table(json!([{"name": "orders", "isHide": "no"}])),
            "INVALID_REQUEST_BODY",
        ),
        (table(json!({"name": "orders"})), "INVALID_REQUEST_BODY"),
        (
            with(
                with(body.clone(), "name", json!("X")),
                "tenancySettings",
                json!({"tenancyLevel": "ROW"}),
            ),
            "INVALID_REQUEST_BODY",
        ),
        (
            json!({"datasourceName": ids::DATASOURCE_POSTGRES, "tableList": table_list()}),
            "INVALID_REQUEST_BODY",
        ),
    ];
    for (b, code) in cases {
        let r = t.service("POST", DATAMARTS, Some(b.clone())).await;
        assert_eq!(r.code(), code, "{b}: {}", r.text);
        r.assert_error(400, code);
    }

    // Update replaces the tables.
    let upd = json!({"datamartName": "Tenant Mart", "tableList": [{"name": "customers", "columns": [{"name": "id"}]}]});
    assert_eq!(
        t.service("PUT", DATAMARTS, Some(upd.clone())).await.ok(),
        &json!({"id": id})
    );
    let after = t.service("GET", DATAMARTS, None).await;
    let mart = after
        .items()
        .iter()
        .find(|d| d["name"] == "Tenant Mart")
        .unwrap();
    assert_eq!(
        mart["datamartTables"],
        json!([{"name": "customers", "columns": [{"name": "id"}]}])
    );
    t.service(
        "PUT",
        DATAMARTS,
        Some(with(upd.clone(), "datamartName", json!("Nope"))),
    )
    .await
    .assert_error(400, "INVALID_DATAMART");
    t.service(
        "PUT",
        DATAMARTS,
        Some(with(upd, "tableList", json!([{"name": "ghost"}]))),
    )
    .await
    .assert_error(400, "DATAMART_TABLE_NOT_FOUND");

    // Delete on the singular path.
    let del = t
        .service(
            "DELETE",
            "/api/v2/data-app/datamart?datamartName=Tenant+Mart",
            None,
        )
        .await;
    assert_eq!(del.ok(), &json!({"id": id}));
    t.service(
        "DELETE",
        "/api/v2/data-app/datamart?datamartName=Tenant+Mart",
        None,
    )
    .await
    .assert_error(400, "INVALID_DATAMART");
    t.service("DELETE", "/api/v2/data-app/datamart", None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.service("DELETE", DATAMARTS, None)
        .await
        .assert_error(405, "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn export_import_round_trips_a_dashboard() {
    let t = Ctx::new().await;
    let export = t
        .service(
            "POST",
            "/api/v2/data-app/export-dashboard",
            Some(
                json!({"dashboardId": ids::DASHBOARD_SALES, "workspaceName": ids::WORKSPACE_SALES}),
            ),
        )
        .await;
    let doc = export.ok().clone();
    assert_eq!(doc["_meta"]["dashboardId"], ids::DASHBOARD_SALES);
    assert_eq!(doc["_meta"]["workspaceName"], ids::WORKSPACE_SALES);
    assert!(doc["_meta"]["exportedAt"].is_string());
    assert_eq!(doc["data"]["dashboard"]["name"], "Sales Overview");
    let metrics = doc["data"]["metrics"].as_array().unwrap();
    assert_eq!(
        metrics.len(),
        3,
        "a tenant's private metric is not exported"
    );

    let r = t
        .service(
            "POST",
            "/api/v2/data-app/import-dashboard",
            Some(json!({
        "workspaceName": ids::WORKSPACE_FINANCE, "importDashboardData": doc,
        "schemaPairs": [{"replaceSchema": "public", "targetSchema": "tenant_7"}]})),
        )
        .await;
    let resp = &r.ok()["data"]["response"];
    let new_id = resp["dashboardId"].as_str().unwrap().to_owned();
    assert_eq!(
        new_id,
        format!("{}-2", ids::DASHBOARD_SALES),
        "the source id is taken"
    );
    assert_eq!(resp["dashboardName"], "Sales Overview");
    assert_eq!(resp["workspaceName"], ids::WORKSPACE_FINANCE);
    assert!(resp["message"].is_string());

    let again = t
        .service(
            "POST",
            "/api/v2/data-app/export-dashboard",
            Some(json!({"dashboardId": new_id, "workspaceName": ids::WORKSPACE_FINANCE})),
        )
        .await;
    let copy = again.ok();
    assert_eq!(
        copy["data"]["dashboard"]["name"],
        doc["data"]["dashboard"]["name"]
    );
    assert_eq!(
        copy["data"]["dashboard"]["metadata"],
        doc["data"]["dashboard"]["metadata"]
    );
    let strip = |ms: &Value| -> Vec<Value> {
        ms.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let mut m = m.clone();
                m.as_object_mut().unwrap().remove("metricId");
                m["query"] = json!(m["query"].as_str().unwrap().replace("tenant_7.", "public."));
                m
            })
            .collect()
    };
    assert_eq!(
        strip(&copy["data"]["metrics"]),
        strip(&doc["data"]["metrics"]),
        "same metrics, new ids"
    );
    assert!(
        copy["data"]["metrics"][0]["query"]
            .as_str()
            .unwrap()
            .contains("tenant_7.orders")
    );
    assert!(
        copy["data"]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["metricId"] != ids::METRIC_REVENUE)
    );
    let ws = t
        .service(
            "POST",
            "/api/v2/workspace/dashboards",
            Some(json!({"workspaceName": ids::WORKSPACE_FINANCE})),
        )
        .await;
    assert_eq!(
        ws.names("externalDashboardId"),
        [ids::DASHBOARD_FINANCE.to_owned(), new_id]
    );

    // Chosen id and name; a serialised document is read too.
    let r = t
        .service(
            "POST",
            "/api/v2/data-app/import-dashboard",
            Some(json!({
        "workspaceName": ids::WORKSPACE_PRODUCT, "importDashboardData": doc.to_string(),
        "dashboardId": "dash-copy", "dashboardName": "Copy"})),
        )
        .await;
    assert_eq!(r.ok()["data"]["response"]["dashboardId"], "dash-copy");
    assert_eq!(r.json["data"]["response"]["dashboardName"], "Copy");

    let import = |b: Value| t.service("POST", "/api/v2/data-app/import-dashboard", Some(b));
    import(json!({"workspaceName": ids::WORKSPACE_PRODUCT, "importDashboardData": doc, "dashboardId": "dash-copy"})).await.assert_error(400, "INVALID_DASHBOARD_ID");
    import(json!({"workspaceName": "Ghost", "importDashboardData": doc}))
        .await
        .assert_error(400, "INVALID_WORKSPACE_NAME");
    import(json!({"workspaceName": ids::WORKSPACE_PRODUCT, "importDashboardData": {"data": {}}}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    import(json!({"workspaceName": ids::WORKSPACE_PRODUCT}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    import(json!({"workspaceName": ids::WORKSPACE_PRODUCT, "importDashboardData": doc, "schemaPairs": [{"replaceSchema": "a"}]})).await.assert_error(400, "INVALID_REQUEST_BODY");
    let export = |b: Value| t.service("POST", "/api/v2/data-app/export-dashboard", Some(b));
    export(json!({"dashboardId": ids::DASHBOARD_SALES, "workspaceName": ids::WORKSPACE_FINANCE}))
        .await
        .assert_error(400, "INVALID_DASHBOARD_ID");
    export(json!({"dashboardId": ids::DASHBOARD_SALES, "workspaceName": "Ghost"}))
        .await
        .assert_error(400, "INVALID_WORKSPACE_NAME");
    export(json!({"dashboardId": ids::DASHBOARD_SALES}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.da(
        "POST",
        "/api/v2/data-app/export-dashboard",
        Some(json!({"dashboardId": ids::DASHBOARD_SALES, "workspaceName": "Sales"})),
    )
    .await
    .assert_error(401, "AUTHENTICATION_ERROR");
}
