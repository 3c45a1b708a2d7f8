//! The server's mutable state: data apps, credentials, the management catalog, issued guest
//! tokens, the clock, recorded requests, the fault queue and rate-limit buckets, all behind one
//! mutex. Every request takes it at most twice (arrival, then the handler) for microseconds,
//! which is far below the cost of the HTTP work around it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use hyper::header::AUTHORIZATION;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{AppId, Catalog, SEED_TIME};
use crate::clock::{self, Clock};
use crate::connections::Connections;
use crate::faults::{Action, Fault, FaultQueue};
use crate::ratelimit::RateLimiter;
use crate::record::{RecordedRequest, Recorder};
use crate::seed::Seed;

/// How many issued guest tokens [`crate::MockServer::guest_tokens`] keeps (the most recent);
/// [`crate::MockServer::guest_token_count`] stays exact. Liveness is known for these only.
pub const GUEST_TOKENS_CAPACITY: usize = 10_000;

/// A guest token the mock issued, with the request body that asked for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedGuestToken {
    /// The token returned to the caller (a UUID v4).
    pub token: String,
    /// `clientId` of the request.
    pub client_id: String,
    /// `dataAppName` of the request.
    pub data_app_name: String,
    /// The whole request body as received (extra keys included).
    pub body: serde_json::Value,
    /// When the token expires (ms since the epoch on the mock's clock), from `expiryTime`;
    /// `None` = never.
    pub expires_at_ms: Option<u64>,
}

/// Whether a guest token would still open an embed (see
/// [`crate::MockServer::guest_token_status`]). A token is live while it has not expired on the
/// mock's clock, its data app exists, and — when it was minted with `params.allowedEmbeds` —
/// at least one of those embeds still exists (asked about one embed: that one exists and is
/// allowed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuestTokenStatus {
    /// The token.
    pub token: String,
    /// True while the token works.
    pub live: bool,
    /// Expiry on the mock's clock (ms since the epoch); `None` = never.
    pub expires_at_ms: Option<u64>,
    /// Expiry as an RFC 3339 timestamp; `None` = never.
    pub expires_at: Option<String>,
    /// Why it is not live: `expired`, `dataAppDeleted`, `embedDeleted` or `embedNotAllowed`.
    pub reason: Option<String>,
}

/// A data-app API key as listed by `GET /api/v2/data-app/api-tokens`.
#[derive(Clone, Debug)]
pub(crate) struct ApiKey {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Debug)]
pub(crate) struct DataApp {
    pub id: AppId,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    pub keys: Vec<ApiKey>,
    pub datasources: Vec<String>,
}

/// What a request's `Authorization` header turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Credential {
    /// No `Authorization` header.
    Missing,
    /// A header, but not a credential the mock knows (or not `Bearer`, or a rotated-out key
    /// past its grace period).
    Unknown,
    /// A service token.
    Service,
    /// An API key of this data app.
    ApiKey(AppId),
}

/// A known credential and, for a rotated-out key, when it stops working (mock clock).
#[derive(Clone, Copy, Debug)]
struct Cred {
    kind: Credential,
    expires_at_ms: Option<u64>,
}

impl Cred {
    fn valid_at(&self, now_ms: u64) -> bool {
        self.expires_at_ms.is_none_or(|t| now_ms < t)
    }
}

#[derive(Debug)]
struct TokenRecord {
    issued: IssuedGuestToken,
    app: AppId,
}

#[derive(Debug)]
pub(crate) struct State {
    pub apps: Vec<DataApp>,
    pub catalog: Catalog,
    pub clock: Clock,
    next_app_id: AppId,
    /// Credential value → what it authorises.
    creds: HashMap<String, Cred>,
    guest_tokens: VecDeque<TokenRecord>,
    guest_token_total: usize,
    pub recorder: Recorder,
    pub faults: FaultQueue,
    limiter: RateLimiter,
}

