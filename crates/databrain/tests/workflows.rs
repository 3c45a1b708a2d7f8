//! `provision_tenant` and `rotate_api_key` over real HTTP against databrain-mock: a fresh
//! run, a re-run after a failure injected at each step (the create reached the mock but its
//! answer was lost, or it never did), grace periods on the mock's clock, credentials.

use std::time::Duration;

use databrain::management::embeds::{AccessSettings, CreateDashboardEmbed, CreateEmbed};
use databrain::management::provision::{DEFAULT_KEY_NAME, Outcome, TenantSpec};
use databrain::management::rotation::KeyRotation;
use databrain::{CallOptions, Client, Error, ErrorKind, ListOptions};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer, seed_ids as ids};
use serde_json::json;

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .service_token(DEFAULT_SERVICE_TOKEN)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
        .build()
        .unwrap()
}

fn embed() -> CreateEmbed {
    CreateEmbed {
        dashboard_id: ids::DASHBOARD_SALES.into(),
        embed_type: "dashboard".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        name: Some("Acme sales".into()),
        access_settings: AccessSettings::datamart(ids::DATAMART_SALES),
        ..Default::default()
    }
}

fn spec() -> TenantSpec {
    TenantSpec::new("acme").key_name("acme production").embed(embed())
}

fn dashboard_spec() -> TenantSpec {
    TenantSpec::new("acme").dashboard_embed(CreateDashboardEmbed {
        dashboard_id: "dash-acme".into(),
        workspace_name: ids::WORKSPACE_SALES.into(),
        client_id: "acme".into(),
        template_dashboard_id: Some(ids::DASHBOARD_TEMPLATE.into()),
        access_settings: AccessSettings::datamart(ids::DATAMART_SALES),
        ..Default::default()
    })
}

fn posts(mock: &MockServer) -> Vec<String> {
    mock.requests().into_iter().filter(|r| r.method == "POST").map(|r| r.path).collect()
}

/// How many data apps named `acme`, keys labelled `key_name` and embeds the tenant has.
async fn census(mock: &MockServer, c: &Client, key_name: &str) -> (usize, usize, usize) {
    let apps = c.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    let keys = c.api_tokens().list("acme", &ListOptions::all()).unwrap().collect_all().await.unwrap();
    let key = keys.last().expect("a key").key.clone();
    let tenant = Client::builder().base_url(mock.url()).api_key(&key).build().unwrap();
    let embeds = tenant.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    (
        apps.iter().filter(|a| a.name == "acme").count(),
        keys.iter().filter(|k| k.name.as_deref() == Some(key_name)).count(),
        embeds.len(),
    )
}

#[tokio::test]
async fn provisions_a_fresh_tenant_then_reuses_everything() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let made = c.provision_tenant(&spec()).await.unwrap();
    assert_eq!((made.data_app.name.as_str(), made.data_app.outcome), ("acme", Outcome::Created));
    assert_eq!((made.api_key.name.as_str(), made.api_key.outcome), ("acme production", Outcome::Created));
    assert_eq!((made.embed.kind.as_str(), made.embed.outcome), ("embed", Outcome::Created));
    assert_eq!(posts(&mock), ["/api/v2/data-app", "/api/v2/data-app/api-tokens", "/api/v2/data-app/embeds"]);
    // The key never shows in Debug; it works for the tenant's own calls.
    assert!(!format!("{made:?}").contains(&made.api_key.key));
    let tenant = made.client(&c).unwrap();
    let embeds = tenant.embeds().list(&ListOptions::all()).unwrap().collect_all().await.unwrap();
    assert_eq!(embeds.iter().map(|e| e.embed_id.as_str()).collect::<Vec<_>>(), [made.embed.id.as_str()]);
    assert_eq!(embeds[0].name.as_deref(), Some("Acme sales"));

    mock.clear_requests();
    let again = c.provision_tenant(&spec()).await.unwrap();
    assert!(posts(&mock).is_empty(), "a re-run creates nothing");
    assert_eq!(
        (again.data_app.outcome, again.api_key.outcome, again.embed.outcome),
        (Outcome::Reused, Outcome::Reused, Outcome::Reused)
    );
    assert_eq!((again.api_key.key.as_str(), again.embed.id.as_str()), (made.api_key.key.as_str(), made.embed.id.as_str()));
    assert_eq!(census(&mock, &c, "acme production").await, (1, 1, 1));
}

#[tokio::test]
async fn a_per_tenant_dashboard_embed_is_made_once() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let made = c.provision_tenant(&dashboard_spec()).await.unwrap();
    assert_eq!((made.embed.kind.as_str(), made.embed.outcome), ("dashboard_embed", Outcome::Created));
    assert_eq!(made.api_key.name, DEFAULT_KEY_NAME);
    assert_eq!(made.embed.name.as_deref(), Some("Tenant Starter (acme)"));
    let again = c.provision_tenant(&dashboard_spec()).await.unwrap();
    assert_eq!((again.embed.outcome, again.embed.id), (Outcome::Reused, made.embed.id));
    assert_eq!(mock.request_count("/api/v2/data-app/dashboard-embeds"), 1);
}

