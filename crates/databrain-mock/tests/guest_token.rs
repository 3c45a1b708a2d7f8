//! `POST /api/v2/guest-token/create`: success shapes and every documented refusal.

mod common;

use common::{Ctx, GUEST, is_uuid_v4};
use databrain_mock::{
    DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, DEFAULT_SERVICE_TOKEN, MockServer, Seed, SeedDataApp,
};
use serde_json::{Value, json};

fn minimal() -> Value {
    json!({"clientId": "Team 1", "dataAppName": "sales-dashboard"})
}

/// `minimal()` with `key` set to `value`.
fn with(key: &str, value: Value) -> Value {
    let mut body = minimal();
    body[key] = value;
    body
}

#[tokio::test]
async fn minimal_request_gets_a_uuid_token_and_is_stored() {
    let t = Ctx::new().await;
    let r = t.guest(minimal()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let token = r.json["token"].as_str().unwrap();
    assert!(is_uuid_v4(token), "{token}");
    assert_eq!(r.json, json!({"token": token, "error": null}));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert!(is_uuid_v4(r.header("x-request-id").unwrap()));

    let issued = t.mock.guest_tokens();
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].token, token);
    assert_eq!(issued[0].client_id, "Team 1");
    assert_eq!(issued[0].data_app_name, "sales-dashboard");
    assert_eq!(issued[0].body, minimal());
    assert_eq!(issued[0].expires_at_ms, None);
    assert_eq!(t.mock.guest_token_count(), 1);
}

