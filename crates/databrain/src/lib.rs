//! # databrain
//!
//! A client for Databrain's embedded-analytics API: mint **guest tokens** for your end users
//! and manage **data-app API tokens**. The same core powers the `databrain` Python and Node
//! packages, so all three behave identically on the wire and in errors.
//!
//! ```no_run
//! use databrain::{AppFilter, Client, GuestTokenRequest, Permissions};
//!
//! # async fn run() -> Result<(), databrain::Error> {
//! // DATABRAIN_API_KEY / DATABRAIN_SERVICE_TOKEN / DATABRAIN_BASE_URL, or the builder:
//! let client = Client::builder().api_key("your-data-app-api-key").build()?;
//! let request = GuestTokenRequest::new("user-456", "sales-dashboard")
//!     .app_filter(AppFilter::new("metric-1").value("country", "USA"))
//!     .permissions(Permissions { is_show_side_bar: Some(false), ..Default::default() })
//!     .expiry(std::time::Duration::from_secs(3600));
//! let token = client.create_guest_token(&request).await?;
//! # let _ = token; Ok(()) }
//! ```
//!
//! ## Guarantees
//! - **Validation first.** A request is checked before anything is sent; a
//!   [`Error::Validation`] lists every problem with its wire path
//!   (`params.appFilters[0].metricId`).
//! - **Retries that cannot duplicate keys.** 429 is always retried (honouring `Retry-After`,
//!   seconds or HTTP date, up to [`RetryPolicy::max_retry_after`]), with exponential backoff
//!   and full jitter otherwise. Guest tokens are also retried on 5xx, timeouts and broken
//!   connections; API-key creation only when the connection was never made.
//! - **No secret is ever printed**: `Debug` of the client, builder and errors shows whether a
//!   credential is set, never its value; the `Authorization` header is marked sensitive.
//! - rustls only (no OpenSSL); plain `http://` is refused except for loopback hosts unless
//!   [`ClientBuilder::allow_insecure_http`] is set.
//!
//! ## Start-up cost of the crypto provider
//! rustls runs on aws-lc, which by default seeds its random generator from CPU-jitter entropy
//! once per process: ~60 ms of CPU on the first TLS handshake (and on the first
//! [`GuestTokenCache`], whose credential hash needs a random key). The Python wheel and the Node
//! addon are built with `AWS_LC_SYS_NO_JITTER_ENTROPY=1` (this repository's
//! `.cargo/config.toml`), which seeds from the OS instead (`getrandom`, as OpenSSL and ring do).
//! A Rust service that wants the same sets that variable when it builds.

#![warn(missing_docs)]

mod cache;
mod client;
mod config;
mod endpoint;
mod error;
mod logs;
pub mod management;
mod net;
mod options;
mod request;
mod secret;
mod serve;
pub mod telemetry;
mod token;
mod units;

pub use request::models;

/// The one abstraction over a loose input value every front end hands the core
/// ([`Input`](input::Input)), and reading one as JSON.
pub mod input {
    pub use crate::request::input::*;
    pub use crate::request::parse::to_json_value as to_json;
}

pub use cache::{
    CACHE_OPTION_KEYS, CacheOptions, CacheStats, Clock, DEFAULT_MAX_ENTRIES, DEFAULT_SHARED_CACHE_OP_TIMEOUT, ENV_CACHE_URL,
    GuestTokenCache, Lookup, SHARED_CACHE_SCHEMES,
    ManualClock, REFRESH_BACKOFF_BASE, REFRESH_BACKOFF_MAX, SystemClock,
};
pub use client::Client;
pub use units::{SHORT_EXPIRY_MS, expiry_time_warning};
pub use logs::{ENV_LOG, LOG_LEVELS, console_method, is_sdk_record, log_level_from_env, log_line, parse_log_level};
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_BASE_URL,
    ENV_SERVICE_TOKEN,
};
pub use endpoint::{
    API_TOKEN_CREATE, API_TOKENS_PATH, Credential, Endpoint, GUEST_TOKEN_CREATE, GUEST_TOKEN_PATH, LEGACY_API_TOKENS_PATH,
    Method,
};
pub use error::{Cause, DOCUMENTED_CODES, Error, ErrorKind, ErrorRecord, FieldError, Result, StepFailure};
pub use request::input::{Input, KeyText, Shape, Unrepresentable};
pub use management::provision::{Outcome, ProvisionedTenant, TenantSpec};
pub use management::rotation::{KeyRotation, RotatedKey};
pub use management::{ENDPOINTS, CallOptions, ListOptions, Operation, PAGE_SIZE, Paginator, PreparedCall, Request};
pub use models::api_token::ApiTokenRequest;
pub use models::filters::{AppFilter, DashboardAppFilter, FilterList, FilterValue, FilterValues, RlsSetting};
pub use models::guest_token::{GuestTokenParams, GuestTokenRequest};
pub use models::permissions::{PERMISSION_KEYS, Permissions};
pub use options::OPTION_KEYS;
pub use request::parse::{MAX_DEPTH, MAX_VALUES, snake_to_camel};
pub use request::path::{MAX_PATH_CHARS, MAX_PROBLEMS};
pub use net::retry::{DEFAULT_MAX_RETRIES, Idempotency, RetryPolicy};
pub use serve::{
    DEFAULT_MINT_RETRY_AFTER, MAX_REPLY_CODE_CHARS, MINT_ENDPOINT_ERROR_CODE, MintLog, MintLogLevel, MintReply, NO_SESSION_CODE,
};
pub use token::{DEFAULT_REFRESH_MARGIN, GuestToken, SHOWN_TOKEN_CHARS, iso8601};
pub use request::valid::{Checked, Valid};
pub use request::validate::{DATA_APP_NAME_RULE, MAX_EXPIRY_MS, MAX_ID_CHARS, MAX_NAME_CHARS};

/// Entry points for property tests and fuzzers; not part of the stable API.
#[doc(hidden)]
pub mod fuzzing {
    use crate::net::response::{Expect, error_from_answer, parse_success};
    use crate::net::answer::Answer;

    /// The body `Client::create_guest_token` sends for a validated `request`.
    pub fn guest_token_body(request: &crate::GuestTokenRequest) -> Vec<u8> {
        crate::request::merge::guest_token_body(request)
    }

    /// The guest-token cache's key for `request` (credential as its keyed hash).
    pub fn guest_token_cache_key(
        base_url: &str,
        credential: Option<&[u8]>,
        request: &crate::GuestTokenRequest,
    ) -> Vec<u8> {
        crate::cache::fuzzing_key(base_url, credential, request)
    }

    /// Reads an answer the way a call does: the token for a 2xx, the typed error otherwise.
    pub fn read_answer(status: u16, body: &[u8], retry_after: Option<std::time::Duration>) -> crate::Result<String> {
        let answer = Answer {
            status,
            body: body.to_vec(),
            truncated: false,
            request_id: "fuzz".into(),
            retry_after,
            content_type: None,
            attempts: 1,
            version: "1.1",
        };
        if (200..300).contains(&status) { parse_success(&answer, Expect::GuestToken) } else { Err(error_from_answer(&answer)) }
    }
}