/// A failure injected at each step's create: the first run fails naming the step and what
/// was done; the re-run repairs it without a duplicate.
#[tokio::test]
async fn a_rerun_after_a_failure_at_any_step_duplicates_nothing() {
    let steps = [
        ("data_app", "/api/v2/data-app", 0),
        ("api_key", "/api/v2/data-app/api-tokens", 1),
        ("embed", "/api/v2/data-app/embeds", 2),
    ];
    for (step, path, done_before) in steps {
        for after_handling in [true, false] {
            let mock = MockServer::start().await.unwrap();
            let c = client(&mock);
            // The create reached the mock (state changed) but its answer was a 500 — or it
            // was refused before anything happened.
            let fault = Fault::status(500).on(path).method("POST");
            mock.inject(if after_handling { fault.after_handling() } else { fault });
            let e = c.provision_tenant(&spec()).await.unwrap_err();
            let Error::Step(failure) = &e else { panic!("{step}: {e:?}") };
            assert_eq!((failure.workflow, failure.step, failure.done.len()), ("provision_tenant", step, done_before), "{e}");
            assert_eq!((e.kind(), e.status()), (ErrorKind::Server, Some(500)));
            assert!(e.to_string().contains(&format!("step {step} failed")), "{e}");
            assert_eq!(mock.requests().iter().filter(|r| r.path == path && r.method == "POST").count(), 1, "never re-sent");

            let again = c.provision_tenant(&spec()).await.unwrap();
            let outcome = match step {
                "data_app" => again.data_app.outcome,
                "api_key" => again.api_key.outcome,
                _ => again.embed.outcome,
            };
            let expected = if after_handling { Outcome::Reused } else { Outcome::Created };
            assert_eq!(outcome, expected, "{step} after_handling={after_handling}");
            assert_eq!(census(&mock, &c, "acme production").await, (1, 1, 1), "{step} after_handling={after_handling}");
        }
    }
}

#[tokio::test]
async fn a_step_error_says_what_was_done_and_never_holds_the_key() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let bad = TenantSpec::new("acme").embed(CreateEmbed { workspace_name: "Nope".into(), ..embed() });
    let e = c.provision_tenant(&bad).await.unwrap_err();
    assert_eq!((e.kind(), e.code()), (ErrorKind::BadRequest, "INVALID_WORKSPACE_NAME"));
    let text = e.to_string();
    assert!(text.contains(r#"already done: data app "acme" created, API key "Provisioned by databrain-sdk" created"#), "{text}");
    let key = c.api_tokens().list("acme", &ListOptions::all()).unwrap().collect_all().await.unwrap()[0].key.clone();
    assert!(!text.contains(&key) && !format!("{e:?}").contains(&key));
    // Fixed and re-run: the app and key are reused, the embed made.
    let fixed = c.provision_tenant(&TenantSpec::new("acme").embed(embed())).await.unwrap();
    assert_eq!((fixed.data_app.outcome, fixed.api_key.outcome, fixed.embed.outcome), (Outcome::Reused, Outcome::Reused, Outcome::Created));
    assert_eq!(fixed.api_key.key, key);
}

#[tokio::test]
async fn an_invalid_spec_never_leaves_and_names_its_fields() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let metric = CreateEmbed {
        embed_type: "metric".into(),
        access_settings: AccessSettings::default(),
        ..embed()
    };
    let e = c.provision_tenant(&TenantSpec::new("semi;colon").embed(metric)).await.unwrap_err();
    let paths: Vec<_> = e.field_errors().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["dataAppName", "embed.accessSettings.datamartName", "embed.metricId"], "{e}");
    let e = c.provision_tenant(&TenantSpec::new("acme")).await.unwrap_err();
    assert_eq!(e.field_errors()[0].path, "embed");
    // The loose form the bindings pass: snake_case accepted, unknown keys refused.
    let loose = json!({"data_app_name": "acme", "embed": {"dashboardId": "d", "embedType": "dashboard", "workspaceName": "w", "accessSettings": {"datamartName": "m"}}, "dashbordEmbed": {}});
    let e = TenantSpec::from_input(&&loose).unwrap_err();
    assert_eq!(e.field_errors()[0].path, "dashbordEmbed");
    assert!(e.field_errors()[0].message.contains("dashboardEmbed"), "{e}");
    let both = json!({"dataAppName": "acme", "embed": {}, "dashboardEmbed": {}});
    let e = TenantSpec::from_input(&&both).unwrap_err();
    assert!(e.field_errors().iter().any(|f| f.path == "dashboardEmbed" && f.message.contains("not both")), "{e}");
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn the_wrong_credential_is_a_configuration_error_naming_the_one_needed() {
    let mock = MockServer::start().await.unwrap();
    let only_key = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
    let e = only_key.provision_tenant(&spec()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.to_string().contains("service token"), "{e}");
    assert!(mock.requests().is_empty());

    // A data-app key passed as the service token: Databrain refuses it; the error says the
    // step needs the service token, and never shows the key.
    let swapped = Client::builder().base_url(mock.url()).service_token(DEFAULT_API_KEY).build().unwrap();
    let e = swapped.provision_tenant(&spec()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration, "{e}");
    assert!(e.to_string().contains("needs the organisation's service token"), "{e}");
    assert!(!e.to_string().contains(DEFAULT_API_KEY));

    // Rotating with a key Databrain refuses: the error names the credential rotation needs.
    let unknown = Client::builder().base_url(mock.url()).api_key("not-a-live-key").build().unwrap();
    let e = unknown.rotate_api_key(&KeyRotation::new(Duration::from_secs(60)), &CallOptions::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration, "{e}");
    assert!(e.to_string().contains("needs a data-app API key"), "{e}");
    assert!(!e.to_string().contains("not-a-live-key"));
    let no_key = client(&mock);
    let e = no_key.rotate_api_key(&KeyRotation::new(Duration::ZERO), &CallOptions::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.to_string().contains("data-app API key"), "{e}");
}