impl State {
    fn from_seed(seed: &Seed) -> State {
        let mut creds = HashMap::new();
        for t in &seed.service_tokens {
            creds.insert(
                t.clone(),
                Cred {
                    kind: Credential::Service,
                    expires_at_ms: None,
                },
            );
        }
        // App ids are seed positions, which is what `Catalog::from_seed` assumes.
        let apps: Vec<DataApp> = seed
            .data_apps
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let id = i as AppId;
                let keys = a
                    .api_keys
                    .iter()
                    .map(|k| {
                        creds.insert(
                            k.clone(),
                            Cred {
                                kind: Credential::ApiKey(id),
                                expires_at_ms: None,
                            },
                        );
                        ApiKey {
                            key: k.clone(),
                            name: "Default key".into(),
                            description: None,
                            created_at: SEED_TIME.into(),
                        }
                    })
                    .collect();
                DataApp {
                    id,
                    name: a.name.clone(),
                    created_at: SEED_TIME.into(),
                    updated_at: SEED_TIME.into(),
                    keys,
                    datasources: a.datasources.clone(),
                }
            })
            .collect();
        State {
            next_app_id: apps.len() as AppId,
            apps,
            catalog: Catalog::from_seed(seed),
            clock: Clock::default(),
            creds,
            guest_tokens: VecDeque::new(),
            guest_token_total: 0,
            recorder: Recorder::default(),
            faults: FaultQueue::default(),
            limiter: RateLimiter::default(),
        }
    }

    /// Mock time now, ms since the epoch.
    pub(crate) fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// Mock time now, RFC 3339.
    pub(crate) fn now(&self) -> String {
        self.clock.now_rfc3339()
    }

    /// What `credential` authorises right now.
    fn classify(&self, credential: &str) -> Credential {
        let now = self.now_ms();
        match self.creds.get(credential) {
            Some(c) if c.valid_at(now) => c.kind,
            _ => Credential::Unknown,
        }
    }

    /// Whether the API key `key` still works (a rotated key during its grace period does).
    pub(crate) fn key_is_valid(&self, key: &str) -> bool {
        matches!(self.classify(key), Credential::ApiKey(_))
    }

    pub(crate) fn app(&self, id: AppId) -> Option<&DataApp> {
        self.apps.iter().find(|a| a.id == id)
    }

    /// The data app called exactly `name`. Linear: there are a handful of apps.
    pub(crate) fn app_named(&self, name: &str) -> Option<&DataApp> {
        self.apps.iter().find(|a| a.name == name)
    }

    /// Mints a new API key for app `id` (which must exist); it is valid immediately.
    pub(crate) fn create_api_key(
        &mut self,
        id: AppId,
        name: String,
        description: Option<String>,
    ) -> String {
        let key = uuid::Uuid::new_v4().to_string();
        self.creds.insert(
            key.clone(),
            Cred {
                kind: Credential::ApiKey(id),
                expires_at_ms: None,
            },
        );
        let created_at = self.now();
        if let Some(app) = self.apps.iter_mut().find(|a| a.id == id) {
            app.keys.push(ApiKey {
                key: key.clone(),
                name,
                description,
                created_at,
            });
        }
        key
    }

    /// Replaces API key `old` with a new key of the same app, name and description; `old`
    /// keeps working for `grace_ms` more (never longer than an earlier rotation allowed).
    /// `None` when `old` is not a valid key.
    pub(crate) fn rotate_api_key(&mut self, old: &str, grace_ms: u64) -> Option<String> {
        let Credential::ApiKey(app) = self.classify(old) else {
            return None;
        };
        let (name, description) = self
            .app(app)?
            .keys
            .iter()
            .find(|k| k.key == old)
            .map(|k| (k.name.clone(), k.description.clone()))?;
        let until = self.now_ms().saturating_add(grace_ms);
        if let Some(c) = self.creds.get_mut(old) {
            c.expires_at_ms = Some(c.expires_at_ms.map_or(until, |t| t.min(until)));
        }
        Some(self.create_api_key(app, name, description))
    }

    /// The keys of app `id` that still work, in creation order.
    pub(crate) fn live_keys(&self, id: AppId) -> Vec<&ApiKey> {
        self.app(id).map_or_else(Vec::new, |a| {
            a.keys
                .iter()
                .filter(|k| self.key_is_valid(&k.key))
                .collect()
        })
    }

    /// Adds a data app with no keys.
    pub(crate) fn create_app(&mut self, name: String) {
        let now = self.now();
        let id = self.next_app_id;
        self.next_app_id += 1;
        self.apps.push(DataApp {
            id,
            name,
            created_at: now.clone(),
            updated_at: now,
            keys: Vec::new(),
            datasources: Vec::new(),
        });
    }

    pub(crate) fn rename_app(&mut self, id: AppId, new_name: String) {
        let now = self.now();
        if let Some(app) = self.apps.iter_mut().find(|a| a.id == id) {
            app.name = new_name;
            app.updated_at = now;
        }
    }

    /// Deletes a data app with its keys (they stop authenticating at once) and its embeds (and
    /// so their reports; guest tokens of the app stop being live).
    pub(crate) fn delete_app(&mut self, id: AppId) {
        self.apps.retain(|a| a.id != id);
        self.creds.retain(|_, c| c.kind != Credential::ApiKey(id));
        self.catalog.delete_embeds(|e| e.app == id);
    }

    pub(crate) fn record_guest_token(&mut self, issued: IssuedGuestToken, app: AppId) {
        if self.guest_tokens.len() == GUEST_TOKENS_CAPACITY {
            self.guest_tokens.pop_front();
        }
        self.guest_tokens.push_back(TokenRecord { issued, app });
        self.guest_token_total += 1;
    }

    /// See [`GuestTokenStatus`]. Linear from the newest: an admin query, not a hot path.
    pub(crate) fn guest_token_status(
        &self,
        token: &str,
        embed: Option<&str>,
    ) -> Option<GuestTokenStatus> {
        let rec = self
            .guest_tokens
            .iter()
            .rev()
            .find(|r| r.issued.token == token)?;
        let expires = rec.issued.expires_at_ms;
        let allowed: Vec<&str> = rec.issued.body["params"]["allowedEmbeds"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let exists = |id: &str| self.catalog.embed_of(rec.app, id).is_some();
        let reason = if expires.is_some_and(|t| self.now_ms() >= t) {
            Some("expired")
        } else if self.app(rec.app).is_none() {
            Some("dataAppDeleted")
        } else {
            match embed {
                Some(e) if !allowed.is_empty() && !allowed.contains(&e) => Some("embedNotAllowed"),
                Some(e) if !exists(e) => Some("embedDeleted"),
                None if !allowed.is_empty() && !allowed.iter().any(|e| exists(e)) => {
                    Some("embedDeleted")
                }
                _ => None,
            }
        };
        Some(GuestTokenStatus {
            token: token.to_owned(),
            live: reason.is_none(),
            expires_at_ms: expires,
            expires_at: expires.map(clock::rfc3339),
            reason: reason.map(str::to_owned),
        })
    }

    /// Whether a string is a credential the mock knows (any state): recordings hide these.
    fn is_credential(&self, s: &str) -> bool {
        self.creds.contains_key(s)
    }
}

