//! [`GuestTokenCache`]: one guest token per distinct request, reused until it is due for a
//! refresh, refreshed in the background, minted once however many callers ask at once.
//!
//! - **Key**: the canonical request body (validated, `extraBody` merged, object keys sorted
//!   recursively), the base URL and an HMAC of the credential under a per-process random key
//!   (`key.rs`), compared whole. Requests that differ in any field never share a token.
//! - **Single flight**: the first `get` of a key spawns the mint on the tokio runtime and
//!   every `get` of that key waits on one `watch` channel for its result, errors included
//!   (an error is handed to every waiter and never cached). The mint is spawned, so a caller
//!   that gives up (a cancelled task) does not fail the others.
//! - **Refresh**: a hit before `refresh_at` returns at once; between `refresh_at` and
//!   `expires_at` it returns the current token at once and starts one background refresh for
//!   the key. A failed refresh keeps the valid token (unless `serve_stale_on_error` is off),
//!   is counted and logged, and the next `get` after a backoff (1 s, 2 s, 4 s … 60 s, never
//!   more than half the time the token has left) tries again. After `expires_at` a `get`
//!   waits for a new mint and gets its error.
//! - **Bounds**: at most `max_entries` tokens; expired ones are dropped first, then the least
//!   recently used. Tokens that never expire are kept only with `max_age_without_expiry`.
//! - **Shared tier** (opt-in, `shared/`): with `shared_cache_url` or `DATABRAIN_CACHE_URL`, a
//!   flight asks Redis/Valkey before minting, so a fleet of processes mints each token once;
//!   refreshes go through the same fleet lock, each process due at its own jittered moment.
//!   An in-process hit never reaches Redis, and Redis never makes a `get` fail.

mod key;
mod memo;
mod options;
mod shared;

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::input::Input;
use crate::request::models::guest_token::GuestTokenRequest;
use crate::token::{GuestToken, Prechecked};
use crate::request::valid::{Checked, Valid};

pub use options::{
    CACHE_OPTION_KEYS, CacheOptions, DEFAULT_MAX_ENTRIES, DEFAULT_SHARED_CACHE_OP_TIMEOUT, ENV_CACHE_URL,
    SHARED_CACHE_SCHEMES,
};

use key::Key;

/// First wait after a failed background refresh; doubles with each failure.
pub const REFRESH_BACKOFF_BASE: Duration = Duration::from_secs(1);
/// Longest wait between background refresh attempts.
pub const REFRESH_BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Shortest wait between background refresh attempts.
const REFRESH_BACKOFF_MIN: Duration = Duration::from_millis(100);

/// Where the cache reads the time. [`SystemClock`] in production; tests inject a
/// [`ManualClock`] so they never sleep through a token's lifetime.
pub trait Clock: Send + Sync + 'static {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that runs with the real one plus an offset the test moves forward.
#[derive(Debug, Default)]
pub struct ManualClock {
    offset_ms: AtomicU64,
}

impl ManualClock {
    /// A clock at the real time (offset 0).
    pub fn new() -> Arc<ManualClock> {
        Arc::new(ManualClock::default())
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_ms.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_millis(self.offset_ms.load(Ordering::SeqCst))
    }
}

/// Counters of one cache, since it was created or last [`GuestTokenCache::clear`]ed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheStats {
    /// `get`s answered from the cache (including a token served while it is refreshed).
    pub hits: u64,
    /// `get`s that started a mint (nothing usable was cached).
    pub misses: u64,
    /// `get`s that waited for a mint another `get` had started.
    pub coalesced: u64,
    /// Background refreshes started.
    pub refreshes: u64,
    /// Background refreshes that failed (the current token kept being served).
    pub refresh_failures: u64,
    /// Tokens held now.
    pub entries: u64,
    /// Flights (in-process misses or refreshes) answered from the shared tier.
    pub shared_hits: u64,
    /// Flights that found no usable shared entry (none, or one that did not decrypt) and minted.
    pub shared_misses: u64,
    /// Shared-tier operations that failed or timed out (each fell back to the in-process path).
    pub shared_errors: u64,
    /// Flights that waited for another process's mint.
    pub lock_waits: u64,
    /// Mints made outside the fleet lock: Redis failed, its breaker was open, or the wait
    /// reached the client's timeout.
    pub fallback_mints: u64,
}

/// What a flight hands its waiters: nothing yet, then the mint's result.
type Outcome = Option<Result<GuestToken>>;

