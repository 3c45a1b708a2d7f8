//! CPU cost of the parts of a guest-token call that are not the network:
//!
//! * `validate_serialize`: checking a request + writing its body — what
//!   `Client::create_guest_token` does before sending (goal: <= 2 us for the maximal request).
//!   `serialize_only` is the body alone (serde_json's serializer).
//! * `from_loose`: `GuestTokenRequest::from_loose(&Value)` on its own — the one-pass parser
//!   both bindings run over their native values (here over a `serde_json::Value`).
//! * `from_json_str`: parsing a JSON string to a `Value` and then `from_loose`.
//! * `from_json_borrowed`: the same text read in place (`BorrowedJson`) and parsed — what the
//!   Node binding pays for its `JSON.stringify` text.
//!
//! Run: `cargo bench -p databrain --bench validate_serialize` (see BENCHMARKS.md).

use databrain::{Checked, GuestTokenRequest};
use divan::{Bencher, black_box};
use serde_json::Value;

fn main() {
    divan::main();
}

/// Only the two required fields.
const MINIMAL: &str = r#"{"clientId": "user-1", "dataAppName": "sales-dashboard"}"#;

/// Every documented field: the shared maximal request of `tests/vectors/`.
const MAXIMAL_VECTOR: &str = include_str!("../../../tests/vectors/maximal_guest_token.json");

fn value(which: &str) -> Value {
    match which {
        "minimal" => serde_json::from_str(MINIMAL).expect("bench input is JSON"),
        _ => {
            let doc: Value = serde_json::from_str(MAXIMAL_VECTOR).expect("the vector is JSON");
            doc["input"].clone()
        }
    }
}

fn text(which: &str) -> String {
    value(which).to_string()
}

fn request(which: &str) -> GuestTokenRequest {
    GuestTokenRequest::from_loose(&value(which)).expect("bench input is a valid request").into_inner()
}

#[divan::bench(args = ["minimal", "maximal"])]
fn validate_serialize(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| {
        // What `Client::create_guest_token` does with a plain request before sending.
        let request = Checked::checked(black_box(&request)).expect("valid");
        databrain::fuzzing::guest_token_body(request)
    });
}

#[divan::bench(args = ["minimal", "maximal"])]
fn validate_only(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| Checked::checked(black_box(&request)).map(|_| ()).expect("valid"));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn serialize_only(bencher: Bencher, which: &str) {
    let request = request(which);
    bencher.bench_local(|| databrain::fuzzing::guest_token_body(black_box(&request)));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn from_loose(bencher: Bencher, which: &str) {
    let value = value(which);
    bencher.bench_local(|| GuestTokenRequest::from_loose(black_box(&value)).expect("valid"));
}

#[divan::bench(args = ["minimal", "maximal"])]
fn from_json_str(bencher: Bencher, which: &str) {
    let text = text(which);
    bencher.bench_local(|| {
        let value: Value = serde_json::from_str(black_box(&text)).expect("JSON");
        GuestTokenRequest::from_loose(&value).expect("valid")
    });
}

/// What the Node binding does with its `JSON.stringify` text: read it in place and parse the
/// request from that.
#[divan::bench(args = ["minimal", "maximal"])]
fn from_json_borrowed(bencher: Bencher, which: &str) {
    let text = text(which);
    bencher.bench_local(|| {
        let doc: databrain::input::BorrowedJson<'_> = serde_json::from_str(black_box(&text)).expect("JSON");
        GuestTokenRequest::from_input(&&doc).expect("valid")
    });
}
