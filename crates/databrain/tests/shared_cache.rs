//! The fleet-wide shared tier against a real redis-server and databrain-mock over HTTP: one
//! mint for a fleet (several caches, each with its own connection, stand for processes, and a
//! real child process for a lock holder killed mid-mint), what Redis holds (nothing readable),
//! entry lifetimes, and a Redis that dies, stalls, is flushed or restarts without one `get`
//! failing.

mod support;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use databrain::{AppFilter, CacheOptions, Client, GUEST_TOKEN_PATH, GuestTokenCache, GuestTokenRequest, ManualClock};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_PORTAL_API_KEY, Fault, FaultKind, MockServer};
use support::redis_server::{self, RedisServer};

const APP: &str = "sales-dashboard";
const TEN_MIN: Duration = Duration::from_secs(600);

fn client_with(url: &str, key: &str) -> Client {
    Client::builder().base_url(url).api_key(key).max_retries(0).build().unwrap()
}

fn shared(redis: &RedisServer) -> CacheOptions {
    CacheOptions { shared_cache_url: Some(redis.url()), ..Default::default() }
}

/// One "process": its own cache, hence its own connection, breaker and in-process tier.
fn process(mock: &MockServer, redis: &RedisServer) -> GuestTokenCache {
    GuestTokenCache::with_options(client_with(&mock.url(), DEFAULT_API_KEY), shared(redis)).unwrap()
}

fn request(user: &str) -> GuestTokenRequest {
    GuestTokenRequest::new(user, APP).expiry(TEN_MIN)
}

