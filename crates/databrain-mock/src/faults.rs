//! Fault injection: a FIFO queue of misbehaviours the next matching API requests get instead
//! of (or, for delays, before) their normal answer.

use std::collections::VecDeque;

use hyper::StatusCode;
use hyper::header::{HeaderValue, RETRY_AFTER};
use serde::{Deserialize, Serialize};

use crate::http::{self, Resp};

fn one() -> u32 {
    1
}

/// One queued fault. JSON form (what `POST /__mock/faults` takes):
/// `{"kind": "status", "status": 429, "retryAfter": "2", "path": "/api/v2/guest-token/create", "times": 3}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Exact request path (no query) this fault applies to; `None` = any API path.
    /// Admin routes (`/__mock/…`) are never faulted.
    #[serde(default)]
    pub path: Option<String>,
    /// HTTP method (`"POST"`) this fault applies to; `None` = any. Lets a test fault a
    /// create without faulting the list on the same path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Apply the fault *after* the call was handled: the state changes as usual, then the
    /// answer is replaced (a response lost on its way back; for a create, Databrain made the
    /// thing but the client never heard). `false` = instead of handling it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_handling: bool,
    /// How many matching requests get this fault before it is used up (a 0 is never queued).
    #[serde(default = "one")]
    pub times: u32,
    /// What happens to those requests.
    #[serde(flatten)]
    pub kind: FaultKind,
}

/// The misbehaviour itself. Tagged by `"kind"`; variant and field names are camelCase
/// (`"malformedJson"`, `"retryAfter"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FaultKind {
    /// An error answer `{"error": {"code", "message"}}` with this status. `code` defaults to the
    /// documented code for the status (429 → `RATE_LIMIT_EXCEEDED`, 5xx →
    /// `INTERNAL_SERVER_ERROR`, …); `retry_after` is sent verbatim as `Retry-After`.
    Status {
        /// HTTP status, 200-599.
        status: u16,
        /// `error.code`; `None` = the documented code for `status`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// `error.message`; `None` = "injected fault".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// `Retry-After` header value, verbatim (seconds or an HTTP date); `None` = no header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<String>,
    },
    /// Sleep this long, then answer normally (rate limit and validation still apply).
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Close the connection without sending any response (HTTP/2: reset the stream).
    Drop,
    /// A `text/html` error page, as a proxy or load balancer would send.
    Html { status: u16 },
    /// `application/json` whose body is truncated: `{"token": `.
    MalformedJson { status: u16 },
    /// 200 with a valid JSON guest-token body padded to `bytes` bytes (never smaller than the
    /// unpadded body).
    Oversized { bytes: usize },
    /// 200 `{"error": null}`: success without a token.
    MissingToken,
    /// This status with an empty body and no content type.
    Empty { status: u16 },
}

/// Largest `Oversized` body the admin route accepts: big enough to trip any sane client limit,
/// small enough not to exhaust the machine.
pub const MAX_OVERSIZED_BYTES: usize = 256 * 1024 * 1024;

impl Fault {
    /// A fault for any path, used once.
    pub fn new(kind: FaultKind) -> Self {
        Fault {
            path: None,
            method: None,
            after_handling: false,
            times: 1,
            kind,
        }
    }

    /// A plain error status with the documented code for it.
    pub fn status(status: u16) -> Self {
        Fault::new(FaultKind::Status {
            status,
            code: None,
            message: None,
            retry_after: None,
        })
    }

