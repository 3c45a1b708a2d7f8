//! Data apps (rename, delete and its cascade) and API keys (listing, rotation with a grace
//! period on the mock's clock, the older service-token form).

mod common;

use std::time::Duration;

use common::{API_TOKENS, Ctx, DATA_APP, EMBEDS, GUEST, ROTATE, is_uuid_v4};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, DEFAULT_SERVICE_TOKEN, seed_ids};
use serde_json::{Value, json};

fn guest_body() -> Value {
    json!({"clientId": "c", "dataAppName": "sales-dashboard"})
}

#[tokio::test]
async fn rename_keeps_keys_and_embeds_and_refuses_what_it_should() {
    let t = Ctx::new().await;
    let r = t
        .service(
            "PUT",
            DATA_APP,
            Some(json!({"name": "sales-dashboard", "updateName": "Sales Portal"})),
        )
        .await;
    assert_eq!(r.ok(), &json!({"name": "Sales Portal"}));
    let list = t.service("GET", DATA_APP, None).await;
    assert_eq!(
        list.names("name"),
        ["Sales Portal", "Customer Portal Analytics"]
    );
    assert_eq!(list.items()[0]["embedCount"], 2);
    let g = t
        .call(
            "POST",
            GUEST,
            Some(DEFAULT_API_KEY),
            Some(json!({"clientId": "c", "dataAppName": "Sales Portal"})),
        )
        .await;
    g.ok();
    assert_eq!(
        t.mock.requests().last().unwrap().auth.as_deref(),
        Some("apiKey:Sales Portal")
    );

    t.service(
        "PUT",
        DATA_APP,
        Some(json!({"name": "nope", "updateName": "x"})),
    )
    .await
    .assert_error(400, "DATA_APP_NOT_FOUND");
    t.service(
        "PUT",
        DATA_APP,
        Some(json!({"name": "Sales Portal", "updateName": "Customer Portal Analytics"})),
    )
    .await
    .assert_error(400, "DATA_APP_ALREADY_EXISTS");
    for bad in [
        json!({"name": "Sales Portal"}),
        json!({"updateName": "x"}),
        json!({"name": "Sales Portal", "updateName": "semi;colon"}),
    ] {
        t.service("PUT", DATA_APP, Some(bad))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    t.call(
        "PUT",
        DATA_APP,
        Some(DEFAULT_API_KEY),
        Some(json!({"name": "Sales Portal", "updateName": "y"})),
    )
    .await
    .assert_error(401, "AUTHENTICATION_ERROR");
}

#[tokio::test]
async fn delete_cascades_to_keys_embeds_and_guest_tokens() {
    let t = Ctx::new().await;
    let extra_key = t
        .service(
            "POST",
            API_TOKENS,
            Some(json!({"dataAppName": "sales-dashboard", "name": "second"})),
        )
        .await
        .ok()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = t.mint(DEFAULT_API_KEY, json!({})).await;
    assert!(t.mock.is_guest_token_live(&token));
    t.da("GET", EMBEDS, None).await.ok();

    let r = t
        .service("DELETE", &format!("{DATA_APP}?name=sales-dashboard"), None)
        .await;
    assert_eq!(r.ok(), &json!({"name": "sales-dashboard"}));

    assert_eq!(
        t.service("GET", DATA_APP, None).await.names("name"),
        ["Customer Portal Analytics"]
    );
    for key in [DEFAULT_API_KEY, extra_key.as_str()] {
        t.call("POST", GUEST, Some(key), Some(guest_body()))
            .await
            .assert_error(401, "AUTHENTICATION_ERROR");
        t.call("GET", EMBEDS, Some(key), None)
            .await
            .assert_error(400, "INVALID_DATA_APP_API_KEY");
    }
    let status = t.mock.guest_token_status(&token, None).unwrap();
    assert_eq!(
        (status.live, status.reason.as_deref()),
        (false, Some("dataAppDeleted"))
    );
    // The other app is untouched, and its embeds still list.
    let portal = t
        .call("GET", EMBEDS, Some(DEFAULT_PORTAL_API_KEY), None)
        .await;
    assert_eq!(portal.names("embedId"), [seed_ids::EMBED_PORTAL]);
    // The seeded embeds of the deleted app are gone from the catalog: a new app of the same
    // name starts empty.
    t.service("POST", DATA_APP, Some(json!({"name": "sales-dashboard"})))
        .await
        .ok();
    assert_eq!(
        t.service("GET", DATA_APP, None).await.items()[1]["embedCount"],
        0
    );
    t.service(
        "GET",
        &format!("{API_TOKENS}?dataAppName=sales-dashboard"),
        None,
    )
    .await
    .items()
    .is_empty()
    .then_some(())
    .unwrap();

    t.service(
        "DELETE",
        &format!("{DATA_APP}?name=sales-dashboard-x"),
        None,
    )
    .await
    .assert_error(400, "DATA_APP_NOT_FOUND");
    t.service("DELETE", DATA_APP, None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.service("DELETE", &format!("{DATA_APP}?name="), None)
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.call(
        "DELETE",
        &format!("{DATA_APP}?name=sales-dashboard"),
        None,
        None,
    )
    .await
    .assert_error(401, "AUTHENTICATION_ERROR");
}

async fn rotate(t: &Ctx, key: &str, expire_at: Value) -> String {
    let r = t
        .call(
            "POST",
            ROTATE,
            Some(key),
            Some(json!({"expireAt": expire_at})),
        )
        .await;
    let new = r.ok()["key"].as_str().unwrap().to_owned();
    assert_eq!(r.json, json!({"key": new}));
    assert!(is_uuid_v4(&new));
    new
}

async fn works(t: &Ctx, key: &str) -> bool {
    let r = t.call("POST", GUEST, Some(key), Some(guest_body())).await;
    match r.status {
        200 => true,
        401 => false,
        other => panic!("unexpected {other}: {}", r.text),
    }
}

#[tokio::test]
async fn rotated_key_works_for_exactly_its_grace_period_on_the_mock_clock() {
    let t = Ctx::new().await;
    t.mock.freeze_clock(true);
    let new = rotate(&t, DEFAULT_API_KEY, json!(3600)).await;
    assert!(works(&t, &new).await, "the new key works at once");
    assert!(works(&t, DEFAULT_API_KEY).await);
    let listed = t
        .service(
            "GET",
            &format!("{API_TOKENS}?dataAppName=sales-dashboard"),
            None,
        )
        .await;
    assert_eq!(
        listed.names("key"),
        [DEFAULT_API_KEY, new.as_str()],
        "old key listed while in grace"
    );
    assert_eq!(
        listed.items()[1]["name"],
        "Default key",
        "the new key keeps the old one's name"
    );

    t.mock.advance_clock(Duration::from_secs(3599));
    assert!(works(&t, DEFAULT_API_KEY).await, "grace − 1 s");
    t.mock.advance_clock(Duration::from_secs(1));
    assert!(!works(&t, DEFAULT_API_KEY).await, "at grace");
    t.mock.advance_clock(Duration::from_secs(5));
    assert!(!works(&t, DEFAULT_API_KEY).await, "grace + 5 s");
    assert!(works(&t, &new).await);
    t.call("GET", EMBEDS, Some(DEFAULT_API_KEY), None)
        .await
        .assert_error(400, "INVALID_DATA_APP_API_KEY");
    t.da("GET", EMBEDS, None)
        .await
        .assert_error(400, "INVALID_DATA_APP_API_KEY");
    t.call("GET", EMBEDS, Some(&new), None).await.ok();
    let listed = t
        .service(
            "GET",
            &format!("{API_TOKENS}?dataAppName=sales-dashboard"),
            None,
        )
        .await;
    assert_eq!(listed.names("key"), [new.as_str()]);
    // A rotated-out key cannot rotate again.
    t.call(
        "POST",
        ROTATE,
        Some(DEFAULT_API_KEY),
        Some(json!({"expireAt": 0})),
    )
    .await
    .assert_error(400, "INVALID_DATA_APP_API_KEY");
}

#[tokio::test]
async fn rotation_over_http_clock_with_string_and_zero_grace() {
    let t = Ctx::new().await;
    let freeze = t
        .call("POST", "/__mock/clock", None, Some(json!({"freeze": true})))
        .await;
    let start = freeze.ok()["nowMs"].as_u64().unwrap();
    assert_eq!(freeze.json["frozen"], true);
    let new = rotate(&t, DEFAULT_API_KEY, json!("90")).await;
    let r = t
        .call(
            "POST",
            "/__mock/clock",
            None,
            Some(json!({"advanceMs": 89_000})),
        )
        .await;
    assert_eq!(r.ok()["nowMs"].as_u64().unwrap(), start + 89_000);
    assert!(works(&t, DEFAULT_API_KEY).await);
    t.call(
        "POST",
        "/__mock/clock",
        None,
        Some(json!({"advanceMs": 2_000})),
    )
    .await
    .ok();
    assert!(!works(&t, DEFAULT_API_KEY).await);

    // 0 = at once; a fractional number of seconds is fine.
    let newer = rotate(&t, &new, json!(0)).await;
    assert!(!works(&t, &new).await);
    assert!(works(&t, &newer).await);
    let newest = rotate(&t, &newer, json!(1.5)).await;
    t.mock.advance_clock(Duration::from_millis(1_499));
    assert!(works(&t, &newer).await);
    t.mock.advance_clock(Duration::from_millis(1));
    assert!(!works(&t, &newer).await);
    assert!(works(&t, &newest).await);

    let clock = t.call("GET", "/__mock/clock", None, None).await;
    assert_eq!(clock.ok()["now"].as_str().unwrap().len(), 24);
    t.call("POST", "/__mock/clock", None, Some(json!({"setMs": 0})))
        .await
        .ok();
    assert_eq!(t.mock.clock_ms(), 0);
    for bad in [
        json!({}),
        json!({"advanceMs": 1, "setMs": 2}),
        json!({"advanceMs": "1"}),
        json!({"speed": 2}),
    ] {
        t.call("POST", "/__mock/clock", None, Some(bad))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    t.call("DELETE", "/__mock/clock", None, None)
        .await
        .assert_error(405, "METHOD_NOT_ALLOWED");
    // Reset puts the clock back on the system clock.
    t.mock.reset();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(t.mock.clock_ms().abs_diff(now) < 60_000);
}

#[tokio::test]
async fn rotation_refusals_and_the_older_service_token_form() {
    let t = Ctx::new().await;
    for bad in [
        json!({}),
        json!({"expireAt": -1}),
        json!({"expireAt": "soon"}),
        json!({"expireAt": true}),
        json!({"expireAt": ""}),
    ] {
        t.da("POST", ROTATE, Some(bad))
            .await
            .assert_error(400, "INVALID_REQUEST_BODY");
    }
    t.da(
        "POST",
        ROTATE,
        Some(json!({"expireAt": 1, "key": DEFAULT_PORTAL_API_KEY})),
    )
    .await
    .assert_error(400, "INVALID_REQUEST_BODY");
    t.call("POST", ROTATE, None, Some(json!({"expireAt": 0})))
        .await
        .assert_error(401, "AUTHENTICATION_ERROR");
    t.call(
        "POST",
        ROTATE,
        Some("not-a-key"),
        Some(json!({"expireAt": 0})),
    )
    .await
    .assert_error(400, "INVALID_DATA_APP_API_KEY");
    assert!(
        works(&t, DEFAULT_API_KEY).await,
        "refused rotations change nothing"
    );

    // Older docs: the service token rotates any key named in the body; legacy camelCase path.
    t.mock.freeze_clock(true);
    let r = t
        .service(
            "POST",
            "/api/v2/dataApp/rotate-api",
            Some(json!({"key": DEFAULT_PORTAL_API_KEY, "expireAt": "60"})),
        )
        .await;
    let new = r.ok()["key"].as_str().unwrap().to_owned();
    let portal = async |key: String| {
        t.call(
            "POST",
            GUEST,
            Some(&key),
            Some(json!({"clientId": "c", "dataAppName": "Customer Portal Analytics"})),
        )
        .await
        .status
    };
    assert_eq!(portal(new.clone()).await, 200);
    t.mock.advance_clock(Duration::from_secs(61));
    assert_eq!(portal(DEFAULT_PORTAL_API_KEY.into()).await, 401);
    assert_eq!(portal(new).await, 200);
    t.service("POST", ROTATE, Some(json!({"expireAt": 0})))
        .await
        .assert_error(400, "INVALID_REQUEST_BODY");
    t.service(
        "POST",
        ROTATE,
        Some(json!({"key": "unknown", "expireAt": 0})),
    )
    .await
    .assert_error(400, "INVALID_DATA_APP_API_KEY");
    t.service(
        "POST",
        ROTATE,
        Some(json!({"key": DEFAULT_SERVICE_TOKEN, "expireAt": 0})),
    )
    .await
    .assert_error(400, "INVALID_DATA_APP_API_KEY");

    // The key sent in the older form's body is a credential: never recorded.
    let recorded = serde_json::to_string(&t.mock.requests()).unwrap();
    assert!(!recorded.contains(DEFAULT_PORTAL_API_KEY), "{recorded}");
    assert!(!recorded.contains(DEFAULT_SERVICE_TOKEN) && !recorded.contains(DEFAULT_API_KEY));
    let legacy = t
        .mock
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/v2/dataApp/rotate-api")
        .unwrap();
    assert_eq!(legacy.body.unwrap()["key"], "<redacted>");
    assert!(legacy.raw_body.contains("<redacted>"));
}
