//! `mint_guest_token` and `GuestTokenCache` over real HTTP against databrain-mock: expiry
//! metadata, single flight, background refresh and backoff (on an injected clock), errors,
//! invalidation, bounds, and keys that never let two different requests share a token.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use databrain::{
    AppFilter, CacheOptions, CacheStats, Client, GUEST_TOKEN_PATH, GuestTokenCache, GuestTokenRequest, ManualClock,
};
use databrain_mock::{DEFAULT_API_KEY, Fault, FaultKind, MockServer};
use proptest::prelude::*;
use serde_json::json;

const APP: &str = "sales-dashboard";

fn client(mock: &MockServer) -> Client {
    Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).max_retries(0).build().unwrap()
}

fn request(user: &str, expiry: Option<Duration>) -> GuestTokenRequest {
    let r = GuestTokenRequest::new(user, APP);
    match expiry {
        Some(e) => r.expiry(e),
        None => r,
    }
}

fn cache_with_clock(mock: &MockServer, options: CacheOptions) -> (GuestTokenCache, Arc<ManualClock>) {
    let clock = ManualClock::new();
    (GuestTokenCache::with_clock(client(mock), options, clock.clone()).unwrap(), clock)
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

const TEN_MIN: Duration = Duration::from_secs(600);

#[tokio::test]
async fn mint_returns_the_token_with_its_times() {
    let mock = MockServer::start().await.unwrap();
    let before = SystemTime::now();
    let t = client(&mock).mint_guest_token(&request("u1", Some(TEN_MIN))).await.unwrap();
    let after = SystemTime::now();
    assert!(before <= t.issued_at() && t.issued_at() <= after);
    assert_eq!(t.expires_at(), Some(t.issued_at() + TEN_MIN));
    assert_eq!(t.refresh_at(), Some(t.issued_at() + Duration::from_secs(480)));
    let issued = &mock.guest_tokens()[0];
    assert_eq!(issued.token, t.token());
    assert!(issued.expires_at_ms.is_some());
    let json = t.to_json();
    let expires = json["expiresAt"].as_str().unwrap();
    assert_eq!(expires, databrain::iso8601(t.expires_at().unwrap()));
    assert!(expires.ends_with('Z') && expires.len() == 24, "{expires}");
    assert_eq!(json["token"], t.token());
    assert!(!format!("{t:?}").contains(t.token()));

    let forever = client(&mock).mint_guest_token(&request("u1", None)).await.unwrap();
    assert_eq!((forever.expires_at(), forever.refresh_at()), (None, None));
    assert_eq!(forever.to_json()["expiresAt"], json!(null));
    assert_eq!(mock.guest_tokens()[1].expires_at_ms, None);
    // create_guest_token is unchanged: the bare token.
    assert_eq!(client(&mock).create_guest_token(&request("u1", None)).await.unwrap().len(), 36);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_gets_send_one_request() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::new(FaultKind::Delay { ms: 200 }).on(GUEST_TOKEN_PATH));
    let cache = GuestTokenCache::new(client(&mock));
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.get(&request("u1", Some(TEN_MIN))).await.unwrap() })
        })
        .collect();
    let mut tokens = std::collections::HashSet::new();
    for t in tasks {
        tokens.insert(t.await.unwrap().into_token());
    }
    assert_eq!(tokens.len(), 1);
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 1);
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.coalesced + stats.hits, stats.entries), (1, 999, 1), "{stats:?}");
    // A later get is a plain hit.
    cache.get(&request("u1", Some(TEN_MIN))).await.unwrap();
    assert_eq!(cache.stats().hits, stats.hits + 1);
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 1);
}

#[tokio::test]
async fn an_error_is_not_cached() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::status(401).on(GUEST_TOKEN_PATH));
    let cache = GuestTokenCache::new(client(&mock));
    let r = request("u1", Some(TEN_MIN));
    assert_eq!(cache.get(&r).await.unwrap_err().kind(), databrain::ErrorKind::Authentication);
    assert_eq!(cache.stats().entries, 0);
    assert_eq!(cache.get(&r).await.unwrap().token().len(), 36);
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_waiters_all_get_the_one_error() {
    let mock = MockServer::start().await.unwrap();
    // A slow failure: the delay holds the one request while the others join it, then the
    // mock refuses the credential.
    mock.inject(Fault::new(FaultKind::Delay { ms: 200 }).on(GUEST_TOKEN_PATH));
    let bad = Client::builder().base_url(mock.url()).api_key("wrong-key").max_retries(0).build().unwrap();
    let cache_bad = GuestTokenCache::new(bad);
    let gets: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache_bad.clone();
            tokio::spawn(async move { cache.get(&request("u1", Some(TEN_MIN))).await })
        })
        .collect();
    for g in gets {
        assert_eq!(g.await.unwrap().unwrap_err().kind(), databrain::ErrorKind::Authentication);
    }
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 1, "one request for 100 waiters");
    let stats = cache_bad.stats();
    assert_eq!((stats.misses, stats.coalesced, stats.entries), (1, 99, 0), "{stats:?}");
}

