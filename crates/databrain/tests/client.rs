//! The client over real HTTP against databrain-mock: headers, credentials, retries, secrets.

use std::time::{Duration, Instant};

use databrain::{ApiTokenRequest, Client, Error, ErrorKind, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer};
use serde_json::json;

fn fault(value: serde_json::Value) -> Fault {
    serde_json::from_value(value).unwrap()
}

fn client(mock: &MockServer) -> Client {
    Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).service_token(DEFAULT_SERVICE_TOKEN).build().unwrap()
}

#[tokio::test]
async fn sends_the_documented_headers_and_redacts_nothing_it_should_not_log() {
    let mock = MockServer::start().await.unwrap();
    let token = client(&mock).create_guest_token(&GuestTokenRequest::new("user-1", "sales-dashboard")).await.unwrap();
    assert_eq!(token.len(), 36, "a UUID: {token}");
    let req = &mock.requests()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, databrain::GUEST_TOKEN_PATH);
    assert_eq!(req.auth.as_deref(), Some("apiKey:sales-dashboard"));
    assert_eq!(req.headers["content-type"], "application/json");
    let ua = &req.headers["user-agent"];
    assert!(ua.starts_with(&format!("databrain-sdk/{} (rust", env!("CARGO_PKG_VERSION"))), "{ua}");
    assert!(uuid_like(&req.headers["x-request-id"]));
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn retries_reuse_one_request_id_and_obey_retry_after() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(fault(json!({"path": databrain::GUEST_TOKEN_PATH, "kind": "status", "status": 429, "code": "RATE_LIMIT_EXCEEDED", "retryAfter": "1"})));
    let started = Instant::now();
    client(&mock).create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After: 1 was not waited out");
    let ids: Vec<_> = mock.requests().iter().map(|r| r.headers["x-request-id"].clone()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1], "one logical call, one request id");
}

#[tokio::test]
async fn retry_after_as_http_date() {
    let mock = MockServer::start().await.unwrap();
    let when = httpdate_in(Duration::from_secs(2));
    mock.inject(fault(json!({"kind": "status", "status": 429, "code": "RATE_LIMIT_EXCEEDED", "retryAfter": when})));
    let started = Instant::now();
    client(&mock).create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await.unwrap();
    // HTTP dates have one-second resolution: "in 2 s" means at least 1 s from now.
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(mock.request_count(databrain::GUEST_TOKEN_PATH), 2);
}

fn httpdate_in(d: Duration) -> String {
    // Formats without a dependency: the mock and client both parse RFC 7231 IMF-fixdate.
    let t = std::time::SystemTime::now() + d;
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let (days, rem) = (secs / 86400, secs % 86400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // civil-from-days (Howard Hinnant)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) as usize];
    format!("{weekday}, {day:02} {mon} {year} {h:02}:{m:02}:{s:02} GMT")
}

#[tokio::test]
async fn a_missing_credential_is_a_configuration_error_and_nothing_is_sent() {
    let mock = MockServer::start().await.unwrap();
    let only_key = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
    let err = only_key.create_api_token(&ApiTokenRequest::new("sales-dashboard", "k")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.to_string().contains("DATABRAIN_SERVICE_TOKEN"), "{err}");
    let only_token = Client::builder().base_url(mock.url()).service_token(DEFAULT_SERVICE_TOKEN).build().unwrap();
    let err = only_token.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn a_created_api_key_mints_guest_tokens_right_away() {
    let mock = MockServer::start().await.unwrap();
    let admin = Client::builder().base_url(mock.url()).service_token(DEFAULT_SERVICE_TOKEN).build().unwrap();
    let key = admin.create_api_token(&ApiTokenRequest::new("Customer Portal Analytics", "Production API Key")).await.unwrap();
    let embedder = Client::builder().base_url(mock.url()).api_key(&key).build().unwrap();
    let token = embedder.create_guest_token(&GuestTokenRequest::new("Team 1", "Customer Portal Analytics")).await.unwrap();
    assert_ne!(token, key);
    let legacy = admin.create_api_token(&ApiTokenRequest::new("sales-dashboard", "old").legacy_endpoint(true)).await.unwrap();
    assert_ne!(legacy, key);
    assert_eq!(mock.request_count(databrain::LEGACY_API_TOKENS_PATH), 1);
}

#[tokio::test]
async fn validation_happens_before_the_network() {
    let mock = MockServer::start().await.unwrap();
    let request = GuestTokenRequest::new("", "bad/name").expiry(Duration::ZERO);
    let err = client(&mock).create_guest_token(&request).await.unwrap_err();
    let paths: Vec<_> = err.field_errors().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["clientId", "dataAppName", "expiryTime"]);
    assert_eq!(err.code(), "VALIDATION_ERROR");
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_errors() {
    let mock = MockServer::start().await.unwrap();
    let key = "sk-secret-4a1f-very-private";
    let token = "svc-secret-99-private";
    let builder = Client::builder().base_url(mock.url()).api_key(key).service_token(token);
    let client = builder.clone().build().unwrap();
    let mut printed = vec![format!("{builder:?}"), format!("{client:?}")];
    for result in [
        client.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await,
        client.create_api_token(&ApiTokenRequest::new("sales-dashboard", "k")).await,
    ] {
        let err = result.unwrap_err();
        printed.push(format!("{err:?}"));
        printed.push(err.to_string());
    }
    let bad = Client::builder().api_key(format!("{key}\r\nX: y")).build().unwrap_err();
    printed.push(format!("{bad:?} {bad}"));
    printed.push(serde_json::to_string(&mock.requests()).unwrap());
    for text in printed {
        assert!(!text.contains(key) && !text.contains(token), "secret leaked: {text}");
    }
}

#[tokio::test]
async fn refuses_plain_http_to_other_hosts_unless_allowed() {
    let err = Client::builder().base_url("http://databrain.example.com").api_key("k").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(Client::builder().base_url("http://databrain.example.com").allow_insecure_http(true).build().is_ok());
    assert!(Client::builder().build().is_ok(), "https default needs no credential to build");
}

#[tokio::test]
async fn connection_refused_is_a_connection_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(url)
        .api_key("k")
        .service_token("t")
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
        .max_retries(1)
        .build()
        .unwrap();
    let err = client.create_api_token(&ApiTokenRequest::new("sales-dashboard", "k")).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
    // Never connected, so retried even though creating a key is not idempotent; the error
    // says how many attempts were made and carries the request id the SDK sent.
    assert_eq!(err.attempts(), 2, "{err}");
    assert!(err.to_string().contains("after 2 attempts"), "{err}");
    let id = err.request_id().expect("a connection error carries the request id");
    assert!(uuid_like(id), "{id}");
    // The transport's chain stays a chain, down to the OS error.
    let causes = err.causes();
    assert!(causes.len() >= 2, "{causes:?}");
    assert!(causes.last().unwrap().to_lowercase().contains("refused"), "{causes:?}");
    let record = err.record();
    assert_eq!((record.kind, record.attempts, record.causes.clone()), (ErrorKind::Connection, 2, causes));
}

#[tokio::test]
async fn many_concurrent_calls_share_one_pool() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let calls = (0..500).map(|i| {
        let client = client.clone();
        async move { client.create_guest_token(&GuestTokenRequest::new(format!("user-{i}"), "sales-dashboard")).await }
    });
    let tokens: Vec<_> = futures_join_all(calls).await;
    let unique: std::collections::HashSet<_> = tokens.into_iter().map(Result::unwrap).collect();
    assert_eq!(unique.len(), 500);
    assert_eq!(mock.guest_tokens().len(), 500);
}

