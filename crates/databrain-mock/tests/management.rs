//! Service-token endpoints (API keys, data apps), routing errors and state changes.

mod common;

use common::{API_TOKENS, Ctx, DATA_APP, GUEST, is_uuid_v4};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN};
use serde_json::json;

#[tokio::test]
async fn created_api_key_works_for_guest_tokens_at_once() {
    let t = Ctx::new().await;
    let r = t
        .service(
            "POST",
            API_TOKENS,
            Some(json!({"dataAppName": "sales-dashboard", "name": "Production API Key"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let key = r.json["key"].as_str().unwrap().to_owned();
    assert!(is_uuid_v4(&key));
    assert_eq!(r.json, json!({"key": key}));

    let g = t
        .call(
            "POST",
            GUEST,
            Some(&key),
            Some(json!({"clientId": "c", "dataAppName": "sales-dashboard"})),
        )
        .await;
    assert_eq!(g.status, 200, "{}", g.text);
    assert_eq!(
        t.mock.requests().last().unwrap().auth.as_deref(),
        Some("apiKey:sales-dashboard")
    );

    // Not idempotent: a second call mints a second key.
    let again = t
        .service(
            "POST",
            API_TOKENS,
            Some(json!({"dataAppName": "sales-dashboard", "name": "Production API Key"})),
        )
        .await;
    assert_ne!(again.json["key"], r.json["key"]);

    // Reset forgets runtime keys.
    t.mock.reset();
    t.call(
        "POST",
        GUEST,
        Some(&key),
        Some(json!({"clientId": "c", "dataAppName": "sales-dashboard"})),
    )
    .await
    .assert_error(401, "AUTHENTICATION_ERROR");
}

#[tokio::test]
async fn legacy_camel_case_path_creates_keys_too() {
    let t = Ctx::new().await;
    let r = t
        .service(
            "POST",
            "/api/v2/dataApp/api-tokens",
            Some(json!({"dataAppName": "Customer Portal Analytics", "name": "k"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(is_uuid_v4(r.json["key"].as_str().unwrap()));
}

#[tokio::test]
async fn api_token_refusals() {
    let t = Ctx::new().await;
    let body = json!({"dataAppName": "sales-dashboard", "name": "k"});
    // Documented: 400 (not 401) for auth failures on this endpoint.
    t.call("POST", API_TOKENS, None, Some(body.clone()))
        .await
        .assert_error(400, "AUTHENTICATION_ERROR");
    t.call("POST", API_TOKENS, Some("wrong"), Some(body.clone()))
        .await
        .assert_error(400, "AUTHENTICATION_ERROR");
    t.call("POST", API_TOKENS, Some(DEFAULT_API_KEY), Some(body))
        .await
        .assert_error(400, "AUTHENTICATION_ERROR");

    for bad in [
        json!({"name": "k"}),
        json!({"dataAppName": 1, "name": "k"}),
        json!({"dataAppName": "sales-dashboard"}),
        json!({"dataAppName": "sales-dashboard", "name": ""}),
        json!({"dataAppName": "sales-dashboard", "name": 5}),
        json!([]),
    ] {
        t.service("POST", API_TOKENS, Some(bad))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    t.call_raw("POST", API_TOKENS, Some(DEFAULT_SERVICE_TOKEN), "{")
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.service(
        "POST",
        API_TOKENS,
        Some(json!({"dataAppName": "nope", "name": "k"})),
    )
    .await
    .assert_error(400, "DATA_APP_NOT_FOUND");
}

#[tokio::test]
async fn api_tokens_list_and_paginate() {
    let t = Ctx::new().await;
    let list = async |q: &str| t.service("GET", &format!("{API_TOKENS}?{q}"), None).await;

    let r = list("dataAppName=sales-dashboard").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["error"], json!(null));
    let data = r.json["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["key"], DEFAULT_API_KEY);
    assert_eq!(data[0]["name"], "Default key");
    let keys: Vec<&str> = data[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["key", "name", "description", "createdAt"]);
    assert!(data[0]["createdAt"].as_str().unwrap().ends_with('Z'));

    for i in 0..24 {
        let r = t
            .service(
                "POST",
                API_TOKENS,
                Some(json!({"dataAppName": "sales-dashboard", "name": format!("key {i}")})),
            )
            .await;
        assert_eq!(r.status, 200);
    }
    let page = async |n: usize| {
        list(&format!(
            "dataAppName=sales-dashboard&isPagination=true&pageNumber={n}"
        ))
        .await
    };
    let sizes = [page(1).await, page(2).await, page(3).await, page(4).await]
        .map(|r| r.json["data"].as_array().unwrap().len());
    assert_eq!(sizes, [10, 10, 5, 0]);
    assert_eq!(
        page(3).await.json["data"][4]["name"],
        "key 23",
        "creation order"
    );
    assert_eq!(
        list("dataAppName=sales-dashboard").await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    // pageNumber only counts with isPagination=true.
    assert_eq!(
        list("dataAppName=sales-dashboard&pageNumber=2").await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        25
    );

    // Names with spaces, encoded either way.
    for q in [
        "dataAppName=Customer+Portal+Analytics",
        "dataAppName=Customer%20Portal%20Analytics",
    ] {
        let r = list(q).await;
        assert_eq!(r.status, 200, "{q}: {}", r.text);
        assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    }

    list("dataAppName=nope")
        .await
        .assert_error(400, "DATA_APP_NOT_FOUND");
    list("isPagination=true")
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    list("dataAppName=sales-dashboard&isPagination=true&pageNumber=0")
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.call(
        "GET",
        &format!("{API_TOKENS}?dataAppName=sales-dashboard"),
        None,
        None,
    )
    .await
    .assert_error(400, "AUTHENTICATION_ERROR");
}

#[tokio::test]
async fn data_apps_list_create_and_paginate() {
    let t = Ctx::new().await;
    let r = t.service("GET", DATA_APP, None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let data = r.json["data"].as_array().unwrap();
    let names: Vec<&str> = data.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["sales-dashboard", "Customer Portal Analytics"]);
    assert_eq!(data[0]["type"], "embedded");
    assert_eq!(data[0]["embedCount"], 2);
    assert_eq!(data[0]["embeds"].as_array().unwrap().len(), 2);
    assert!(data[0]["createdAt"].is_string() && data[0]["updatedAt"].is_string());

    let r = t
        .service("POST", DATA_APP, Some(json!({"name": "Demo Embed"})))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"name": "Demo Embed"})),
        "{}",
        r.text
    );
    t.service("POST", DATA_APP, Some(json!({"name": "Demo Embed"})))
        .await
        .assert_error(400, "DATA_APP_ALREADY_EXISTS");
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": " padded "}),
        json!({"name": "semi;colon"}),
    ] {
        t.service("POST", DATA_APP, Some(bad))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    // Documented: 400 on create (401 elsewhere in the family).
    t.call("POST", DATA_APP, None, Some(json!({"name": "x"})))
        .await
        .assert_error(400, "AUTHENTICATION_ERROR");
    t.call("GET", DATA_APP, Some(DEFAULT_API_KEY), None)
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");

    // The new app has no keys until one is created; then that key serves it.
    let keys = t
        .service("GET", &format!("{API_TOKENS}?dataAppName=Demo+Embed"), None)
        .await;
    assert_eq!(keys.json["data"], json!([]));
    let key = t
        .service(
            "POST",
            API_TOKENS,
            Some(json!({"dataAppName": "Demo Embed", "name": "k"})),
        )
        .await
        .json["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let g = t
        .call(
            "POST",
            GUEST,
            Some(&key),
            Some(json!({"clientId": "Team 1", "dataAppName": "Demo Embed"})),
        )
        .await;
    assert_eq!(g.status, 200, "{}", g.text);

    for i in 0..9 {
        assert_eq!(
            t.service("POST", DATA_APP, Some(json!({"name": format!("app {i}")})))
                .await
                .status,
            200
        );
    }
    let page = async |n: usize| {
        t.service(
            "GET",
            &format!("{DATA_APP}?isPagination=true&pageNumber={n}"),
            None,
        )
        .await
    };
    assert_eq!(page(1).await.json["data"].as_array().unwrap().len(), 10);
    assert_eq!(page(2).await.json["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        t.service("GET", "/api/v2/dataApp", None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        12
    );

    t.mock.reset();
    assert_eq!(
        t.service("GET", DATA_APP, None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let t = Ctx::new().await;
    let r = t.service("GET", "/api/v2/nope", None).await;
    r.assert_error(404, "NOT_FOUND");
    assert!(is_uuid_v4(r.header("x-request-id").unwrap()));

    let r = t.call("GET", GUEST, Some(DEFAULT_API_KEY), None).await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
    assert_eq!(r.header("allow"), Some("POST"));
    let r = t.service("DELETE", API_TOKENS, None).await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
    assert_eq!(r.header("allow"), Some("GET, POST"));

    // Express-style non-strict routing: a trailing slash is the same route.
    let r = t
        .guest(json!({"clientId": "c", "dataAppName": "sales-dashboard"}))
        .await;
    assert_eq!(r.status, 200);
    let r = t
        .call(
            "POST",
            &format!("{GUEST}/"),
            Some(DEFAULT_API_KEY),
            Some(json!({"clientId": "c", "dataAppName": "sales-dashboard"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Every response has its own request id.
    let a = t.service("GET", DATA_APP, None).await;
    let b = t.service("GET", DATA_APP, None).await;
    assert_ne!(a.header("x-request-id"), b.header("x-request-id"));
}
