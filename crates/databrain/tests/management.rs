//! The management rows over real HTTP against databrain-mock: what was sent (method, path,
//! query, body), every envelope parsed, errors classified, pagination, legacy forms, retry
//! safety, validation before sending, credentials.

use std::collections::HashSet;
use std::time::Duration;

use databrain::management::api_tokens::RotateApiToken;
use databrain::management::datamarts::{CreateDatamart, DatamartTable, UpdateDatamart};
use databrain::management::discovery::{ExportDashboard, ImportDashboard, ListDashboards, ListMetrics, QueryMetric};
use databrain::management::embeds::{AccessSettings, CreateDashboardEmbed, CreateEmbed, ListReports, RenameEmbed, UpdateEmbed};
use databrain::management::workspaces::{WorkspaceMetrics, WorkspaceRequest};
use databrain::management::{OPERATIONS, operation};
use databrain::{
    ApiTokenRequest, CallOptions, Client, Credential, ENDPOINTS, Error, ErrorKind, Idempotency, ListOptions, Method, Request,
};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer, RecordedRequest, seed_ids as ids};
use serde_json::{Value, json};

fn client(mock: &MockServer) -> Client {
    builder(mock).build().unwrap()
}

fn builder(mock: &MockServer) -> databrain::ClientBuilder {
    Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .service_token(DEFAULT_SERVICE_TOKEN)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
}

fn fault(value: Value) -> Fault {
    serde_json::from_value(value).unwrap()
}

fn last(mock: &MockServer) -> RecordedRequest {
    mock.requests().last().cloned().expect("a request was recorded")
}

/// `method path?query` of the last request, and its body.
fn sent(mock: &MockServer) -> (String, Option<Value>) {
    let r = last(mock);
    let q = r.query.map(|q| format!("?{q}")).unwrap_or_default();
    (format!("{} {}{q}", r.method, r.path), r.body)
}

fn embed_access() -> AccessSettings {
    AccessSettings { is_allow_email_reports: Some(true), ..AccessSettings::datamart(ids::DATAMART_SALES) }
}

