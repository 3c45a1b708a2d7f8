//! Client configuration: credentials, base URL, timeouts, retries.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};
use crate::net::retry::RetryPolicy;
use crate::secret::Secret;

/// Databrain's hosted API.
pub const DEFAULT_BASE_URL: &str = "https://api.usedatabrain.com";
/// Per-attempt timeout unless set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Connection-establishment timeout unless set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests one client has on the wire at once unless set; further calls wait their turn.
/// Enough for a busy server, few enough that a burst of calls cannot open thousands of
/// sockets to one host.
pub const DEFAULT_MAX_IN_FLIGHT: u32 = 256;

/// Environment variable holding the data-app API key.
pub const ENV_API_KEY: &str = "DATABRAIN_API_KEY";
/// Environment variable holding the service token.
pub const ENV_SERVICE_TOKEN: &str = "DATABRAIN_SERVICE_TOKEN";
/// Environment variable holding the base URL of a self-hosted Databrain.
pub const ENV_BASE_URL: &str = "DATABRAIN_BASE_URL";

/// Builds a [`crate::Client`]. Every setting has a default except the credentials, and each
/// credential is needed only by the calls it authorises. What is not given is read from
/// `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and `DATABRAIN_BASE_URL` when the client is
/// built (explicit values win; [`ClientBuilder::without_env`] reads none), as Python's
/// `Databrain()` and Node's `new Databrain()` do.
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) api_key: Option<Secret>,
    pub(crate) service_token: Option<Secret>,
    pub(crate) base_url: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) language: String,
    pub(crate) allow_insecure_http: bool,
    pub(crate) danger_accept_invalid_certs: bool,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) max_in_flight: u32,
    /// Whether [`ClientBuilder::build`] fills what was not given from the `DATABRAIN_*`
    /// variables ([`ClientBuilder::without_env`] turns it off).
    pub(crate) read_env: bool,
    /// A PEM bundle whose certificates are trusted beside the system's roots.
    pub(crate) ca_file: Option<std::path::PathBuf>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            service_token: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            language: "rust".to_owned(),
            allow_insecure_http: false,
            danger_accept_invalid_certs: false,
            // Below the usual 60 s idle timeout of load balancers and NATs, so a pooled
            // connection is dropped by us before the network silently drops it.
            pool_idle_timeout: Duration::from_secs(50),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            read_env: true,
            ca_file: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("service_token", &self.service_token.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.retry.max_retries)
            .field("max_in_flight", &self.max_in_flight)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with every default and no credential.
    pub fn new() -> Self {
        Self::default()
    }

    /// The data-app API key: authorises guest tokens (and other embed calls) for one data app.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key));
        self
    }

    /// The organisation-level service token: authorises managing data apps and their keys.
    pub fn service_token(mut self, token: impl Into<String>) -> Self {
        self.service_token = Some(Secret::new(token));
        self
    }

    /// Base URL of a self-hosted Databrain (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time allowed for one attempt, from sending to the last byte of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection (TCP + TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retries after the first attempt (default 2). See the crate docs for what is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Most requests this client has on the wire at once (default [`DEFAULT_MAX_IN_FLIGHT`],
    /// at least 1). A call beyond it waits for a slot, first come first served; the wait
    /// counts against its [`timeout`](Self::timeout), and a call still waiting when that runs
    /// out fails with [`crate::Error::Timeout`] (`queued`, 0 attempts, nothing sent). A retry
    /// gives its slot back while it backs off and queues again behind the calls already
    /// waiting. reqwest's pool keeps at most this many idle sockets per host, so sockets stay
    /// near it: at most 1.25 × the limit + 4 at once, asserted under 10,000 concurrent calls
    /// (a connect the pool started for a request that then took a socket just handed back still
    /// completes; HTTP/2 multiplexes every request over one). The clients
    /// [`crate::Client::with_api_key`] derives share the slots and the pool.
    pub fn max_in_flight(mut self, limit: u32) -> Self {
        self.max_in_flight = limit;
        self
    }

    /// Every retry setting at once, `max_retries` included: call it before
    /// [`ClientBuilder::max_retries`], or set [`RetryPolicy::max_retries`] in it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The front end named in the `User-Agent` (`databrain-sdk/<version> (<language>)`);
    /// the bindings set `python …` / `node …`.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = language.into();
        self
    }

    /// Allows a plain `http://` base URL on a non-loopback host. Credentials then cross the
    /// network unencrypted; meant for a self-hosted Databrain inside a private network.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Turns TLS certificate verification off. Anyone on the path can then read and replace
    /// traffic, credentials included. Never use it in production.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    /// A PEM file of CA certificates trusted beside the system's roots: the corporate CA of a
    /// TLS-inspecting proxy, or a self-hosted Databrain's private CA. Read when the client is
    /// built; a file that cannot be read or holds no certificate is a
    /// [`crate::Error::Configuration`].
    pub fn ca_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }

    /// How long an idle pooled connection is kept (default 50 s, under typical LB idle timeouts).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Reads no environment variable: the client has exactly the credentials and base URL
    /// given here (by default [`ClientBuilder::build`] fills the ones not given from
    /// `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and `DATABRAIN_BASE_URL`).
    pub fn without_env(mut self) -> Self {
        self.read_env = false;
        self
    }

    /// Fills every setting not given explicitly from `DATABRAIN_API_KEY`,
    /// `DATABRAIN_SERVICE_TOKEN` and `DATABRAIN_BASE_URL` (empty variables count as unset),
    /// now rather than at [`ClientBuilder::build`]; a no-op after [`ClientBuilder::without_env`].
    pub fn env_defaults(mut self) -> Self {
        if !self.read_env {
            return self;
        }
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if self.api_key.is_none() {
            self.api_key = var(ENV_API_KEY).map(Secret::new);
        }
        if self.service_token.is_none() {
            self.service_token = var(ENV_SERVICE_TOKEN).map(Secret::new);
        }
        if self.base_url.is_none() {
            self.base_url = var(ENV_BASE_URL);
        }
        self
    }

    /// Checks every setting; the base URL it will use. Called by [`ClientBuilder::build`].
    pub(crate) fn check(&self) -> Result<Url> {
        check_credential("api key", self.api_key.as_ref())?;
        check_credential("service token", self.service_token.as_ref())?;
        let base = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL), self.allow_insecure_http)?;
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::Configuration("timeout and connect_timeout must be greater than zero".into()));
        }
        if self.max_in_flight == 0 {
            return Err(Error::Configuration(format!("maxInFlight {MAX_IN_FLIGHT_ZERO}")));
        }
        Ok(base)
    }

    /// The certificates of [`ClientBuilder::ca_file`] (none without one).
    pub(crate) fn extra_roots(&self) -> Result<Vec<reqwest::Certificate>> {
        let Some(path) = &self.ca_file else { return Ok(Vec::new()) };
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| Error::Configuration(format!("caFile {shown}: cannot read it: {e}")))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| Error::Configuration(format!("caFile {shown}: not a PEM certificate bundle: {e}")))?;
        if certs.is_empty() {
            return Err(Error::Configuration(format!("caFile {shown}: holds no PEM certificate")));
        }
        Ok(certs)
    }
}

