//! The per-client in-flight limit over real HTTP against databrain-mock: 10,000 concurrent
//! calls succeed with at most `max_in_flight` requests on the wire over at most
//! 1.25 × `max_in_flight` + 4 sockets (reqwest's pool keeps at most `max_in_flight` idle; a
//! connect it started for a request that then took an idle socket still completes, so the
//! peak may pass the limit by a few), sockets the server closed or the pool let go do not
//! hold up later calls, and a call that waits out its timeout in the queue fails with the usual timeout
//! error. No timing assertions.

use std::time::Duration;

use databrain::{Client, DEFAULT_MAX_IN_FLIGHT, Error, ErrorKind, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, Fault, MockServer};
use serde_json::json;

const CALLS: usize = 10_000;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Most sockets a client with this `max_in_flight` may have open at once (README's guarantee).
fn socket_bound(limit: u32) -> usize {
    limit as usize * 5 / 4 + 4
}

/// `CALLS` guest tokens at once through `client`; every one must succeed.
async fn burst(client: &Client) {
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move {
            client.create_guest_token(&GuestTokenRequest::new(format!("user-{i}"), "sales-dashboard")).await
        });
    }
    let mut errors = Vec::new();
    while let Some(done) = calls.join_next().await {
        if let Err(e) = done.expect("no call panics") {
            errors.push(e.to_string());
        }
    }
    assert!(errors.is_empty(), "{} of {CALLS} calls failed, first: {:?}", errors.len(), errors.first());
}