#[test]
fn the_table_is_complete_and_consistent() {
    assert_eq!(OPERATIONS.len(), 33);
    let names: HashSet<_> = OPERATIONS.iter().map(|o| o.name()).collect();
    assert_eq!(names.len(), 33, "names are unique");
    for op in OPERATIONS {
        let e = &op.endpoint;
        assert!(ENDPOINTS.contains(e), "{} is exported in ENDPOINTS", e.name);
        match e.method {
            Method::Get | Method::Put | Method::Delete => assert_eq!(e.idempotency, Idempotency::Safe, "{}", e.name),
            Method::Post => {}
        }
        // The creating POSTs are exactly the NotSafe ones.
        let creates = matches!(
            e.name,
            "data_apps.create"
                | "api_tokens.rotate"
                | "embeds.create"
                | "embeds.create_dashboard_embed"
                | "workspaces.create"
                | "datamarts.create"
                | "dashboards.import"
                | "semantic_layer.create"
        );
        assert_eq!(e.idempotency == Idempotency::NotSafe, creates, "{}", e.name);
        assert!(operation(e.name).is_ok());
        if op.paginated {
            assert!(op.response.starts_with("Vec<"), "{}", e.name);
        }
    }
    assert_eq!(ENDPOINTS.len(), 35);
    let err = operation("data_apps.lst").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

#[tokio::test]
async fn data_apps_round_trip() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let apps = c.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(apps.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["sales-dashboard", "Customer Portal Analytics"]);
    assert_eq!(apps[0].embed_count, Some(2));
    assert_eq!(apps[0].embeds.len(), 2);
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app?isPagination=true&pageNumber=1");
    assert_eq!(last(&mock).auth.as_deref(), Some("serviceToken"));

    assert_eq!(c.data_apps().create("Tenant App").await.unwrap().name, "Tenant App");
    assert_eq!(sent(&mock), ("POST /api/v2/data-app".into(), Some(json!({"name": "Tenant App"}))));
    let e = c.data_apps().create("Tenant App").await.unwrap_err();
    assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::BadRequest, "DATA_APP_ALREADY_EXISTS", Some(400)));

    assert_eq!(c.data_apps().rename("Tenant App", "Tenant Two").await.unwrap().name, "Tenant Two");
    assert_eq!(sent(&mock), ("PUT /api/v2/data-app".into(), Some(json!({"name": "Tenant App", "updateName": "Tenant Two"}))));
    let e = c.data_apps().rename("nope", "x").await.unwrap_err();
    assert_eq!((e.kind(), e.code()), (ErrorKind::NotFound, "DATA_APP_NOT_FOUND"));

    assert_eq!(c.data_apps().delete("Tenant Two").await.unwrap().name, "Tenant Two");
    assert_eq!(sent(&mock), ("DELETE /api/v2/data-app?name=Tenant+Two".into(), None));
    assert_eq!(c.data_apps().delete("Tenant Two").await.unwrap_err().kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn api_tokens_list_and_rotate_in_both_forms() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let key = c.api_tokens().create(&ApiTokenRequest::new("sales-dashboard", "Second key")).await.unwrap();
    let keys = c.api_tokens().list("sales-dashboard", &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(keys.iter().any(|k| k.key == key && k.name.as_deref() == Some("Second key")));
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app/api-tokens?dataAppName=sales-dashboard&isPagination=true&pageNumber=1");
    let e = c.api_tokens().list("nope", &ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);

    // Rotate the key the client holds (DA), with a grace period given as a numeric string.
    let rotating = Client::builder().base_url(mock.url()).api_key(&key).build().unwrap();
    let request = RotateApiToken { key: None, expire_at: json!("60") };
    let new = rotating.api_tokens().rotate(&request).await.unwrap();
    assert_ne!(new.key, key);
    assert!(!format!("{new:?}").contains(&new.key), "Debug never prints a key");
    let r = last(&mock);
    assert_eq!((r.method.as_str(), r.path.as_str(), r.body), ("POST", "/api/v2/data-app/rotate-api", Some(json!({"expireAt": "60"}))));
    assert_eq!(r.auth.as_deref(), Some("apiKey:sales-dashboard"));

    // The older form: service token, the key in the body; it is required there.
    let legacy = c.api_tokens().legacy(true);
    let e = legacy.rotate(&RotateApiToken::new(0)).await.unwrap_err();
    assert_eq!(e.field_errors()[0].path, "key");
    assert_eq!(mock.request_count("/api/v2/data-app/rotate-api"), 1, "nothing sent");
    let rotated = legacy.rotate(&RotateApiToken { key: Some(new.key.clone()), expire_at: json!(0) }).await.unwrap();
    assert_ne!(rotated.key, new.key);
    assert_eq!(last(&mock).auth.as_deref(), Some("serviceToken"));
    // The old key stopped at once (expireAt 0): the server says the key is invalid.
    let stale = Client::builder().base_url(mock.url()).api_key(&new.key).build().unwrap();
    let e = stale.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::Authentication, "INVALID_DATA_APP_API_KEY", Some(400)));

    // A negative grace period never leaves.
    let e = rotating.api_tokens().rotate(&RotateApiToken { key: None, expire_at: json!(-1) }).await.unwrap_err();
    assert_eq!(e.field_errors()[0].path, "expireAt");
}