/// Why a `max_in_flight` of 0 is refused, worded once for the builder and the options object.
pub(crate) const MAX_IN_FLIGHT_ZERO: &str = "must be at least 1 (0 would never send anything)";

/// Credentials are opaque: no format check, only what cannot go in a header. The message
/// names the credential, never its value.
fn check_credential(what: &str, secret: Option<&Secret>) -> Result<()> {
    let Some(secret) = secret else { return Ok(()) };
    let value = secret.expose();
    if value.is_empty() {
        return Err(Error::Configuration(format!("the {what} is empty")));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::Configuration(format!(
            "the {what} contains a control character (CR, LF, ...), which cannot be sent in a header"
        )));
    }
    if !value.is_ascii() {
        return Err(Error::Configuration(format!("the {what} contains non-ASCII characters, which cannot be sent in a header")));
    }
    Ok(())
}

fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url> {
    // Never quote `raw`: a mistyped URL may still carry a password or a token in its query.
    let bad = |why: &str| Error::Configuration(format!("invalid base URL: {why}"));
    let url = Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Message must not echo the URL: it holds a credential.
        return Err(Error::Configuration("invalid base URL: it must not contain a user name or password".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                "plain http sends credentials unencrypted; use https, a loopback host, or allow_insecure_http",
            ));
        }
        other => return Err(bad(&format!("unsupported scheme {other:?}"))),
    }
    if url.host().is_none() {
        return Err(bad("it has no host"));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(parse_base_url("https://api.usedatabrain.com", false).is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(parse_base_url("http://[::1]:8080", false).is_ok());
        assert!(parse_base_url("http://localhost:1", false).is_ok());
        assert!(parse_base_url("http://databrain.internal", false).is_err());
        assert!(parse_base_url("http://databrain.internal", true).is_ok());
        assert!(parse_base_url("ftp://x", true).is_err());
        assert!(parse_base_url("not a url", false).is_err());
        for leaky in ["https://user:hunter2@host", "https://user:hunter2@host:99999", "https://h/?token=hunter2", "htps://user:hunter2@exa mple.com"] {
            let err = parse_base_url(leaky, false).unwrap_err().to_string();
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn credentials_are_checked_without_echo() {
        let err = check_credential("api key", Some(&Secret::new("abc\r\nX-Evil: 1"))).unwrap_err().to_string();
        assert!(err.contains("control character") && !err.contains("Evil"), "{err}");
        assert!(check_credential("api key", Some(&Secret::new(""))).is_err());
        assert!(check_credential("api key", Some(&Secret::new("dbn_live_anything-goes"))).is_ok());
    }
}