#[tokio::test]
async fn refreshes_in_the_background_between_refresh_at_and_expiry() {
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let r = request("u1", Some(TEN_MIN));
    let first = cache.get(&r).await.unwrap();
    clock.advance(Duration::from_secs(300));
    assert_eq!(cache.get(&r).await.unwrap(), first, "fresh: a hit");
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 1);
    clock.advance(Duration::from_secs(200)); // 500 s of 600: past refresh_at (480 s)
    assert_eq!(cache.get(&r).await.unwrap(), first, "due: the current token at once");
    until("the background refresh", || mock.request_count(GUEST_TOKEN_PATH) == 2 && cache.stats().entries == 1).await;
    until("the new token to land", || cache.stats().refreshes == 1).await;
    let mut second = cache.get(&r).await.unwrap();
    for _ in 0..100 {
        if second != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        second = cache.get(&r).await.unwrap();
    }
    assert_ne!(second.token(), first.token());
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 2, "one refresh, however many hits");
    let s = cache.stats();
    assert_eq!((s.misses, s.refreshes, s.refresh_failures), (1, 1, 0), "{s:?}");
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_token_and_backs_off() {
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let r = request("u1", Some(TEN_MIN));
    let first = cache.get(&r).await.unwrap();
    mock.inject(Fault::status(503).on(GUEST_TOKEN_PATH).repeat(2));
    clock.advance(Duration::from_secs(500));
    assert_eq!(cache.get(&r).await.unwrap(), first);
    until("the failed refresh", || cache.stats().refresh_failures == 1).await;
    // Within the backoff (1 s): served from the cache, no new attempt.
    for _ in 0..5 {
        assert_eq!(cache.get(&r).await.unwrap(), first);
    }
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 2);
    clock.advance(Duration::from_millis(1100));
    assert_eq!(cache.get(&r).await.unwrap(), first);
    until("the second failure", || cache.stats().refresh_failures == 2).await;
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 3);
    // Backoff doubled: 1.1 s later is too soon, 2 s is enough; that one succeeds.
    clock.advance(Duration::from_millis(1100));
    cache.get(&r).await.unwrap();
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 3);
    clock.advance(Duration::from_millis(1000));
    cache.get(&r).await.unwrap();
    until("the successful refresh", || mock.request_count(GUEST_TOKEN_PATH) == 4).await;
    until("the new token", || {
        let t = futures_lite_get(&cache, &r);
        t.is_some_and(|t| t != first)
    })
    .await;
    let s = cache.stats();
    assert_eq!((s.refreshes, s.refresh_failures), (3, 2), "{s:?}");
}

/// The cached token without waiting (a hit never awaits anything but the lock).
fn futures_lite_get(cache: &GuestTokenCache, r: &GuestTokenRequest) -> Option<databrain::GuestToken> {
    let fut = cache.get(r);
    let mut fut = std::pin::pin!(fut);
    let waker = std::task::Waker::noop();
    match fut.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
        std::task::Poll::Ready(r) => r.ok(),
        std::task::Poll::Pending => None,
    }
}

#[tokio::test]
async fn get_fresh_answers_only_fresh_hits() {
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let r = request("u1", Some(TEN_MIN));
    assert_eq!(cache.get_fresh(&r).unwrap(), None, "a miss");
    let t = cache.get(&r).await.unwrap();
    assert_eq!(cache.get_fresh(&r).unwrap(), Some(t.clone()));
    assert_eq!((cache.stats().hits, cache.stats().misses), (1, 1));
    clock.advance(Duration::from_secs(500));
    assert_eq!(cache.get_fresh(&r).unwrap(), None, "due for a refresh: get() must start it");
    assert_eq!(cache.get(&r).await.unwrap(), t);
    assert!(cache.get_fresh(&GuestTokenRequest::new("", APP)).is_err(), "still validated");
}

