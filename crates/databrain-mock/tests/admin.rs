//! Recording and redaction, the `/__mock` admin routes, `start_in_background` from plain
//! synchronous code, and the `databrain-mock` binary.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{API_TOKENS, Ctx, DATA_APP, GUEST};
use databrain_mock::{
    DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, FaultKind, MockServer, RecordedRequest, Seed,
};
use serde_json::json;

#[tokio::test]
async fn requests_are_recorded_in_order_with_credentials_redacted() {
    let t = Ctx::new().await;
    let body = json!({"clientId": "c", "dataAppName": "sales-dashboard"});
    t.guest(body.clone()).await;
    t.service(
        "GET",
        &format!("{API_TOKENS}?dataAppName=sales-dashboard&isPagination=true"),
        None,
    )
    .await;
    t.call("GET", DATA_APP, Some("some-unknown-secret"), None)
        .await;
    t.call_raw("POST", GUEST, None, "not json").await;
    t.call("GET", "/__mock/health", None, None).await; // admin: not recorded

    let reqs = t.mock.requests();
    assert_eq!(reqs.len(), 4);
    let r = &reqs[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str(), r.query.as_deref()),
        ("POST", GUEST, None)
    );
    assert_eq!(r.auth.as_deref(), Some("apiKey:sales-dashboard"));
    assert_eq!(r.headers["authorization"], "Bearer <redacted>");
    assert_eq!(r.headers["content-type"], "application/json");
    assert!(
        r.headers
            .keys()
            .all(|k| k.chars().all(|c| !c.is_ascii_uppercase()))
    );
    assert_eq!(r.body.as_ref(), Some(&body));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&r.raw_body).unwrap(),
        body
    );

    assert_eq!(reqs[1].auth.as_deref(), Some("serviceToken"));
    assert_eq!(
        reqs[1].query.as_deref(),
        Some("dataAppName=sales-dashboard&isPagination=true")
    );
    assert_eq!(reqs[1].body, None);
    assert_eq!(reqs[2].auth.as_deref(), Some("unknown"));
    assert_eq!(
        (reqs[3].auth.as_deref(), reqs[3].body.as_ref()),
        (None, None)
    );
    assert_eq!(reqs[3].raw_body, "not json");
    assert!(!reqs[3].headers.contains_key("authorization"));

    // The admin view is the same list, and no credential value appears anywhere in it.
    let admin = t.call("GET", "/__mock/requests", None, None).await;
    assert_eq!(admin.status, 200);
    let listed: Vec<RecordedRequest> = serde_json::from_str(&admin.text).unwrap();
    assert_eq!(listed, reqs);
    assert!(
        admin.text.contains("rawBody") && admin.text.contains("\"auth\""),
        "camelCase fields"
    );
    for secret in [
        DEFAULT_API_KEY,
        DEFAULT_SERVICE_TOKEN,
        "some-unknown-secret",
    ] {
        assert!(
            !admin.text.contains(secret),
            "{secret} leaked into {}",
            admin.text
        );
    }

    assert_eq!(t.mock.request_count(GUEST), 2);
    let count = t
        .call(
            "GET",
            &format!("/__mock/request-count?path={GUEST}"),
            None,
            None,
        )
        .await;
    assert_eq!(count.json, json!({"path": GUEST, "count": 2}));
    assert_eq!(t.mock.request_count("/__mock/health"), 0);

    let r = t.call("DELETE", "/__mock/requests", None, None).await;
    assert_eq!(r.status, 200);
    assert!(t.mock.requests().is_empty());
    assert_eq!(t.mock.request_count(GUEST), 0);
    t.guest(body).await;
    t.mock.clear_requests();
    assert_eq!(t.mock.request_count(GUEST), 0);
}

#[tokio::test]
async fn admin_guest_tokens_reset_and_errors() {
    let t = Ctx::new().await;
    let token = t
        .guest(json!({"clientId": "c", "dataAppName": "sales-dashboard", "expiryTime": 60000}))
        .await
        .json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = t.call("GET", "/__mock/guest-tokens", None, None).await.json;
    assert_eq!(listed[0]["token"], token.as_str());
    assert_eq!(listed[0]["clientId"], "c");
    assert_eq!(listed[0]["dataAppName"], "sales-dashboard");
    assert!(listed[0]["expiresAtMs"].is_u64());

    t.service("POST", DATA_APP, Some(json!({"name": "temp"})))
        .await;
    t.mock.inject(Fault::new(FaultKind::Drop).on("/elsewhere"));
    let r = t.call("POST", "/__mock/reset", None, None).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"ok": true})));
    assert!(t.mock.guest_tokens().is_empty());
    assert_eq!(t.mock.guest_token_count(), 0);
    assert!(t.mock.requests().is_empty());
    assert!(t.mock.pending_faults().is_empty());
    assert_eq!(
        t.service("GET", DATA_APP, None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    t.mock.clear_requests();
    t.call("GET", "/__mock/nope", None, None)
        .await
        .assert_error(404, "NOT_FOUND");
    let r = t.call("GET", "/__mock/reset", None, None).await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
    assert!(r.header("x-request-id").is_some());
    assert!(
        t.mock.requests().is_empty(),
        "admin calls are never recorded"
    );
}

/// The bindings hold the server in Python/Node objects shared across threads.
#[test]
fn handle_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<MockServer>();
}

