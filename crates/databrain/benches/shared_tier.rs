//! The shared tier's cost against a real redis-server (started on a free loopback port):
//!
//! * `shared_hit`: an in-process miss answered by Redis (`clear()` then `get`): the script
//!   round trip, decrypting the entry, storing it in the in-process tier.
//! * `raw_get`: a plain `GET` of the same entry with redis-rs on its own multiplexed
//!   connection: the floor. Goal: `shared_hit` ≤ `raw_get` + 50 µs.
//! * `hit_with_shared_tier`: an in-process hit with the shared tier configured (no Redis call):
//!   compare with `cache_hit`'s `hit/minimal`.
//!
//! Run: `cargo bench -p databrain --bench shared_tier` (skips when redis-server is missing).

#[path = "../tests/support/redis_server.rs"]
#[allow(dead_code)]
mod redis_server;

use std::sync::{Mutex, OnceLock};

use databrain::{CacheOptions, Client, GuestTokenCache, GuestTokenRequest};
use databrain_mock::MockServer;
use divan::{Bencher, black_box};

/// The server, owned here so that it is stopped (by pid, on drop) when the run ends.
static REDIS: Mutex<Option<redis_server::RedisServer>> = Mutex::new(None);

fn main() {
    if redis_server::available() {
        divan::main();
        drop(REDIS.lock().unwrap().take());
    }
}

struct World {
    rt: tokio::runtime::Runtime,
    _mock: MockServer,
    redis_url: String,
    entry_key: Vec<u8>,
    cache: GuestTokenCache,
    request: GuestTokenRequest,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let mock = rt.block_on(MockServer::start()).expect("mock");
        let redis = redis_server::RedisServer::start();
        let redis_url = redis.url();
        let client = Client::builder().base_url(mock.url()).api_key(mock.api_key()).build().expect("client");
        let options = CacheOptions { shared_cache_url: Some(redis_url.clone()), ..Default::default() };
        let cache = GuestTokenCache::with_options(client, options).expect("cache");
        let request = GuestTokenRequest::new("user-1", "sales-dashboard").expiry(std::time::Duration::from_secs(3600));
        rt.block_on(cache.get(&request)).expect("the warm-up mint");
        let entry_key = redis.keys().into_iter().find(|k| k.ends_with(b":t")).expect("the entry");
        *REDIS.lock().unwrap() = Some(redis);
        World { rt, _mock: mock, redis_url, entry_key, cache, request }
    })
}

#[divan::bench]
fn shared_hit(bencher: Bencher) {
    let w = world();
    bencher.bench_local(|| {
        w.cache.clear();
        w.rt.block_on(w.cache.get(black_box(&w.request))).expect("a shared hit")
    });
    let s = w.cache.stats();
    assert_eq!((s.shared_misses, s.shared_errors, s.fallback_mints), (0, 0, 0), "every measured get was a shared hit: {s:?}");
}

#[divan::bench]
fn raw_get(bencher: Bencher) {
    let w = world();
    let key = &w.entry_key;
    let client = redis::Client::open(w.redis_url.as_str()).expect("url");
    let mut conn = w.rt.block_on(client.get_multiplexed_async_connection()).expect("connection");
    bencher.bench_local(|| {
        let v: Vec<u8> = w.rt.block_on(redis::cmd("GET").arg(black_box(key)).query_async(&mut conn)).expect("GET");
        v
    });
}

#[divan::bench]
fn hit_with_shared_tier(bencher: Bencher) {
    let w = world();
    w.rt.block_on(w.cache.get(&w.request)).expect("warm");
    bencher.bench_local(|| w.rt.block_on(w.cache.get(black_box(&w.request))).expect("a hit"));
}
