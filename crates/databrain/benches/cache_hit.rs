//! CPU cost of a `GuestTokenCache::get` that hits: canonicalising the request into its key,
//! one locked map lookup, cloning the token. Nothing touches the network (the one mint
//! happens before the measurement, against an in-process databrain-mock).
//!
//! * `hit/minimal`, `hit/maximal`: a warm cache, the two shared request shapes.
//! * `key/maximal`: canonicalising the maximal request on its own (the key is most of a hit).
//!
//! Run: `cargo bench -p databrain --bench cache_hit` (add `--profile dev` for the debug build
//! the test loop uses; release numbers are the ones to quote).

use databrain::{Client, GuestTokenCache, GuestTokenRequest, Valid};
use databrain_mock::MockServer;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const MINIMAL: &str = r#"{"clientId": "user-1", "dataAppName": "sales-dashboard", "expiryTime": 600000}"#;
const MAXIMAL_VECTOR: &str = include_str!("../../../tests/vectors/maximal_guest_token.json");

fn request(which: &str) -> Valid<GuestTokenRequest> {
    let value: serde_json::Value = match which {
        "minimal" => serde_json::from_str(MINIMAL).expect("bench input is JSON"),
        _ => {
            let doc: serde_json::Value = serde_json::from_str(MAXIMAL_VECTOR).expect("the vector is JSON");
            doc["input"].clone()
        }
    };
    GuestTokenRequest::from_loose(&value).expect("bench requests are valid")
}

#[divan::bench(args = ["minimal", "maximal"])]
fn hit(bencher: Bencher, which: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mock = rt.block_on(MockServer::start()).expect("mock");
    let client = Client::builder().base_url(mock.url()).api_key(mock.api_key()).build().expect("client");
    let cache = GuestTokenCache::new(client);
    let request = request(which);
    rt.block_on(cache.get(&request)).expect("the warm-up mint");
    bencher.bench_local(|| rt.block_on(cache.get(black_box(&request))).expect("a hit"));
    assert_eq!(cache.stats().misses, 1, "every measured get was a hit");
}

#[divan::bench]
fn key_maximal(bencher: Bencher) {
    let request = request("maximal");
    bencher.bench_local(|| databrain::fuzzing::guest_token_cache_key("https://api.example", Some(b"k"), black_box(&request)));
}
