//! The client: one connection pool, credentials as ready-made headers, the public calls.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::merge::body_bytes;
use crate::models::api_token::ApiTokenRequest;
use crate::models::guest_token::GuestTokenRequest;
use crate::response::{Expect, parse_success};
use crate::retry::{Idempotency, RetryPolicy};

/// Guest-token creation, authorised by the data-app API key.
pub const GUEST_TOKEN_PATH: &str = "/api/v2/guest-token/create";
/// Data-app API-key creation, authorised by the service token.
pub const API_TOKENS_PATH: &str = "/api/v2/data-app/api-tokens";
/// "Deprecated soon" per Databrain's docs; kept for older self-hosted installs.
pub const LEGACY_API_TOKENS_PATH: &str = "/api/v2/dataApp/api-tokens";

/// A Databrain API client. Cheap to clone (the pool and settings are shared); build one per
/// process and reuse it.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) api_key: Option<HeaderValue>,
    pub(crate) service_token: Option<HeaderValue>,
    pub(crate) guest_token_url: Url,
    pub(crate) api_tokens_url: Url,
    pub(crate) legacy_api_tokens_url: Url,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry: RetryPolicy,
}

/// Which credential a call is authorised by.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Credential {
    ApiKey,
    ServiceToken,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("api_key", &i.api_key.as_ref().map(|_| "<set>"))
            .field("service_token", &i.service_token.as_ref().map(|_| "<set>"))
            .field("timeout", &i.timeout)
            .field("max_retries", &i.max_retries)
            .finish()
    }
}

fn bearer(secret: Option<&crate::secret::Secret>) -> Result<Option<HeaderValue>> {
    secret
        .map(|s| {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", s.expose()))
                .map_err(|_| Error::Configuration("a credential cannot be sent in a header".into()))?;
            // Keeps the value out of hyper's Debug output and HPACK tables.
            value.set_sensitive(true);
            Ok(value)
        })
        .transpose()
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured only from `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and
    /// `DATABRAIN_BASE_URL`.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::new().env_defaults().build()
    }

    pub(crate) fn from_builder(b: ClientBuilder, base: Url) -> Result<Client> {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = format!("databrain-sdk/{} ({})", env!("CARGO_PKG_VERSION"), b.language);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(user_agent)
            .timeout(b.timeout)
            .connect_timeout(b.connect_timeout)
            .pool_idle_timeout(b.pool_idle_timeout)
            .tls_danger_accept_invalid_certs(b.danger_accept_invalid_certs)
            // Redirects would re-send the Authorization header to wherever they point.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Configuration(format!("could not build the HTTP client: {e}")))?;
        let base_url = base.as_str().trim_end_matches('/').to_owned();
        let endpoint = |path: &str| {
            Url::parse(&format!("{base_url}{path}")).map_err(|e| Error::Configuration(format!("invalid base URL: {e}")))
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_key: bearer(b.api_key.as_ref())?,
                service_token: bearer(b.service_token.as_ref())?,
                guest_token_url: endpoint(GUEST_TOKEN_PATH)?,
                api_tokens_url: endpoint(API_TOKENS_PATH)?,
                legacy_api_tokens_url: endpoint(LEGACY_API_TOKENS_PATH)?,
                base_url,
                timeout: b.timeout,
                max_retries: b.max_retries,
                retry: b.retry,
            }),
        })
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

    /// Mints a guest token for one end user (`POST /api/v2/guest-token/create`, authorised by
    /// the data-app API key). The request is validated first; 429s, 5xx answers, timeouts and
    /// broken connections are retried, since a second guest token is harmless.
    pub async fn create_guest_token(&self, request: &GuestTokenRequest) -> Result<String> {
        request.validate()?;
        let body = body_bytes(request, request.extra_body.as_ref());
        let answer = self
            .send(&self.inner.guest_token_url, Credential::ApiKey, Idempotency::Safe, body)
            .await?;
        parse_success(&answer, Expect::GuestToken)
    }

    /// Creates a data-app API key (`POST /api/v2/data-app/api-tokens`, authorised by the
    /// service token) and returns it; Databrain shows it only once. Never re-sent once it may
    /// have reached Databrain: only 429s and failed connects are retried.
    pub async fn create_api_token(&self, request: &ApiTokenRequest) -> Result<String> {
        request.validate()?;
        let body = body_bytes(request, request.extra_body.as_ref());
        let url = if request.legacy_endpoint { &self.inner.legacy_api_tokens_url } else { &self.inner.api_tokens_url };
        let answer = self.send(url, Credential::ServiceToken, Idempotency::NotSafe, body).await?;
        parse_success(&answer, Expect::ApiKey)
    }
}
