//! The HTTP client every call goes through: reqwest, configured once per client.
//!
//! From reqwest's builder: keep-alive pooling, HTTP/2 by ALPN over TLS, rustls with aws-lc-rs
//! and the platform verifier (the OS trust store), the proxy environment variables
//! (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`), the connect timeout, TCP keep-alive.
//! Set here: no redirects (a 3xx is an answer, never followed), no retries of reqwest's own
//! (every retry is [`super::retry`]'s decision, counted in the error's attempts), at most
//! `max_in_flight` idle sockets kept per host, and the headers every request carries.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};

use crate::error::{Error, Result};

/// What [`client`] needs from the client's settings.
pub(crate) struct HttpSettings {
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    /// Most idle sockets kept per host: as many as requests may be in flight at once.
    pub(crate) max_idle_per_host: usize,
    pub(crate) accept_invalid_certs: bool,
    /// CA certificates trusted beside the platform's roots (`caFile`).
    pub(crate) extra_roots: Vec<reqwest::Certificate>,
}

/// The pooled client (cheap to clone: the pool is shared by every clone).
pub(crate) fn client(settings: HttpSettings) -> Result<reqwest::Client> {
    let user_agent = HeaderValue::from_str(&settings.user_agent)
        .map_err(|_| Error::Configuration("the user agent is not a valid header value".into()))?;
    let mut headers = HeaderMap::with_capacity(2);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .user_agent(user_agent)
        .default_headers(headers)
        .connect_timeout(settings.connect_timeout)
        .pool_idle_timeout(settings.pool_idle_timeout)
        .pool_max_idle_per_host(settings.max_idle_per_host)
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .tls_danger_accept_invalid_certs(settings.accept_invalid_certs)
        // The platform verifier keeps the OS roots and adds these.
        .tls_certs_merge(settings.extra_roots)
        .build()
        .map_err(|e| Error::Configuration(format!("could not set up the HTTP client: {}", root_cause(&e))))
}

/// The innermost cause's text: reqwest's and hyper's own messages hide it ("error sending
/// request", "client error (Connect)"), while a one-line log should say "Connection refused".
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