#[tokio::test]
async fn embeds_every_call() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let create = CreateEmbed {
        dashboard_id: ids::DASHBOARD_CUSTOMERS.into(),
        embed_type: "dashboard".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        name: Some("Health".into()),
        access_settings: embed_access(),
        ..Default::default()
    };
    let id = c.embeds().create(&create).await.unwrap().id;
    let (line, body) = sent(&mock);
    assert_eq!(line, "POST /api/v2/data-app/embeds");
    assert_eq!(
        body.unwrap(),
        json!({"dashboardId": ids::DASHBOARD_CUSTOMERS, "embedType": "dashboard", "workspaceName": "Sales", "name": "Health",
               "accessSettings": {"datamartName": "Sales Mart", "isAllowEmailReports": true}})
    );
    assert_eq!(last(&mock).auth.as_deref(), Some("apiKey:sales-dashboard"));

    // Legacy path.
    c.embeds().legacy(true).create(&create).await.unwrap();
    assert_eq!(last(&mock).path, "/api/v2/dataApp/embeds");

    let update = UpdateEmbed { embed_id: id.clone(), access_settings: AccessSettings { is_allow_ai_pilot: Some(true), ..Default::default() } };
    assert_eq!(c.embeds().update(&update).await.unwrap().id, id);
    assert_eq!(sent(&mock), ("PUT /api/v2/data-app/embeds".into(), Some(json!({"embedId": id, "accessSettings": {"isAllowAiPilot": true}}))));

    let rename = RenameEmbed { embed_id: id.clone(), name: "Renamed".into(), is_rename_dashboard: Some(false) };
    let renamed = c.embeds().rename(&rename).await.unwrap();
    assert_eq!((renamed.id.as_str(), renamed.name.as_str()), (id.as_str(), "Renamed"));
    assert_eq!(sent(&mock).0, "PUT /api/v2/data-app/embeds/rename");

    let embeds = c.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    let mine = embeds.iter().find(|e| e.embed_id == id).unwrap();
    assert_eq!(mine.name.as_deref(), Some("Renamed"));
    assert_eq!(mine.external_dashboard.as_ref().unwrap().external_dashboard_id.as_deref(), Some(ids::DASHBOARD_CUSTOMERS));
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app/embeds?isPagination=true&pageNumber=1");

    let doc = c.embeds().export(&id).await.unwrap();
    assert_eq!(doc["_meta"]["embedId"], json!(id));
    assert_eq!(sent(&mock).0, format!("GET /api/v2/data-app/embeds/export?embedId={id}"));

    let per_tenant = CreateDashboardEmbed {
        dashboard_id: "dash-acme".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        client_id: "acme".into(),
        template_dashboard_id: Some(ids::DASHBOARD_TEMPLATE.into()),
        metadata: Some(json!({"tier": "gold"}).as_object().unwrap().clone()),
        access_settings: AccessSettings::datamart(ids::DATAMART_SALES),
        ..Default::default()
    };
    let made = c.embeds().create_dashboard_embed(&per_tenant).await.unwrap();
    assert!(made.name.contains("acme"), "{}", made.name);
    assert_eq!(sent(&mock).0, "POST /api/v2/data-app/dashboard-embeds");

    let reports = ListReports { embed_id: ids::EMBED_SALES.into(), client_id: ids::CLIENT_TEAM_1.into() };
    let list = c.embeds().list_reports(&reports, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(!list.is_empty());
    assert!(list[0].time_configurations.as_ref().unwrap().frequency.is_some());
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app/embeds/reports?embedId=emb-sales-overview&clientId=Team+1&isPagination=true&pageNumber=1");

    assert_eq!(c.embeds().delete(&id, false).await.unwrap().id, id);
    assert_eq!(sent(&mock).0, format!("DELETE /api/v2/data-app/embeds?embedId={id}&isDeleteDashboard=false"));
    let e = c.embeds().delete(&id, false).await.unwrap_err();
    assert_eq!((e.kind(), e.code()), (ErrorKind::BadRequest, "INVALID_EMBED_ID"));

    // Server-side reference errors keep their documented code.
    let bad = CreateEmbed { workspace_name: "Nope".into(), ..create.clone() };
    assert_eq!(c.embeds().create(&bad).await.unwrap_err().code(), "INVALID_WORKSPACE_NAME");
    let bad = CreateEmbed { access_settings: AccessSettings::datamart("Nope"), ..create };
    assert_eq!(c.embeds().create(&bad).await.unwrap_err().code(), "INVALID_DATAMART");
}

