//! The semantic-layer calls (and the dashboard-embed import fields, the reports' creator) over
//! real HTTP against databrain-mock: the typed accessor and its builders, the merge, the
//! documented errors, the 403, the credential check, validation and retry safety.

use std::time::Duration;

use databrain::management::datamarts::{CreateDatamart, DatamartTable};
use databrain::management::embeds::{AccessSettings, CreateDashboardEmbed, ListReports};
use databrain::management::semantic_layer::{CreateSemanticLayer, SemanticColumn, SemanticTable, UpdateSemanticLayer};
use databrain::{CallOptions, Client, Credential, ErrorKind, ListOptions};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer, seed_ids as ids};
use serde_json::{Value, json};

const PATH: &str = "/api/v2/data-app/datamarts/semantic-layer";

fn builder(mock: &MockServer) -> databrain::ClientBuilder {
    Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .service_token(DEFAULT_SERVICE_TOKEN)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
}

fn client(mock: &MockServer) -> Client {
    builder(mock).build().unwrap()
}

fn fault(value: Value) -> Fault {
    serde_json::from_value(value).unwrap()
}

fn events_layer() -> CreateSemanticLayer {
    CreateSemanticLayer::new(ids::DATAMART_EVENTS)
        .table(
            SemanticTable::new("events")
                .description("One row per product event")
                .synonyms(["activity"])
                .column(SemanticColumn::new("name").description("Event name").column_type("ENUM"))
                .column(SemanticColumn::new("tenant_id").identifier(true)),
        )
        .feedback("Events are append-only.")
}

#[tokio::test]
async fn create_get_update_delete_round_trip_with_a_partial_merge() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let layers = c.semantic_layer();

    let created = layers.create(&events_layer()).await.unwrap();
    assert_eq!(created.id, ids::DATAMART_EVENTS);
    let sent = mock.requests().last().cloned().unwrap();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", PATH));
    assert_eq!(sent.body.unwrap()["tables"][0]["columns"][1], json!({"name": "tenant_id", "isIdentifier": true}));

    let layer = layers.get(ids::DATAMART_EVENTS).await.unwrap();
    assert_eq!(layer.datamart_name, ids::DATAMART_EVENTS);
    assert_eq!(layer.feedback.as_deref(), Some("Events are append-only."));
    let events = layer.tables.iter().find(|t| t.name == "events").unwrap();
    assert_eq!(events.description.as_deref(), Some("One row per product event"));
    assert_eq!(events.synonyms, ["activity"]);
    assert_eq!(events.schema_name.as_deref(), Some("analytics"));
    let name = events.columns.iter().find(|c| c.name == "name").unwrap();
    assert_eq!((name.description.as_deref(), name.column_type.as_deref()), (Some("Event name"), Some("ENUM")));

    // Update: one column of one table; the rest keeps its values.
    let update = UpdateSemanticLayer::new(ids::DATAMART_EVENTS)
        .table(SemanticTable::new("events").column(SemanticColumn::new("tenant_id").description("The tenant")));
    assert_eq!(layers.update(&update).await.unwrap().id, ids::DATAMART_EVENTS);
    let after = layers.get(ids::DATAMART_EVENTS).await.unwrap();
    let events = after.tables.iter().find(|t| t.name == "events").unwrap();
    assert_eq!(events.description.as_deref(), Some("One row per product event"), "left out: kept");
    assert_eq!(events.synonyms, ["activity"]);
    let column = |n: &str| events.columns.iter().find(|c| c.name == n).unwrap();
    assert_eq!(column("name").description.as_deref(), Some("Event name"), "left out: kept");
    assert_eq!(column("tenant_id").description.as_deref(), Some("The tenant"));
    assert_eq!(column("tenant_id").is_identifier, Some(true), "not sent: kept");
    assert_eq!(after.feedback.as_deref(), Some("Events are append-only."), "feedback left out: kept");
    assert!(after.completion_score.unwrap() > layer.completion_score.unwrap());

    assert_eq!(layers.delete(ids::DATAMART_EVENTS).await.unwrap().id, ids::DATAMART_EVENTS);
    let gone = layers.get(ids::DATAMART_EVENTS).await.unwrap_err();
    assert_eq!((gone.kind(), gone.code(), gone.status()), (ErrorKind::NotFound, "SEMANTIC_LAYER_NOT_FOUND", Some(404)));
    // The datamart stays; a new layer can be created.
    layers.create(&events_layer()).await.unwrap();
}

