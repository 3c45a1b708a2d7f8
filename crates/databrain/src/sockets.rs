//! The socket bound: a connector that takes a permit before it dials and keeps it inside the
//! connection, so a client never has more sockets open than permits (`max_in_flight`).
//!
//! Why here and not around the request: hyper's pool races a checkout against a new connect,
//! and a connect the checkout beat goes on in the background and parks one more idle socket.
//! A permit per request bounds requests, not sockets; a permit per socket bounds sockets.
//!
//! Why it cannot stall: the request that dials holds one of `max_in_flight` request slots
//! ([`crate::transport`]), so when every socket permit is taken, at most `max_in_flight - 1`
//! sockets carry other requests and at least one is idle in the pool or about to return to it,
//! and hyper's checkout (raced against this connect) takes it. A socket gives its permit back
//! the moment hyper drops it: the server closed it, the pool's idle timeout expired, the pool
//! was full, or its request was cancelled.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_service::Service;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Wraps a connector: every connection it makes holds one of `permits` for as long as it lives.
#[derive(Clone)]
pub(crate) struct Bounded<C> {
    inner: C,
    permits: Arc<Semaphore>,
    connect_timeout: Duration,
}

impl<C> Bounded<C> {
    /// `connect_timeout` bounds the dial (TCP, proxy tunnel, TLS) and, separately, the wait
    /// for a permit, so a connect the checkout made useless gives up instead of dialing later.
    pub(crate) fn new(inner: C, permits: Arc<Semaphore>, connect_timeout: Duration) -> Self {
        Bounded { inner, permits, connect_timeout }
    }
}

/// The connect did not finish within the connect timeout (also for the wait for a socket).
#[derive(Debug)]
pub(crate) struct ConnectTimedOut {
    /// No socket was free: the client already has `max_in_flight` sockets open.
    pub(crate) waiting_for_socket: bool,
}

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.waiting_for_socket {
            f.write_str("connect timed out waiting for a free socket (max_in_flight sockets open)")
        } else {
            f.write_str("connect timed out")
        }
    }
}

impl StdError for ConnectTimedOut {}

impl<C> Service<Uri> for Bounded<C>
where
    C: Service<Uri> + Clone + Send + 'static,
    C::Future: Send,
    C::Error: Into<BoxError>,
{
    type Response = Socket<C::Response>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let permits = self.permits.clone();
        let timeout = self.connect_timeout;
        // The inner connector was readied by `poll_ready`; the clone left behind takes its place.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        Box::pin(async move {
            let permit = match permits.clone().try_acquire_owned() {
                Ok(permit) => permit,
                Err(_) => tokio::time::timeout(timeout, permits.acquire_owned())
                    .await
                    .map_err(|_| ConnectTimedOut { waiting_for_socket: true })?
                    // The semaphore is never closed.
                    .map_err(|_| ConnectTimedOut { waiting_for_socket: true })?,
            };
            let io = tokio::time::timeout(timeout, inner.call(dst))
                .await
                .map_err(|_| ConnectTimedOut { waiting_for_socket: false })?
                .map_err(Into::into)?;
            Ok(Socket { io, _permit: permit })
        })
    }
}

/// A connection and the permit it holds; dropping it (hyper does, when the socket is done)
/// frees the permit.
pub(crate) struct Socket<T> {
    io: T,
    _permit: OwnedSemaphorePermit,
}

impl<T: Connection> Connection for Socket<T> {
    fn connected(&self) -> Connected {
        self.io.connected()
    }
}

impl<T: Read + Unpin> Read for Socket<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for Socket<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}