#[tokio::test]
async fn discovery_and_query() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let all = c.dashboards().list(&ListDashboards::default(), &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(all.len(), 2, "one per embed of the data app");
    let filter = ListDashboards { dashboard_names: Some(vec!["Sales Overview".into(), "Nope".into()]) };
    let one = c.dashboards().list(&filter, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(!one.is_empty() && one.iter().all(|d| d.external_dashboard_id == ids::DASHBOARD_SALES));
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app/dashboards?dashboardNames=Sales+Overview&dashboardNames=Nope&isPagination=true&pageNumber=1");
    // Legacy: POST with the fields in the body.
    let legacy = c.dashboards().legacy(true).list(&filter, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(legacy, one);
    assert_eq!(
        sent(&mock),
        (
            "POST /api/v2/dataApp/dashboards".into(),
            Some(json!({"dashboardNames": ["Sales Overview", "Nope"], "isPagination": "true", "pageNumber": 1}))
        )
    );

    let metrics = ListMetrics { embed_id: ids::EMBED_SALES.into(), client_id: ids::CLIENT_TEAM_1.into(), is_metric: Some(false) };
    let list = c.metrics().list(&metrics).await.unwrap();
    assert!(list.iter().any(|m| m.metric_id == ids::METRIC_PRIVATE), "a client sees its own metric");
    assert_eq!(sent(&mock).0, "GET /api/v2/data-app/metrics?embedId=emb-sales-overview&clientId=Team+1&isMetric=false");
    let other = ListMetrics { client_id: "someone else".into(), ..metrics.clone() };
    assert!(!c.metrics().list(&other).await.unwrap().iter().any(|m| m.metric_id == ids::METRIC_PRIVATE));
    let wrong = ListMetrics { is_metric: Some(true), ..metrics };
    assert_eq!(c.metrics().list(&wrong).await.unwrap_err().code(), "EMBED_PARAM_ERROR");

    let query = QueryMetric {
        embed_id: ids::EMBED_SALES.into(),
        metric_id: ids::METRIC_REVENUE.into(),
        client_id: "acme".into(),
        ..Default::default()
    };
    let result = c.metrics().query(&query).await.unwrap();
    assert_eq!(result.data.len(), 12);
    assert_eq!(result.total_records, Some(12));
    assert_eq!(result.metric_id.as_deref(), Some(ids::METRIC_REVENUE), "the wire's `metricid`");
    assert!(!result.meta_data.unwrap().columns.is_empty());
    assert_eq!(sent(&mock), ("POST /api/v2/data-app/query".into(), Some(serde_json::to_value(&query).unwrap())));
    c.metrics().legacy(true).query(&query).await.unwrap();
    assert_eq!(last(&mock).path, "/api/v2/dataApp/query");
    let bad = QueryMetric { datasource_name: Some("nope".into()), ..query };
    assert_eq!(c.metrics().query(&bad).await.unwrap_err().code(), "DATASOURCE_NAME_ERROR");
}

#[tokio::test]
async fn workspaces_every_call_and_the_credential_override() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let names: Vec<String> = c.workspaces().list(&ListOptions::all()).unwrap().collect_all().await.unwrap().into_iter().map(|w| w.name).collect();
    assert!(names.contains(&ids::WORKSPACE_SALES.to_owned()));
    let ws = WorkspaceRequest {
        name: "Tenant WS".into(),
        connection_type: "DATAMART".into(),
        datamart_name: Some(ids::DATAMART_SALES.into()),
        ..Default::default()
    };
    assert_eq!(c.workspaces().create(&ws).await.unwrap().name, "Tenant WS");
    assert_eq!(
        sent(&mock),
        ("POST /api/v2/workspace".into(), Some(json!({"name": "Tenant WS", "connectionType": "DATAMART", "datamartName": "Sales Mart"})))
    );
    let repoint = WorkspaceRequest {
        connection_type: "DATASOURCE".into(),
        datasource_name: Some(ids::DATASOURCE_POSTGRES.into()),
        datamart_name: None,
        ..ws
    };
    assert_eq!(c.workspaces().update(&repoint).await.unwrap().name, "Tenant WS");
    assert_eq!(sent(&mock).0, "PUT /api/v2/workspace");

    let dashboards = c.workspaces().list_dashboards(ids::WORKSPACE_SALES, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(dashboards.iter().any(|d| d.external_dashboard_id == ids::DASHBOARD_SALES));
    assert_eq!(
        sent(&mock),
        (
            "POST /api/v2/workspace/dashboards".into(),
            Some(json!({"workspaceName": "Sales", "isPagination": "true", "pageNumber": 1}))
        )
    );
    let metrics = WorkspaceMetrics { workspace_name: ids::WORKSPACE_SALES.into(), dashboard_id: Some(ids::DASHBOARD_SALES.into()) };
    let list = c.workspaces().list_metrics(&metrics, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(list.iter().any(|m| m.metric_id == ids::METRIC_PRIVATE), "the service token sees private metrics");
    let e = c.workspaces().list_dashboards("Nope", &ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::NotFound, "WORKSPACE_ID_ERROR", Some(404)));

    let deleted = c.workspaces().delete("Tenant WS").await.unwrap();
    assert!(!deleted.id.is_empty());
    assert_eq!(sent(&mock).0, "DELETE /api/v2/workspace?name=Tenant+WS");

    // The older docs' credential, on request: the (newer) mock refuses it, classified.
    let e = c.workspaces().credential(Credential::ApiKey).list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::Authentication, "AUTHENTICATION_ERROR", Some(401)));
    assert_eq!(last(&mock).auth.as_deref(), Some("apiKey:sales-dashboard"));
}

