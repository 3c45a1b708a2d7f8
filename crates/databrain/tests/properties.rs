//! Hostile input: arbitrary JSON never panics the loose parser or the response reader, and
//! every request the parser accepts re-serialises to a body that parses back to itself and
//! that databrain-mock accepts.

use databrain::{ApiTokenRequest, Client, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, MockServer};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};

/// Any JSON, biased towards the keys the parser looks for so it goes deep.
fn any_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "clientId", "client_id", "dataAppName", "params", "permissions", "expiryTime", "appFilters",
        "dashboardAppFilters", "metricId", "dashboardId", "values", "sql", "columnName", "startDate",
        "endDate", "min", "max", "isShowOnUrl", "isShowSideBar", "rlsSettings", "timezone", "x", "",
    ])
    .prop_map(str::to_owned);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["2024-01-01", "2024-02-30", "sales-dashboard", "UTC"]).prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Requests that are valid by construction, covering every field and filter shape.
fn valid_request() -> impl Strategy<Value = Value> {
    let name = "[A-Za-z0-9][A-Za-z0-9 _-]{0,20}[A-Za-z0-9]";
    let column = "[a-zA-Z _]{1,12}";
    let app_value = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(Value::from),
        ".{0,10}".prop_map(Value::String),
        prop::collection::vec("[a-z]{1,5}", 0..3).prop_map(|v| json!(v)),
        ("SELECT [a-z]{1,8}", "[a-z]{1,8}").prop_map(|(s, c)| json!({"sql": s, "columnName": c})),
    ];
    let dash_value = prop_oneof![
        ".{0,10}".prop_map(Value::String),
        (1u32..28, 0u32..20).prop_map(|(d, span)| json!({"startDate": format!("2024-01-{d:02}"), "endDate": format!("2024-02-{:02}", (d + span).min(28))})),
        (-1e6f64..1e6, 0f64..1e6).prop_map(|(lo, w)| json!({"min": lo, "max": lo + w})),
    ];
    let app_filters = prop::collection::vec(
        ("[a-z0-9-]{1,10}", prop::collection::btree_map(column, app_value, 0..4))
            .prop_map(|(m, v)| json!({"metricId": m, "values": v})),
        0..3,
    );
    let dash_filters = prop::collection::vec(
        ("[a-z0-9-]{1,10}", prop::collection::btree_map(column, dash_value, 0..4), prop::option::of(any::<bool>())).prop_map(
            |(d, v, show)| {
                let mut f = json!({"dashboardId": d, "values": v});
                if let Some(show) = show {
                    f["isShowOnUrl"] = Value::Bool(show);
                }
                f
            },
        ),
        0..3,
    );
    let permissions = prop::collection::btree_map(prop::sample::select(databrain::PERMISSION_KEYS.to_vec()), any::<bool>(), 0..10);
    (name, "[^\\p{Cc}]{0,5}[a-z]", app_filters, dash_filters, permissions, prop::option::of(1u64..databrain::MAX_EXPIRY_MS)).prop_map(
        |(app, client, af, df, perms, expiry)| {
            let mut r = json!({"clientId": client, "dataAppName": app, "params": {"appFilters": af, "dashboardAppFilters": df}, "permissions": perms});
            if let Some(ms) = expiry {
                r["expiryTime"] = json!(ms);
            }
            r
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn loose_parsing_never_panics(input in any_json()) {
        let _ = GuestTokenRequest::from_loose(&input);
        let _ = ApiTokenRequest::from_loose(&input);
        // Wrapped in a plausible top level, so the nested parsers are reached too.
        let _ = GuestTokenRequest::from_loose(&json!({"clientId": "u", "dataAppName": "a", "params": input.clone(), "permissions": input}));
    }

    #[test]
    fn reading_any_answer_never_panics(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..256), json in any_json()) {
        let _ = databrain::fuzzing::read_answer(status, &body, None);
        let _ = databrain::fuzzing::read_answer(status, json.to_string().as_bytes(), None);
        let wrapped = json!({"error": json, "token": "t"}).to_string();
        let result = databrain::fuzzing::read_answer(status, wrapped.as_bytes(), None);
        if !(200..300).contains(&status) {
            let err = result.unwrap_err();
            prop_assert_eq!(err.status(), Some(status));
        }
    }

    #[test]
    fn accepted_requests_round_trip(input in valid_request()) {
        let request = GuestTokenRequest::from_loose(&input).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let wire = serde_json::to_value(&request).unwrap();
        let again = GuestTokenRequest::from_loose(&wire).unwrap();
        prop_assert_eq!(again, request);
    }
}

/// A sample of valid requests, sent for real: the mock (which validates like Databrain) must
/// accept every one, and receive exactly what was serialised.
#[test]
fn accepted_requests_are_accepted_by_the_mock() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mock = MockServer::start().await.unwrap();
        let client = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).build().unwrap();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        for _ in 0..200 {
            let mut input = valid_request().new_tree(&mut runner).unwrap().current();
            input["dataAppName"] = json!("sales-dashboard");
            let request = GuestTokenRequest::from_loose(&input).unwrap();
            client.create_guest_token(&request).await.unwrap_or_else(|e| panic!("{input}: {e}"));
            let sent = mock.requests().pop().unwrap().body.unwrap();
            assert_eq!(sent, serde_json::to_value(&request).unwrap());
        }
    });
}