#[tokio::test]
async fn the_documented_errors_are_classified() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let layers = c.semantic_layer();
    let exists = layers.create(&CreateSemanticLayer::new(ids::DATAMART_SALES)).await.unwrap_err();
    assert_eq!((exists.kind(), exists.code(), exists.status()), (ErrorKind::BadRequest, "SEMANTIC_LAYER_ALREADY_EXISTS", Some(400)));
    let unknown = layers.create(&CreateSemanticLayer::new("Nope")).await.unwrap_err();
    assert_eq!(unknown.code(), "INVALID_DATAMART");
    for e in [
        layers.update(&UpdateSemanticLayer::new(ids::DATAMART_EVENTS)).await.unwrap_err(),
        layers.delete(ids::DATAMART_EVENTS).await.unwrap_err(),
        layers.get(ids::DATAMART_EVENTS).await.unwrap_err(),
    ] {
        assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::NotFound, "SEMANTIC_LAYER_NOT_FOUND", Some(404)), "{e}");
    }
}

#[tokio::test]
async fn deleting_the_datamart_deletes_its_layer() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    c.semantic_layer().get(ids::DATAMART_SALES).await.unwrap();
    c.datamarts().delete(ids::DATAMART_SALES).await.unwrap();
    c.datamarts()
        .create(&CreateDatamart {
            name: ids::DATAMART_SALES.into(),
            datasource_name: ids::DATASOURCE_POSTGRES.into(),
            table_list: vec![DatamartTable::new("orders")],
            tenancy_settings: None,
        })
        .await
        .unwrap();
    let e = c.semantic_layer().get(ids::DATAMART_SALES).await.unwrap_err();
    assert_eq!(e.code(), "SEMANTIC_LAYER_NOT_FOUND", "a new datamart of the same name starts without a layer");
}

#[tokio::test]
async fn a_data_app_key_is_refused_with_403_permission_denied() {
    let mock = MockServer::start().await.unwrap();
    // A data-app key configured where the service token goes: the API answers 403.
    let c = builder(&mock).service_token(DEFAULT_API_KEY).build().unwrap();
    let e = c.semantic_layer().get(ids::DATAMART_SALES).await.unwrap_err();
    assert_eq!((e.kind(), e.code(), e.status()), (ErrorKind::PermissionDenied, "AUTHENTICATION_ERROR", Some(403)), "{e}");
    assert!(!e.to_string().contains(DEFAULT_API_KEY), "no credential in the error");
}

#[tokio::test]
async fn the_credential_check_names_the_service_token_before_sending() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let e = c.semantic_layer().credential(Credential::ApiKey).get(ids::DATAMART_SALES).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.to_string().contains("the service token"), "{e}");
    let options = CallOptions { credential: Some(Credential::ApiKey), legacy: false };
    let by_name = c.call_json("semantic_layer.delete", &&json!({"datamartName": "Sales Mart"}), &options, &ListOptions::all()).await;
    assert_eq!(by_name.unwrap_err().kind(), ErrorKind::Configuration);
    let without = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
    let e = without.semantic_layer().get(ids::DATAMART_SALES).await.unwrap_err();
    assert!(e.to_string().contains("service token"), "{e}");
    assert!(mock.requests().is_empty(), "nothing was sent");
    // The explicit documented credential is fine.
    c.semantic_layer().credential(Credential::ServiceToken).get(ids::DATAMART_SALES).await.unwrap();
}