#[tokio::test]
async fn datamarts_every_call_and_the_legacy_create() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let create = CreateDatamart {
        name: "Tenant Mart".into(),
        datasource_name: ids::DATASOURCE_POSTGRES.into(),
        table_list: vec![DatamartTable { schema_name: Some("public".into()), ..DatamartTable::new("orders") }],
        tenancy_settings: Some(json!({"tenancyLevel": "TABLE", "clientColumnType": "STRING"}).as_object().unwrap().clone()),
    };
    let id = c.datamarts().create(&create).await.unwrap().id;
    assert_eq!(sent(&mock), ("POST /api/v2/data-app/datamarts".into(), Some(serde_json::to_value(&create).unwrap())));
    let legacy = CreateDatamart { name: "Legacy Mart".into(), ..create.clone() };
    c.datamarts().legacy(true).create(&legacy).await.unwrap();
    assert_eq!(last(&mock).path, "/api/v2/dataApp/datamart/create");

    let update = UpdateDatamart { datamart_name: "Tenant Mart".into(), table_list: vec![DatamartTable::new("customers")] };
    assert_eq!(c.datamarts().update(&update).await.unwrap().id, id);
    assert_eq!(sent(&mock).0, "PUT /api/v2/data-app/datamarts");

    let marts = c.datamarts().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert!(marts.iter().any(|m| m.name == "Tenant Mart"));
    assert_eq!(c.datamarts().delete("Tenant Mart").await.unwrap().id, id);
    assert_eq!(sent(&mock).0, "DELETE /api/v2/data-app/datamart?datamartName=Tenant+Mart");
    assert_eq!(c.datamarts().delete("Tenant Mart").await.unwrap_err().code(), "INVALID_DATAMART");

    let bad = CreateDatamart { table_list: vec![DatamartTable::new("no_such_table")], name: "X".into(), ..create };
    assert_eq!(c.datamarts().create(&bad).await.unwrap_err().code(), "DATAMART_TABLE_NOT_FOUND");
}

#[tokio::test]
async fn dashboard_export_import_round_trip() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let export = ExportDashboard { dashboard_id: ids::DASHBOARD_SALES.into(), workspace_name: ids::WORKSPACE_SALES.into() };
    let doc = c.dashboards().export(&export).await.unwrap();
    assert!(doc["_meta"].is_object() && doc["data"]["dashboard"].is_object());
    assert_eq!(sent(&mock), ("POST /api/v2/data-app/export-dashboard".into(), Some(serde_json::to_value(&export).unwrap())));
    let import = ImportDashboard {
        workspace_name: ids::WORKSPACE_PRODUCT.into(),
        import_dashboard_data: doc.clone(),
        dashboard_name: Some("Copied".into()),
        ..Default::default()
    };
    let result = c.dashboards().import(&import).await.unwrap();
    let made = result.dashboard().unwrap();
    assert_eq!((made.dashboard_name.as_deref(), made.workspace_name.as_deref()), (Some("Copied"), Some(ids::WORKSPACE_PRODUCT)));
    assert_eq!(sent(&mock).0, "POST /api/v2/data-app/import-dashboard");
    // The document as JSON text is accepted too.
    let as_text = ImportDashboard { import_dashboard_data: Value::String(doc.to_string()), dashboard_name: None, ..import };
    c.dashboards().import(&as_text).await.unwrap();
}

