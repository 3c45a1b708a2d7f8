//! The shared management contract vectors (`tests/vectors/management.json`, run by the Rust,
//! Python and Node suites) through the generated commands: every row's command sends the
//! vector's request (method, path, query, body) to a mock and reports its result — the exit
//! code, and with `--json` the error record's kind, code, status and field paths.

use std::collections::HashSet;
use std::process::Command;

use databrain::management::OPERATIONS;
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, MockServer};
use serde_json::{Value, json};

/// `a=b+c&d=%2F` → `[["a", "b c"], ["d", "/"]]`, as the vectors spell queries.
fn query_pairs(query: &str) -> Value {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    let pairs = query.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        json!([decode(k), decode(v)])
    });
    Value::Array(pairs.collect())
}

/// Whether `got` holds `want` (the vectors' `answer`): every key of an object, every item of a
/// list of the same length, scalars equal.
fn holds(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w.iter().all(|(k, v)| g.get(k).is_some_and(|x| holds(x, v))),
        (Value::Array(g), Value::Array(w)) => g.len() == w.len() && g.iter().zip(w).all(|(x, v)| holds(x, v)),
        _ => got == want,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vector_through_its_command() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/management.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut covered = HashSet::new();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap().to_owned();
        let call = case["call"].as_str().unwrap();
        covered.insert(call.to_owned());
        let (family, action) = call.split_once('.').unwrap();
        let mut args = vec![family.replace('_', "-"), action.replace('_', "-"), "--json".into()];
        if !case["input"].is_null() {
            args.extend(["--body-json".into(), case["input"].to_string()]);
        }
        if case["options"]["legacy"] == true {
            args.push("--legacy".into());
        }
        match case["options"]["credential"].as_str() {
            Some("apiKey") => args.extend(["--credential".into(), "api-key".into()]),
            Some("serviceToken") => args.extend(["--credential".into(), "service-token".into()]),
            Some(other) => panic!("{name}: unknown credential {other}"),
            None => {}
        }
        if let Some(page) = case["page"].as_u64() {
            args.extend(["--page".into(), page.to_string()]);
        }

        let mock = MockServer::start().await.unwrap();
        let url = mock.url();
        let service_token = case["serviceToken"].as_str().unwrap_or(DEFAULT_SERVICE_TOKEN).to_owned();
        let out = tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_databrain"))
                .args(&args)
                .env("DATABRAIN_BASE_URL", url)
                .env("DATABRAIN_API_KEY", DEFAULT_API_KEY)
                .env("DATABRAIN_SERVICE_TOKEN", service_token)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let printed: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));

        if let Some(errors) = case["errors"].as_array() {
            assert_eq!(out.status.code(), Some(2), "{name}: {printed}");
            assert_eq!(printed["error"]["kind"], "validation", "{name}: {printed}");
            let got: Vec<&Value> = printed["error"]["errors"].as_array().unwrap().iter().map(|e| &e["path"]).collect();
            let want: Vec<&Value> = errors.iter().map(|e| &e["path"]).collect();
            assert_eq!(got, want, "{name}");
            assert!(mock.requests().is_empty(), "{name}: nothing is sent");
            continue;
        }
        let want = &case["request"];
        let first = mock.requests().first().cloned().unwrap_or_else(|| panic!("{name}: nothing was sent: {printed}"));
        assert_eq!(first.method, want["method"].as_str().unwrap(), "{name}");
        assert_eq!(first.path, want["path"].as_str().unwrap(), "{name}");
        assert_eq!(query_pairs(&first.query.unwrap_or_default()), want["query"], "{name}");
        assert_eq!(first.body.unwrap_or(Value::Null), want["body"], "{name}");
        match &case["result"] {
            Value::String(s) if s == "ok" => {
                assert!(out.status.success(), "{name}: {printed}");
                if !case["answer"].is_null() {
                    assert!(holds(&printed, &case["answer"]), "{name}: {printed} does not hold {}", case["answer"]);
                }
            }
            expected => {
                assert_eq!(out.status.code(), Some(1), "{name}: {printed}");
                let e = &printed["error"];
                assert_eq!(&json!({"kind": e["kind"], "code": e["code"], "status": e["status"]}), expected, "{name}");
            }
        }
    }
    let missing: Vec<_> = OPERATIONS.iter().map(|o| o.name()).filter(|n| !covered.contains(*n)).collect();
    assert!(missing.is_empty(), "every row has a vector: {missing:?}");
}