/// The outcome of a request's arrival: who it is from and what to do with it.
pub(crate) struct Arrival {
    pub credential: Credential,
    pub action: Action,
    /// Whether `action` applies after the call is handled (a lost answer).
    pub after_handling: bool,
    /// `Some(seconds)` when the rate limit refused the request.
    pub rate_limited: Option<u64>,
}

/// State shared by the server tasks and the [`crate::MockServer`] handle.
#[derive(Debug)]
pub(crate) struct Shared {
    seed: Seed,
    state: Mutex<State>,
    connections: Connections,
}

impl Shared {
    pub(crate) fn new(seed: Seed) -> Shared {
        let state = Mutex::new(State::from_seed(&seed));
        Shared { seed, state, connections: Default::default() }
    }

    /// The connection counters (`GET /__mock/connections`).
    pub(crate) fn connections(&self) -> &Connections {
        &self.connections
    }

    pub(crate) fn seed(&self) -> &Seed {
        &self.seed
    }

    /// The state lock. A panic while holding it cannot leave the state half-updated in a way
    /// that matters to a test double, so poisoning is ignored rather than cascading panics.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Classifies the credential, records the request (credentials redacted), takes a
    /// matching fault and consults the rate limit, under a single lock.
    pub(crate) fn arrive(
        &self,
        parts: &hyper::http::request::Parts,
        body: Option<serde_json::Value>,
        raw: &[u8],
    ) -> Arrival {
        let header = parts.headers.get(AUTHORIZATION).map(|v| v.as_bytes());
        let bearer = header.and_then(bearer_value);
        let mut st = self.lock();
        let credential = match (header, bearer) {
            (None, _) => Credential::Missing,
            (Some(_), None) => Credential::Unknown,
            (Some(_), Some(value)) => st.classify(value),
        };
        let auth = match credential {
            Credential::Missing => None,
            Credential::Unknown => Some("unknown".to_owned()),
            Credential::Service => Some("serviceToken".to_owned()),
            Credential::ApiKey(i) => st.app(i).map(|a| format!("apiKey:{}", a.name)),
        };
        let record = RecordedRequest::new(
            &parts.method,
            &parts.uri,
            &parts.headers,
            auth,
            body,
            raw,
            |s| st.is_credential(s),
        );
        st.recorder.push(record);
        let (action, after_handling) = st
            .faults
            .take(parts.uri.path(), parts.method.as_str())
            .map_or((Action::Proceed, false), |(f, after)| (f.action(), after));
        let rate_limited = match (&action, self.seed.rate_limit) {
            (Action::Proceed | Action::Delay(_), Some(limit)) => {
                let key = header.map_or("", |h| std::str::from_utf8(h).unwrap_or("\u{fffd}"));
                st.limiter.check(limit, key, Instant::now()).err()
            }
            _ => None,
        };
        Arrival {
            credential,
            action,
            after_handling,
            rate_limited,
        }
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().recorder.all()
    }

