//! The HTTP server: hyper 1 with one `service_fn`, plus the [`MockServer`] handle.
//!
//! hyper is used directly (not axum) because it is cheaper per request and because a service
//! that returns `Err` makes hyper abandon the connection without writing a response, which is
//! exactly the `Drop` fault.

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, RETRY_AFTER};
use hyper::service::service_fn;
use hyper::{Request, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::accepted_connection::Connection;
use crate::admin;
use crate::call::Call;
use crate::connections::ConnectionStats;
use crate::faults::{Action, Fault};
use crate::handlers;
use crate::http::{self, Resp};
use crate::record::RecordedRequest;
use crate::seed::{Seed, SeedError};
use crate::state::{GuestTokenStatus, IssuedGuestToken, Shared};

/// Largest request body read; bigger ones get 413 (and are not recorded).
pub const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A running mock Databrain API on `127.0.0.1`. Dropping it stops the server and closes its
/// connections. Cheap accessors read the live state; none of them block on the network.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    /// Set by [`MockServer::start_in_background`]: the thread owning the server's runtime.
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Returned by the service to make hyper drop the connection without a response.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by the mock (fault injection or unreadable request)")]
struct Dropped;

fn invalid_seed(e: SeedError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, e)
}

impl MockServer {
    /// Starts with the default seed on an ephemeral port of 127.0.0.1, on the *current* tokio
    /// runtime (panics outside one, like `tokio::spawn`).
    pub async fn start() -> io::Result<MockServer> {
        MockServer::start_with(Seed::default(), 0).await
    }