#[tokio::test]
async fn pagination_25_items_is_10_10_5_and_one_page_on_request() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    for i in 0..23 {
        c.data_apps().create(format!("App {i:02}")).await.unwrap();
    }
    mock.clear_requests();
    let mut pages = c.data_apps().list(&ListOptions::all()).unwrap();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next_page().await.unwrap() {
        sizes.push(page.len());
    }
    assert_eq!(sizes, [10, 10, 5]);
    let queries: Vec<_> = mock.requests().into_iter().map(|r| r.query.unwrap()).collect();
    assert_eq!(queries, ["isPagination=true&pageNumber=1", "isPagination=true&pageNumber=2", "isPagination=true&pageNumber=3"]);
    assert!(pages.next_page().await.unwrap().is_none(), "stays exhausted");
    assert_eq!(mock.requests().len(), 3, "no request after the short page");

    // Item by item, the same 25.
    let mut items = c.data_apps().list(&ListOptions::all()).unwrap();
    let mut n = 0;
    while let Some(app) = items.next().await {
        app.unwrap();
        n += 1;
    }
    assert_eq!(n, 25);

    // One page only.
    mock.clear_requests();
    let second = c.data_apps().list(&ListOptions::page(2)).unwrap().collect_all().await.unwrap();
    assert_eq!(second.len(), 10);
    assert_eq!(mock.requests().len(), 1);
    assert_eq!(mock.requests()[0].query.as_deref(), Some("isPagination=true&pageNumber=2"));

    // A full last page costs one more (empty) request.
    c.data_apps().delete("App 00").await.unwrap();
    c.data_apps().delete("App 01").await.unwrap();
    c.data_apps().delete("App 02").await.unwrap();
    c.data_apps().delete("App 03").await.unwrap();
    c.data_apps().delete("App 04").await.unwrap();
    mock.clear_requests();
    assert_eq!(c.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap().len(), 20);
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_creating_post_is_not_resent_after_a_500_or_a_timeout_but_a_get_is() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    mock.inject(Fault::status(500).on("/api/v2/data-app"));
    let e = c.data_apps().create("Once").await.unwrap_err();
    assert_eq!((e.kind(), e.attempts()), (ErrorKind::Server, 1));
    assert_eq!(mock.request_count("/api/v2/data-app"), 1);

    mock.inject(Fault::status(503).on("/api/v2/data-app"));
    c.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(mock.request_count("/api/v2/data-app"), 3, "the GET was retried");

    // A PUT is safe to retry: same end state.
    mock.inject(Fault::status(502).on("/api/v2/data-app"));
    c.data_apps().rename("sales-dashboard", "sales-dashboard").await.unwrap();
    assert_eq!(mock.request_count("/api/v2/data-app"), 5);

    // Timeouts: the embed create is sent once, the embed list twice.
    let slow = builder(&mock).timeout(Duration::from_millis(200)).build().unwrap();
    mock.inject(fault(json!({"kind": "delay", "ms": 600, "path": "/api/v2/data-app/embeds"})));
    let create = CreateEmbed {
        dashboard_id: ids::DASHBOARD_CUSTOMERS.into(),
        embed_type: "dashboard".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        access_settings: embed_access(),
        ..Default::default()
    };
    let e = slow.embeds().create(&create).await.unwrap_err();
    assert_eq!((e.kind(), e.attempts()), (ErrorKind::Timeout, 1));
    assert_eq!(mock.request_count("/api/v2/data-app/embeds"), 1);
    mock.inject(fault(json!({"kind": "delay", "ms": 600, "path": "/api/v2/data-app/embeds"})));
    slow.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(mock.request_count("/api/v2/data-app/embeds"), 3);

    // A 429 is retried even for a creating POST.
    mock.inject(fault(json!({"kind": "status", "status": 429, "retryAfter": "0", "path": "/api/v2/data-app"})));
    c.data_apps().create("After 429").await.unwrap();
}