    /// Restricts the fault to one exact path.
    pub fn on(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Restricts the fault to one HTTP method.
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    /// Applies the fault after the call was handled (see [`Fault::after_handling`]).
    pub fn after_handling(mut self) -> Self {
        self.after_handling = true;
        self
    }

    /// Applies the fault to the next `n` matching requests.
    pub fn repeat(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    /// Checks what serde cannot: usable status codes, `times >= 1`, a bounded `Oversized`.
    pub fn validate(&self) -> Result<(), String> {
        if self.times == 0 {
            return Err("times must be at least 1".into());
        }
        match &self.kind {
            FaultKind::Status {
                status,
                retry_after,
                ..
            } => {
                check_status(*status)?;
                if let Some(ra) = retry_after
                    && HeaderValue::from_str(ra).is_err()
                {
                    return Err(format!("retryAfter {ra:?} is not a valid header value"));
                }
                Ok(())
            }
            FaultKind::Html { status }
            | FaultKind::MalformedJson { status }
            | FaultKind::Empty { status } => check_status(*status),
            FaultKind::Oversized { bytes } if *bytes > MAX_OVERSIZED_BYTES => Err(format!(
                "oversized bytes must be at most {MAX_OVERSIZED_BYTES}"
            )),
            _ => Ok(()),
        }
    }
}

fn check_status(status: u16) -> Result<(), String> {
    if (200..=599).contains(&status) {
        Ok(())
    } else {
        Err(format!(
            "status {status} is not a final HTTP status (200-599)"
        ))
    }
}

/// A final status for a fault; anything unusable (only reachable through `inject` with an
/// unvalidated fault) becomes 500 rather than a panic.
fn status_code(status: u16) -> StatusCode {
    match StatusCode::from_u16(status) {
        Ok(s) if s.as_u16() >= 200 => s,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The documented error code a real server would pair with this status.
fn default_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "INVALID_REQUEST_BODY",
        401 => "AUTHENTICATION_ERROR",
        403 => "INVALID_PERMISSIONS",
        404 => "NOT_FOUND",
        429 => "RATE_LIMIT_EXCEEDED",
        s if s >= 500 => "INTERNAL_SERVER_ERROR",
        _ => "MOCK_FAULT",
    }
}

/// What the server should do with a request after consulting the queue.
pub(crate) enum Action {
    /// Answer normally.
    Proceed,
    /// Sleep, then answer normally.
    Delay(u64),
    /// Close the connection without a response.
    Drop,
    /// Send this canned response.
    Respond(Resp),
}

/// The FIFO fault queue.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    queue: VecDeque<Fault>,
}

impl FaultQueue {
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.queue.push_back(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.queue.clear();
    }

    pub(crate) fn pending(&self) -> Vec<Fault> {
        self.queue.iter().cloned().collect()
    }

