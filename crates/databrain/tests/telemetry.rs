//! Telemetry over real HTTP against databrain-mock: the trace context on every attempt and the
//! call record (operation, attempts, resend counts, request ids, times, time queued). The
//! `tracing` spans are in telemetry_tracing.rs.

use std::time::Duration;

use databrain::management::OPERATIONS;
use databrain::telemetry::CallTrace;
use databrain::{CallOptions, Client, GuestTokenRequest, ListOptions};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer};

const PARENT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .service_token(DEFAULT_SERVICE_TOKEN)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_retried_call_records_every_attempt_and_sends_the_trace_context_on_each() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::status(503).on(databrain::GUEST_TOKEN_PATH).repeat(2));
    let trace = CallTrace::new(Some(PARENT), Some("vendor=1"), true).unwrap();
    let request = GuestTokenRequest::new("user-1", "sales-dashboard");
    let c = client(&mock);
    let token = trace.run(c.create_guest_token(&request)).await.unwrap();
    let record = trace.take_record().unwrap();

    assert_eq!(record.operation, Some("guest_token.create"));
    assert_eq!(record.error_type, None);
    assert_eq!(record.attempts.len(), 3);
    let statuses: Vec<_> = record.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
    let resends: Vec<_> = record.attempts.iter().map(|a| a.resend_count).collect();
    assert_eq!(resends, [0, 1, 2]);
    assert_eq!(record.attempts[0].error_type.as_deref(), Some("503"));
    assert_eq!(record.attempts[2].error_type, None);
    let wire = mock.requests();
    assert_eq!(wire.len(), 3);
    for (attempt, seen) in record.attempts.iter().zip(&wire) {
        assert_eq!(seen.traceparent(), Some(PARENT));
        assert_eq!(seen.headers["tracestate"], "vendor=1");
        assert_eq!(seen.headers["x-request-id"], wire[0].headers["x-request-id"], "one request id on every attempt");
        assert!(!attempt.request_id.is_empty());
        assert_eq!(attempt.method, "POST");
        assert_eq!(attempt.url_template, databrain::GUEST_TOKEN_PATH);
        assert_eq!(attempt.url_full, format!("{}{}", mock.url(), databrain::GUEST_TOKEN_PATH));
        assert_eq!(attempt.server_address, "127.0.0.1");
        assert_eq!(attempt.server_port, mock.addr().port());
        assert_eq!(attempt.protocol_version, Some("1.1"));
        assert!(attempt.start_unix_ns >= record.start_unix_ns && attempt.end_unix_ns >= attempt.start_unix_ns);
    }
    assert!(record.attempts.windows(2).all(|w| w[1].start_unix_ns >= w[0].end_unix_ns), "attempts in order");
    let last = record.attempts.last().unwrap();
    assert!(last.end_unix_ns <= record.start_unix_ns + record.duration_ns + 1_000_000);
    assert_eq!(record.request_id.as_deref(), Some(last.request_id.as_str()));
    let json = serde_json::to_string(&record).unwrap();
    for secret in [DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, token.as_str(), "user-1", "sales-dashboard"] {
        assert!(!json.contains(secret), "the record holds {secret:?}: {json}");
    }
    assert!(trace.take_record().unwrap().attempts.is_empty(), "taken once");
}