/// A mint in progress for one key.
struct Flight {
    id: u64,
    result: watch::Receiver<Outcome>,
}

struct Entry {
    /// The end user, for [`GuestTokenCache::invalidate`].
    client_id: String,
    token: Option<Cached>,
    flight: Option<Flight>,
    /// Failed background refreshes in a row, and when the next may start.
    failures: u32,
    retry_at: Option<SystemTime>,
    last_used: u64,
}

/// A token and the cache's own times for it (a token without expiry gets the max age).
#[derive(Clone)]
struct Cached {
    token: GuestToken,
    refresh_at: SystemTime,
    expires_at: SystemTime,
}

/// The entries' hasher: foldhash (already in the build, via serde_json) with a random seed per
/// cache. A key is a whole canonical request (~1 KB for the largest), and SipHash or SHA-256
/// over it cost as much as everything else in a hit; foldhash is ~20x cheaper and, with a
/// secret seed, still resists crafted collisions ("minimally DoS-resistant"; keys are compared
/// whole, so a collision costs time, never a wrong token).
type KeyHasher = foldhash::quality::RandomState;

#[derive(Default)]
struct State {
    entries: HashMap<Key, Entry, KeyHasher>,
    /// Node's request texts already parsed → their keys (`memo.rs`).
    memo: memo::TextMemo,
    tick: u64,
    next_flight: u64,
}

impl State {
    /// The token under `key` if it is fresh (counted as a hit).
    fn fresh(&mut self, key: &[u8], now: SystemTime, hits: &AtomicU64) -> Option<GuestToken> {
        self.tick += 1;
        fresh_entry(&mut self.entries, key, now, self.tick, hits)
    }
}

fn fresh_entry(
    entries: &mut HashMap<Key, Entry, KeyHasher>,
    key: &[u8],
    now: SystemTime,
    tick: u64,
    hits: &AtomicU64,
) -> Option<GuestToken> {
    let entry = entries.get_mut(key)?;
    match &entry.token {
        Some(c) if now < c.refresh_at && now < c.expires_at => {
            entry.last_used = tick;
            bump(hits);
            Some(c.token.clone())
        }
        _ => None,
    }
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    coalesced: AtomicU64,
    refreshes: AtomicU64,
    refresh_failures: AtomicU64,
}

struct Inner {
    client: Client,
    options: CacheOptions,
    clock: Arc<dyn Clock>,
    credential: [u8; 32],
    state: Mutex<State>,
    counters: Counters,
    /// Whether the "not cached: no expiry" notice was logged (once per cache).
    logged_no_expiry: AtomicBool,
    /// The fleet-wide tier, if configured.
    shared: Option<shared::SharedTier>,
    /// This process's share of the lifetime by which its refreshes come early (0–5 %, with the
    /// shared tier only), so a fleet's processes fall due one after another.
    refresh_jitter: f64,
}

/// A cache of guest tokens over one [`Client`]. Cheap to clone (shared state); thread-safe
/// and usable from any task of a tokio runtime.
///
/// One token per distinct request (the canonical body, key order ignored, plus the base URL
/// and a keyed hash of the API key); concurrent [`get`](GuestTokenCache::get)s of one request
/// share one mint and its error (errors are never cached). From `refresh_at` (80 % of the
/// lifetime by default) a hit returns the current token and starts one background refresh; a
/// failed refresh keeps the valid token, is counted in [`CacheStats::refresh_failures`] and
/// logged, and is retried after a backoff (1 s doubling to 60 s, at most half the time left).
/// An expired token is never returned: `get` waits for a new mint.
///
/// ```no_run
/// # async fn run() -> databrain::Result<()> {
/// use databrain::{CacheOptions, Client, GuestTokenCache, GuestTokenRequest};
/// let cache = GuestTokenCache::with_options(Client::from_env()?, CacheOptions::default())?;
/// let request = GuestTokenRequest::new("user-456", "sales-dashboard").expiry(std::time::Duration::from_secs(3600));
/// let token = cache.get(&request).await?; // minted once, then served from memory
/// println!("{:?} expires at {:?}", token, token.expires_at());
/// cache.invalidate("user-456");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct GuestTokenCache {
    inner: Arc<Inner>,
}

impl fmt::Debug for GuestTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestTokenCache")
            .field("base_url", &self.inner.client.base_url())
            .field("options", &self.inner.options)
            .field("stats", &self.stats())
            .finish()
    }
}

