//! The fleet-wide second tier: guest tokens shared through Redis or Valkey, so a fleet of
//! processes mints each token once.
//!
//! Reached only on an in-process miss (or a due refresh), from the flight that the in-process
//! single flight already elected, so each process has at most one Redis caller per key.
//!
//! - **Protocol**: one script either returns the entry or takes the key's lock (`SET NX PX`,
//!   random owner). The winner mints, renewing its lease every third of it, then writes the
//!   entry with a TTL no longer than the token's remaining life (a script that never lets an
//!   older token replace a newer one) and releases by compare-and-delete. The others poll with
//!   backoff (10 ms ×1.5 up to 100 ms, jittered); a lock that vanished without an entry is taken
//!   over; past the client's timeout they mint locally. A refresh passes the entry it already
//!   holds as stale, so it goes through the same lock.
//! - **Times** come from Redis's `PTTL`, not another host's clock.
//! - **Secrecy**: `crypto.rs`; Redis sees hex names and sealed values.
//! - **Failures**: every operation is bounded by the op timeout, the breaker (`breaker.rs`)
//!   keeps a dead Redis out of the path, and any failure falls back to minting in-process:
//!   Redis never makes a `get` fail.
//! - **Connection**: one multiplexed, self-reconnecting connection per process, made on first
//!   use and made again in a forked child (gunicorn `--preload` forks after import).

mod breaker;
mod crypto;
mod scripts;

use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{RedisResult, Value};

use crate::error::Result;
use crate::token::GuestToken;

use breaker::Breaker;
use crypto::{Keys, Plain};

/// How long a lock holder may go without renewing before another process takes over.
pub(crate) const LEASE: Duration = Duration::from_secs(3);
/// Key prefix (the hash tag `{…}` around the name keeps an entry and its lock in one slot).
const PREFIX: &str = "databrain:v1:";
/// An entry lives at most this much less than its token, to absorb the trip to the caller.
const MAX_SAFETY: Duration = Duration::from_secs(30);
/// Bound on opening a process's connection: its first operation may wait this long (once per
/// process; a refused connection fails at once), every later one only the op timeout. A cold
/// process under load needs more than 50 ms for TCP + HELLO + its first script, and giving up
/// there would make each process of a cold fleet mint on its own.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
const POLL_FIRST: Duration = Duration::from_millis(10);
const POLL_MAX: Duration = Duration::from_millis(100);

/// Counters of the shared tier (in [`crate::CacheStats`]).
#[derive(Default)]
pub(crate) struct SharedCounters {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    pub errors: AtomicU64,
    pub lock_waits: AtomicU64,
    pub fallback_mints: AtomicU64,
}

impl SharedCounters {
    pub(crate) fn all(&self) -> [&AtomicU64; 5] {
        [&self.hits, &self.misses, &self.errors, &self.lock_waits, &self.fallback_mints]
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// What the cache tells the tier about times.
pub(crate) struct Times<'a> {
    pub now: &'a (dyn Fn() -> SystemTime + Send + Sync),
    pub refresh_margin: f64,
    pub max_age_without_expiry: Option<Duration>,
    /// How long a waiter polls before minting on its own.
    pub wait_cap: Duration,
}

pub(crate) struct SharedTier {
    client: redis::Client,
    op_timeout: Duration,
    keys: Keys,
    breaker: Breaker,
    /// The connection and the process that made it.
    connection: Mutex<Option<(u32, ConnectionManager)>>,
    /// Whether this process's connection has answered an operation yet. Until it has, every
    /// operation may also wait for the connect (see [`CONNECT_TIMEOUT`]): all of a burst of
    /// first requests, not only the first one, which a cold fleet's start-up is.
    connected: AtomicBool,
    pub(crate) counters: SharedCounters,
}

enum Reply {
    Hit(Vec<u8>, i64),
    Won,
    Lost,
}

impl SharedTier {
    /// The tier for `url` (already checked by the options) and this credential and base URL.
    pub(crate) fn new(url: &str, op_timeout: Duration, credential: &[u8], base_url: &str) -> RedisResult<SharedTier> {
        Ok(SharedTier {
            client: redis::Client::open(url)?,
            op_timeout,
            keys: Keys::derive(credential, base_url),
            breaker: Breaker::default(),
            connection: Mutex::new(None),
            connected: AtomicBool::new(false),
            counters: SharedCounters::default(),
        })
    }