async fn futures_join_all<F: std::future::Future + Send + 'static>(futs: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Captures every log line the SDK emits, for the secrets test below.
struct Capture(std::sync::Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        self.0.lock().unwrap().push(record.args().to_string());
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture(std::sync::Mutex::new(Vec::new()));

#[tokio::test]
async fn log_lines_never_hold_a_secret() {
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let mock = MockServer::start().await.unwrap();
    let key = DEFAULT_API_KEY;
    mock.inject(fault(json!({"kind": "status", "status": 429, "code": "RATE_LIMIT_EXCEEDED", "retryAfter": "0"})));
    mock.inject(fault(json!({"kind": "status", "status": 500, "code": "INTERNAL_SERVER_ERROR"})));
    mock.inject(fault(json!({"kind": "status", "status": 429, "retryAfter": "3600"})));
    let client = Client::builder()
        .base_url(mock.url())
        .api_key(key)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), max_retries: 3, ..Default::default() })
        .build()
        .unwrap();
    let err = client.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimit);
    let lines = CAPTURE.0.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("retry 1")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("beyond")), "{lines:?}");
    for line in lines {
        assert!(!line.contains(key), "secret in a log line: {line}");
    }

    // An expiry under a minute is sent, and warned about once per distinct value.
    let short = GuestTokenRequest { expiry_time: Some(4321), ..GuestTokenRequest::new("u", "sales-dashboard") };
    for _ in 0..2 {
        client.create_guest_token(&short).await.unwrap();
    }
    assert_eq!(mock.requests().last().unwrap().body.as_ref().unwrap()["expiryTime"], 4321);
    let warned = "expiry_time is in milliseconds: 4321 is 4.321 seconds; did you mean 4_321_000?";
    let lines = CAPTURE.0.lock().unwrap().clone();
    assert_eq!(lines.iter().filter(|l| l.contains(warned)).count(), 1, "{lines:?}");
}

#[tokio::test]
async fn a_data_app_the_key_cannot_see_says_the_key_may_be_the_wrong_one() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
    let other_app = databrain_mock::DEFAULT_PORTAL_DATA_APP;
    let e = client.create_guest_token(&GuestTokenRequest::new("u", other_app)).await.unwrap_err();
    assert_eq!((e.kind(), e.code()), (ErrorKind::NotFound, "DATA_APP_ID_ERROR"), "{e}");
    assert!(e.to_string().contains("the API key may belong to another data app"), "{e}");
}
