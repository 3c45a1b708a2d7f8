//! The mock records each request's W3C trace context (`traceparent`, `tracestate`), so the
//! SDK's tests can see what went on the wire for every attempt.

mod common;

use common::{Ctx, GUEST};
use serde_json::json;

#[tokio::test]
async fn traceparent_and_tracestate_are_recorded_per_request() {
    let t = Ctx::new().await;
    let parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let resp = t
        .request("POST", GUEST, Some(&t.mock.api_key()))
        .header("traceparent", parent)
        .header("tracestate", "vendor=1")
        .json(&json!({"clientId": "c", "dataAppName": "sales-dashboard"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    t.guest(json!({"clientId": "c", "dataAppName": "sales-dashboard"})).await;
    let requests = t.mock.requests();
    assert_eq!(requests[0].traceparent(), Some(parent));
    assert_eq!(requests[0].trace_id(), Some("0af7651916cd43dd8448eb211c80319c"));
    assert_eq!(requests[0].headers["tracestate"], "vendor=1");
    assert_eq!(requests[1].traceparent(), None);
    assert_eq!(requests[1].trace_id(), None);
}