fn mints(mock: &MockServer, user: &str) -> usize {
    mock.guest_tokens().iter().filter(|t| t.client_id == user).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cold_stampede_across_processes_mints_once() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    for round in 0..5 {
        mock.inject(Fault::new(FaultKind::Delay { ms: 200 }).on(GUEST_TOKEN_PATH).repeat(20));
        let user = format!("stampede-{round}");
        let processes: Vec<_> = (0..8).map(|_| process(&mock, &redis)).collect();
        let tasks: Vec<_> = processes
            .iter()
            .flat_map(|cache| (0..50).map(move |_| cache.clone()))
            .map(|cache| {
                let r = request(&user);
                tokio::spawn(async move { cache.get(&r).await.map(|t| t.into_token()) })
            })
            .collect();
        let mut tokens = Vec::new();
        for t in tasks {
            tokens.push(t.await.unwrap().expect("every get succeeds"));
        }
        assert_eq!(mints(&mock, &user), 1, "round {round}: one mint for the fleet");
        assert!(tokens.iter().all(|t| *t == tokens[0]), "every caller holds the one token");
        let stats: Vec<_> = processes.iter().map(GuestTokenCache::stats).collect();
        assert_eq!(stats.iter().map(|s| s.shared_misses).sum::<u64>(), 1, "{stats:?}");
        assert_eq!(stats.iter().map(|s| s.shared_hits).sum::<u64>(), 7, "{stats:?}");
        assert!(stats.iter().all(|s| s.shared_errors == 0 && s.fallback_mints == 0), "{stats:?}");
        assert!(stats.iter().map(|s| s.lock_waits).sum::<u64>() >= 1, "{stats:?}");
        mock.clear_faults();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_in_process_hit_makes_no_redis_call() {
    if !redis_server::available() {
        return;
    }
    let mut redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let cache = process(&mock, &redis);
    let first = cache.get(&request("hit")).await.unwrap();
    redis.kill();
    for _ in 0..100 {
        assert_eq!(cache.get(&request("hit")).await.unwrap(), first);
    }
    let s = cache.stats();
    assert_eq!((s.hits, s.shared_errors, s.shared_misses), (100, 0, 1), "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_holds_nothing_readable_and_tampering_costs_a_mint() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let secret_filter = "filter-value-Zq81";
    let r = GuestTokenRequest::new("secret-client-7", APP)
        .expiry(TEN_MIN)
        .app_filter(AppFilter::new("met-revenue-by-month").value("region", secret_filter));
    let a = process(&mock, &redis);
    let token = a.get(&r).await.unwrap();
    for user in ["u1", "u2", "u3"] {
        a.get(&request(user)).await.unwrap();
    }
    let keys = redis.keys();
    assert_eq!(keys.len(), 4, "one entry per request, no lock left behind");
    let mut tokens: Vec<String> = mock.guest_tokens().into_iter().map(|t| t.token).collect();
    tokens.push(token.token().to_owned());
    let api_key_hex: String = DEFAULT_API_KEY.bytes().map(|b| format!("{b:02x}")).collect();
    for key in &keys {
        let value = redis.get(key).unwrap();
        for haystack in [key.as_slice(), value.as_slice()] {
            let text = String::from_utf8_lossy(haystack);
            for needle in [DEFAULT_API_KEY, &api_key_hex, "secret-client-7", "u1", APP, secret_filter, "region", "met-revenue"]
                .into_iter()
                .chain(tokens.iter().map(String::as_str))
            {
                assert!(!text.contains(needle), "Redis holds {needle:?}");
            }
        }
    }

    // A flipped bit in every stored value: a new process re-mints, no error.
    for key in &keys {
        let mut value = redis.get(key).unwrap();
        let last = value.len() - 1;
        value[last] ^= 1;
        redis.command(&[b"SET", key, &value, b"KEEPTTL"]).unwrap();
    }
    let b = process(&mock, &redis);
    let again = b.get(&r).await.expect("a value that does not decrypt is a miss, not an error");
    assert_ne!(again.token(), token.token());
    assert_eq!(mock.guest_tokens().iter().filter(|t| t.client_id == "secret-client-7").count(), 2);
    let s = b.stats();
    assert_eq!((s.shared_hits, s.shared_misses, s.shared_errors), (0, 1, 0), "{s:?}");
    // ... and the re-mint replaced the damaged entry: a third process reads it.
    let c = process(&mock, &redis);
    assert_eq!(c.get(&r).await.unwrap().token(), again.token());
    assert_eq!(c.stats().shared_hits, 1);

    // Another API key never sees these entries.
    let other = GuestTokenCache::with_options(client_with(&mock.url(), DEFAULT_PORTAL_API_KEY), shared(&redis)).unwrap();
    let _ = other.get(&request("u1")).await; // the mock may refuse this key the app; either way no shared hit
    let s = other.stats();
    assert_eq!(s.shared_hits, 0, "{s:?}");
    assert_eq!(s.shared_errors, 0, "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_entry_lives_no_longer_than_its_token() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let cache = process(&mock, &redis);
    for (i, secs) in [5u64, 60, 600, 86_400].into_iter().enumerate() {
        cache.get(&GuestTokenRequest::new(format!("ttl-{i}"), APP).expiry(Duration::from_secs(secs))).await.unwrap();
    }
    // A token that never expires is shared only under max_age_without_expiry, with that TTL.
    cache.get(&GuestTokenRequest::new("forever", APP)).await.unwrap();
    let aged = GuestTokenCache::with_options(
        client_with(&mock.url(), DEFAULT_API_KEY),
        CacheOptions { max_age_without_expiry: Some(Duration::from_secs(120)), ..shared(&redis) },
    )
    .unwrap();
    aged.get(&GuestTokenRequest::new("forever-aged", APP)).await.unwrap();
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let keys = redis.keys();
    assert_eq!(keys.len(), 5, "4 expiring tokens and the aged one; the unbounded one is not shared");
    let mut pttls: Vec<i64> = keys.iter().map(|k| redis.pttl(k)).collect();
    pttls.sort();
    let mut lives: Vec<i64> = mock
        .guest_tokens()
        .iter()
        .filter(|t| t.client_id != "forever")
        .map(|t| t.expires_at_ms.map_or(120_000, |e| e as i64 - now_ms))
        .collect();
    lives.sort();
    for (pttl, life) in pttls.iter().zip(&lives) {
        assert!(0 < *pttl && pttl <= life, "PTTL {pttl} ms, token has {life} ms left");
    }
    assert!(*pttls.last().unwrap() <= 86_400_000 - 30_000, "a day-long token's entry ends 30 s early");
}

/// `get`s of fresh requests while Redis misbehaves: every one succeeds; their durations.
async fn gets_during(cache: &GuestTokenCache, prefix: &str, n: usize) -> Vec<Duration> {
    let mut took = Vec::new();
    for i in 0..n {
        let start = Instant::now();
        cache.get(&request(&format!("{prefix}-{i}"))).await.expect("Redis never fails a get");
        took.push(start.elapsed());
    }
    took
}

/// The time a plain mint takes against this mock (the baseline for "added latency").
async fn mint_time(mock: &MockServer) -> Duration {
    let client = client_with(&mock.url(), DEFAULT_API_KEY);
    let mut best = Duration::MAX;
    for i in 0..5 {
        let start = Instant::now();
        client.mint_guest_token(&request(&format!("baseline-{i}"))).await.unwrap();
        best = best.min(start.elapsed());
    }
    best
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_redis_fails_no_get_and_the_breaker_makes_it_free() {
    if !redis_server::available() {
        return;
    }
    let mut redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let cache = process(&mock, &redis);
    cache.get(&request("warm")).await.unwrap();
    let base = mint_time(&mock).await;
    redis.kill();
    let took = gets_during(&cache, "dead", 20).await;
    let s = cache.stats();
    assert_eq!(s.shared_errors, 3, "three failures open the breaker: {s:?}");
    assert_eq!(s.fallback_mints, 20, "{s:?}");
    let bound = base + Duration::from_millis(50 + 10) + Duration::from_millis(20);
    for (i, t) in took.iter().enumerate() {
        assert!(*t <= bound, "get {i} took {t:?} (mint alone {base:?})");
    }
    // Once open, Redis adds nothing: these gets take a plain mint's time.
    let open: Vec<_> = took[3..].to_vec();
    let median = { let mut o = open.clone(); o.sort(); o[o.len() / 2] };
    assert!(median <= base * 2 + Duration::from_millis(2), "median {median:?} vs mint {base:?}");

    // Redis back (same port, empty): after one breaker window the cache uses it again.
    redis.restart();
    tokio::time::sleep(Duration::from_millis(10_100)).await;
    cache.get(&request("back")).await.unwrap();
    let after = process(&mock, &redis);
    after.get(&request("back")).await.unwrap();
    assert_eq!(mints(&mock, "back"), 1, "the cache published to the restarted Redis");
    assert_eq!(after.stats().shared_hits, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_or_flushed_redis_fails_no_get() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let cache = process(&mock, &redis);
    cache.get(&request("warm")).await.unwrap();
    let base = mint_time(&mock).await;

    // SIGSTOP: connections stay open, nothing answers: each op waits out its 50 ms.
    redis.pause();
    let took = gets_during(&cache, "stalled", 10).await;
    redis.resume();
    let bound = base + Duration::from_millis(50 + 10) + Duration::from_millis(20);
    for (i, t) in took.iter().enumerate() {
        assert!(*t <= bound, "get {i} took {t:?} (mint alone {base:?})");
    }
    assert_eq!(cache.stats().shared_errors, 3);

    // FLUSHALL under a fresh process: a miss, a mint, no error.
    let fresh = process(&mock, &redis);
    fresh.get(&request("flush")).await.unwrap();
    redis.command(&[b"FLUSHALL"]).unwrap();
    redis.command(&[b"SCRIPT", b"FLUSH"]).unwrap();
    let other = process(&mock, &redis);
    other.get(&request("flush")).await.unwrap();
    assert_eq!(mints(&mock, "flush"), 2);
    let s = other.stats();
    assert_eq!((s.shared_misses, s.shared_errors), (1, 0), "scripts reload after SCRIPT FLUSH: {s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_up_burst_waits_for_a_slow_connect() {
    if !redis_server::available() {
        return;
    }
    // A fresh process's first requests arrive together while its connection is still being
    // made (a cold fleet's start): each may wait for the connect, not only the first one.
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let cache = process(&mock, &redis);
    redis.pause();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let (cache, r) = (cache.clone(), request(&format!("burst-{i}")));
            tokio::spawn(async move { cache.get(&r).await.map(|t| t.into_token()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    redis.resume();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let s = cache.stats();
    assert_eq!((s.shared_errors, s.fallback_mints, s.shared_misses), (0, 0, 10), "{s:?}");
    let other = process(&mock, &redis);
    for i in 0..10 {
        other.get(&request(&format!("burst-{i}"))).await.unwrap();
        assert_eq!(mints(&mock, &format!("burst-{i}")), 1);
    }
    assert_eq!(other.stats().shared_hits, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_goes_through_the_fleet_lock() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let clocks: Vec<Arc<ManualClock>> = (0..4).map(|_| ManualClock::new()).collect();
    let caches: Vec<GuestTokenCache> = clocks
        .iter()
        .map(|c| GuestTokenCache::with_clock(client_with(&mock.url(), DEFAULT_API_KEY), shared(&redis), c.clone()).unwrap())
        .collect();
    let first = caches[0].get(&request("steady")).await.unwrap();
    for c in &caches[1..] {
        assert_eq!(c.get(&request("steady")).await.unwrap().token(), first.token());
    }
    assert_eq!(mints(&mock, "steady"), 1);
    // Redis's clock moves on a little (the processes' clocks jump 500 s below), so the refreshed
    // entry outlives the first one there.
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Every process past its refresh moment (80 % less up to 5 % jitter): one refresh for all.
    for c in &clocks {
        c.advance(Duration::from_secs(500));
    }
    for c in &caches {
        c.get(&request("steady")).await.unwrap();
        // Let this process's refresh land before the next one falls due.
        for _ in 0..200 {
            if c.stats().refreshes == 1 && c.get_fresh(&request("steady")).unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    assert_eq!(mints(&mock, "steady"), 2, "one refresh for the fleet");
    let refreshed: Vec<String> =
        caches.iter().map(|c| c.get_fresh(&request("steady")).unwrap().expect("fresh again").into_token()).collect();
    assert!(refreshed.iter().all(|t| *t == refreshed[0] && *t != first.token()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_steady_fleet_refreshes_once_per_period_and_never_serves_an_expired_token() {
    if !redis_server::available() {
        return;
    }
    // Four processes, three callers each, asking all the time for one 3 s token, for three
    // of its lifetimes, on real clocks (Redis times its entries with its own).
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    let lifetime = Duration::from_secs(3);
    let caches: Vec<GuestTokenCache> = (0..4).map(|_| process(&mock, &redis)).collect();
    let request = GuestTokenRequest::new("steady-fleet", APP).expiry(lifetime);
    let end = Instant::now() + lifetime * 3;
    let callers: Vec<_> = caches
        .iter()
        .flat_map(|cache| (0..3).map(move |_| cache.clone()))
        .map(|cache| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut expired = Vec::new();
                let mut gets = 0;
                while Instant::now() < end {
                    let token = cache.get(&request).await.unwrap();
                    let now = std::time::SystemTime::now();
                    if token.expires_at().is_none_or(|at| at <= now) {
                        expired.push(token.expires_at());
                    }
                    gets += 1;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                (gets, expired)
            })
        })
        .collect();
    for caller in callers {
        let (gets, expired) = caller.await.unwrap();
        assert!(gets > 100, "only {gets} gets");
        assert!(expired.is_empty(), "expired tokens served: {expired:?}");
    }
    // One mint, then one refresh per refresh period (80 % of the life, less up to 5 % jitter)
    // for the whole fleet: 9 s / 2.4 s = 3 refreshes, 4 at most if the run ends in a jitter
    // window; consecutive mints are a refresh period apart, never two in one.
    let mut minted: Vec<u64> =
        mock.guest_tokens().iter().filter(|t| t.client_id == "steady-fleet").map(|t| t.expires_at_ms.unwrap()).collect();
    minted.sort();
    let stats: Vec<_> = caches.iter().map(|c| c.stats()).collect();
    assert!((4..=5).contains(&minted.len()), "{} mints for the fleet: {stats:?}", minted.len());
    for pair in minted.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= 2_000, "two mints {gap} ms apart: {minted:?}, {stats:?}");
    }
    assert!(stats.iter().all(|s| s.shared_errors == 0 && s.fallback_mints == 0), "{stats:?}");
}

/// Not a test on its own: the child process of `a_lock_holder_killed_mid_mint_...`. It takes
/// the fleet lock and mints against a mock told to stall, until its parent SIGKILLs it.
#[tokio::test]
#[ignore = "run by a_lock_holder_killed_mid_mint_leaves_the_waiters_a_token"]
async fn child_holds_the_lock() {
    let (Ok(mock), Ok(redis)) = (std::env::var("CHILD_MOCK_URL"), std::env::var("CHILD_REDIS_URL")) else { return };
    let options = CacheOptions { shared_cache_url: Some(redis), ..Default::default() };
    let cache = GuestTokenCache::with_options(client_with(&mock, DEFAULT_API_KEY), options).unwrap();
    let _ = cache.get(&request("orphaned")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lock_holder_killed_mid_mint_leaves_the_waiters_a_token() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start();
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::new(FaultKind::Delay { ms: 30_000 }).on(GUEST_TOKEN_PATH));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_holds_the_lock", "--ignored", "--nocapture"])
        .env("CHILD_MOCK_URL", mock.url())
        .env("CHILD_REDIS_URL", redis.url())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    // Killed once it holds the lock and its mint is at the mock (stalled there): had it died
    // before sending, the stall would catch the next minter instead.
    while !(redis.keys().iter().any(|k| k.ends_with(b":l")) && mock.request_count(GUEST_TOKEN_PATH) == 1) {
        assert!(Instant::now() < deadline, "the child never took the lock and sent its mint");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let start = Instant::now();
    let processes: Vec<_> = (0..4).map(|_| process(&mock, &redis)).collect();
    let tasks: Vec<_> = processes
        .iter()
        .flat_map(|c| (0..10).map(move |_| c.clone()))
        .map(|c| tokio::spawn(async move { c.get(&request("orphaned")).await.map(|t| t.into_token()) }))
        .collect();
    let mut tokens = Vec::new();
    for t in tasks {
        tokens.push(t.await.unwrap().expect("the waiters get a token"));
    }
    let took = start.elapsed();
    assert!(took <= Duration::from_secs(3) + Duration::from_secs(2), "took {took:?}: lease 3 s + mint");
    assert!(tokens.iter().all(|t| *t == tokens[0]));
    assert!(mints(&mock, "orphaned") <= 2);
    let waits: u64 = processes.iter().map(|p| p.stats().lock_waits).sum();
    assert!(waits >= 1, "the waiters waited on the dead holder's lock");
}

#[test]
fn urls_are_checked_and_never_quoted_with_their_password() {
    for url in ["redis://h:6379/0", "rediss://u:p@h", "valkey://h", "valkeys://h:1", "unix:///tmp/r.sock"] {
        CacheOptions { shared_cache_url: Some(url.into()), ..Default::default() }.check().unwrap();
    }
    let err = CacheOptions { shared_cache_url: Some("http://user:hunter2@h".into()), ..Default::default() }
        .check()
        .unwrap_err()
        .to_string();
    assert!(err.contains("sharedCacheUrl: scheme `http` is not one of redis://"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    let options = CacheOptions { shared_cache_url: Some("rediss://default:hunter2@cache.example:6380".into()), ..Default::default() };
    assert!(!format!("{options:?}").contains("hunter2"));
    let zero = CacheOptions { shared_cache_op_timeout: Duration::ZERO, ..Default::default() };
    assert!(zero.check().unwrap_err().to_string().contains("sharedCacheOpTimeoutMs: must be more than 0"));
    let parsed = CacheOptions::from_options(&&serde_json::json!({"sharedCacheUrl": "valkey://h", "shared_cache_op_timeout_ms": 20}))
        .unwrap();
    assert_eq!(parsed.shared_cache_url.as_deref(), Some("valkey://h"));
    assert_eq!(parsed.shared_cache_op_timeout, Duration::from_millis(20));
}
