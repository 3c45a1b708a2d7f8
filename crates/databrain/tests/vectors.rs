//! Runs the shared contract vectors (`tests/vectors/*.json`) against a real databrain-mock.
//! Python and Node run the same files, so all three front ends agree on the wire and in errors.

use std::path::PathBuf;
use std::time::Duration;

use databrain::{ApiTokenRequest, Client, ClientBuilder, Error, ErrorKind, GuestTokenRequest, Input, Shape, Unrepresentable};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer};
use serde_json::Value;

fn load_doc(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn load(name: &str) -> Vec<Value> {
    load_doc(name)["cases"].as_array().unwrap().clone()
}

/// The vectors' JSON with `{"$native": ...}` markers read as the values a binding would meet
/// (NaN, a 2^70 integer, a Date). `parent` (a cycle) needs object identity, which JSON text
/// cannot have: those cases are marked `rustSkip` and run in Python and Node only.
#[derive(Clone, Copy)]
pub struct Native<'a>(pub &'a Value);

impl<'a> Input for Native<'a> {
    type KeyText = &'a str;

    fn shape(&self) -> Shape<'_> {
        match self.0.get("$native").and_then(Value::as_str) {
            Some("NaN") => Shape::Invalid(Unrepresentable::NotFinite(f64::NAN)),
            Some("Infinity") => Shape::Invalid(Unrepresentable::NotFinite(f64::INFINITY)),
            Some("bigint") => Shape::Invalid(Unrepresentable::IntegerOutOfRange),
            Some("date") => Shape::Invalid(Unrepresentable::Unsupported("Date".into())),
            Some(other) => panic!("unknown $native marker {other}"),
            None => (&self.0).shape(),
        }
    }
    fn len(&self) -> usize {
        (&self.0).len()
    }
    fn item(&self, index: usize) -> Option<Self> {
        (&self.0).item(index).map(Native)
    }
    fn entries(&self) -> Vec<(databrain::input::Key<&'a str>, Self)> {
        (&self.0).entries().into_iter().map(|(k, v)| (k, Native(v))).collect()
    }
    fn same(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
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

/// The problems must be exactly the expected ones, in the same order; `message` is compared
/// whole, `contains` (for words that differ by language, e.g. a type name) in part.
fn assert_errors(name: &str, err: Error, expected: &[Value]) {
    let Error::Validation(found) = &err else { panic!("{name}: expected a validation error, got {err:?}") };
    let found_paths: Vec<&str> = found.iter().map(|e| e.path.as_str()).collect();
    let want_paths: Vec<&str> = expected.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(found_paths, want_paths, "{name}: paths differ; errors: {found:#?}");
    for (want, got) in expected.iter().zip(found) {
        if let Some(message) = want.get("message").and_then(Value::as_str) {
            assert_eq!(got.message, message, "{name}: at {}", got.path);
        }
        if let Some(words) = want.get("contains").and_then(Value::as_str) {
            assert!(got.message.contains(words), "{name}: {:?} does not contain {words:?}", got.message);
        }
    }
}

async fn run_request_vectors(file: &str, default_path: &str, is_guest: bool) {
    let mock = MockServer::start().await.unwrap();
    let cases = load(file);
    assert!(!cases.is_empty());
    for case in cases {
        if case.get("rustSkip").is_some() {
            continue;
        }
        mock.reset();
        let name = case["name"].as_str().unwrap();
        let client = client(&mock, &case);
        let input = Native(&case["input"]);
        let result = if is_guest {
            match GuestTokenRequest::from_input(&input) {
                Ok(request) => client.create_guest_token(&request).await,
                Err(e) => Err(e),
            }
        } else {
            match ApiTokenRequest::from_input(&input) {
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

#[test]
fn option_vectors() {
    for case in load("options.json") {
        let name = case["name"].as_str().unwrap();
        let built = ClientBuilder::new().options(&Native(&case["options"])).and_then(ClientBuilder::build);
        match case.get("text").and_then(Value::as_str) {
            Some(text) => {
                let err = built.expect_err(name);
                assert_eq!(err.kind(), ErrorKind::Configuration, "{name}");
                assert_eq!(err.to_string(), text, "{name}");
            }
            None => assert!(built.is_ok(), "{name}: {:?}", built.err()),
        }
    }
}

#[test]
fn error_kind_vectors() {
    let doc = load_doc("error_kinds.json");
    let rows = doc["kinds"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    let all: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names, all, "error_kinds.json lists every kind, in ErrorKind::ALL's order");
    for row in rows {
        let kind = ErrorKind::from_name(row["kind"].as_str().unwrap()).unwrap();
        assert_eq!(kind.default_code(), row["defaultCode"], "{kind:?}");
        // The class both bindings raise comes from the core's table, so a kind without its
        // class (or with another one than the file says) fails here, before any binding runs.
        assert_eq!(kind.class_name(), row["class"], "{kind:?}");
        assert_eq!(ErrorKind::from_class_name(kind.class_name()), Some(kind));
        let example = Error::example(kind);
        assert_eq!(example.kind(), kind);
        assert_eq!(example.code(), row["defaultCode"], "{kind:?}");
        assert_eq!(example.record().kind, kind);
    }
}

#[tokio::test]
async fn maximal_request_is_valid_and_sent_as_given() {
    let mock = MockServer::start().await.unwrap();
    let input = &load_doc("maximal_guest_token.json")["input"];
    let request = GuestTokenRequest::from_loose(input).unwrap();
    client(&mock, &Value::Null).create_guest_token(&request).await.unwrap();
    assert_eq!(mock.requests()[0].body.as_ref(), Some(input), "the maximal request is already in wire form");
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
        let attempts = expect["attempts"].as_u64().unwrap();
        if expect.get("ok").is_some() {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
        } else {
            let err = result.expect_err(name);
            assert_eq!(err.kind().as_str(), expect["kind"], "{name}: {err}");
            assert_eq!(err.code(), expect["code"], "{name}: {err}");
            assert_eq!(err.status().map(u64::from), expect["status"].as_u64(), "{name}: {err}");
            // Every failure after a request says how many attempts it took and which request it was.
            assert_eq!(u64::from(err.attempts()), attempts, "{name}: {err}");
            assert!(err.request_id().is_some_and(|id| !id.is_empty()), "{name}: no request id: {err:?}");
        }
        assert_eq!(mock.request_count(path) as u64, attempts, "{name}: attempts");
    }
}

/// The longest a call may take: every attempt may use the whole timeout, and every retry may
/// wait the largest backoff (or the Retry-After the mock sends, which the vectors keep at 0).
/// Plus slack for a loaded CI machine.
fn time_bound(case: &Value) -> Duration {
    let retries = case.get("maxRetries").and_then(Value::as_u64).unwrap_or(2) as u32;
    let timeout = Duration::from_millis(case.get("timeoutMs").and_then(Value::as_u64).unwrap_or(5000));
    let policy = databrain::RetryPolicy::default();
    let waits: Duration = (0..retries).map(|i| policy.ceiling(i)).sum();
    timeout * (retries + 1) + waits + Duration::from_secs(1)
}
