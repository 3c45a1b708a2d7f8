//! The client: one connection pool, credentials as ready-made headers, the public calls.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::net::answer::Answer;
use crate::config::ClientBuilder;
use crate::endpoint::{API_TOKEN_CREATE, Credential, Endpoint, Front, GUEST_TOKEN_CREATE};
use crate::error::{Error, Result};
use crate::net::http::{self, HttpSettings};
use crate::request::merge::{body_bytes, guest_token_body};
use crate::request::models::api_token::ApiTokenRequest;
use crate::request::models::guest_token::GuestTokenRequest;
use crate::net::response::{Expect, parse_success};
use crate::secret::Secret;
use crate::net::transport::{Outgoing, Transport};
use crate::telemetry;
use crate::token::{GuestToken, Prechecked};
use tracing::Instrument;
use crate::request::valid::Checked;

/// A Databrain API client. Cheap to clone (the pool and settings are shared); build one per
/// process and reuse it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    /// No trailing slash; every path is appended to it.
    base_url: String,
    /// Each path's URL on `base_url`, parsed the first time a call uses it (shared with the
    /// clients `with_api_key` derives, whose base URL is the same).
    urls: Arc<Mutex<HashMap<&'static str, Url>>>,
    api_key: Option<HeaderValue>,
    service_token: Option<HeaderValue>,
    max_in_flight: u32,
    /// Who built the client and whether the `DATABRAIN_*` variables were read: what a
    /// missing-credential message tells the caller to do.
    front: Front,
    reads_env: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("api_key", &i.api_key.as_ref().map(|_| "<set>"))
            .field("service_token", &i.service_token.as_ref().map(|_| "<set>"))
            .field("timeout", &i.transport.timeout)
            .field("max_retries", &i.transport.retry.max_retries)
            .field("max_in_flight", &self.max_in_flight())
            .finish()
    }
}

fn bearer(secret: Option<&Secret>) -> Result<Option<HeaderValue>> {
    secret
        .map(|s| {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", s.expose()))
                .map_err(|_| Error::Configuration("a credential cannot be sent in a header".into()))?;
            // Keeps the value out of reqwest's Debug output and HPACK tables.
            value.set_sensitive(true);
            Ok(value)
        })
        .transpose()
}