/// What [`GuestTokenCache::lookup`] found for a request.
#[derive(Debug)]
pub enum Lookup {
    /// The cached token, fresh (counted as a hit).
    Fresh(GuestToken),
    /// No fresh token: the request, parsed and validated, for [`GuestTokenCache::get`].
    Parsed(Valid<GuestTokenRequest>),
}

enum Step {
    Hit(GuestToken),
    Wait(watch::Receiver<Outcome>),
}

impl GuestTokenCache {
    /// A cache with the default [`CacheOptions`].
    ///
    /// With [`ENV_CACHE_URL`] set to an unusable URL the shared tier is left off and a warning
    /// logged ([`GuestTokenCache::with_options`] returns the error instead).
    pub fn new(client: Client) -> GuestTokenCache {
        let options = CacheOptions::default();
        let shared = shared_tier(&client, &options).unwrap_or_else(|e| {
            log::warn!("databrain: the shared guest-token cache is off: {e}");
            None
        });
        GuestTokenCache::build(client, options, Arc::new(SystemClock), shared)
    }

    /// A cache with `options` (checked).
    pub fn with_options(client: Client, options: CacheOptions) -> Result<GuestTokenCache> {
        GuestTokenCache::with_clock(client, options, Arc::new(SystemClock))
    }

    /// A cache that reads the time from `clock` (for tests).
    pub fn with_clock(client: Client, options: CacheOptions, clock: Arc<dyn Clock>) -> Result<GuestTokenCache> {
        options.check()?;
        let shared = shared_tier(&client, &options)?;
        Ok(GuestTokenCache::build(client, options, clock, shared))
    }