#[tokio::test]
async fn full_request_with_extras_is_accepted_verbatim() {
    let t = Ctx::new().await;
    let body = json!({
        "clientId": "customer id 42",
        "dataAppName": "sales-dashboard",
        "params": {
            "appFilters": [{"metricId": "m1", "values": {"Customer App filter": "USA", "n": 500, "b": true}}],
            "dashboardAppFilters": [
                {"dashboardId": "d1", "values": {"country": ["USA", "CANADA"]}, "isShowOnUrl": false},
                {"dashboardId": "d2", "values": {"range": {"min": 1, "max": 5}}}
            ],
            "rlsSettings": [{"values": {"region": "EU"}}, {"metricId": "m2", "values": {}}],
            "hideDashboardFilters": ["country"],
            "userIdentifier": "u-1",
            "allowedEmbeds": ["e1"],
            "timezone": "America/New_York",
            "somethingNew": 1
        },
        "permissions": {"isShowSideBar": false, "isEnableDownloadMetrics": true},
        "expiryTime": 3_600_000,
        "datasourceName": "warehouse",
        "theme": {"dark": true},
        "embedId": "e1"
    });
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let r = t.guest(body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let issued = &t.mock.guest_tokens()[0];
    assert_eq!(
        issued.body, body,
        "stored as sent, extra keys and key order included"
    );
    let expires = issued.expires_at_ms.unwrap();
    assert!(
        expires >= before + 3_600_000 && expires < before + 3_700_000,
        "{expires}"
    );
}

#[tokio::test]
async fn each_key_serves_its_own_data_app() {
    let t = Ctx::new().await;
    let body = json!({"clientId": "c", "dataAppName": "Customer Portal Analytics"});
    let r = t
        .call(
            "POST",
            GUEST,
            Some(DEFAULT_PORTAL_API_KEY),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // The other app's key cannot see this app, and vice versa: "not found", not "forbidden".
    t.guest(body).await.assert_error(404, "DATA_APP_ID_ERROR");
    let r = t
        .call("POST", GUEST, Some(DEFAULT_PORTAL_API_KEY), Some(minimal()))
        .await;
    r.assert_error(404, "DATA_APP_ID_ERROR");
    t.guest(with("dataAppName", json!("no such app")))
        .await
        .assert_error(404, "DATA_APP_ID_ERROR");
    assert_eq!(t.mock.guest_tokens().len(), 1);
}

#[tokio::test]
async fn bad_credentials_are_401() {
    let t = Ctx::new().await;
    t.call("POST", GUEST, None, Some(minimal()))
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    t.call("POST", GUEST, Some("not-a-key"), Some(minimal()))
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    // A service token is not a data-app key.
    t.call("POST", GUEST, Some(DEFAULT_SERVICE_TOKEN), Some(minimal()))
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    // Right value, wrong scheme.
    let r = t
        .http
        .post(format!("{}{GUEST}", t.mock.url()))
        .header("authorization", format!("Basic {DEFAULT_API_KEY}"))
        .json(&minimal())
        .send()
        .await
        .unwrap();
    common::reply(r)
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    // Auth is checked before the body.
    t.call_raw("POST", GUEST, None, "nope")
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    assert!(t.mock.guest_tokens().is_empty());
}

#[tokio::test]
async fn body_and_identity_errors() {
    let t = Ctx::new().await;
    let key = Some(DEFAULT_API_KEY);
    for raw in ["", "not json", "[1,2]", "\"text\"", "{\"clientId\": "] {
        t.call_raw("POST", GUEST, key, raw)
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    for client_id in [Value::Null, json!(""), json!(5), json!(["a"])] {
        t.guest(with("clientId", client_id))
            .await
            .assert_error(400, "CLIENT_ID_ERROR");
    }
    t.guest(json!({"dataAppName": "sales-dashboard"}))
        .await
        .assert_error(400, "CLIENT_ID_ERROR");
    t.guest(json!({"clientId": "c"}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.guest(with("dataAppName", json!(7)))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.guest(with("params", json!([])))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
}

#[tokio::test]
async fn filter_and_rls_errors_use_their_codes() {
    let t = Ctx::new().await;
    let params = |p: Value| with("params", p);
    let app_filter_cases = [
        json!({"appFilters": {}}),
        json!({"appFilters": ["x"]}),
        json!({"appFilters": [{"values": {}}]}),
        json!({"appFilters": [{"metricId": "", "values": {}}]}),
        json!({"appFilters": [{"metricId": 3, "values": {}}]}),
        json!({"appFilters": [{"metricId": "m"}]}),
        json!({"appFilters": [{"metricId": "m", "values": []}]}),
    ];
    for p in app_filter_cases {
        t.guest(params(p))
            .await
            .assert_error(400, "APP_FILTER_PARAM_ERROR");
    }
    let dashboard_cases = [
        json!({"dashboardAppFilters": "d"}),
        json!({"dashboardAppFilters": [{"values": {}}]}),
        json!({"dashboardAppFilters": [{"dashboardId": "", "values": {}}]}),
        json!({"dashboardAppFilters": [{"dashboardId": "d", "values": "x"}]}),
        json!({"dashboardAppFilters": [{"dashboardId": "d", "values": {}, "isShowOnUrl": "false"}]}),
    ];
    for p in dashboard_cases {
        t.guest(params(p))
            .await
            .assert_error(400, "DASHBOARD_PARAM_ERROR");
    }
    let rls_cases = [
        json!({"rlsSettings": {}}),
        json!({"rlsSettings": [{}]}),
        json!({"rlsSettings": [{"values": 1}]}),
        json!({"rlsSettings": [{"metricId": 1, "values": {}}]}),
    ];
    for p in rls_cases {
        t.guest(params(p))
            .await
            .assert_error(400, "RLS_SETTINGS_PARAM_ERROR");
    }
    let other_cases = [
        json!({"hideDashboardFilters": "x"}),
        json!({"hideDashboardFilters": [1]}),
        json!({"allowedEmbeds": [true]}),
        json!({"userIdentifier": 1}),
        json!({"timezone": {}}),
    ];
    for p in other_cases {
        t.guest(params(p))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    assert!(t.mock.guest_tokens().is_empty());
}

#[tokio::test]
async fn permissions_expiry_and_datasource_errors() {
    let t = Ctx::new().await;
    for p in [
        json!({"isShowSidebar": true}),
        json!({"isShowSideBar": "yes"}),
        json!([]),
        json!(true),
    ] {
        t.guest(with("permissions", p))
            .await
            .assert_error(403, "INVALID_PERMISSIONS");
    }
    let all: serde_json::Map<String, Value> = databrain_mock::PERMISSION_KEYS
        .iter()
        .map(|k| (k.to_string(), json!(true)))
        .collect();
    assert_eq!(
        t.guest(with("permissions", Value::Object(all)))
            .await
            .status,
        200
    );

    for e in [json!(0), json!(-1), json!(1.5), json!("1000"), json!({})] {
        t.guest(with("expiryTime", e))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    t.guest(with("datasourceName", json!(1)))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
}

#[tokio::test]
async fn datasource_name_is_needed_when_an_app_has_several() {
    let seed = Seed {
        data_apps: vec![SeedDataApp {
            name: "multi".into(),
            api_keys: vec!["multi-key".into()],
            datasources: vec!["pg".into(), "snowflake".into()],
            embeds: vec![],
        }],
        ..Seed::default()
    };
    let t = Ctx::with(MockServer::start_with(seed, 0).await.unwrap());
    let call = |body: Value| t.call("POST", GUEST, Some("multi-key"), Some(body));
    call(json!({"clientId": "c", "dataAppName": "multi"}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    call(json!({"clientId": "c", "dataAppName": "multi", "datasourceName": "mysql"}))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    let ok =
        call(json!({"clientId": "c", "dataAppName": "multi", "datasourceName": "snowflake"})).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn unicode_names_round_trip() {
    let seed = Seed {
        data_apps: vec![SeedDataApp {
            name: "Ventes Été".into(),
            api_keys: vec!["k-ete".into()],
            datasources: vec![],
            embeds: vec![],
        }],
        ..Seed::default()
    };
    let t = Ctx::with(MockServer::start_with(seed, 0).await.unwrap());
    let body = json!({"clientId": "Équipe 1", "dataAppName": "Ventes Été"});
    let r = t.call("POST", GUEST, Some("k-ete"), Some(body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(t.mock.guest_tokens()[0].client_id, "Équipe 1");
}

#[tokio::test]
async fn h2c_prior_knowledge_is_served() {
    let t = Ctx::new().await;
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let r = h2
        .post(format!("{}{GUEST}", t.mock.url()))
        .bearer_auth(DEFAULT_API_KEY)
        .json(&minimal())
        .send()
        .await
        .unwrap();
    assert_eq!(r.version(), reqwest::Version::HTTP_2);
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
}