#[tokio::test]
async fn accessors_describe_the_seed() {
    let mock = MockServer::start().await.unwrap();
    assert_eq!(mock.api_key(), DEFAULT_API_KEY);
    assert_eq!(mock.service_token(), DEFAULT_SERVICE_TOKEN);
    assert!(mock.url().starts_with("http://127.0.0.1:") && !mock.url().ends_with('/'));
    assert_eq!(mock.url(), format!("http://{}", mock.addr()));
    let bad = Seed::from_json(r#"{"dataApps": []}"#).unwrap();
    let empty = MockServer::start_with(bad, 0).await.unwrap();
    assert_eq!(
        (empty.api_key(), empty.service_token()),
        (String::new(), String::new())
    );
    let dup = Seed {
        service_tokens: vec!["a".into(), "a".into()],
        ..Seed::default()
    };
    let err = MockServer::start_with(dup, 0).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

/// Plain HTTP/1.1 over std's TcpStream: this test has no async runtime at all.
fn raw_http(url: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {DEFAULT_API_KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[test]
fn start_in_background_serves_synchronous_callers() {
    let mock = MockServer::start_in_background(Seed::default(), 0).unwrap();
    let (status, body) = raw_http(&mock.url(), "GET", "/__mock/health", "");
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    let guest = r#"{"clientId":"c","dataAppName":"sales-dashboard"}"#;
    let (status, body) = raw_http(&mock.url(), "POST", GUEST, guest);
    assert_eq!(status, 200, "{body}");
    assert_eq!(mock.guest_tokens().len(), 1);
    mock.inject(Fault::status(503));
    assert_eq!(raw_http(&mock.url(), "POST", GUEST, guest).0, 503);
    assert_eq!(mock.request_count(GUEST), 2);

    // Dropping stops the server: the port no longer accepts.
    let addr = mock.addr();
    drop(mock);
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
}

/// Starts the binary, returns it with the URL it printed first.
fn spawn_binary(args: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_databrain-mock"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim_end().to_owned())
}

fn terminate(child: &mut std::process::Child) -> std::process::ExitStatus {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    panic!("databrain-mock did not exit on SIGTERM");
}

#[test]
fn binary_prints_its_url_first_and_exits_cleanly_on_sigterm() {
    let (mut child, url) = spawn_binary(&["--port", "0"]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
    assert_eq!(raw_http(&url, "GET", "/__mock/health", "").0, 200);
    let guest = r#"{"clientId":"c","dataAppName":"sales-dashboard"}"#;
    assert_eq!(raw_http(&url, "POST", GUEST, guest).0, 200);
    assert!(terminate(&mut child).success());
}

#[test]
fn binary_loads_a_seed_file_and_rejects_bad_arguments() {
    let dir = std::env::temp_dir().join(format!("databrain-mock-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        format!(r#"{{"serviceTokens": [], "dataApps": [{{"name": "Only App", "apiKeys": ["{DEFAULT_API_KEY}"]}}]}}"#),
    )
    .unwrap();
    let (mut child, url) = spawn_binary(&["--seed", seed.to_str().unwrap()]);
    let (status, _) = raw_http(
        &url,
        "POST",
        GUEST,
        r#"{"clientId":"c","dataAppName":"Only App"}"#,
    );
    assert_eq!(status, 200);
    let (status, _) = raw_http(
        &url,
        "POST",
        GUEST,
        r#"{"clientId":"c","dataAppName":"sales-dashboard"}"#,
    );
    assert_eq!(status, 404);
    assert!(terminate(&mut child).success());

    std::fs::write(&seed, "{not json").unwrap();
    let bin = env!("CARGO_BIN_EXE_databrain-mock");
    let out = Command::new(bin)
        .args(["--seed", seed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = Command::new(bin).arg("--frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(bin).arg("--help").output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("--seed"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn connections_count_the_sockets_that_carried_api_requests() {
    let t = Ctx::new().await;
    let body = json!({"clientId": "c", "dataAppName": "sales-dashboard"});
    // Admin-only sockets are not counted.
    t.call("GET", "/__mock/health", None, None).await;
    assert_eq!(t.mock.connections().total, 0);
    // Three fresh clients (no shared pool): three sockets, all still open (kept alive).
    let clients: Vec<reqwest::Client> = (0..3).map(|_| reqwest::Client::new()).collect();
    for c in &clients {
        let r = c
            .post(format!("{}{GUEST}", t.mock.url()))
            .bearer_auth(DEFAULT_API_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    // The shared client's requests reuse its one socket.
    t.guest(body.clone()).await;
    t.guest(body.clone()).await;
    let stats = t.call("GET", "/__mock/connections", None, None).await;
    assert_eq!(
        stats.json,
        json!({"open": 4, "peak": 4, "total": 4, "requests": 0, "peakRequests": 1})
    );
    drop(clients);
    // Closed sockets leave `open` (the server notices the close asynchronously).
    let mut open = 4;
    for _ in 0..100 {
        open = t.mock.connections().open;
        if open == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(open, 1);
    t.call("DELETE", "/__mock/connections", None, None).await;
    assert_eq!(
        t.mock.connections(),
        databrain_mock::ConnectionStats {
            open: 1,
            peak: 1,
            total: 1,
            requests: 0,
            peak_requests: 0
        }
    );
    t.call("POST", "/__mock/connections", None, None)
        .await
        .assert_error(405, "METHOD_NOT_ALLOWED");
}