/// Reads a request from JSON text the way the Node binding does, counting the parses.
fn parse_counting(text: &str, parses: &std::cell::Cell<u32>) -> databrain::Result<databrain::Valid<GuestTokenRequest>> {
    parses.set(parses.get() + 1);
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    GuestTokenRequest::from_loose(&value)
}

#[tokio::test]
async fn get_fresh_text_parses_a_text_once_and_keys_by_content() {
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let parses = std::cell::Cell::new(0);
    let text = r#"{"clientId":"u1","dataAppName":"sales-dashboard","expiryTime":600000}"#;
    let fresh = |text: &str| cache.get_fresh_text(text, || parse_counting(text, &parses));
    assert_eq!(fresh(text).unwrap(), None, "a miss");
    let t = cache.get(&request("u1", Some(TEN_MIN))).await.unwrap();
    assert_eq!(fresh(text).unwrap(), Some(t.clone()));
    assert_eq!(fresh(text).unwrap(), Some(t.clone()));
    assert_eq!(parses.get(), 1, "a text already seen is not parsed again");
    // Another spelling of the same request shares the token (after one parse of its own)…
    let reordered = r#"{"expiryTime":600000,"dataAppName":"sales-dashboard","clientId":"u1"}"#;
    assert_eq!(fresh(reordered).unwrap(), Some(t.clone()));
    assert_eq!(parses.get(), 2);
    // …a different request never does.
    for other in [
        r#"{"clientId":"u2","dataAppName":"sales-dashboard","expiryTime":600000}"#,
        r#"{"clientId":"u1","dataAppName":"sales-dashboard","expiryTime":600001}"#,
        r#"{"clientId":"u1 ","dataAppName":"sales-dashboard","expiryTime":600000}"#,
    ] {
        assert_eq!(fresh(other).unwrap(), None, "{other}");
    }
    assert_eq!(cache.stats().hits, 3);
    // An invalid text is rejected every time (never remembered).
    let bad = r#"{"clientId":"","dataAppName":"sales-dashboard"}"#;
    for _ in 0..2 {
        assert!(fresh(bad).unwrap_err().to_string().contains("clientId"));
    }
    // A remembered text still answers only while the token is fresh.
    clock.advance(Duration::from_secs(500));
    assert_eq!(fresh(text).unwrap(), None, "due for a refresh");
    cache.clear();
    let before = parses.get();
    assert_eq!(fresh(text).unwrap(), None);
    assert_eq!(parses.get(), before + 1, "clear() forgets the texts too");
}

