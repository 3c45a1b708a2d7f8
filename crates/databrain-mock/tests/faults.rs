//! Every fault kind, the queue's FIFO/`times`/path rules, the admin fault routes and the
//! optional rate limit.

mod common;

use std::time::{Duration, Instant};

use common::{Ctx, DATA_APP, GUEST};
use databrain_mock::{
    DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, Fault, FaultKind, MockServer, RateLimit, Seed,
};
use serde_json::{Value, json};

fn ok_body() -> Value {
    json!({"clientId": "c", "dataAppName": "sales-dashboard"})
}

#[tokio::test]
async fn status_fault_with_retry_after_and_default_code() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::new(FaultKind::Status {
        status: 429,
        code: None,
        message: None,
        retry_after: Some("7".into()),
    }));
    let r = t.guest(ok_body()).await;
    r.assert_error(429, "RATE_LIMIT_EXCEEDED");
    assert_eq!(r.header("retry-after"), Some("7"));
    assert!(r.header("x-request-id").is_some());

    t.mock.inject(Fault::new(FaultKind::Status {
        status: 503,
        code: Some("SOMETHING_NEW".into()),
        message: Some("maintenance".into()),
        retry_after: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
    }));
    let r = t.guest(ok_body()).await;
    r.assert_error(503, "SOMETHING_NEW");
    assert_eq!(r.json["error"]["message"], "maintenance");
    assert_eq!(
        r.header("retry-after"),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );

    t.mock.inject(Fault::status(500));
    t.guest(ok_body())
        .await
        .assert_error(500, "INTERNAL_SERVER_ERROR");
    assert_eq!(t.guest(ok_body()).await.status, 200, "faults are used up");
}

#[tokio::test]
async fn times_counting_path_matching_and_fifo() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::status(502).on(GUEST).repeat(2));
    t.mock.inject(Fault::status(418)); // any path, behind the first
    // A request elsewhere skips the non-matching first fault and takes the any-path one.
    t.service("GET", DATA_APP, None)
        .await
        .assert_error(418, "MOCK_FAULT");
    assert_eq!(t.service("GET", DATA_APP, None).await.status, 200);
    assert_eq!(t.mock.pending_faults().len(), 1);
    assert_eq!(t.mock.pending_faults()[0].times, 2);

    t.guest(ok_body())
        .await
        .assert_error(502, "INTERNAL_SERVER_ERROR");
    assert_eq!(t.mock.pending_faults()[0].times, 1);
    t.guest(ok_body())
        .await
        .assert_error(502, "INTERNAL_SERVER_ERROR");
    assert_eq!(t.guest(ok_body()).await.status, 200);
    assert!(t.mock.pending_faults().is_empty());

    // Faulted requests are recorded and counted.
    assert_eq!(t.mock.request_count(GUEST), 3);
    assert_eq!(t.mock.request_count(DATA_APP), 2);
    assert_eq!(t.mock.requests().len(), 5);
    // Only the successful one minted a token.
    assert_eq!(t.mock.guest_tokens().len(), 1);

    // FIFO between two any-path faults.
    t.mock.inject(Fault::status(500));
    t.mock.inject(Fault::status(503));
    assert_eq!(t.guest(ok_body()).await.status, 500);
    assert_eq!(t.guest(ok_body()).await.status, 503);

    t.mock.inject(Fault::status(500).repeat(5));
    t.mock.clear_faults();
    assert_eq!(t.guest(ok_body()).await.status, 200);
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let t = Ctx::new().await;
    t.mock
        .inject(Fault::new(FaultKind::Delay { ms: 300 }).on(GUEST));
    let start = Instant::now();
    let r = t.guest(ok_body()).await;
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["token"].is_string());
    let start = Instant::now();
    t.guest(ok_body()).await;
    assert!(start.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn drop_closes_the_connection_without_a_response() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::new(FaultKind::Drop).on(GUEST));
    let err = t
        .request("POST", GUEST, Some(DEFAULT_API_KEY))
        .json(&ok_body())
        .send()
        .await
        .expect_err("dropped connection is a client error");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert_eq!(
        t.mock.request_count(GUEST),
        1,
        "dropped requests are counted"
    );
    assert_eq!(
        t.guest(ok_body()).await.status,
        200,
        "a new connection works"
    );

    // Over HTTP/2 the stream is reset instead.
    t.mock.inject(Fault::new(FaultKind::Drop));
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let res = h2
        .post(format!("{}{GUEST}", t.mock.url()))
        .bearer_auth(DEFAULT_API_KEY)
        .json(&ok_body())
        .send()
        .await;
    assert!(res.is_err(), "{res:?}");
}

#[tokio::test]
async fn html_malformed_json_missing_token_and_empty_bodies() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::new(FaultKind::Html { status: 502 }));
    let r = t.guest(ok_body()).await;
    assert_eq!(r.status, 502);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert!(
        r.text.starts_with("<html>") && r.text.contains("502 Bad Gateway"),
        "{}",
        r.text
    );

    t.mock
        .inject(Fault::new(FaultKind::MalformedJson { status: 200 }));
    let r = t.guest(ok_body()).await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(r.text, "{\"token\": ");

    t.mock.inject(Fault::new(FaultKind::MissingToken));
    let r = t.guest(ok_body()).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"error": null})));

    t.mock.inject(Fault::new(FaultKind::Empty { status: 503 }));
    let r = t.guest(ok_body()).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.text, "");
    assert_eq!(r.header("content-type"), None);
    assert_eq!(r.header("content-length"), Some("0"));
}