    /// This process's connection, made on first use (and again after a fork), and the bound
    /// for the operation about to use it.
    fn connection(&self) -> RedisResult<(ConnectionManager, Duration)> {
        let pid = std::process::id();
        let mut slot = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((owner, conn)) = slot.as_ref() {
            if *owner == pid {
                let bound = if self.connected.load(Ordering::Relaxed) { self.op_timeout } else { CONNECT_TIMEOUT.max(self.op_timeout) };
                return Ok((conn.clone(), bound));
            }
        }
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(CONNECT_TIMEOUT.max(self.op_timeout)))
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_number_of_retries(2);
        let conn = ConnectionManager::new_lazy_with_config(self.client.clone(), config)?;
        // The lazy connection progresses only while polled, and each operation gives up after
        // the op timeout: drive the connect (TCP, TLS, HELLO) to its end in the background, so
        // a Redis farther than one op timeout away still gets connected.
        // The scripts are loaded at the same time, so the first EVALSHA finds them.
        let mut warm = conn.clone();
        tokio::spawn(async move {
            for script in [&*scripts::GET_OR_LOCK, &*scripts::PUBLISH, &*scripts::RENEW, &*scripts::RELEASE] {
                if script.prepare_invoke().load_async(&mut warm).await.is_err() {
                    break;
                }
            }
        });
        self.connected.store(false, Ordering::Relaxed);
        *slot = Some((pid, conn.clone()));
        Ok((conn, CONNECT_TIMEOUT.max(self.op_timeout)))
    }

    /// One Redis operation under the breaker and the op timeout; `None` if it was skipped or
    /// failed (a failure is counted).
    async fn run<T, F, Fut>(&self, op: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        if !self.breaker.allow() {
            return None;
        }
        let outcome = match self.connection() {
            Ok((conn, bound)) => tokio::time::timeout(bound, op(conn)).await.ok().and_then(|r| r.ok()),
            Err(_) => None,
        };
        match outcome {
            Some(v) => {
                self.connected.store(true, Ordering::Relaxed);
                self.breaker.success();
                Some(v)
            }
            None => {
                self.breaker.failure();
                bump(&self.counters.errors);
                None
            }
        }
    }

