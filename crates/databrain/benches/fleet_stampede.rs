//! Fleet stampede: mints per key when N processes (here N caches, each with its own
//! connection, breaker and in-process tier) get one cold key at once, with and without the
//! shared tier, against databrain-mock (mint delayed 200 ms) and a real redis-server.
//! Goal: 1 with the tier, N without. Prints one JSON line per setting:
//! `{"case": "fleet_stampede", "shared": bool, "processes": N, "mints_per_key": median, ...}`.
//!
//! Run: `cargo bench -p databrain --bench fleet_stampede` (skips when redis-server is missing).

#[path = "../tests/support/redis_server.rs"]
#[allow(dead_code)]
mod redis_server;

use std::time::Duration;

use databrain::{CacheOptions, Client, GUEST_TOKEN_PATH, GuestTokenCache, GuestTokenRequest};
use databrain_mock::{Fault, FaultKind, MockServer};

const PROCESSES: usize = 8;
const CALLERS: usize = 50;
const ROUNDS: usize = 5;

fn main() {
    if !redis_server::available() {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let redis = redis_server::RedisServer::start();
    rt.block_on(async {
        let mock = MockServer::start().await.expect("mock");
        for shared in [false, true] {
            let mut mints = Vec::new();
            for round in 0..ROUNDS {
                mock.inject(Fault::new(FaultKind::Delay { ms: 200 }).on(GUEST_TOKEN_PATH).repeat(PROCESSES as u32));
                let options = || CacheOptions { shared_cache_url: shared.then(|| redis.url()), ..Default::default() };
                let client = || Client::builder().base_url(mock.url()).api_key(mock.api_key()).build().expect("client");
                let fleet: Vec<_> =
                    (0..PROCESSES).map(|_| GuestTokenCache::with_options(client(), options()).expect("cache")).collect();
                let user = format!("stampede-{shared}-{round}");
                let request = GuestTokenRequest::new(&user, "sales-dashboard").expiry(Duration::from_secs(600));
                let gets: Vec<_> = fleet
                    .iter()
                    .flat_map(|cache| (0..CALLERS).map(move |_| cache.clone()))
                    .map(|cache| {
                        let request = request.clone();
                        tokio::spawn(async move { cache.get(&request).await.expect("a token") })
                    })
                    .collect();
                for get in gets {
                    get.await.expect("task");
                }
                mints.push(mock.guest_tokens().iter().filter(|t| t.client_id == user).count());
            }
            mints.sort();
            println!(
                "{{\"case\": \"fleet_stampede\", \"shared\": {shared}, \"processes\": {PROCESSES}, \"callers\": {CALLERS}, \
                 \"mints_per_key\": {}, \"rounds\": {mints:?}}}",
                mints[ROUNDS / 2]
            );
        }
    });
    drop(redis);
}
