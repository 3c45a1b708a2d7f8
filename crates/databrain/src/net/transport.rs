//! One logical call on the wire: attempts, retries and waits, down to the bytes of the answer.
//! Knows nothing of endpoints or credentials beyond the header it is handed.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER};
use tokio::sync::{Semaphore, SemaphorePermit};
use url::Url;

use crate::net::answer::{Answer, MAX_ERROR_BODY, MAX_SUCCESS_BODY};
use crate::endpoint::Method;
use crate::error::{Error, Result};
use crate::net::http::root_cause;
use crate::net::response::error_from_answer;
use crate::net::retry::{Decision, Idempotency, Outcome, RetryPolicy, decide, parse_retry_after};
use crate::telemetry::{self, AttemptWatch};
use tracing::Instrument;

/// The HTTP client and the settings every attempt uses (cheap to clone: the pool is shared).
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// One permit per request allowed on the wire at once (`max_in_flight`). tokio's
    /// semaphore is fair: waiters get permits in arrival order. Shared by the clients
    /// [`crate::Client::with_api_key`] derives, as the connection pool is.
    pub(crate) slots: Arc<Semaphore>,
}

/// An attempt that got no (complete) HTTP answer.
struct Failed {
    error: Error,
    /// Certainly never reached the server (the connection was not even made).
    unsent: bool,
}

/// One request as the transport sends it.
pub(crate) struct Outgoing<'a> {
    pub(crate) method: Method,
    pub(crate) url: &'a Url,
    pub(crate) auth: &'a HeaderValue,
    pub(crate) idempotency: Idempotency,
    /// `None` for a call without a body (GET, DELETE).
    pub(crate) body: Option<bytes::Bytes>,
    /// The call table's name for the call, and its path as the table spells it (telemetry).
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
}

/// A wait for a free slot at least this long is logged (at info).
const QUEUE_WAIT_LOGGED: Duration = Duration::from_millis(100);