    /// Starts with `seed` on 127.0.0.1:`port` (0 = ephemeral) on the current tokio runtime.
    /// Fails with `InvalidInput` if the seed is inconsistent (see [`Seed::validate`]).
    pub async fn start_with(seed: Seed, port: u16) -> io::Result<MockServer> {
        seed.validate().map_err(invalid_seed)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(seed));
        let (tx, rx) = oneshot::channel();
        tokio::spawn(accept_loop(listener, shared.clone(), rx));
        Ok(MockServer {
            addr,
            shared,
            shutdown: Some(tx),
            thread: None,
        })
    }

    /// Starts on a dedicated thread with its own multi-threaded tokio runtime, for synchronous
    /// callers (the CLI, the Python and Node bindings, plain `#[test]`s). Port 0 = ephemeral.
    /// The port is bound before this returns, so [`url`](Self::url) is usable at once.
    pub fn start_in_background(seed: Seed, port: u16) -> io::Result<MockServer> {
        seed.validate().map_err(invalid_seed)?;
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("databrain-mock-worker")
            .enable_all()
            .build()?;
        let shared = Arc::new(Shared::new(seed));
        let (tx, rx) = oneshot::channel();
        let task_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("databrain-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => accept_loop(listener, task_shared, rx).await,
                        Err(e) => eprintln!("databrain-mock: cannot serve on {addr}: {e}"),
                    }
                });
                // Dropping the runtime here cancels any connection task still alive.
            })?;
        Ok(MockServer {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The seed this server started from (and returns to on [`reset`](Self::reset)).
    pub fn seed(&self) -> &Seed {
        self.shared.seed()
    }

    /// First API key of the seed's first data app (empty if the seed has none).
    pub fn api_key(&self) -> String {
        let seed = self.shared.seed();
        seed.data_apps
            .first()
            .and_then(|a| a.api_keys.first())
            .cloned()
            .unwrap_or_default()
    }

    /// First service token of the seed (empty if the seed has none).
    pub fn service_token(&self) -> String {
        self.shared
            .seed()
            .service_tokens
            .first()
            .cloned()
            .unwrap_or_default()
    }

    /// Recorded API requests in arrival order: the most recent
    /// [`RECORDED_REQUESTS_CAPACITY`](crate::RECORDED_REQUESTS_CAPACITY) of them.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests()
    }

    /// Forgets recorded requests and per-path counts.
    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }

    /// Exact number of API requests received on `path` (query excluded), faulted ones included,
    /// since the start or the last [`clear_requests`](Self::clear_requests)/[`reset`](Self::reset).
    pub fn request_count(&self, path: &str) -> usize {
        self.shared.request_count(path)
    }

    /// Queues a fault behind those already queued. Not validated (see [`Fault::validate`]):
    /// a fault with `times == 0` is ignored and an unusable status is answered as 500.
    pub fn inject(&self, fault: Fault) {
        self.shared.inject(fault);
    }

    /// Faults still queued, with their remaining `times`.
    pub fn pending_faults(&self) -> Vec<Fault> {
        self.shared.pending_faults()
    }

    /// Empties the fault queue.
    pub fn clear_faults(&self) {
        self.shared.clear_faults();
    }

    /// Guest tokens issued, oldest first: the most recent
    /// [`GUEST_TOKENS_CAPACITY`](crate::GUEST_TOKENS_CAPACITY) of them.
    pub fn guest_tokens(&self) -> Vec<IssuedGuestToken> {
        self.shared.guest_tokens()
    }

    /// Exact number of guest tokens issued since the start or the last reset.
    pub fn guest_token_count(&self) -> usize {
        self.shared.guest_token_count()
    }

    /// Whether guest token `token` still works: see [`GuestTokenStatus`] for the rule. With
    /// `embed_id`, whether it still opens that embed. `None` for a token the mock does not
    /// remember (never issued, or before the last reset).
    pub fn guest_token_status(
        &self,
        token: &str,
        embed_id: Option<&str>,
    ) -> Option<GuestTokenStatus> {
        self.shared.guest_token_status(token, embed_id)
    }

    /// Shorthand: the token is known and live.
    pub fn is_guest_token_live(&self, token: &str) -> bool {
        self.guest_token_status(token, None).is_some_and(|s| s.live)
    }

    /// The mock's clock, ms since the epoch. It runs with the system clock until moved; guest
    /// token expiry, rotated-key grace periods and timestamps in answers all read it.
    pub fn clock_ms(&self) -> u64 {
        self.shared.with_clock(|_| {}).now_ms
    }

    /// Moves the mock's clock forward by `by` (tests step through expiry instead of sleeping).
    pub fn advance_clock(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.shared.with_clock(|c| c.advance(ms));
    }

    /// Sets the mock's clock to `ms` since the epoch (backwards too).
    pub fn set_clock_ms(&self, ms: u64) {
        self.shared.with_clock(|c| c.set(ms));
    }

    /// Stops the mock's clock at its current time (`true`), so only
    /// [`advance_clock`](Self::advance_clock)/[`set_clock_ms`](Self::set_clock_ms) move it,
    /// or lets it run on from there (`false`).
    pub fn freeze_clock(&self, frozen: bool) {
        self.shared.with_clock(|c| c.freeze(frozen));
    }

    /// The TCP connections that carried API requests: open now, peak, total (see
    /// [`ConnectionStats`]).
    pub fn connections(&self) -> ConnectionStats {
        self.shared.connections().stats()
    }

    /// Counts connections again from those open now (peak = total = open).
    pub fn reset_connections(&self) {
        self.shared.connections().reset();
    }

    /// Back to the seed: no created apps or keys, no tokens, no requests, no faults, and the
    /// clock back on the system clock.
    pub fn reset(&self) {
        self.shared.reset();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            // The loop may already be gone (its runtime shut down): nothing to stop then.
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections until `shutdown` fires (or its sender is dropped). Connection tasks
/// live in a `JoinSet` so that leaving the loop aborts them: a stopped mock must not keep
/// answering on kept-alive connections.
async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let builder = Arc::new(auto::Builder::new(TokioExecutor::new()));
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Small request/response pairs: don't let Nagle add latency.
                    let _ = stream.set_nodelay(true);
                    let conn = Connection::new(shared.clone());
                    let builder = builder.clone();
                    conns.spawn(async move {
                        // The service owns `conn`: dropped with the connection, which uncounts it.
                        let svc = service_fn(move |req| serve(conn.clone(), req));
                        // Errors here are client disconnects or `Dropped`: nothing to report.
                        let _ = builder.serve_connection(TokioIo::new(stream), svc).await;
                    });
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

/// The one service: every response gets a fresh `x-request-id`.
async fn serve(conn: Arc<Connection>, req: Request<Incoming>) -> Result<Resp, Dropped> {
    let _serving = if admin::is_admin(req.uri().path()) {
        None
    } else {
        conn.carried_api_request();
        Some(conn.shared().connections().serving())
    };
    let mut resp = respond(conn.shared(), req).await?;
    let mut buf = uuid::Uuid::encode_buffer();
    let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buf);
    if let Ok(v) = HeaderValue::from_str(id) {
        resp.headers_mut().insert(X_REQUEST_ID, v);
    }
    Ok(resp)
}