    fn build(
        client: Client,
        options: CacheOptions,
        clock: Arc<dyn Clock>,
        shared: Option<shared::SharedTier>,
    ) -> GuestTokenCache {
        let credential = key::credential_id(client.guest_token_credential());
        let refresh_jitter = if shared.is_some() { fastrand::f64() * 0.05 } else { 0.0 };
        GuestTokenCache {
            inner: Arc::new(Inner {
                client,
                options,
                clock,
                credential,
                state: Mutex::new(State::default()),
                counters: Counters::default(),
                logged_no_expiry: AtomicBool::new(false),
                shared,
                refresh_jitter,
            }),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &CacheOptions {
        &self.inner.options
    }

    /// Whether the fleet-wide shared tier is on (a URL was given or found in the environment).
    pub fn is_shared(&self) -> bool {
        self.inner.shared.is_some()
    }

    /// The client tokens are minted with.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// A token for `request`: the cached one while it is fresh, the current one while a
    /// background refresh replaces it, otherwise a new mint (shared with every concurrent
    /// `get` of the same request). Must run inside a tokio runtime (mints are spawned on it).
    pub async fn get(&self, request: &impl Checked<GuestTokenRequest>) -> Result<GuestToken> {
        let request = request.checked()?;
        let inner = &self.inner;
        let mut owned: Option<Arc<GuestTokenRequest>> = None;
        loop {
            let key = key::key(&inner.credential, inner.client.base_url(), request);
            let step = inner.step(&key, request, &mut owned)?;
            let mut rx = match step {
                Step::Hit(token) => return Ok(token),
                Step::Wait(rx) => rx,
            };
            match rx.wait_for(Option::is_some).await {
                Ok(outcome) => return outcome.clone().expect("wait_for returned a result"),
                // The mint task ended without a result (it panicked or the runtime shut
                // down): the entry no longer points at it, so the next step starts afresh.
                Err(_) => continue,
            }
        }
    }

    /// The cached token for `request` if it is fresh (not yet due for a refresh), counted as a
    /// hit; `None` otherwise, and nothing is counted (call [`GuestTokenCache::get`]). Never
    /// waits and needs no runtime: the bindings' fast path, which skips the hop to the runtime.
    pub fn get_fresh(&self, request: &impl Checked<GuestTokenRequest>) -> Result<Option<GuestToken>> {
        let request = request.checked()?;
        let inner = &self.inner;
        let now = inner.clock.now();
        let key = key::key(&inner.credential, inner.client.base_url(), request);
        Ok(inner.lock().fresh(&key, now, &inner.counters.hits))
    }

    /// [`get_fresh`](GuestTokenCache::get_fresh) for a request given as JSON `text`: a text
    /// this cache has seen goes straight to its key without being parsed again (`memo.rs`);
    /// another is read with `parse` (which must read the same request from the same text), and
    /// remembered once it is valid. A `parse` error is returned as it is.
    pub fn get_fresh_text(
        &self,
        text: &str,
        parse: impl FnOnce() -> Result<Valid<GuestTokenRequest>>,
    ) -> Result<Option<GuestToken>> {
        let inner = &self.inner;
        let now = inner.clock.now();
        {
            let mut state = inner.lock();
            let state = &mut *state;
            if let Some(key) = state.memo.get(text) {
                state.tick += 1;
                return Ok(fresh_entry(&mut state.entries, key, now, state.tick, &inner.counters.hits));
            }
        }
        let request = parse()?;
        let key = key::key(&inner.credential, inner.client.base_url(), &request);
        let mut state = inner.lock();
        state.memo.learn(text, &key, inner.options.max_entries);
        Ok(state.fresh(&key, now, &inner.counters.hits))
    }

    /// [`get_fresh`](GuestTokenCache::get_fresh) for a request still in its front end's form
    /// (what a binding hands [`GuestTokenRequest::from_input`]): the fresh token, or the parsed
    /// request for a [`get`](GuestTokenCache::get) when none is cached. A validation error is
    /// returned as `from_input` returns it.
    pub fn lookup<I: Input>(&self, input: &I) -> Result<Lookup> {
        let request = GuestTokenRequest::from_input(input)?;
        Ok(match self.get_fresh(&request)? {
            Some(token) => Lookup::Fresh(token),
            None => Lookup::Parsed(request),
        })
    }

    /// Drops every token of end user `client_id` (in-flight mints finish for their waiters
    /// but are not stored). Returns how many were dropped.
    pub fn invalidate(&self, client_id: &str) -> usize {
        let mut state = self.inner.lock();
        let before = state.entries.len();
        state.entries.retain(|_, e| e.client_id != client_id);
        before - state.entries.len()
    }

    /// Drops every token and resets the counters.
    pub fn clear(&self) {
        let mut state = self.inner.lock();
        state.entries.clear();
        state.memo.clear();
        drop(state);
        let c = &self.inner.counters;
        for counter in [&c.hits, &c.misses, &c.coalesced, &c.refreshes, &c.refresh_failures] {
            counter.store(0, Ordering::Relaxed);
        }
        if let Some(shared) = &self.inner.shared {
            for counter in shared.counters.all() {
                counter.store(0, Ordering::Relaxed);
            }
        }
    }

    /// The counters and the number of tokens held.
    pub fn stats(&self) -> CacheStats {
        let c = &self.inner.counters;
        let entries = self.inner.lock().entries.values().filter(|e| e.token.is_some()).count() as u64;
        let [shared_hits, shared_misses, shared_errors, lock_waits, fallback_mints] = match &self.inner.shared {
            Some(shared) => shared.counters.all().map(|c| c.load(Ordering::Relaxed)),
            None => [0; 5],
        };
        CacheStats {
            shared_hits,
            shared_misses,
            shared_errors,
            lock_waits,
            fallback_mints,
            hits: c.hits.load(Ordering::Relaxed),
            misses: c.misses.load(Ordering::Relaxed),
            coalesced: c.coalesced.load(Ordering::Relaxed),
            refreshes: c.refreshes.load(Ordering::Relaxed),
            refresh_failures: c.refresh_failures.load(Ordering::Relaxed),
            entries,
        }
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent at every await-free step, so a poisoned lock is usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One decision under the lock: a hit, or a flight to wait on (joined or started).
    fn step(
        self: &Arc<Self>,
        key: &[u8],
        request: &GuestTokenRequest,
        owned: &mut Option<Arc<GuestTokenRequest>>,
    ) -> Result<Step> {
        let now = self.clock.now();
        let mut state = self.lock();
        state.tick += 1;
        let tick = state.tick;
        if let Some(entry) = state.entries.get_mut(key) {
            entry.last_used = tick;
            let usable = entry.token.as_ref().filter(|c| now < c.expires_at).cloned();
            if let Some(cached) = usable {
                let due = now >= cached.refresh_at && entry.flight.is_none() && entry.retry_at.is_none_or(|t| now >= t);
                bump(&self.counters.hits);
                crate::telemetry::note_cache(if now >= cached.refresh_at { "stale" } else { "hit" });
                if due {
                    let request = owned.get_or_insert_with(|| Arc::new(request.clone())).clone();
                    let current = Some(cached.token.token().to_owned());
                    if self.start_flight(&mut state, key, request, current).is_ok() {
                        bump(&self.counters.refreshes);
                    }
                }
                return Ok(Step::Hit(cached.token));
            }
            if let Some(flight) = &entry.flight {
                bump(&self.counters.coalesced);
                crate::telemetry::note_cache("coalesced");
                return Ok(Step::Wait(flight.result.clone()));
            }
            // Only an expired token is left: forget it and mint.
            entry.token = None;
        }
        let request = owned.get_or_insert_with(|| Arc::new(request.clone())).clone();
        let rx = self.start_flight(&mut state, key, request, None)?;
        bump(&self.counters.misses);
        crate::telemetry::note_cache("miss");
        Ok(Step::Wait(rx))
    }

    /// Records a flight for `key` and spawns its mint; the caller holds the lock. `current`:
    /// the token a refresh replaces.
    fn start_flight(
        self: &Arc<Self>,
        state: &mut State,
        key: &[u8],
        request: Arc<GuestTokenRequest>,
        current: Option<String>,
    ) -> Result<watch::Receiver<Outcome>> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::Configuration("GuestTokenCache::get must run inside a tokio runtime".into()))?;
        state.next_flight += 1;
        let id = state.next_flight;
        let (tx, rx) = watch::channel(None);
        let tick = state.tick;
        if !state.entries.contains_key(key) {
            self.make_room(state);
        }
        let entry = state.entries.entry(Key::from(key)).or_insert_with(|| Entry {
            client_id: request.client_id.clone(),
            token: None,
            flight: None,
            failures: 0,
            retry_at: None,
            last_used: tick,
        });
        entry.flight = Some(Flight { id, result: rx.clone() });
        let inner = Arc::clone(self);
        let key = Key::from(key);
        // The mint carries the trace of the call that started it (telemetry.rs).
        runtime.spawn(crate::telemetry::carry(async move {
            let result = inner.obtain(&key, &request, current.as_deref()).await;
            inner.finish(&key, id, &result);
            // Waiters may all have gone; nobody listening is fine.
            let _ = tx.send(Some(result));
        }));
        Ok(rx)
    }

    /// A new token for `request`: through the shared tier when it is on and the token may be
    /// shared (it expires, or `max_age_without_expiry` is set), else minted here.
    async fn obtain(&self, entry_key: &Key, request: &GuestTokenRequest, current: Option<&str>) -> Result<GuestToken> {
        let mint = || async {
            let issued_at = self.clock.now();
            self.client
                .create_guest_token(&Prechecked(request))
                .await
                .map(|token| GuestToken::for_request(token, issued_at, request, self.options.refresh_margin))
        };
        let shareable = crate::token::lifetime(request).is_some() || self.options.max_age_without_expiry.is_some();
        match &self.shared {
            Some(tier) if shareable => {
                let now = || self.clock.now();
                let times = shared::Times {
                    now: &now,
                    refresh_margin: self.options.refresh_margin,
                    max_age_without_expiry: self.options.max_age_without_expiry,
                    wait_cap: self.client.timeout(),
                };
                tier.obtain(key::request_part(entry_key), current, &times, mint).await
            }
            _ => mint().await,
        }
    }

    /// Stores a flight's result in its entry, if the entry still belongs to that flight.
    fn finish(&self, key: &Key, id: u64, result: &Result<GuestToken>) {
        let now = self.clock.now();
        let mut state = self.lock();
        let Some(entry) = state.entries.get_mut(key) else { return };
        if entry.flight.as_ref().is_none_or(|f| f.id != id) {
            return;
        }
        entry.flight = None;
        match result {
            Ok(token) => {
                if entry.token.is_some() {
                    log::debug!("databrain: guest token for client {:?} refreshed", entry.client_id);
                }
                entry.failures = 0;
                entry.retry_at = None;
                match self.cached(token) {
                    Some(cached) => entry.token = Some(cached),
                    None => {
                        state.entries.remove(key);
                    }
                }
            }
            Err(error) => {
                let valid = entry.token.as_ref().filter(|c| now < c.expires_at).cloned();
                match valid {
                    // A background refresh failed while the token is still good.
                    Some(cached) => {
                        bump(&self.counters.refresh_failures);
                        entry.failures += 1;
                        let wait = backoff(entry.failures, cached.expires_at.duration_since(now).unwrap_or_default());
                        entry.retry_at = Some(now + wait);
                        let serve = self.options.serve_stale_on_error;
                        log::warn!(
                            "databrain: guest token refresh for client {:?} failed ({} in a row); {}: {error}",
                            entry.client_id,
                            entry.failures,
                            if serve { format!("serving the current token, next try in {wait:?}") } else { "dropping the token".into() },
                        );
                        if !serve {
                            state.entries.remove(key);
                        }
                    }
                    // A foreground mint: the error went to every waiter; nothing is cached.
                    None => {
                        state.entries.remove(key);
                    }
                }
            }
        }
    }

    /// The cache's times for a fresh token, or `None` if it must not be cached.
    fn cached(&self, token: &GuestToken) -> Option<Cached> {
        if let (Some(expires_at), Some(refresh_at)) = (token.expires_at(), token.refresh_at()) {
            let early = expires_at.duration_since(token.issued_at()).unwrap_or_default().mul_f64(self.refresh_jitter);
            let refresh_at = refresh_at.checked_sub(early).unwrap_or(refresh_at).max(token.issued_at());
            return Some(Cached { token: token.clone(), refresh_at, expires_at });
        }
        match self.options.max_age_without_expiry {
            Some(age) => {
                let issued = token.issued_at();
                Some(Cached {
                    token: token.clone(),
                    refresh_at: issued + age.mul_f64((1.0 - self.options.refresh_margin - self.refresh_jitter).max(0.0)),
                    expires_at: issued + age,
                })
            }
            None => {
                if !self.logged_no_expiry.swap(true, Ordering::Relaxed) {
                    log::info!(
                        "databrain: guest tokens without expiryTime are not cached (set maxAgeWithoutExpiry to cache them); \
                         each get mints a new one"
                    );
                }
                None
            }
        }
    }

    /// Makes room for one more entry: drops expired tokens, then the least recently used.
    fn make_room(&self, state: &mut State) {
        if state.entries.len() < self.options.max_entries {
            return;
        }
        let now = self.clock.now();
        state.entries.retain(|_, e| e.flight.is_some() || e.token.as_ref().is_some_and(|c| now < c.expires_at));
        while state.entries.len() >= self.options.max_entries {
            let oldest = state
                .entries
                .iter()
                .filter(|(_, e)| e.flight.is_none())
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    state.entries.remove(&k);
                }
                // Every entry is being minted: go over the limit until they land.
                None => break,
            }
        }
    }
}