async fn check_burst(limit: Option<u32>) {
    let mock = MockServer::start().await.unwrap();
    let mut builder = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY);
    if let Some(limit) = limit {
        builder = builder.max_in_flight(limit);
    }
    let client = builder.build().unwrap();
    let limit = limit.unwrap_or(DEFAULT_MAX_IN_FLIGHT);
    assert_eq!(client.max_in_flight(), limit);
    let before = rss_kib();
    burst(&client).await;
    let grown_mib = rss_kib().saturating_sub(before) as f64 / 1024.0;
    let sockets = mock.connections();
    eprintln!("{CALLS} calls, max_in_flight {limit}: sockets {sockets:?}, RSS +{grown_mib:.1} MiB");
    assert_eq!(mock.request_count(databrain::GUEST_TOKEN_PATH), CALLS, "one request per call, no retries");
    assert!(sockets.peak <= socket_bound(limit), "{} sockets open at once, limit {limit}", sockets.peak);
    assert!(sockets.total >= 1);
    // Generous: the mock shares this process, and 10,000 pending tasks cost a few MiB.
    assert!(grown_mib < 256.0, "RSS grew {grown_mib:.1} MiB over {CALLS} calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_calls_within_a_limit_of_32() {
    check_burst(Some(32)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_calls_within_the_default_limit() {
    check_burst(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_that_waits_out_its_timeout_in_the_queue_is_a_timeout_with_no_attempt() {
    let mock = MockServer::start().await.unwrap();
    // Every request the mock gets is held for 2 s, well past the 200 ms timeout.
    let delay: Fault = serde_json::from_value(json!({"kind": "delay", "ms": 2000, "times": 5})).unwrap();
    mock.inject(delay);
    let client = Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .max_in_flight(1)
        .max_retries(0)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..5 {
        let client = client.clone();
        calls.spawn(async move { client.create_guest_token(&GuestTokenRequest::new(format!("u{i}"), "sales-dashboard")).await });
    }
    let mut queued = 0;
    while let Some(done) = calls.join_next().await {
        let error = done.unwrap().expect_err("every call times out");
        assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
        if let Error::Timeout { queued: true, attempts, .. } = &error {
            queued += 1;
            assert_eq!(*attempts, 0, "{error}");
            assert!(error.to_string().contains("waiting for a connection slot"), "{error}");
            assert!(error.request_id().is_some(), "{error}");
        }
    }
    // One slot: the first call holds it for its whole timeout, so at most one other call
    // gets it before its own timeout runs out; the rest timed out waiting.
    assert!(queued >= 3, "{queued} of 5 calls timed out in the queue");
    assert!(mock.request_count(databrain::GUEST_TOKEN_PATH) <= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_never_serves_more_requests_at_once_than_the_limit() {
    let mock = MockServer::start().await.unwrap();
    // Each request is held 50 ms, so calls pile up and the mock sees every one the client lets out.
    let delay: Fault = serde_json::from_value(json!({"kind": "delay", "ms": 50, "times": 200})).unwrap();
    mock.inject(delay);
    let client = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).max_in_flight(8).build().unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..200 {
        let client = client.clone();
        calls.spawn(async move { client.create_guest_token(&GuestTokenRequest::new(format!("u{i}"), "sales-dashboard")).await });
    }
    while let Some(done) = calls.join_next().await {
        done.unwrap().expect("every call succeeds");
    }
    let stats = mock.connections();
    eprintln!("200 delayed calls, max_in_flight 8: {stats:?}");
    assert_eq!(stats.peak_requests, 8, "the limit is reached and never exceeded");
}

#[test]
fn a_limit_of_zero_is_refused() {
    let error = Client::builder().max_in_flight(0).build().unwrap_err();
    assert_eq!(error.to_string(), "configuration error: maxInFlight must be at least 1 (0 would never send anything)");
}

/// `calls` guest tokens at once; all must succeed.
async fn calls_succeed(client: &Client, calls: usize) {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..calls {
        let client = client.clone();
        set.spawn(async move { client.create_guest_token(&GuestTokenRequest::new(format!("u{i}"), "sales-dashboard")).await });
    }
    while let Some(done) = set.join_next().await {
        done.unwrap().expect("every call succeeds");
    }
}

/// A client whose every socket permit is in use stalls for good if a closed socket kept its
/// permit; the short connect timeout turns such a stall into a failure of the test.
fn small_client(url: String, limit: u32) -> Client {
    Client::builder()
        .base_url(url)
        .api_key(DEFAULT_API_KEY)
        .max_in_flight(limit)
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_the_server_closed_give_their_place_back() {
    let first = MockServer::start().await.unwrap();
    let port = first.addr().port();
    let client = small_client(first.url(), 2);
    calls_succeed(&client, 20).await;
    assert!(first.connections().total >= 1);
    // The mock stops: it closes the kept-alive sockets the pool holds. Another takes its port.
    drop(first);
    // Its accept loop ends on its own task: retry the bind a bounded number of times.
    let mut second = None;
    for _ in 0..100 {
        match MockServer::start_with(databrain_mock::Seed::default(), port).await {
            Ok(mock) => {
                second = Some(mock);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    let second = second.expect("the port is free again once the first mock stopped");
    calls_succeed(&client, 50).await;
    let stats = second.connections();
    eprintln!("after the server closed the pool's sockets: {stats:?}");
    assert_eq!(second.request_count(databrain::GUEST_TOKEN_PATH), 50);
    assert!(stats.total >= 1 && stats.peak <= socket_bound(2), "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_dropped_mid_request_give_their_place_back() {
    let mock = MockServer::start().await.unwrap();
    // Each of these closes its connection without an answer; guest tokens are retried twice.
    let drop_fault: Fault = serde_json::from_value(json!({"kind": "drop", "times": 2})).unwrap();
    mock.inject(drop_fault);
    let client = small_client(mock.url(), 1);
    client
        .create_guest_token(&GuestTokenRequest::new("u", "sales-dashboard"))
        .await
        .expect("the third attempt, on a new socket, succeeds");
    calls_succeed(&client, 10).await;
    assert_eq!(mock.request_count(databrain::GUEST_TOKEN_PATH), 13);
    assert_eq!(mock.connections().peak, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_past_the_pool_idle_timeout_give_their_place_back() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .max_in_flight(1)
        .pool_idle_timeout(Duration::from_millis(50))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    for round in 1..=3 {
        calls_succeed(&client, 5).await;
        // Bounded wait for the pool to let the idle socket go (the mock sees it close).
        for _ in 0..100 {
            if mock.connections().open == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let stats = mock.connections();
        assert_eq!(stats.open, 0, "round {round}: the idle socket was closed: {stats:?}");
        assert_eq!(stats.total, round, "round {round}: one socket per round: {stats:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_connects_hold_no_socket_and_stay_retry_safe() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(url)
        .api_key("k")
        .service_token("t")
        .max_in_flight(1)
        .max_retries(2)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    // One permit: a refused connect that kept it would make the next one a timeout.
    for _ in 0..10 {
        let err = client.create_api_token(&databrain::ApiTokenRequest::new("sales-dashboard", "k")).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
        assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
        // Not idempotent, yet retried: it never reached a server.
        assert_eq!(err.attempts(), 3, "{err}");
    }
}
