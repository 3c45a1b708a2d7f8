//! One logical call: attempts, retries and waits, down to the bytes of the answer.

use std::time::{Duration, SystemTime};

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};

use crate::client::{Client, Credential};
use crate::error::{Error, Result};
use crate::response::error_from_answer;
use crate::retry::{Idempotency, parse_retry_after};

/// Largest success body accepted. A token answer is ~60 bytes; anything near this is not
/// Databrain and is not worth buffering.
pub(crate) const MAX_SUCCESS_BODY: usize = 1 << 20;
/// Error bodies are only read far enough to quote them.
pub(crate) const MAX_ERROR_BODY: usize = 64 << 10;

/// What came back from one attempt that got an HTTP answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub(crate) truncated: bool,
    pub(crate) request_id: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) content_type: Option<String>,
}

/// An attempt that got no (complete) HTTP answer.
struct Failed {
    error: Error,
    /// Certainly never reached the server (the connection was not even made).
    unsent: bool,
}

impl Client {
    /// Sends `body` to `url` until it succeeds, fails for good, or the retry budget is spent.
    /// One request id is used for every attempt, so the server and logs can tie them together.
    pub(crate) async fn send(&self, url: &Url, credential: Credential, idempotency: Idempotency, body: Vec<u8>) -> Result<Answer> {
        let auth = self.credential_header(credential)?;
        // Bytes: every retry re-sends the same buffer without copying it.
        let body = bytes::Bytes::from(body);
        let request_id = uuid::Uuid::new_v4().to_string();
        let mut retry = 0;
        loop {
            let (error, retryable, retry_after) = match self.attempt(url, auth, &request_id, reqwest::Body::from(body.clone())).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                Ok(answer) => {
                    let retryable = match answer.status {
                        429 => true,
                        500..=599 => idempotency == Idempotency::Safe,
                        _ => false,
                    };
                    let retry_after = answer.retry_after;
                    (error_from_answer(&answer), retryable, retry_after)
                }
                Err(failed) => (failed.error, failed.unsent || idempotency == Idempotency::Safe, None),
            };
            if !retryable || retry >= self.inner.max_retries {
                log::debug!("databrain: POST {} failed for good (request {request_id}): {error}", url.path());
                return Err(error);
            }
            let wait = match retry_after {
                Some(asked) if asked > self.inner.retry.max_retry_after => {
                    log::warn!("databrain: POST {} asked to retry after {asked:?}, beyond the {:?} cap (request {request_id})", url.path(), self.inner.retry.max_retry_after);
                    return Err(error);
                }
                Some(asked) => asked,
                None => self.inner.retry.backoff(retry),
            };
            // The error text never holds a credential: they live only in the Authorization
            // header, which no message quotes.
            log::info!("databrain: POST {} retry {} in {wait:?} after: {error} (request {request_id})", url.path(), retry + 1);
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    fn credential_header(&self, credential: Credential) -> Result<&HeaderValue> {
        let (header, hint) = match credential {
            Credential::ApiKey => (
                self.inner.api_key.as_ref(),
                "this call needs a data-app API key: pass api_key or set DATABRAIN_API_KEY",
            ),
            Credential::ServiceToken => (
                self.inner.service_token.as_ref(),
                "this call needs a service token: pass service_token or set DATABRAIN_SERVICE_TOKEN",
            ),
        };
        header.ok_or_else(|| Error::Configuration(hint.to_owned()))
    }

    async fn attempt(&self, url: &Url, auth: &HeaderValue, request_id: &str, body: reqwest::Body) -> Result<Answer, Failed> {
        let sent = self
            .inner
            .http
            .post(url.clone())
            .header(AUTHORIZATION, auth.clone())
            .header("x-request-id", request_id)
            .body(body)
            .send()
            .await;
        let mut response = sent.map_err(|e| Failed { unsent: e.is_connect(), error: self.transport_error(&e) })?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let header = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        let request_id = header("x-request-id").unwrap_or(request_id).to_owned();
        let retry_after = header(RETRY_AFTER.as_str()).and_then(|v| parse_retry_after(v, SystemTime::now()));
        let content_type = header(reqwest::header::CONTENT_TYPE.as_str()).map(str::to_owned);
        let cap = if (200..300).contains(&status) { MAX_SUCCESS_BODY } else { MAX_ERROR_BODY };
        let mut body = Vec::new();
        let mut truncated = false;
        if response.content_length().is_some_and(|len| len > cap as u64) {
            truncated = true;
        } else {
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) if body.len() + chunk.len() > cap => {
                        body.extend_from_slice(&chunk[..cap - body.len()]);
                        truncated = true;
                        break;
                    }
                    Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(e) => return Err(Failed { unsent: false, error: self.transport_error(&e) }),
                }
            }
        }
        Ok(Answer { status, body, truncated, request_id, retry_after, content_type })
    }

    fn transport_error(&self, e: &reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout(self.inner.timeout);
        }
        // reqwest's own message hides the cause ("error sending request for url ..."): walk
        // the chain so the user sees "connection refused" or "connection closed".
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            let text = cause.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = cause.source();
        }
        Error::Connection(message)
    }
}
