//! CPU cost of the parts of a guest-token call that are not the network:
//!
//! * `validate_serialize`: `request.validate()` + `serde_json::to_vec(&request)` — what
//!   `Client::create_guest_token` does before sending (goal: <= 2 us for the maximal request).
//! * `from_loose`: `GuestTokenRequest::from_loose(&Value)` on its own — the conversion core of
//!   both bindings (a Python dict / JS object becomes a `serde_json::Value`, then this).
//! * `from_json_str`: parsing a JSON string to a `Value` and then `from_loose` — what a
//!   binding would pay if it handed the request over as a JSON string.
//!
//! Run: `cargo bench -p databrain --bench validate_serialize` (see BENCHMARKS.md).

use databrain::GuestTokenRequest;
use divan::{Bencher, black_box};
use serde_json::Value;

fn main() {
    divan::main();
}

/// Only the two required fields.
const MINIMAL: &str = r#"{"clientId": "user-1", "dataAppName": "sales-dashboard"}"#;

/// Every documented field (the "every documented field" case of tests/vectors/guest_token.json).
const MAXIMAL: &str = r#"{
  "clientId": "Team 1", "dataAppName": "sales-dashboard",
  "params": {
    "appFilters": [{"metricId": "metric-1", "values": {
      "Customer App filter": "USA", "customer id": ["a", "b"], "is_active": true, "amount": 500,
      "region": {"sql": "SELECT name FROM regions WHERE id = 1", "columnName": "name"}}}],
    "dashboardAppFilters": [
      {"dashboardId": "dash-1", "values": {
        "timePeriod": {"startDate": "2024-01-01", "endDate": "2024-03-23"},
        "revenue": {"min": 1000, "max": 5000}, "country": ["USA", "CANADA"]}, "isShowOnUrl": false},
      {"dashboardId": "dash-2", "values": {"country": "USA"}}],
    "hideDashboardFilters": ["country"],
    "userIdentifier": "user@example.com",
    "rlsSettings": [{"metricId": "metric-2", "values": {"tenant_id": 42}}, {"values": {"org": "acme"}}],
    "allowedEmbeds": ["embed-1", "embed-2"],
    "timezone": "America/New_York"},
  "permissions": {
    "isEnableArchiveMetrics": true, "isEnableManageMetrics": false, "isEnableCreateDashboardView": true,
    "isEnableMetricUpdation": false, "isEnableCustomizeLayout": true, "isEnableUnderlyingData": false,
    "isEnableDownloadMetrics": true, "isShowSideBar": false, "isShowDashboardName": true,
    "isDisableMetricCreation": true},
  "expiryTime": 86400000,
  "datasourceName": "warehouse"
}"#;

fn input(which: &str) -> &'static str {
    match which {
        "minimal" => MINIMAL,
        _ => MAXIMAL,
    }
}

fn value(which: &str) -> Value {
    serde_json::from_str(input(which)).expect("bench input is JSON")
}

fn request(which: &str) -> GuestTokenRequest {
    GuestTokenRequest::from_loose(&value(which)).expect("bench input is a valid request")
}

#[divan::bench(args = ["minimal", "maximal"])]
fn validate_serialize(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| {
        let request = black_box(&request);
        request.validate().expect("valid");
        serde_json::to_vec(request).expect("serialises")
    });
}

#[divan::bench(args = ["minimal", "maximal"])]
fn validate_only(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| black_box(&request).validate().expect("valid"));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn serialize_only(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| serde_json::to_vec(black_box(&request)).expect("serialises"));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn from_loose(bencher: Bencher, which: &str) {
    let value = value(which);
    bencher.bench_local(|| GuestTokenRequest::from_loose(black_box(&value)).expect("valid"));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn from_json_str(bencher: Bencher, which: &str) {
    let text = input(which);
    bencher.bench_local(|| {
        let value: Value = serde_json::from_str(black_box(text)).expect("JSON");
        GuestTokenRequest::from_loose(&value).expect("valid")
    });
}