#[tokio::test]
async fn errors_are_recorded_and_nothing_is_sent_or_built_outside_a_trace() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::status(401).on(databrain::GUEST_TOKEN_PATH));
    let trace = CallTrace::new(None, None, true).unwrap();
    let c = client(&mock);
    let error = trace.run(c.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard"))).await.unwrap_err();
    let record = trace.take_record().unwrap();
    assert_eq!(error.status(), Some(401));
    assert_eq!(record.error_type.as_deref(), Some("401"));
    assert_eq!(record.attempts.len(), 1);
    assert_eq!(mock.requests()[0].traceparent(), None, "no context given, none sent");

    // Records off: headers only.
    let quiet = CallTrace::new(Some(PARENT), None, false).unwrap();
    quiet.run(c.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard"))).await.unwrap();
    assert!(quiet.take_record().is_none());
    assert_eq!(mock.requests()[1].traceparent(), Some(PARENT));
    // Outside a trace: no header.
    c.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard")).await.unwrap();
    assert_eq!(mock.requests()[2].traceparent(), None);

    // A connection that never happens: no status, a transport error type.
    let dead = Client::builder().base_url("http://127.0.0.1:9").api_key("k").max_retries(0).allow_insecure_http(true).build().unwrap();
    let trace = CallTrace::new(None, None, true).unwrap();
    trace.run(dead.create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard"))).await.unwrap_err();
    let record = trace.take_record().unwrap();
    assert_eq!(record.error_type.as_deref(), Some("connection_error"));
    assert_eq!(record.attempts[0].status, None);
}

#[tokio::test]
async fn every_management_call_is_named_by_its_row() {
    // One successful contract vector per row (tests/vectors/management.json), through call_json.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/management.json")).unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    for op in OPERATIONS {
        let case = vectors["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["call"] == op.name() && c["result"] == "ok" && c.get("errors").is_none())
            .unwrap_or_else(|| panic!("a vector for {}", op.name()));
        let mock = MockServer::start().await.unwrap();
        let c = client(&mock);
        let options = CallOptions::from_input(&&case["options"]).unwrap();
        let list = match case["page"].as_u64() {
            Some(n) => ListOptions::page(n as u32),
            None => ListOptions::all(),
        };
        let trace = CallTrace::new(Some(PARENT), None, true).unwrap();
        trace.run(c.call_json(op.name(), &&case["input"], &options, &list)).await.unwrap();
        let record = trace.take_record().unwrap();
        assert_eq!(record.operation, Some(op.name()));
        let wire = mock.requests();
        assert_eq!(record.attempts.len(), wire.len(), "{}", op.name());
        for (attempt, seen) in record.attempts.iter().zip(&wire) {
            assert_eq!(seen.traceparent(), Some(PARENT));
            assert_eq!(attempt.method, seen.method);
            assert_eq!(attempt.url_full, format!("{}{}", mock.url(), seen.path), "no query string");
            assert!(attempt.url_template == op.endpoint.path || Some(attempt.url_template) == op.endpoint.legacy_path);
        }
    }
}

#[tokio::test]
async fn a_cache_miss_carries_the_trace_into_its_mint_and_a_hit_says_so() {
    let mock = MockServer::start().await.unwrap();
    let cache = databrain::GuestTokenCache::new(client(&mock));
    let request = GuestTokenRequest::new("u", "sales-dashboard").expiry(Duration::from_secs(3600));
    let trace = CallTrace::new(Some(PARENT), None, true).unwrap();
    trace.run(cache.get(&request)).await.unwrap();
    let record = trace.take_record().unwrap();
    assert_eq!(record.cache, Some("miss"));
    assert_eq!(record.attempts.len(), 1);
    assert_eq!(mock.requests()[0].traceparent(), Some(PARENT));
    let trace = CallTrace::new(None, None, true).unwrap();
    trace.run(cache.get(&request)).await.unwrap();
    let record = trace.take_record().unwrap();
    assert_eq!((record.cache, record.attempts.len()), (Some("hit"), 0));
}

#[tokio::test]
async fn time_queued_for_a_slot_is_recorded() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .max_in_flight(1)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    mock.inject(Fault::new(databrain_mock::FaultKind::Delay { ms: 300 }).on(databrain::GUEST_TOKEN_PATH));
    let holder = tokio::spawn({
        let c = c.clone();
        async move { c.create_guest_token(&GuestTokenRequest::new("a", "sales-dashboard")).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let trace = CallTrace::new(None, None, true).unwrap();
    trace.run(c.create_guest_token(&GuestTokenRequest::new("b", "sales-dashboard"))).await.unwrap();
    holder.await.unwrap().unwrap();
    let record = trace.take_record().unwrap();
    assert_eq!(record.attempts.len(), 1);
    assert!(record.attempts[0].queued_ns >= 150_000_000, "{}", record.attempts[0].queued_ns);
}