#[tokio::test]
async fn invalid_requests_never_leave_and_name_their_fields() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let e = c.data_apps().create("semi;colon").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.field_errors()[0].path, "name");

    let create = CreateEmbed {
        dashboard_id: String::new(),
        embed_type: "metric".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        access_settings: AccessSettings {
            join_model: Some("triple".into()),
            table_tenancy_settings: Some(vec![Default::default()]),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = c.embeds().create(&create).await.unwrap_err();
    let paths: Vec<_> = e.field_errors().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dashboardId",
            "accessSettings.joinModel",
            "accessSettings.tableTenancySettings[0].name",
            "accessSettings.tableTenancySettings[0].clientColumn",
            "accessSettings.datamartName",
            "metricId",
        ],
        "{e}"
    );

    let ws = WorkspaceRequest { name: "W".into(), connection_type: "DATASOURCE".into(), ..Default::default() };
    let e = c.workspaces().create(&ws).await.unwrap_err();
    assert_eq!(e.field_errors()[0].path, "datasourceName");
    assert!(e.field_errors()[0].message.contains("DATASOURCE"));

    let empty = CreateDatamart { name: "M".into(), datasource_name: "d".into(), ..Default::default() };
    assert_eq!(c.datamarts().create(&empty).await.unwrap_err().field_errors()[0].path, "tableList");

    let import = ImportDashboard { workspace_name: "W".into(), import_dashboard_data: json!("not json"), ..Default::default() };
    assert_eq!(c.dashboards().import(&import).await.unwrap_err().field_errors()[0].path, "importDashboardData");
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_missing_credential_names_the_one_needed() {
    let mock = MockServer::start().await.unwrap();
    let only_key = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
    let e = only_key.data_apps().create("x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.to_string().contains("service token"), "{e}");
    let only_svc = Client::builder().base_url(mock.url()).service_token(DEFAULT_SERVICE_TOKEN).build().unwrap();
    let e = only_svc.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert!(e.to_string().contains("data-app API key"), "{e}");
    // The legacy rotation needs the service token instead of the key.
    let e = only_key.api_tokens().legacy(true).rotate(&RotateApiToken { key: Some("k".into()), expire_at: json!(0) }).await.unwrap_err();
    assert!(e.to_string().contains("service token"), "{e}");
    // An override that names a missing credential says so too.
    let e = only_key.workspaces().credential(Credential::ServiceToken).delete("x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn malformed_answers_are_decode_errors_that_say_what_was_wrong() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    mock.inject(fault(json!({"kind": "missingToken", "path": "/api/v2/data-app"})));
    let e = c.data_apps().create("New").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("`name`"), "{e}");
    mock.inject(fault(json!({"kind": "missingToken", "path": "/api/v2/data-app"})));
    let e = c.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert!(e.to_string().contains("no `data`"), "{e}");
    mock.inject(fault(json!({"kind": "malformedJson", "status": 200, "path": "/api/v2/workspace"})));
    let e = c.workspaces().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert!(e.to_string().contains("not valid JSON"), "{e}");
    mock.inject(fault(json!({"kind": "html", "status": 502, "path": "/api/v2/workspace"})));
    mock.inject(fault(json!({"kind": "html", "status": 502, "path": "/api/v2/workspace"})));
    mock.inject(fault(json!({"kind": "html", "status": 502, "path": "/api/v2/workspace"})));
    let e = c.workspaces().delete("Sales").await.unwrap_err();
    assert_eq!((e.kind(), e.attempts()), (ErrorKind::Server, 3));
}

#[tokio::test]
async fn rows_by_name_with_loose_input() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let none = CallOptions::default();
    // snake_case keys, extraBody merged after validation.
    let input = json!({"name": "Loose App", "extra_body": {"description": "hi"}});
    let out = c.call_json("data_apps.create", &&input, &none, &ListOptions::all()).await.unwrap();
    assert_eq!(out, json!({"name": "Loose App"}));
    assert_eq!(last(&mock).body, Some(json!({"name": "Loose App", "description": "hi"})));

    let apps = c.call_json("data_apps.list", &&Value::Null, &none, &ListOptions::all()).await.unwrap();
    assert_eq!(apps.as_array().unwrap().len(), 3);
    let input = json!({"embed_id": ids::EMBED_SALES, "client_id": ids::CLIENT_TEAM_1});
    let reports = c.call_json("embeds.list_reports", &&input, &none, &ListOptions::all()).await.unwrap();
    assert!(reports[0]["timeConfigurations"].is_object(), "unknown fields kept: {reports}");

    let e = c.call_json("data_apps.rename", &&json!({"name": "x", "updateNmae": "y"}), &none, &ListOptions::all()).await.unwrap_err();
    let messages: Vec<_> = e.field_errors().iter().map(|f| f.to_string()).collect();
    assert_eq!(messages, ["updateNmae: unknown field `updateNmae`, did you mean `updateName`?", "updateName: is required"]);

    // Typed parsing of the same loose input.
    let typed = databrain::management::embeds::RenameEmbed::from_loose(&json!({"embed_id": "e", "name": "n", "is_rename_dashboard": true})).unwrap();
    assert_eq!(typed.is_rename_dashboard, Some(true));
    assert_eq!(RenameEmbed::OPERATION.name(), "embeds.rename");
    let e = RenameEmbed::from_loose(&json!({"embedId": 1})).unwrap_err();
    let paths: Vec<_> = e.field_errors().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["embedId", "name"]);
    assert!(RenameEmbed { embed_id: "e".into(), name: " ".into(), is_rename_dashboard: None }.validate().is_err());

    // A paginated stream of JSON items, one page.
    let mut pages = c.paginate_json("workspaces.list", &&Value::Null, &none, &ListOptions::page(1)).unwrap();
    assert!(pages.next_page().await.unwrap().is_some());
    assert!(pages.next_page().await.unwrap().is_none());
    assert!(matches!(c.paginate_json("data_apps.create", &&input, &none, &ListOptions::all()), Err(Error::Configuration(_))));
}