impl Transport {
    /// Sends until it succeeds, fails for good, or the retry budget is spent. One request id
    /// is used for every attempt, so the server and logs can tie them together, and the
    /// final error carries it with the number of attempts made.
    pub(crate) async fn send(&self, out: Outgoing<'_>) -> Result<Answer> {
        let request_id = uuid::Uuid::new_v4().to_string();
        let mut retries = 0;
        loop {
            // The slot is held for one attempt only: a retry gives it back while it backs off
            // and then queues again behind the calls already waiting (no call can hog a slot
            // through a long Retry-After).
            let mut watch = AttemptWatch::start(&out, retries);
            let (slot, budget) = match self.slot(retries, &request_id).await {
                Ok(got) => got,
                Err(error) => {
                    // Never sent: recorded as an attempt that timed out in the queue.
                    watch.finish(&out, Err(&error), &request_id);
                    return Err(error);
                }
            };
            watch.sent();
            let started = Instant::now();
            let result = self.attempt(&out, &request_id, budget).instrument(watch.span()).await;
            drop(slot);
            watch.finish(&out, result.as_ref().map_err(|failed| &failed.error), &request_id);
            // One record per attempt: method, path template (never the query or body), status, time.
            if log::log_enabled!(log::Level::Debug) {
                let status = match &result {
                    Ok(answer) => answer.status.to_string(),
                    Err(_) => "no answer".to_owned(),
                };
                log::debug!(
                    "databrain: {} {} -> {status} in {:.1} ms (request {request_id}, attempt {})",
                    out.method.as_str(),
                    out.template,
                    started.elapsed().as_secs_f64() * 1000.0,
                    retries + 1
                );
            }
            let (error, outcome) = match result {
                Ok(mut answer) if answer.is_success() => {
                    answer.attempts = retries + 1;
                    return Ok(answer);
                }
                Ok(answer) => {
                    let outcome = Outcome::Answered { status: answer.status, retry_after: answer.retry_after };
                    (error_from_answer(&answer), outcome)
                }
                Err(failed) => (failed.error, Outcome::NoAnswer { unsent: failed.unsent }),
            };
            let path = out.url.path();
            let method = out.method.as_str();
            let wait = match decide(outcome, out.idempotency, retries, &self.retry, fastrand::f64()) {
                Decision::Retry(wait) => wait,
                Decision::Stop => {
                    let error = error.after(retries + 1, &request_id);
                    log::debug!("databrain: {method} {path} failed for good: {error}");
                    return Err(error);
                }
                Decision::WaitTooLong(asked) => {
                    let error = error.after(retries + 1, &request_id);
                    log::warn!(
                        "databrain: {method} {path} asked to retry after {asked:?}, beyond the {:?} cap: {error}",
                        self.retry.max_retry_after
                    );
                    return Err(error);
                }
            };
            // The error text never holds a credential: they live only in the Authorization
            // header, which no message quotes.
            log::info!("databrain: {method} {path} retry {} in {wait:?} after: {error} (request {request_id})", retries + 1);
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    /// Waits for a free slot. The wait counts against the attempt's timeout: the second value
    /// is what is left of it for the attempt (`None`: no wait, the client's own timeout
    /// applies). A wait that uses up the timeout is a [`Error::Timeout`] marked `queued`.
    async fn slot(&self, retries: u32, request_id: &str) -> Result<(SemaphorePermit<'_>, Option<Duration>)> {
        // Fast path, the usual case: a free slot, no timer.
        if let Ok(permit) = self.slots.try_acquire() {
            return Ok((permit, None));
        }
        let queued_at = Instant::now();
        match tokio::time::timeout(self.timeout, self.slots.acquire()).await {
            Ok(Ok(permit)) => {
                let waited = queued_at.elapsed();
                if waited >= QUEUE_WAIT_LOGGED {
                    log::info!(
                        "databrain: waited {:.1} ms for a free slot (maxInFlight requests were in flight; request {request_id})",
                        waited.as_secs_f64() * 1000.0
                    );
                }
                let left = self.timeout.saturating_sub(queued_at.elapsed());
                // A slot freed at the very deadline leaves nothing to send with.
                if left.is_zero() {
                    return Err(self.queue_timeout(retries, request_id));
                }
                Ok((permit, Some(left)))
            }
            // The semaphore is never closed; treated like a timeout rather than a panic.
            Ok(Err(_)) | Err(_) => Err(self.queue_timeout(retries, request_id)),
        }
    }

    fn queue_timeout(&self, retries: u32, request_id: &str) -> Error {
        let error = Error::Timeout { after: self.timeout, request_id: None, attempts: 0, queued: true };
        log::debug!("databrain: gave up waiting for a connection slot: {error}");
        error.after(retries, request_id)
    }

    /// One attempt, bounded as a whole (connect, send, the whole answer) by the timeout, or
    /// by what the queue left of it.
    async fn attempt(&self, out: &Outgoing<'_>, request_id: &str, budget: Option<Duration>) -> Result<Answer, Failed> {
        let limit = budget.unwrap_or(self.timeout);
        match tokio::time::timeout(limit, self.exchange(out, request_id)).await {
            Ok(result) => result,
            Err(_) => Err(Failed { unsent: false, error: self.timeout_error() }),
        }
    }

    async fn exchange(&self, out: &Outgoing<'_>, request_id: &str) -> Result<Answer, Failed> {
        let mut request = self
            .http
            .request(out.method.to_http(), out.url.clone())
            .header(reqwest::header::AUTHORIZATION, out.auth.clone());
        if let Ok(id) = HeaderValue::from_str(request_id) {
            request = request.header(HeaderName::from_static("x-request-id"), id);
        }
        if let Some(body) = &out.body {
            request = request.body(body.clone());
        }
        request = telemetry::inject(request);
        let mut response = request.send().await.map_err(|e| {
            // Connect errors (refused, DNS, TLS handshake, connect timeout) never reached the server.
            Failed { unsent: e.is_connect(), error: self.transport_error("error sending request", out.url, e) }
        })?;
        let status = response.status().as_u16();
        let version = if response.version() == reqwest::Version::HTTP_2 { "2" } else { "1.1" };
        let headers = response.headers();
        let header = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        let request_id = header("x-request-id").unwrap_or(request_id).to_owned();
        let retry_after = header(RETRY_AFTER.as_str()).and_then(|v| parse_retry_after(v, SystemTime::now()));
        let content_type = header(CONTENT_TYPE.as_str()).map(str::to_owned);
        let cap = if (200..300).contains(&status) { MAX_SUCCESS_BODY } else { MAX_ERROR_BODY };
        let mut body = Vec::new();
        let mut truncated = false;
        // Content-Length over the cap: not worth reading.
        if response.content_length().is_some_and(|len| len > cap as u64) {
            truncated = true;
        } else {
            while let Some(chunk) = response.chunk().await.map_err(|e| Failed {
                unsent: false,
                error: self.transport_error("error reading the response body", out.url, e),
            })? {
                if body.len() + chunk.len() > cap {
                    body.extend_from_slice(&chunk[..cap - body.len()]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Answer { status, body, truncated, request_id, retry_after, content_type, attempts: 1, version })
    }

    fn timeout_error(&self) -> Error {
        Error::Timeout { after: self.timeout, request_id: None, attempts: 1, queued: false }
    }

    fn transport_error(&self, what: &str, url: &Url, e: reqwest::Error) -> Error {
        // A connect that ran out of the connect timeout is a timeout, not a broken connection.
        if e.is_connect() && e.is_timeout() {
            return self.timeout_error();
        }
        // Name the root cause too, so a one-line log says "Connection refused"; the whole
        // chain stays reachable through `source()`.
        let mut message = format!("{what} for url ({url})");
        if std::error::Error::source(&e).is_some() {
            message.push_str(": ");
            message.push_str(&root_cause(&e));
        }
        Error::Connection { message, request_id: None, attempts: 1, source: Some(Arc::new(e)) }
    }
}