#[tokio::test]
async fn validation_names_the_field_paths_and_sends_nothing() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let eleven: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
    let bad = CreateSemanticLayer::new("")
        .table(SemanticTable::new("events").synonyms(eleven.clone()).column(SemanticColumn::new("name").synonyms(eleven)))
        .table(SemanticTable::new(""));
    let e = c.semantic_layer().create(&bad).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let paths: Vec<&str> = e.field_errors().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["datamartName", "tables[0].synonyms", "tables[0].columns[0].synonyms", "tables[1].name"], "{e}");
    assert!(e.field_errors()[1].message.contains("at most 10"), "{e}");
    let ten: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
    let ok = UpdateSemanticLayer::new(ids::DATAMART_SALES).table(SemanticTable::new("orders").synonyms(ten));
    assert!(mock.requests().is_empty());
    c.semantic_layer().update(&ok).await.unwrap();
}

#[tokio::test]
async fn create_is_never_resent_once_it_may_have_arrived_but_update_is() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    mock.inject(fault(json!({"kind": "status", "status": 503, "path": PATH, "method": "POST", "afterHandling": true})));
    let e = c.semantic_layer().create(&events_layer()).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(mock.request_count(PATH), 1, "a create is not re-sent");
    // It did arrive: the layer is there.
    c.semantic_layer().get(ids::DATAMART_EVENTS).await.unwrap();

    mock.inject(fault(json!({"kind": "status", "status": 503, "path": PATH, "method": "PUT"})));
    let before = mock.request_count(PATH);
    let update = UpdateSemanticLayer::new(ids::DATAMART_EVENTS).feedback("now");
    c.semantic_layer().update(&update).await.unwrap();
    assert_eq!(mock.request_count(PATH), before + 2, "an update is retried");
}

#[tokio::test]
async fn the_legacy_camel_case_path_answers_too() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let layer = c.semantic_layer().legacy(true).get(ids::DATAMART_SALES).await.unwrap();
    assert_eq!(layer.datamart_name, ids::DATAMART_SALES);
    assert_eq!(mock.requests()[0].path, "/api/v2/dataApp/datamarts/semantic-layer");
}

#[tokio::test]
async fn a_dashboard_embed_from_an_export_and_the_reports_creator() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let export = c
        .dashboards()
        .export(&databrain::management::discovery::ExportDashboard {
            dashboard_id: ids::DASHBOARD_TEMPLATE.into(),
            workspace_name: ids::WORKSPACE_SALES.into(),
        })
        .await
        .unwrap();
    let request = CreateDashboardEmbed {
        dashboard_id: "dash-acme".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        client_id: "acme".into(),
        name: Some("Acme".into()),
        access_settings: AccessSettings::datamart(ids::DATAMART_SALES),
        is_import_metrics: Some(false),
        is_rename_dashboard: Some(false),
        metric_import_mode: Some("GALLERY".into()),
        import_dashboard_data: Some(export.clone()),
        ..Default::default()
    };
    let made = c.embeds().create_dashboard_embed(&request).await.unwrap();
    assert_eq!(made.name, "Acme");
    let body = mock.requests().last().cloned().unwrap().body.unwrap();
    assert_eq!(body["importDashboardData"], export, "passed through as is");
    assert_eq!((body["isImportMetrics"].clone(), body["metricImportMode"].clone()), (json!(false), json!("GALLERY")));
    let dashboards = c.workspaces().list_dashboards(ids::WORKSPACE_SALES, &ListOptions::all());
    let names: Vec<String> = dashboards.unwrap().collect_all().await.unwrap().into_iter().filter(|d| d.external_dashboard_id == "dash-acme").map(|d| d.name).collect();
    assert_eq!(names.len(), 1);
    assert_ne!(names[0], "Acme", "isRenameDashboard: false keeps the document's name");

    let request = ListReports { embed_id: ids::EMBED_SALES.into(), client_id: ids::CLIENT_TEAM_1.into() };
    let reports = c.embeds().list_reports(&request, &ListOptions::all()).unwrap().collect_all().await.unwrap();
    let creators: Vec<Option<String>> = reports.into_iter().map(|r| r.created_by_identifier).collect();
    assert_eq!(creators, [Some("analyst@team1.example".to_owned()), None]);
}
