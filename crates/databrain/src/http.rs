//! The HTTP client every call goes through: hyper-util's pooled client over our connector
//! (route → socket bound), set up as reqwest 0.13 sets itself up by default, so switching to
//! it changed nothing callers see. reqwest could not be kept: its connector layer must return
//! its own opaque connection type, which cannot carry a socket permit ([`crate::sockets`]).
//!
//! What it keeps from reqwest: keep-alive HTTP/1, HTTP/2 by ALPN over TLS, rustls with the
//! platform verifier, TCP_NODELAY and TCP keep-alive (15 s, 15 s, 3 probes), a connect timeout
//! over the whole dial (TCP, proxy, TLS), the pool's idle timeout and idle cap, the proxy
//! environment variables, no redirects (hyper never follows one), and the default headers.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION, USER_AGENT};
use http::{Request, Response, Uri};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::client::legacy::{self, connect::HttpConnector};
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::sync::Semaphore;

use crate::error::Result;
use crate::route::Route;
use crate::sockets::Bounded;

/// reqwest's defaults for TCP keep-alive probes.
const TCP_KEEPALIVE: Duration = Duration::from_secs(15);
const TCP_KEEPALIVE_RETRIES: u32 = 3;

/// What [`Http::new`] needs from the client's settings.
pub(crate) struct HttpSettings {
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    /// Most sockets open at once, and most idle ones kept.
    pub(crate) max_sockets: usize,
    pub(crate) accept_invalid_certs: bool,
}

/// The pooled client and the headers every request carries. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub(crate) struct Http {
    client: legacy::Client<Bounded<Route>, Full<Bytes>>,
    route: Route,
    /// content-type, accept, user-agent.
    defaults: HeaderMap,
}

/// What [`Http::request`] sends.
pub(crate) struct Send<'a> {
    pub(crate) method: http::Method,
    pub(crate) uri: Uri,
    pub(crate) auth: &'a HeaderValue,
    pub(crate) request_id: &'a str,
    pub(crate) body: Option<Bytes>,
}

impl Http {
    pub(crate) fn new(settings: HttpSettings) -> Result<Http> {
        let user_agent = HeaderValue::from_str(&settings.user_agent)
            .map_err(|_| crate::Error::Configuration("the user agent is not a valid header value".into()))?;
        let mut tcp = HttpConnector::new();
        // TLS URLs go through this connector too; hyper-rustls does the handshake on top.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(settings.connect_timeout));
        tcp.set_keepalive(Some(TCP_KEEPALIVE));
        tcp.set_keepalive_interval(Some(TCP_KEEPALIVE));
        tcp.set_keepalive_retries(Some(TCP_KEEPALIVE_RETRIES));
        let tls = crate::tls::client_config(settings.accept_invalid_certs, &[b"h2", b"http/1.1"])?;
        let proxy_tls = crate::tls::client_config(settings.accept_invalid_certs, &[b"http/1.1"])?;
        let route = Route::new(tcp, tls, proxy_tls, user_agent.clone());
        let sockets = Arc::new(Semaphore::new(settings.max_sockets));
        let connector = Bounded::new(route.clone(), sockets, settings.connect_timeout);
        let client = legacy::Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(settings.pool_idle_timeout)
            // No more idle sockets than may be used at once.
            .pool_max_idle_per_host(settings.max_sockets)
            .build(connector);
        let mut defaults = HeaderMap::with_capacity(3);
        defaults.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        defaults.insert(ACCEPT, HeaderValue::from_static("application/json"));
        defaults.insert(USER_AGENT, user_agent);
        Ok(Http { client, route, defaults })
    }

    /// Sends one request and returns the answer's head, its body still to be read.
    pub(crate) async fn request(&self, send: Send<'_>) -> Result<Response<Incoming>, legacy::Error> {
        let mut headers = self.defaults.clone();
        headers.insert(AUTHORIZATION, send.auth.clone());
        if let Ok(id) = HeaderValue::from_str(send.request_id) {
            headers.insert(HeaderName::from_static("x-request-id"), id);
        }
        if let Some(mut auth) = self.route.forward_proxy_authorization(&send.uri) {
            auth.set_sensitive(true);
            headers.insert(PROXY_AUTHORIZATION, auth);
        }
        let body = Full::new(send.body.unwrap_or_default());
        let mut request = Request::new(body);
        *request.method_mut() = send.method;
        *request.uri_mut() = send.uri;
        *request.headers_mut() = headers;
        self.client.request(request).await
    }
}