#[tokio::test]
async fn rotation_keeps_the_old_key_working_exactly_for_the_grace_period() {
    let mock = MockServer::start().await.unwrap();
    mock.freeze_clock(true);
    let c = client(&mock);
    let tenant = c.provision_tenant(&spec()).await.unwrap();
    let old = tenant.client(&c).unwrap();
    let rotated = old.rotate_api_key(&KeyRotation::new(Duration::from_secs(60)), &CallOptions::default()).await.unwrap();
    assert_ne!(rotated.key, tenant.api_key.key);
    assert_eq!(rotated.grace_seconds, 60.0);
    assert!(!format!("{rotated:?}").contains(&rotated.key), "Debug never prints the new key");
    let sent = mock.requests().last().cloned().unwrap();
    assert_eq!((sent.path.as_str(), sent.body), ("/api/v2/data-app/rotate-api", Some(json!({"expireAt": 60}))));
    let new = rotated.client(&c).unwrap();

    let works = |client: Client| async move { client.embeds().list(&ListOptions::page(1)).unwrap().collect_all().await };
    mock.advance_clock(Duration::from_secs(59));
    works(old.clone()).await.expect("the old key works during the grace period");
    works(new.clone()).await.expect("the new key works at once");
    mock.advance_clock(Duration::from_secs(2));
    let e = works(old.clone()).await.unwrap_err();
    assert_eq!((e.kind(), e.code()), (ErrorKind::Authentication, "INVALID_DATA_APP_API_KEY"));
    works(new.clone()).await.unwrap();

    // After the grace period a re-provision reuses the new key (same label), not the dead one.
    let again = c.provision_tenant(&spec()).await.unwrap();
    assert_eq!((again.api_key.outcome, again.api_key.key.as_str()), (Outcome::Reused, rotated.key.as_str()));

    // The older form: the service token rotates a named key; grace 0 stops it at once.
    let legacy = CallOptions { legacy: true, ..Default::default() };
    let e = c.rotate_api_key(&KeyRotation::new(Duration::ZERO), &legacy).await.unwrap_err();
    assert_eq!(e.field_errors()[0].path, "key");
    let third = c.rotate_api_key(&KeyRotation::new(Duration::ZERO).key(&rotated.key), &legacy).await.unwrap();
    assert_eq!(works(new).await.unwrap_err().kind(), ErrorKind::Authentication);
    works(third.client(&c).unwrap()).await.unwrap();

    // A bad grace never leaves.
    let before = mock.request_count("/api/v2/data-app/rotate-api");
    let bad = KeyRotation { grace: json!("soon"), key: None };
    let e = old.rotate_api_key(&bad, &CallOptions::default()).await.unwrap_err();
    assert_eq!((e.kind(), e.field_errors()[0].path.as_str()), (ErrorKind::Validation, "grace"));
    assert_eq!(mock.request_count("/api/v2/data-app/rotate-api"), before);
}

#[tokio::test]
async fn a_rotation_is_never_resent() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let tenant = c.provision_tenant(&spec()).await.unwrap().client(&c).unwrap();
    mock.inject(Fault::status(502).on("/api/v2/data-app/rotate-api").after_handling());
    let e = tenant.rotate_api_key(&KeyRotation::new(Duration::from_secs(30)), &CallOptions::default()).await.unwrap_err();
    let Error::Step(failure) = &e else { panic!("{e:?}") };
    assert_eq!((failure.workflow, failure.step, e.kind()), ("rotate_api_key", "rotate", ErrorKind::Server));
    assert_eq!(mock.request_count("/api/v2/data-app/rotate-api"), 1);
}