    /// A token for the request whose cache key (without the credential part) is `request`:
    /// the fleet's entry, or one `mint` made under the fleet's lock (or locally when Redis
    /// fails or the wait runs past the cap). `current` is the token a refresh replaces: an
    /// entry holding it is stale. `mint` is called at most once.
    pub(crate) async fn obtain<M, Fut>(&self, request: &[u8], current: Option<&str>, times: &Times<'_>, mint: M) -> Result<GuestToken>
    where
        M: FnOnce() -> Fut,
        Fut: Future<Output = Result<GuestToken>>,
    {
        let name = self.keys.name(request);
        let (entry, lock) = (format!("{PREFIX}{{{name}}}:t"), format!("{PREFIX}{{{name}}}:l"));
        let owner = owner_value();
        let lease_ms = LEASE.as_millis() as u64;
        let deadline = Instant::now() + times.wait_cap;
        let mut stale: Vec<u8> = Vec::new();
        let mut delay = POLL_FIRST;
        let mut waited = false;
        loop {
            let reply = self
                .run(|mut c| {
                    let (entry, lock, owner, stale) = (&entry, &lock, &owner, &stale);
                    async move {
                        let v: Value = scripts::GET_OR_LOCK
                            .key(entry)
                            .key(lock)
                            .arg(owner)
                            .arg(lease_ms)
                            .arg(stale.as_slice())
                            .invoke_async(&mut c)
                            .await?;
                        Ok(parse_reply(v))
                    }
                })
                .await;
            match reply {
                None | Some(None) => {
                    bump(&self.counters.fallback_mints);
                    return mint().await;
                }
                Some(Some(Reply::Hit(value, pttl))) => {
                    let token = self.keys.open(&name, &value).and_then(|p| token_from(p, pttl, times));
                    match token {
                        Some(t) if current != Some(t.token()) => {
                            bump(&self.counters.hits);
                            return Ok(t);
                        }
                        // Undecryptable (tampered, another version) or the very token being
                        // replaced: not an answer; ask again for the lock past it.
                        _ => stale = value,
                    }
                }
                Some(Some(Reply::Won)) => {
                    bump(&self.counters.misses);
                    return self.mint_under_lock(&name, &entry, &lock, &owner, times, mint).await;
                }
                Some(Some(Reply::Lost)) => {
                    if !std::mem::replace(&mut waited, true) {
                        bump(&self.counters.lock_waits);
                    }
                    if Instant::now() + delay >= deadline {
                        bump(&self.counters.misses);
                        bump(&self.counters.fallback_mints);
                        let minted = mint().await;
                        if let Ok(token) = &minted {
                            self.publish(&name, &entry, &lock, "", token, times).await;
                        }
                        return minted;
                    }
                    tokio::time::sleep(delay.mul_f64(0.8 + 0.4 * fastrand::f64())).await;
                    delay = delay.mul_f64(1.5).min(POLL_MAX);
                }
            }
        }
    }

    async fn mint_under_lock<M, Fut>(
        &self,
        name: &str,
        entry: &str,
        lock: &str,
        owner: &str,
        times: &Times<'_>,
        mint: M,
    ) -> Result<GuestToken>
    where
        M: FnOnce() -> Fut,
        Fut: Future<Output = Result<GuestToken>>,
    {
        let lease_ms = LEASE.as_millis() as u64;
        let renew = async {
            loop {
                tokio::time::sleep(LEASE / 3).await;
                self.run(|mut c| async move {
                    scripts::RENEW.key(lock).arg(owner).arg(lease_ms).invoke_async::<i64>(&mut c).await
                })
                .await;
            }
        };
        let minted = tokio::select! {
            minted = mint() => minted,
            _ = renew => unreachable!("the renewal loop never ends"),
        };
        let published = match &minted {
            Ok(token) => self.publish(name, entry, lock, owner, token, times).await,
            Err(_) => false,
        };
        if !published {
            self.run(|mut c| async move { scripts::RELEASE.key(lock).arg(owner).invoke_async::<i64>(&mut c).await }).await;
        }
        minted
    }

    /// Writes `token` as the entry (if it may be shared) and releases `owner`'s lock; whether
    /// the script ran (the lock is then released).
    async fn publish(&self, name: &str, entry: &str, lock: &str, owner: &str, token: &GuestToken, times: &Times<'_>) -> bool {
        let Some((plain, px)) = entry_for(token, times) else { return false };
        let value = self.keys.seal(name, &plain);
        self.run(|mut c| async move {
            scripts::PUBLISH.key(entry).key(lock).arg(value).arg(px).arg(owner).invoke_async::<i64>(&mut c).await
        })
        .await
        .is_some()
    }
}

fn parse_reply(v: Value) -> Option<Reply> {
    let Value::Array(items) = v else { return None };
    let mut items = items.into_iter();
    match items.next()? {
        Value::Int(1) => match (items.next()?, items.next()?) {
            (Value::BulkString(value), Value::Int(pttl)) => Some(Reply::Hit(value, pttl)),
            _ => None,
        },
        Value::Int(2) => Some(Reply::Won),
        Value::Int(3) => Some(Reply::Lost),
        _ => None,
    }
}

/// 20 random bytes in hex: unique across the fleet's lock requests.
fn owner_value() -> String {
    let mut bytes = [0u8; 20];
    aws_lc_rs::rand::fill(&mut bytes).expect("the system random generator is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entry for a fresh token and its TTL in ms (no longer than the token has left, less a
/// safety margin of 5 % of its life up to 30 s); `None` if it must not be shared: it never
/// expires and no `max_age_without_expiry` is set, or it has too little life left.
fn entry_for(token: &GuestToken, times: &Times<'_>) -> Option<(Plain, u64)> {
    let now = (times.now)();
    let (lifetime, expires_at, expires) = match token.expires_at() {
        Some(at) => (at.duration_since(token.issued_at()).ok()?, at, true),
        None => {
            let age = times.max_age_without_expiry?;
            (age, token.issued_at() + age, false)
        }
    };
    let safety = if expires { (lifetime / 20).min(MAX_SAFETY) } else { Duration::ZERO };
    let px = expires_at.duration_since(now).ok()?.checked_sub(safety)?.as_millis() as u64;
    (px > 0).then(|| (Plain { token: token.token().to_owned(), lifetime_ms: lifetime.as_millis() as u64, expires }, px))
}

/// The token an entry holds, its times read from the entry's `PTTL` (Redis's clock).
fn token_from(plain: Plain, pttl_ms: i64, times: &Times<'_>) -> Option<GuestToken> {
    let left = Duration::from_millis(u64::try_from(pttl_ms).ok().filter(|&ms| ms > 0)?);
    let lifetime = Duration::from_millis(plain.lifetime_ms);
    let expires_at = (times.now)() + left;
    let issued_at = expires_at.checked_sub(lifetime)?;
    Some(if plain.expires {
        GuestToken::new(plain.token, issued_at, Some(lifetime), times.refresh_margin)
    } else {
        GuestToken::from_parts(plain.token, issued_at, None, None)
    })
}