/// The shared tier for `options` (the URL option, else the environment), if one is set and a
/// credential is configured (without one there is nothing to mint with, nor to derive keys from).
fn shared_tier(client: &Client, options: &CacheOptions) -> Result<Option<shared::SharedTier>> {
    let Some(url) = options.shared_url()? else { return Ok(None) };
    let Some(credential) = client.guest_token_credential() else { return Ok(None) };
    shared::SharedTier::new(&url, options.shared_cache_op_timeout, credential, client.base_url())
        .map(Some)
        .map_err(|e| Error::Configuration(format!("sharedCacheUrl: {} ({})", e.category(), options::redacted_url(&url))))
}

pub(crate) fn fuzzing_key(base_url: &str, credential: Option<&[u8]>, request: &GuestTokenRequest) -> Vec<u8> {
    key::key(&key::credential_id(credential), base_url, request).into_vec()
}

/// The wait before background refresh attempt `failures + 1`: 1 s doubling to 60 s, never more
/// than half the time the token has left (and at least 100 ms).
fn backoff(failures: u32, remaining: Duration) -> Duration {
    let exp = REFRESH_BACKOFF_BASE.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    exp.min(REFRESH_BACKOFF_MAX).min(remaining / 2).max(REFRESH_BACKOFF_MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let long = Duration::from_secs(3600);
        assert_eq!(backoff(1, long), Duration::from_secs(1));
        assert_eq!(backoff(2, long), Duration::from_secs(2));
        assert_eq!(backoff(3, long), Duration::from_secs(4));
        assert_eq!(backoff(30, long), REFRESH_BACKOFF_MAX);
        assert_eq!(backoff(3, Duration::from_secs(3)), Duration::from_millis(1500));
        assert_eq!(backoff(1, Duration::from_millis(10)), REFRESH_BACKOFF_MIN);
    }
}