#[tokio::test]
async fn lookup_keys_by_content() {
    use databrain::Lookup;
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let input = json!({"clientId": "u1", "dataAppName": APP, "expiryTime": 600_000,
        "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]}});
    let found = cache.lookup(&&input);
    let Ok(Lookup::Parsed(request)) = found else { panic!("a miss parses: {found:?}") };
    let t = cache.get(&request).await.unwrap();
    assert!(matches!(cache.lookup(&&input), Ok(Lookup::Fresh(ref got)) if *got == t));
    assert_eq!(cache.stats().hits, 1);
    // The same request spelled otherwise (key order, snake_case) shares the token…
    let respelled = json!({"expiry_time": 600_000, "params": {"appFilters": [{"values": {"country": ["US", "FR"]},
        "metricId": "m1"}]}, "data_app_name": APP, "client_id": "u1"});
    assert!(matches!(cache.lookup(&&respelled), Ok(Lookup::Fresh(ref got)) if *got == t));
    // (a whole float is the integer it spells, as the parser reads it)
    let float = json!({"clientId": "u1", "dataAppName": APP, "expiryTime": 600_000.0,
        "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]}});
    assert!(matches!(cache.lookup(&&float), Ok(Lookup::Fresh(ref got)) if *got == t));
    // …a request that differs anywhere never does.
    for other in [
        json!({"clientId": "u2", "dataAppName": APP, "expiryTime": 600_000,
            "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]}}),
        json!({"clientId": "u1", "dataAppName": APP, "expiryTime": 600_000,
            "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["FR", "US"]}}]}}),
        json!({"clientId": "u1", "dataAppName": APP, "expiryTime": 600_001,
            "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]}}),
        json!({"clientId": "u1 ", "dataAppName": APP, "expiryTime": 600_000,
            "params": {"appFilters": [{"metricId": "m1", "values": {"country": ["US", "FR"]}}]}}),
    ] {
        assert!(matches!(cache.lookup(&&other), Ok(Lookup::Parsed(_))), "{other}");
    }
    // An invalid input is rejected, with the parser's error.
    let bad = json!({"clientId": "", "dataAppName": APP});
    assert!(cache.lookup(&&bad).unwrap_err().to_string().contains("clientId"));
    // A known input answers `Fresh` only while its token is fresh.
    clock.advance(Duration::from_secs(500));
    assert!(matches!(cache.lookup(&&input), Ok(Lookup::Parsed(_))), "due for a refresh: get() must start it");
}

#[tokio::test]
async fn after_expiry_a_get_waits_for_the_mint_and_gets_its_error() {
    let mock = MockServer::start().await.unwrap();
    let (cache, clock) = cache_with_clock(&mock, CacheOptions::default());
    let r = request("u1", Some(TEN_MIN));
    let first = cache.get(&r).await.unwrap();
    clock.advance(TEN_MIN);
    mock.inject(Fault::status(401).on(GUEST_TOKEN_PATH));
    assert_eq!(cache.get(&r).await.unwrap_err().kind(), databrain::ErrorKind::Authentication);
    let next = cache.get(&r).await.unwrap();
    assert_ne!(next, first);
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), 3);
}

#[tokio::test]
async fn serve_stale_off_drops_the_token_when_a_refresh_fails() {
    let mock = MockServer::start().await.unwrap();
    let options = CacheOptions { serve_stale_on_error: false, ..Default::default() };
    let (cache, clock) = cache_with_clock(&mock, options);
    let r = request("u1", Some(TEN_MIN));
    cache.get(&r).await.unwrap();
    mock.inject(Fault::status(401).on(GUEST_TOKEN_PATH).repeat(2));
    clock.advance(Duration::from_secs(500));
    cache.get(&r).await.unwrap();
    until("the failed refresh", || cache.stats().refresh_failures == 1).await;
    assert_eq!(cache.stats().entries, 0);
    assert!(cache.get(&r).await.is_err(), "the next get mints in the foreground");
}

#[tokio::test]
async fn tokens_without_expiry_are_cached_only_with_a_max_age() {
    let mock = MockServer::start().await.unwrap();
    let cache = GuestTokenCache::new(client(&mock));
    let r = request("u1", None);
    let a = cache.get(&r).await.unwrap();
    let b = cache.get(&r).await.unwrap();
    assert_ne!(a, b);
    assert_eq!(a.expires_at(), None);
    assert_eq!((cache.stats().misses, cache.stats().entries), (2, 0));

    let options = CacheOptions { max_age_without_expiry: Some(Duration::from_secs(60)), ..Default::default() };
    let (cache, clock) = cache_with_clock(&mock, options);
    let a = cache.get(&r).await.unwrap();
    assert_eq!(cache.get(&r).await.unwrap(), a);
    clock.advance(Duration::from_secs(61));
    assert_ne!(cache.get(&r).await.unwrap(), a);
}

#[tokio::test]
async fn invalidate_clear_and_lru_bounds() {
    let mock = MockServer::start().await.unwrap();
    let options = CacheOptions { max_entries: 2, ..Default::default() };
    let (cache, _clock) = cache_with_clock(&mock, options);
    let (u1, u2, u3) = (request("u1", Some(TEN_MIN)), request("u2", Some(TEN_MIN)), request("u3", Some(TEN_MIN)));
    let t1 = cache.get(&u1).await.unwrap();
    cache.get(&u2).await.unwrap();
    cache.get(&u1).await.unwrap(); // u2 is now the least recently used
    cache.get(&u3).await.unwrap(); // evicts u2
    assert_eq!(cache.stats().entries, 2);
    assert_eq!(cache.get(&u1).await.unwrap(), t1);
    let before = mock.request_count(GUEST_TOKEN_PATH);
    cache.get(&u2).await.unwrap();
    assert_eq!(mock.request_count(GUEST_TOKEN_PATH), before + 1, "u2 was evicted");

    let u1_other_app_filter = u1.clone().app_filter(AppFilter::new("m").value("country", "US"));
    cache.get(&u1_other_app_filter).await.unwrap();
    // Entries now: u2 and u1-with-a-filter; invalidating u1 drops the latter.
    assert_eq!(cache.invalidate("u1"), 1);
    assert_eq!(cache.stats().entries, 1);
    assert_ne!(cache.get(&u1).await.unwrap(), t1, "invalidated: minted again");
    cache.clear();
    assert_eq!(cache.stats(), CacheStats::default());
}

#[tokio::test]
async fn key_order_does_not_matter_but_every_field_does() {
    let mock = MockServer::start().await.unwrap();
    let cache = GuestTokenCache::new(client(&mock));
    let loose = |v: serde_json::Value| GuestTokenRequest::from_loose(&v).unwrap();
    let a = loose(json!({"clientId": "u", "dataAppName": APP, "expiryTime": 600000,
        "params": {"appFilters": [{"metricId": "m", "values": {"country": "US", "region": "W"}}]},
        "extraBody": {"x": {"a": 1, "b": 2}}}));
    let b = loose(json!({"extraBody": {"x": {"b": 2, "a": 1}}, "expiryTime": 600000,
        "params": {"appFilters": [{"values": {"region": "W", "country": "US"}, "metricId": "m"}]},
        "dataAppName": APP, "clientId": "u"}));
    let c = loose(json!({"clientId": "u", "dataAppName": APP, "expiryTime": 600000,
        "params": {"appFilters": [{"metricId": "m", "values": {"Country": "US", "region": "W"}}]},
        "extraBody": {"x": {"a": 1, "b": 2}}}));
    let ta = cache.get(&a).await.unwrap();
    assert_eq!(cache.get(&b).await.unwrap(), ta);
    assert_ne!(cache.get(&c).await.unwrap(), ta, "column names are verbatim");
    // Another client (other credential) never shares the cache's tokens.
    let key = |cred: &[u8], r: &GuestTokenRequest| databrain::fuzzing::guest_token_cache_key("http://x", Some(cred), r);
    assert_ne!(key(b"Bearer k1", &a), key(b"Bearer k2", &a));
    assert_ne!(
        databrain::fuzzing::guest_token_cache_key("http://x", Some(b"k"), &a),
        databrain::fuzzing::guest_token_cache_key("http://y", Some(b"k"), &a)
    );
    let k = key(b"Bearer secret-credential", &a);
    assert!(!k.windows(6).any(|w| w == b"secret"));
}

fn arb_request() -> impl Strategy<Value = GuestTokenRequest> {
    let user = prop::sample::select(vec!["u1", "u2", "U1", "u1 "]);
    let app = prop::sample::select(vec![APP, "other-app"]);
    let expiry = prop::option::of(prop::sample::select(vec![1000u64, 1001, 600_000]));
    let ds = prop::option::of(prop::sample::select(vec!["pg", "sf"]));
    let column = prop::sample::select(vec!["country", "Country", "region"]);
    let value = prop::sample::select(vec!["US", "us", "FR"]);
    let filters = prop::collection::vec((prop::sample::select(vec!["m1", "m2"]), column, value), 0..3);
    let side_bar = prop::option::of(any::<bool>());
    let extra = prop::option::of(prop::sample::select(vec![json!({"theme": "dark"}), json!({"theme": "light"}), json!({"expiryTime": 5})]));
    (user, app, expiry, ds, filters, side_bar, extra).prop_map(|(u, app, expiry, ds, filters, side_bar, extra)| {
        let mut r = GuestTokenRequest::new(u, app);
        r.expiry_time = expiry;
        r.datasource_name = ds.map(str::to_owned);
        for (metric, col, val) in filters {
            r = r.app_filter(AppFilter::new(metric).value(col, val));
        }
        if let Some(b) = side_bar {
            r.permissions = Some(databrain::Permissions { is_show_side_bar: Some(b), ..Default::default() });
        }
        r.extra_body = extra.map(|e| e.as_object().unwrap().clone());
        r
    })
}

/// The body as sent, as a value (map equality ignores key order).
fn body(r: &GuestTokenRequest) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    if let (Some(map), Some(extra)) = (v.as_object_mut(), &r.extra_body) {
        for (k, x) in extra {
            map.insert(k.clone(), x.clone());
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Two requests share a key exactly when their bodies are equal (as JSON, whatever the
    /// key order), for the same base URL and credential.
    #[test]
    fn requests_share_a_key_iff_their_bodies_are_equal(a in arb_request(), b in arb_request()) {
        let key = |r: &GuestTokenRequest| databrain::fuzzing::guest_token_cache_key("http://127.0.0.1:1", Some(b"Bearer k"), r);
        prop_assert_eq!(key(&a) == key(&b), body(&a) == body(&b));
    }
}