    /// Takes one use of the first fault matching `path` and `method`, removing the fault
    /// when used up; with whether it applies after handling. Cheap when the queue is empty,
    /// which is the benchmark case.
    pub(crate) fn take(&mut self, path: &str, method: &str) -> Option<(FaultKind, bool)> {
        if self.queue.is_empty() {
            return None;
        }
        let idx = self.queue.iter().position(|f| {
            f.path.as_deref().is_none_or(|p| p == path)
                && f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let fault = &mut self.queue[idx];
        fault.times -= 1;
        let after = fault.after_handling;
        if fault.times == 0 {
            self.queue.remove(idx).map(|f| (f.kind, after))
        } else {
            Some((fault.kind.clone(), after))
        }
    }
}

impl FaultKind {
    /// Turns a taken fault into what the server does.
    pub(crate) fn action(self) -> Action {
        match self {
            FaultKind::Status {
                status,
                code,
                message,
                retry_after,
            } => {
                let status = status_code(status);
                let code = code.as_deref().unwrap_or_else(|| default_code(status));
                let message = message.as_deref().unwrap_or("injected fault");
                let mut resp = http::error(status, code, message);
                if let Some(v) = retry_after.and_then(|ra| HeaderValue::from_str(&ra).ok()) {
                    resp.headers_mut().insert(RETRY_AFTER, v);
                }
                Action::Respond(resp)
            }
            FaultKind::Delay { ms } => Action::Delay(ms),
            FaultKind::Drop => Action::Drop,
            FaultKind::Html { status } => {
                let status = status_code(status);
                let reason = status.canonical_reason().unwrap_or("Error");
                let page = format!(
                    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
                     <center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
                     </body>\r\n</html>\r\n",
                    code = status.as_u16()
                );
                Action::Respond(http::raw(status, Some("text/html"), page))
            }
            FaultKind::MalformedJson { status } => Action::Respond(http::raw(
                status_code(status),
                Some("application/json; charset=utf-8"),
                &b"{\"token\": "[..],
            )),
            FaultKind::Oversized { bytes } => Action::Respond(http::raw(
                StatusCode::OK,
                Some("application/json; charset=utf-8"),
                oversized_body(bytes),
            )),
            FaultKind::MissingToken => Action::Respond(http::json(
                StatusCode::OK,
                &serde_json::json!({"error": null}),
            )),
            FaultKind::Empty { status } => {
                Action::Respond(http::raw(status_code(status), None, &b""[..]))
            }
        }
    }
}

/// `{"token":"<uuid>","error":null,"pad":"xxx…"}`, exactly `bytes` long when that is at least
/// the unpadded length.
fn oversized_body(bytes: usize) -> Vec<u8> {
    let head = format!(
        "{{\"token\":\"{}\",\"error\":null,\"pad\":\"",
        uuid::Uuid::new_v4()
    );
    let tail = "\"}";
    let pad = bytes.saturating_sub(head.len() + tail.len());
    let mut body = Vec::with_capacity(head.len() + pad + tail.len());
    body.extend_from_slice(head.as_bytes());
    body.resize(head.len() + pad, b'x');
    body.extend_from_slice(tail.as_bytes());
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_round_trips() {
        let f: Fault = serde_json::from_str(
            r#"{"kind":"status","status":429,"retryAfter":"2","path":"/x","times":2}"#,
        )
        .unwrap();
        assert_eq!(
            f,
            Fault::new(FaultKind::Status {
                status: 429,
                code: None,
                message: None,
                retry_after: Some("2".into())
            })
            .on("/x")
            .repeat(2)
        );
        let f: Fault = serde_json::from_str(r#"{"kind":"malformedJson","status":502}"#).unwrap();
        assert_eq!(f, Fault::new(FaultKind::MalformedJson { status: 502 }));
        let f: Fault = serde_json::from_str(r#"{"kind":"missingToken"}"#).unwrap();
        assert_eq!(f.times, 1);
        let back = serde_json::to_value(Fault::new(FaultKind::Delay { ms: 5 })).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"path": null, "times": 1, "kind": "delay", "ms": 5})
        );
        assert!(serde_json::from_str::<Fault>(r#"{"kind":"nope"}"#).is_err());
    }

    #[test]
    fn queue_is_fifo_with_path_matching_and_counts() {
        let mut q = FaultQueue::default();
        q.push(Fault::new(FaultKind::Drop).on("/a").repeat(2));
        q.push(Fault::status(500));
        q.push(Fault::status(400).repeat(0)); // never queued
        assert!(matches!(
            q.take("/b", "GET"),
            Some((FaultKind::Status { status: 500, .. }, false))
        ));
        assert!(matches!(q.take("/a", "GET"), Some((FaultKind::Drop, false))));
        assert!(matches!(q.take("/a", "GET"), Some((FaultKind::Drop, false))));
        assert!(q.take("/a", "GET").is_none());
        assert!(q.pending().is_empty());
    }

    #[test]
    fn method_matching_and_after_handling() {
        let mut q = FaultQueue::default();
        q.push(Fault::status(500).on("/a").method("post").after_handling());
        assert!(q.take("/a", "GET").is_none(), "a GET on the path is not faulted");
        assert!(matches!(
            q.take("/a", "POST"),
            Some((FaultKind::Status { status: 500, .. }, true))
        ));
        let f: Fault = serde_json::from_str(
            r#"{"kind":"status","status":500,"method":"POST","afterHandling":true}"#,
        )
        .unwrap();
        assert_eq!(f, Fault::status(500).method("POST").after_handling());
    }

    #[test]
    fn oversized_body_has_the_requested_size_and_parses() {
        let body = oversized_body(4096);
        assert_eq!(body.len(), 4096);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(v["token"].is_string());
        assert!(oversized_body(1).len() > 1);
    }

    #[test]
    fn validation_refuses_unusable_faults() {
        assert!(Fault::status(99).validate().is_err());
        assert!(Fault::status(503).repeat(0).validate().is_err());
        assert!(
            Fault::new(FaultKind::Oversized { bytes: usize::MAX })
                .validate()
                .is_err()
        );
        assert!(Fault::status(503).validate().is_ok());
    }
}