async fn respond(shared: &Shared, req: Request<Incoming>) -> Result<Resp, Dropped> {
    let (parts, body) = req.into_parts();
    let raw = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return Ok(http::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "INVALID_REQUEST_BODY",
                &format!("request body over {MAX_REQUEST_BODY} bytes"),
            ));
        }
        // The client went away mid-body: there is no one to answer.
        Err(_) => return Err(Dropped),
    };
    let path = parts.uri.path();
    if admin::is_admin(path) {
        return Ok(admin::route(
            shared,
            &parts.method,
            path,
            parts.uri.query(),
            &raw,
        ));
    }

    let body: Option<serde_json::Value> = serde_json::from_slice(&raw).ok();
    let arrival = shared.arrive(&parts, body.clone(), &raw);
    let (before, after) = if arrival.after_handling {
        (Action::Proceed, Some(arrival.action))
    } else {
        (arrival.action, None)
    };
    match before {
        Action::Proceed => {}
        Action::Delay(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Action::Drop => return Err(Dropped),
        Action::Respond(resp) => return Ok(resp),
    }
    if let Some(secs) = arrival.rate_limited {
        let mut resp = http::error(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "rate limit exceeded; retry later",
        );
        resp.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
        return Ok(resp);
    }
    let call = Call {
        method: &parts.method,
        path,
        query: parts.uri.query(),
        credential: arrival.credential,
        bearer: parts
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| crate::state::bearer_value(v.as_bytes())),
        body: body.as_ref(),
    };
    let resp = handlers::route(shared, &call);
    // A fault after handling: the state changed, the answer is lost or late.
    match after {
        Some(Action::Respond(lost)) => Ok(lost),
        Some(Action::Drop) => Err(Dropped),
        Some(Action::Delay(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ok(resp)
        }
        Some(Action::Proceed) | None => Ok(resp),
    }
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send {
    // SIGTERM is listened for from this call on, not from the first poll: a parent that reads
    // the URL `serve_forever` prints and at once sends SIGTERM must find the handler in place.
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs a mock for a command-line tool until SIGINT/SIGTERM: starts it on 127.0.0.1:`port`
/// (0 = ephemeral) on the current runtime, prints its base URL as the **first line of stdout**
/// (flushed, so a parent process can read it), a human summary of the credentials on stderr,
/// then waits for the signal and returns `Ok(())`.
pub async fn serve_forever(seed: Seed, port: u16) -> io::Result<()> {
    let server = MockServer::start_with(seed, port).await?;
    let stop = shutdown_signal();
    {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", server.url())?;
        out.flush()?;
    }
    describe(&server);
    stop.await;
    Ok(())
}

/// What a person starting the mock by hand needs to use it (test credentials, not secrets).
fn describe(server: &MockServer) {
    let seed = server.seed();
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "databrain-mock listening on {}", server.url());
    for t in &seed.service_tokens {
        let _ = writeln!(err, "  service token: {t}");
    }
    for app in &seed.data_apps {
        let _ = writeln!(
            err,
            "  data app {:?}: API keys {}",
            app.name,
            app.api_keys.join(", ")
        );
    }
    let _ = writeln!(
        err,
        "  admin: GET {0}/__mock/requests, POST {0}/__mock/faults, POST {0}/__mock/clock, POST {0}/__mock/reset",
        server.url()
    );
}