/// Whether `got` holds `want`: every key of an object (others may be there too), every item of
/// a list of the same length, scalars equal (the vectors' `answer`).
fn holds(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w.iter().all(|(k, v)| g.get(k).is_some_and(|x| holds(x, v))),
        (Value::Array(g), Value::Array(w)) => g.len() == w.len() && g.iter().zip(w).all(|(x, v)| holds(x, v)),
        _ => got == want,
    }
}

/// `tests/vectors/management.json`, the cases Python and Node run too.
#[tokio::test]
async fn shared_management_vectors() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/management.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut covered = HashSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let call = case["call"].as_str().unwrap();
        covered.insert(call);
        let mock = MockServer::start().await.unwrap();
        let c = builder(&mock).service_token(case["serviceToken"].as_str().unwrap_or(DEFAULT_SERVICE_TOKEN)).build().unwrap();
        let o = &case["options"];
        let options = CallOptions {
            legacy: o["legacy"].as_bool().unwrap_or(false),
            credential: o["credential"].as_str().map(|c| match c {
                "apiKey" => Credential::ApiKey,
                "serviceToken" => Credential::ServiceToken,
                other => panic!("{name}: unknown credential {other}"),
            }),
        };
        let list = ListOptions { page: case["page"].as_u64().map(|n| n as u32) };
        let result = c.call_json(call, &&case["input"], &options, &list).await;
        if let Some(errors) = case["errors"].as_array() {
            let e = result.expect_err(name);
            assert_eq!(e.kind(), ErrorKind::Validation, "{name}: {e}");
            let got = e.field_errors();
            assert_eq!(got.len(), errors.len(), "{name}: {got:?}");
            for (want, got) in errors.iter().zip(got) {
                assert_eq!(want["path"].as_str().unwrap(), got.path, "{name}: {got:?}");
                if let Some(part) = want["contains"].as_str() {
                    assert!(got.message.contains(part), "{name}: {:?} lacks {part:?}", got.message);
                }
            }
            assert!(mock.requests().is_empty(), "{name}: nothing is sent");
            continue;
        }
        let want = &case["request"];
        let first = mock.requests().first().cloned().unwrap_or_else(|| panic!("{name}: nothing was sent"));
        assert_eq!(first.method, want["method"].as_str().unwrap(), "{name}");
        assert_eq!(first.path, want["path"].as_str().unwrap(), "{name}");
        let pairs: Vec<Value> = url::form_urlencoded::parse(first.query.unwrap_or_default().as_bytes())
            .map(|(k, v)| json!([k, v]))
            .collect();
        assert_eq!(Value::Array(pairs), want["query"], "{name}");
        assert_eq!(first.body.unwrap_or(Value::Null), want["body"], "{name}");
        match &case["result"] {
            Value::String(s) if s == "ok" => {
                let answer = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                if !case["answer"].is_null() {
                    assert!(holds(&answer, &case["answer"]), "{name}: {answer} does not hold {}", case["answer"]);
                }
            }
            expected => {
                let e = result.expect_err(name);
                let got = json!({"kind": e.kind().as_str(), "code": e.code(), "status": e.status()});
                assert_eq!(&got, expected, "{name}: {e}");
            }
        }
    }
    let missing: Vec<_> = OPERATIONS.iter().map(|o| o.name()).filter(|n| !covered.contains(n)).collect();
    assert!(missing.is_empty(), "every row has a vector: {missing:?}");
}