impl ClientBuilder {
    /// Checks the settings and builds the client (one connection pool, reused by every call).
    pub fn build(mut self) -> Result<Client> {
        // What was not given comes from the environment (unless `without_env`).
        self = self.env_defaults();
        let base = self.check()?;
        let http = http::client(HttpSettings {
            user_agent: format!("databrain-sdk/{} ({})", env!("CARGO_PKG_VERSION"), self.language),
            connect_timeout: self.connect_timeout,
            pool_idle_timeout: self.pool_idle_timeout,
            // No more idle sockets than requests may be in flight at once.
            max_idle_per_host: self.max_in_flight as usize,
            accept_invalid_certs: self.danger_accept_invalid_certs,
            extra_roots: self.extra_roots()?,
        })?;
        let base_url = base.as_str().trim_end_matches('/').to_owned();
        Ok(Client {
            inner: Arc::new(Inner {
                transport: Transport {
                    http,
                    timeout: self.timeout,
                    retry: self.retry,
                    slots: Arc::new(tokio::sync::Semaphore::new(self.max_in_flight as usize)),
                },
                api_key: bearer(self.api_key.as_ref())?,
                service_token: bearer(self.service_token.as_ref())?,
                base_url,
                urls: Arc::default(),
                max_in_flight: self.max_in_flight,
                front: Front::of(&self.language),
                reads_env: self.read_env,
            }),
        })
    }
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured only from `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and
    /// `DATABRAIN_BASE_URL` (the same as `Client::builder().build()`).
    pub fn from_env() -> Result<Client> {
        ClientBuilder::new().build()
    }

    /// The same client (connection pool, base URL, timeouts, retries, service token)
    /// authorised by another data-app API key: a tenant's new key from
    /// [`Client::provision_tenant`], or the key [`Client::rotate_api_key`] returned.
    pub fn with_api_key(&self, api_key: &str) -> Result<Client> {
        if api_key.is_empty() {
            return Err(Error::Configuration("api_key must not be empty".into()));
        }
        let header = bearer(Some(&Secret::new(api_key)))?;
        Ok(self.derive(header, self.inner.service_token.clone()))
    }

    /// The same client (connection pool, base URL, timeouts, retries, data-app API key)
    /// authorised by another service token.
    pub fn with_service_token(&self, service_token: &str) -> Result<Client> {
        if service_token.is_empty() {
            return Err(Error::Configuration("service_token must not be empty".into()));
        }
        let header = bearer(Some(&Secret::new(service_token)))?;
        Ok(self.derive(self.inner.api_key.clone(), header))
    }

    /// A client sharing this one's pool, slots and settings, with these credentials.
    fn derive(&self, api_key: Option<HeaderValue>, service_token: Option<HeaderValue>) -> Client {
        let i = &self.inner;
        Client {
            inner: Arc::new(Inner {
                transport: i.transport.clone(),
                base_url: i.base_url.clone(),
                urls: i.urls.clone(),
                api_key,
                service_token,
                max_in_flight: i.max_in_flight,
                front: i.front,
                reads_env: i.reads_env,
            }),
        }
    }

    /// The base URL every path is appended to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether a data-app API key is configured (never its value).
    pub fn has_api_key(&self) -> bool {
        self.inner.api_key.is_some()
    }

    /// Whether a service token is configured (never its value).
    pub fn has_service_token(&self) -> bool {
        self.inner.service_token.is_some()
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.transport.timeout
    }

    /// Most requests on the wire at once ([`ClientBuilder::max_in_flight`]).
    pub fn max_in_flight(&self) -> u32 {
        self.inner.max_in_flight
    }

    /// Mints a guest token for one end user (`POST /api/v2/guest-token/create`, authorised by
    /// the data-app API key). Takes a [`crate::Valid`] request as is, or checks a plain one
    /// first; 429s, 5xx answers, timeouts and broken connections are retried, since a second
    /// guest token is harmless.
    pub async fn create_guest_token(&self, request: &impl Checked<GuestTokenRequest>) -> Result<String> {
        let request = request.checked()?;
        if let Some(warning) = crate::units::warning(request, self.inner.front) {
            log::warn!("{warning}");
        }
        let body = guest_token_body(request);
        let answer = self.call(&GUEST_TOKEN_CREATE, false, Some(body)).await?;
        read(&answer, Expect::GuestToken)
    }

    /// Mints a guest token like [`Client::create_guest_token`] and returns it with its times:
    /// issued when the request was sent, expiring `expiryTime` later (never, without one),
    /// due for a refresh at 80 % of its lifetime ([`crate::DEFAULT_REFRESH_MARGIN`]).
    pub async fn mint_guest_token(&self, request: &impl Checked<GuestTokenRequest>) -> Result<GuestToken> {
        let request = request.checked()?;
        let issued_at = std::time::SystemTime::now();
        let token = self.create_guest_token(&Prechecked(request)).await?;
        Ok(GuestToken::for_request(token, issued_at, request, crate::token::DEFAULT_REFRESH_MARGIN))
    }

    /// The guest-token credential's header bytes, for the cache's keyed hash (never stored).
    pub(crate) fn guest_token_credential(&self) -> Option<&[u8]> {
        self.inner.api_key.as_ref().map(HeaderValue::as_bytes)
    }

    /// Creates a data-app API key (`POST /api/v2/data-app/api-tokens`, authorised by the
    /// service token) and returns it; Databrain shows it only once. Never re-sent once it may
    /// have reached Databrain: only 429s and failed connects are retried.
    pub async fn create_api_token(&self, request: &impl Checked<ApiTokenRequest>) -> Result<String> {
        let request = request.checked()?;
        let body = body_bytes(request, request.extra_body.as_ref());
        let answer = self.call(&API_TOKEN_CREATE, request.legacy_endpoint, Some(body)).await?;
        read(&answer, Expect::ApiKey)
    }

    /// Sends one call of the endpoint table with its credential and retry rule.
    async fn call(&self, endpoint: &Endpoint, legacy: bool, body: Option<Vec<u8>>) -> Result<Answer> {
        let path = match endpoint.legacy_path {
            Some(legacy_path) if legacy => legacy_path,
            _ => endpoint.path,
        };
        let wire = Wire { operation: endpoint.name, method: endpoint.method, path, credential: endpoint.credential, query: Vec::new(), body };
        self.send_wire(wire, endpoint.idempotency).await
    }

    /// Sends one request of a row whose method, path and credential the caller resolved
    /// (legacy form, credential override), with its query string.
    pub(crate) async fn send_wire(&self, wire: Wire, idempotency: crate::net::retry::Idempotency) -> Result<Answer> {
        let auth = self.credential_header(wire.credential)?;
        let mut url = self.url(wire.path)?;
        if !wire.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&wire.query);
        }
        let out = Outgoing {
            method: wire.method,
            url: &url,
            auth,
            idempotency,
            body: wire.body.map(bytes::Bytes::from),
            operation: wire.operation,
            template: wire.path,
        };
        let span = telemetry::call_span(&out);
        let result = self.inner.transport.send(out).instrument(span.clone()).await;
        telemetry::end_call_span(&span, &result);
        result
    }

    /// The URL of `path` on this client's base URL: parsed once per client, then cloned.
    fn url(&self, path: &'static str) -> Result<Url> {
        let mut urls = self.inner.urls.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(url) = urls.get(path) {
            return Ok(url.clone());
        }
        let url = Url::parse(&format!("{}{path}", self.inner.base_url))
            .map_err(|e| Error::Configuration(format!("invalid request URL: {e}")))?;
        urls.insert(path, url.clone());
        Ok(url)
    }

    fn credential_header(&self, credential: Credential) -> Result<&HeaderValue> {
        let header = match credential {
            Credential::ApiKey => self.inner.api_key.as_ref(),
            Credential::ServiceToken => self.inner.service_token.as_ref(),
        };
        header.ok_or_else(|| Error::Configuration(self.missing_credential(credential)))
    }

    /// The message for a call whose credential this client lacks, worded for the
    /// constructor that built it.
    pub(crate) fn missing_credential(&self, credential: Credential) -> String {
        credential.missing_message(self.inner.front, self.inner.reads_env)
    }
}

/// One request as a row resolves it: what [`Client::send_wire`] sends.
pub(crate) struct Wire {
    /// The call table's name for the call (telemetry's operation id).
    pub(crate) operation: &'static str,
    pub(crate) method: crate::endpoint::Method,
    pub(crate) path: &'static str,
    pub(crate) credential: Credential,
    /// Query pairs, appended to the path's URL in order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

/// The answer's token, or a decode error that says which request and attempt it was.
fn read(answer: &Answer, expect: Expect) -> Result<String> {
    parse_success(answer, expect).map_err(|e| e.after(answer.attempts, &answer.request_id))
}