    pub(crate) fn clear_requests(&self) {
        self.lock().recorder.clear();
    }

    pub(crate) fn request_count(&self, path: &str) -> usize {
        self.lock().recorder.count(path)
    }

    pub(crate) fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    pub(crate) fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    pub(crate) fn pending_faults(&self) -> Vec<Fault> {
        self.lock().faults.pending()
    }

    pub(crate) fn guest_tokens(&self) -> Vec<IssuedGuestToken> {
        self.lock()
            .guest_tokens
            .iter()
            .map(|r| r.issued.clone())
            .collect()
    }

    pub(crate) fn guest_token_count(&self) -> usize {
        self.lock().guest_token_total
    }

    pub(crate) fn guest_token_status(
        &self,
        token: &str,
        embed: Option<&str>,
    ) -> Option<GuestTokenStatus> {
        self.lock().guest_token_status(token, embed)
    }

    /// Runs `f` on the clock under the lock, returning the mock time afterwards.
    pub(crate) fn with_clock(&self, f: impl FnOnce(&mut Clock)) -> ClockState {
        let mut st = self.lock();
        f(&mut st.clock);
        ClockState::of(&st.clock)
    }

    /// Back to the seed: created apps and keys, tokens, requests, faults, buckets and any
    /// clock adjustment are gone.
    pub(crate) fn reset(&self) {
        let fresh = State::from_seed(&self.seed);
        *self.lock() = fresh;
        self.connections.reset();
    }
}

/// What `GET /__mock/clock` answers.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClockState {
    pub now_ms: u64,
    pub now: String,
    pub frozen: bool,
}

impl ClockState {
    fn of(c: &Clock) -> ClockState {
        let now_ms = c.now_ms();
        ClockState {
            now_ms,
            now: clock::rfc3339(now_ms),
            frozen: c.is_frozen(),
        }
    }
}

/// The credential in `Bearer <credential>` (scheme case-insensitive), if the header is that.
pub(crate) fn bearer_value(header: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(header).ok()?;
    let (scheme, rest) = s.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let value = rest.trim();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::bearer_value;

    #[test]
    fn parses_bearer() {
        assert_eq!(bearer_value(b"Bearer abc"), Some("abc"));
        assert_eq!(bearer_value(b"bearer  abc "), Some("abc"));
        assert_eq!(bearer_value(b"Basic abc"), None);
        assert_eq!(bearer_value(b"Bearer "), None);
        assert_eq!(bearer_value(b"abc"), None);
    }
}
