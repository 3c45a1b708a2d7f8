//! Runs the shared contract vectors (`tests/vectors/*.json`) against a real databrain-mock.
//! Python and Node run the same files, so all three front ends agree on the wire and in errors.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use databrain::{ApiTokenRequest, Client, Error, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn client(mock: &MockServer, case: &Value) -> Client {
    let s = |key: &str, default: &str| case.get(key).and_then(Value::as_str).unwrap_or(default).to_owned();
    Client::builder()
        .base_url(mock.url())
        .api_key(s("apiKey", DEFAULT_API_KEY))
        .service_token(s("serviceToken", DEFAULT_SERVICE_TOKEN))
        .max_retries(case.get("maxRetries").and_then(Value::as_u64).unwrap_or(2) as u32)
        .timeout(Duration::from_millis(case.get("timeoutMs").and_then(Value::as_u64).unwrap_or(5000)))
        .build()
        .unwrap()
}

/// The validation error's paths must be exactly the expected set, with the expected words.
fn assert_errors(name: &str, err: Error, expected: &[Value]) {
    let Error::Validation(found) = &err else { panic!("{name}: expected a validation error, got {err:?}") };
    let found_paths: BTreeSet<&str> = found.iter().map(|e| e.path.as_str()).collect();
    let want_paths: BTreeSet<&str> = expected.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(found_paths, want_paths, "{name}: paths differ; errors: {found:#?}");
    for want in expected {
        let Some(words) = want.get("contains").and_then(Value::as_str) else { continue };
        let path = want["path"].as_str().unwrap();
        assert!(
            found.iter().any(|e| e.path == path && e.message.contains(words)),
            "{name}: no message at {path} contains {words:?}; errors: {found:#?}"
        );
    }
}

async fn run_request_vectors(file: &str, default_path: &str, is_guest: bool) {
    let mock = MockServer::start().await.unwrap();
    let cases = load(file);
    assert!(!cases.is_empty());
    for case in cases {
        mock.reset();
        let name = case["name"].as_str().unwrap();
        let client = client(&mock, &case);
        let result = if is_guest {
            match GuestTokenRequest::from_loose(&case["input"]) {
                Ok(request) => client.create_guest_token(&request).await,
                Err(e) => Err(e),
            }
        } else {
            match ApiTokenRequest::from_loose(&case["input"]) {
                Ok(request) => client.create_api_token(&request).await,
                Err(e) => Err(e),
            }
        };
        if let Some(body) = case.get("body") {
            let token = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!token.is_empty(), "{name}");
            let requests = mock.requests();
            assert_eq!(requests.len(), 1, "{name}");
            let path = case.get("path").and_then(Value::as_str).unwrap_or(default_path);
            assert_eq!(requests[0].path, path, "{name}");
            assert_eq!(requests[0].body.as_ref(), Some(body), "{name}: wire body differs");
        } else {
            let err = result.expect_err(name);
            assert_errors(name, err, case["errors"].as_array().unwrap());
            assert!(mock.requests().is_empty(), "{name}: a request was sent despite invalid input");
        }
    }
}

#[tokio::test]
async fn guest_token_vectors() {
    run_request_vectors("guest_token.json", databrain::GUEST_TOKEN_PATH, true).await;
}

#[tokio::test]
async fn api_token_vectors() {
    run_request_vectors("api_token.json", databrain::API_TOKENS_PATH, false).await;
}

#[tokio::test]
async fn response_vectors() {
    let mock = MockServer::start().await.unwrap();
    for case in load("responses.json") {
        mock.reset();
        let name = case["name"].as_str().unwrap();
        for fault in case.get("faults").and_then(Value::as_array).into_iter().flatten() {
            mock.inject(serde_json::from_value::<Fault>(fault.clone()).unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        let client = client(&mock, &case);
        let guest = case["endpoint"] == "guestToken";
        let started = std::time::Instant::now();
        let (result, path) = if guest {
            let input = case.get("request").cloned().unwrap_or(serde_json::json!({"clientId": "user-1", "dataAppName": "sales-dashboard"}));
            let request = GuestTokenRequest::from_loose(&input).unwrap();
            (client.create_guest_token(&request).await, databrain::GUEST_TOKEN_PATH)
        } else {
            let input = case.get("request").cloned().unwrap_or(serde_json::json!({"dataAppName": "sales-dashboard", "name": "vector key"}));
            let request = ApiTokenRequest::from_loose(&input).unwrap();
            (client.create_api_token(&request).await, databrain::API_TOKENS_PATH)
        };
        let elapsed = started.elapsed();
        let limit = time_bound(&case);
        assert!(elapsed <= limit, "{name}: took {elapsed:?}, bound {limit:?}");
        let expect = &case["expect"];
        if expect.get("ok").is_some() {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
        } else {
            let err = result.expect_err(name);
            assert_eq!(err.kind().as_str(), expect["kind"], "{name}: {err}");
            assert_eq!(err.code(), expect["code"], "{name}: {err}");
            assert_eq!(err.status().map(u64::from), expect["status"].as_u64(), "{name}: {err}");
        }
        assert_eq!(mock.request_count(path) as u64, expect["attempts"].as_u64().unwrap(), "{name}: attempts");
    }
}

/// The longest a call may take: every attempt may use the whole timeout, and every retry may
/// wait the largest backoff (or the Retry-After the mock sends, which the vectors keep at 0).
/// Plus slack for a loaded CI machine.
fn time_bound(case: &Value) -> Duration {
    let retries = case.get("maxRetries").and_then(Value::as_u64).unwrap_or(2) as u32;
    let timeout = Duration::from_millis(case.get("timeoutMs").and_then(Value::as_u64).unwrap_or(5000));
    let policy = databrain::RetryPolicy::default();
    let waits: Duration = (0..retries).map(|i| (policy.base_delay * 2u32.pow(i)).min(policy.max_delay)).sum();
    timeout * (retries + 1) + waits + Duration::from_secs(1)
}