#[tokio::test]
async fn oversized_body_has_exactly_the_requested_size() {
    let t = Ctx::new().await;
    t.mock
        .inject(Fault::new(FaultKind::Oversized { bytes: 2_000_000 }));
    let r = t.guest(ok_body()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text.len(), 2_000_000);
    assert_eq!(r.header("content-length"), Some("2000000"));
    assert!(r.json["token"].is_string() && r.json["pad"].is_string());
}

#[tokio::test]
async fn admin_routes_are_never_faulted_and_queue_over_http() {
    let t = Ctx::new().await;
    t.mock.inject(Fault::new(FaultKind::Drop).repeat(3));
    let r = t.call("GET", "/__mock/health", None, None).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"status": "ok"})));
    assert_eq!(
        t.mock.pending_faults()[0].times,
        3,
        "admin calls did not use the fault"
    );
    let r = t.call("DELETE", "/__mock/faults", None, None).await;
    assert_eq!(r.status, 200);
    assert!(t.mock.pending_faults().is_empty());

    // One fault or an array, camelCase JSON.
    let one = json!({"kind": "status", "status": 429, "retryAfter": "3", "path": GUEST});
    let r = t.call("POST", "/__mock/faults", None, Some(one)).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"queued": 1})),
        "{}",
        r.text
    );
    let many =
        json!([{"kind": "malformedJson", "status": 200, "times": 2}, {"kind": "missingToken"}]);
    let r = t.call("POST", "/__mock/faults", None, Some(many)).await;
    assert_eq!(r.json, json!({"queued": 2}));
    let listed = t.call("GET", "/__mock/faults", None, None).await.json;
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert_eq!(listed[0]["retryAfter"], "3");
    assert_eq!(listed[1]["kind"], "malformedJson");

    let r = t.guest(ok_body()).await;
    assert_eq!((r.status, r.header("retry-after")), (429, Some("3")));
    assert_eq!(t.guest(ok_body()).await.text, "{\"token\": ");
    assert_eq!(t.guest(ok_body()).await.text, "{\"token\": ");
    assert_eq!(t.guest(ok_body()).await.json, json!({"error": null}));
    assert_eq!(t.guest(ok_body()).await.status, 200);

    // Invalid faults are refused whole, nothing queued.
    for bad in [
        json!({"kind": "nope"}),
        json!({"status": 500}),
        json!({"kind": "status", "status": 42}),
        json!({"kind": "status", "status": 500, "times": 0}),
        json!([{"kind": "drop"}, {"kind": "html", "status": 1000}]),
        json!({"kind": "oversized", "bytes": 1u64 << 40}),
    ] {
        let r = t
            .call("POST", "/__mock/faults", None, Some(bad.clone()))
            .await;
        assert_eq!(
            (r.status, r.code()),
            (400, "INVALID_REQUEST_BODY"),
            "{bad}: {}",
            r.text
        );
    }
    assert!(t.mock.pending_faults().is_empty());
}

#[tokio::test]
async fn rate_limit_is_per_credential_with_retry_after() {
    let seed = Seed {
        rate_limit: Some(RateLimit {
            per_second: 0.5,
            burst: 2,
        }),
        ..Seed::default()
    };
    let t = Ctx::with(MockServer::start_with(seed, 0).await.unwrap());
    assert_eq!(t.guest(ok_body()).await.status, 200);
    assert_eq!(t.guest(ok_body()).await.status, 200);
    let r = t.guest(ok_body()).await;
    r.assert_error(429, "RATE_LIMIT_EXCEEDED");
    let secs: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&secs), "{secs}");
    // Another credential has its own bucket; admin routes are not limited.
    let portal = json!({"clientId": "c", "dataAppName": "Customer Portal Analytics"});
    assert_eq!(
        t.call("POST", GUEST, Some(DEFAULT_PORTAL_API_KEY), Some(portal))
            .await
            .status,
        200
    );
    for _ in 0..5 {
        assert_eq!(
            t.call("GET", "/__mock/health", None, None).await.status,
            200
        );
    }
    assert_eq!(
        t.mock.request_count(GUEST),
        4,
        "limited requests are recorded"
    );
}

#[test]
fn seed_rate_limit_round_trips_through_json() {
    let seed = Seed::from_json(
        r#"{"serviceTokens": ["s"], "dataApps": [{"name": "a", "apiKeys": ["k"]}],
            "rateLimit": {"perSecond": 5.5, "burst": 3}}"#,
    )
    .unwrap();
    assert_eq!(
        seed.rate_limit,
        Some(RateLimit {
            per_second: 5.5,
            burst: 3
        })
    );
    assert!(Seed::from_json(r#"{"rateLimit": {"perSecond": 0, "burst": 3}}"#).is_err());
    assert!(
        Seed::from_json(
            r#"{"serviceTokens": ["k"], "dataApps": [{"name": "a", "apiKeys": ["k"]}]}"#
        )
        .is_err()
    );
    assert!(Seed::from_json(r#"{"dataApps": [{"name": "a"}, {"name": "a"}]}"#).is_err());
    assert!(Seed::from_json("{").is_err());
    let default_json = serde_json::to_string(&Seed::default()).unwrap();
    assert_eq!(Seed::from_json(&default_json).unwrap(), Seed::default());
}

/// At the byte level: a dropped HTTP/1.1 request gets end-of-stream and not one byte back.
#[test]
fn drop_sends_no_bytes_at_all() {
    use std::io::{Read, Write};
    let mock = MockServer::start_in_background(Seed::default(), 0).unwrap();
    mock.inject(Fault::new(FaultKind::Drop));
    let mut s = std::net::TcpStream::connect(mock.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /api/v2/data-app HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out); // EOF or reset, both fine
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert_eq!(mock.request_count(DATA_APP), 1);
}
