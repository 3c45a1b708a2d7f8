//! The server's mutable state: data apps, credentials, issued guest tokens, recorded requests,
//! the fault queue and rate-limit buckets, all behind one mutex. Every request takes it at most
//! twice (arrival, then the handler's write) for microseconds, which is far below the cost of
//! the HTTP work around it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use hyper::header::AUTHORIZATION;
use serde::{Deserialize, Serialize};

use crate::clock;
use crate::faults::{Action, Fault, FaultQueue};
use crate::ratelimit::RateLimiter;
use crate::record::{RecordedRequest, Recorder};
use crate::seed::Seed;

/// How many issued guest tokens [`crate::MockServer::guest_tokens`] keeps (the most recent);
/// [`crate::MockServer::guest_token_count`] stays exact.
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
    /// When the token expires (ms since the epoch), from `expiryTime`; `None` = never.
    pub expires_at_ms: Option<u64>,
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
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    pub keys: Vec<ApiKey>,
    pub datasources: Vec<String>,
    pub embeds: Vec<serde_json::Value>,
}

/// What a request's `Authorization` header turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Credential {
    /// No `Authorization` header.
    Missing,
    /// A header, but not a credential the mock knows (or not `Bearer`).
    Unknown,
    /// A service token.
    Service,
    /// An API key of the data app at this index of `State::apps`.
    ApiKey(usize),
}

#[derive(Debug)]
pub(crate) struct State {
    pub apps: Vec<DataApp>,
    /// Credential value → what it authorises. Apps are never deleted, so indices are stable.
    creds: HashMap<String, Credential>,
    guest_tokens: VecDeque<IssuedGuestToken>,
    guest_token_total: usize,
    pub recorder: Recorder,
    pub faults: FaultQueue,
    limiter: RateLimiter,
}

impl State {
    fn from_seed(seed: &Seed) -> State {
        let now = clock::rfc3339(clock::now_ms());
        let mut creds = HashMap::new();
        for t in &seed.service_tokens {
            creds.insert(t.clone(), Credential::Service);
        }
        let apps = seed
            .data_apps
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let keys = a
                    .api_keys
                    .iter()
                    .map(|k| {
                        creds.insert(k.clone(), Credential::ApiKey(i));
                        ApiKey {
                            key: k.clone(),
                            name: "Default key".into(),
                            description: None,
                            created_at: now.clone(),
                        }
                    })
                    .collect();
                DataApp {
                    name: a.name.clone(),
                    created_at: now.clone(),
                    updated_at: now.clone(),
                    keys,
                    datasources: a.datasources.clone(),
                    embeds: a.embeds.clone(),
                }
            })
            .collect();
        State {
            apps,
            creds,
            guest_tokens: VecDeque::new(),
            guest_token_total: 0,
            recorder: Recorder::default(),
            faults: FaultQueue::default(),
            limiter: RateLimiter::default(),
        }
    }

    /// Index of the data app called exactly `name`. Linear: there are a handful of apps.
    pub(crate) fn app_index(&self, name: &str) -> Option<usize> {
        self.apps.iter().position(|a| a.name == name)
    }

    /// Mints a new API key for the app at `idx`; it is valid immediately.
    pub(crate) fn create_api_key(
        &mut self,
        idx: usize,
        name: String,
        description: Option<String>,
    ) -> String {
        let key = uuid::Uuid::new_v4().to_string();
        self.creds.insert(key.clone(), Credential::ApiKey(idx));
        self.apps[idx].keys.push(ApiKey {
            key: key.clone(),
            name,
            description,
            created_at: clock::rfc3339(clock::now_ms()),
        });
        key
    }

    /// Adds a data app with no keys.
    pub(crate) fn create_app(&mut self, name: String) {
        let now = clock::rfc3339(clock::now_ms());
        self.apps.push(DataApp {
            name,
            created_at: now.clone(),
            updated_at: now,
            keys: Vec::new(),
            datasources: Vec::new(),
            embeds: Vec::new(),
        });
    }

    pub(crate) fn record_guest_token(&mut self, issued: IssuedGuestToken) {
        if self.guest_tokens.len() == GUEST_TOKENS_CAPACITY {
            self.guest_tokens.pop_front();
        }
        self.guest_tokens.push_back(issued);
        self.guest_token_total += 1;
    }
}

/// The outcome of a request's arrival: who it is from and what to do with it.
pub(crate) struct Arrival {
    pub credential: Credential,
    pub action: Action,
    /// `Some(seconds)` when the rate limit refused the request.
    pub rate_limited: Option<u64>,
}

/// State shared by the server tasks and the [`crate::MockServer`] handle.
#[derive(Debug)]
pub(crate) struct Shared {
    seed: Seed,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(seed: Seed) -> Shared {
        let state = Mutex::new(State::from_seed(&seed));
        Shared { seed, state }
    }

    pub(crate) fn seed(&self) -> &Seed {
        &self.seed
    }

    /// The state lock. A panic while holding it cannot leave the state half-updated in a way
    /// that matters to a test double, so poisoning is ignored rather than cascading panics.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Classifies the credential, records the request, takes a matching fault and consults
    /// the rate limit, under a single lock.
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
            (Some(_), Some(value)) => st.creds.get(value).copied().unwrap_or(Credential::Unknown),
        };
        let auth = match credential {
            Credential::Missing => None,
            Credential::Unknown => Some("unknown".to_owned()),
            Credential::Service => Some("serviceToken".to_owned()),
            Credential::ApiKey(i) => Some(format!("apiKey:{}", st.apps[i].name)),
        };
        st.recorder.push(RecordedRequest::new(
            &parts.method,
            &parts.uri,
            &parts.headers,
            auth,
            body,
            raw,
        ));
        let action = st
            .faults
            .take(parts.uri.path())
            .map_or(Action::Proceed, |f| f.action());
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
        self.lock().guest_tokens.iter().cloned().collect()
    }

    pub(crate) fn guest_token_count(&self) -> usize {
        self.lock().guest_token_total
    }

    /// Back to the seed: created apps and keys, tokens, requests, faults and buckets are gone.
    pub(crate) fn reset(&self) {
        let fresh = State::from_seed(&self.seed);
        *self.lock() = fresh;
    }
}

/// The credential in `Bearer <credential>` (scheme case-insensitive), if the header is that.
fn bearer_value(header: &[u8]) -> Option<&str> {
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
