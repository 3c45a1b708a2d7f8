//! How a connection reaches the host: directly, through an HTTP proxy (plain HTTP, the
//! request in absolute form), or tunnelled through one with CONNECT (HTTPS), from the
//! `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY` variables reqwest honours by default
//! (hyper-util's matcher, the one reqwest itself uses).

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{HeaderMap, HeaderValue, USER_AGENT};
use http::{Uri, uri::Scheme};
use hyper::rt::{Read, Write};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use rustls::ClientConfig;
use tower_service::Service;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Any connection the routes make.
pub(crate) trait Io: Read + Write + Connection + Unpin + Send {}
impl<T: Read + Write + Connection + Unpin + Send> Io for T {}

/// A boxed connection; `forwarded` marks one to a plain-HTTP proxy, so hyper sends the
/// request line in absolute form.
pub(crate) struct Conn {
    io: Box<dyn Io>,
    forwarded: bool,
}

/// The connector: direct or by proxy, TLS where the scheme says so.
#[derive(Clone)]
pub(crate) struct Route {
    http: HttpConnector,
    /// TLS to the Databrain host (ALPN h2 and http/1.1).
    tls: Arc<ClientConfig>,
    /// TLS to an `https://` proxy itself (http/1.1 only: CONNECT is an HTTP/1 request).
    proxy_tls: Arc<ClientConfig>,
    proxies: Arc<Matcher>,
    user_agent: HeaderValue,
}

impl Route {
    pub(crate) fn new(http: HttpConnector, tls: ClientConfig, proxy_tls: ClientConfig, user_agent: HeaderValue) -> Self {
        Route {
            http,
            tls: Arc::new(tls),
            proxy_tls: Arc::new(proxy_tls),
            proxies: Arc::new(Matcher::from_env()),
            user_agent,
        }
    }

    /// The `Proxy-Authorization` a plain-HTTP request to `url` carries: the proxy's
    /// credentials when a proxy with user info forwards it (a tunnel sends them in CONNECT).
    pub(crate) fn forward_proxy_authorization(&self, url: &Uri) -> Option<HeaderValue> {
        if url.scheme() != Some(&Scheme::HTTP) {
            return None;
        }
        self.proxies.intercept(url).and_then(|proxy| proxy.basic_auth().cloned())
    }

    fn direct(&self) -> HttpsConnector<HttpConnector> {
        HttpsConnector::from((self.http.clone(), self.tls.clone()))
    }

    fn to_proxy(&self) -> HttpsConnector<HttpConnector> {
        HttpsConnector::from((self.http.clone(), self.proxy_tls.clone()))
    }
}

impl Service<Uri> for Route {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Every connector below is always ready (hyper-util's HttpConnector is).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let Some(proxy) = this.proxies.intercept(&dst) else {
                let io = this.direct().call(dst).await?;
                return Ok(Conn { io: Box::new(io), forwarded: false });
            };
            let proxy_uri = proxy.uri().clone();
            log::debug!("databrain: connecting to {:?} through a proxy", dst.host());
            if dst.scheme() == Some(&Scheme::HTTPS) {
                let mut tunnel = Tunnel::new(proxy_uri, this.to_proxy());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let mut headers = HeaderMap::new();
                headers.insert(USER_AGENT, this.user_agent.clone());
                tunnel = tunnel.with_headers(headers);
                // TLS to the Databrain host inside the tunnel, its name taken from `dst`.
                let io = HttpsConnector::from((tunnel, this.tls.clone())).call(dst).await?;
                Ok(Conn { io: Box::new(io), forwarded: false })
            } else {
                let io = this.to_proxy().call(proxy_uri).await?;
                Ok(Conn { io: Box::new(io), forwarded: true })
            }
        })
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarded)
    }
}

impl Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.io).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write_vectored(cx, bufs)
    }
}
