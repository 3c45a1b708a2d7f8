//! Request recording: a bounded ring of recent requests plus exact per-path counts, so that
//! benchmarks can run for as long as they like without the mock growing without bound.

use std::collections::{BTreeMap, HashMap, VecDeque};

use hyper::HeaderMap;
use serde::{Deserialize, Serialize};

/// How many requests [`crate::MockServer::requests`] keeps (the most recent ones).
pub const RECORDED_REQUESTS_CAPACITY: usize = 10_000;

/// Headers whose values are credentials or session secrets: recorded as redacted.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
];

/// One API request as the mock received it. Credentials never appear in it: the
/// `authorization` header reads `Bearer <redacted>` and [`auth`](Self::auth) names the kind of
/// credential used, not its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Raw query string (still percent-encoded), if any.
    pub query: Option<String>,
    /// Headers with lower-case names; repeated headers are joined with `", "`.
    pub headers: BTreeMap<String, String>,
    /// `"serviceToken"`, `"apiKey:<data app name>"`, `"unknown"`, or `None` when the request
    /// had no `Authorization` header.
    pub auth: Option<String>,
    /// The body parsed as JSON, when it parsed.
    pub body: Option<serde_json::Value>,
    /// The body as text (lossy UTF-8).
    pub raw_body: String,
}

impl RecordedRequest {
    /// Builds a record from request parts; `auth` is the already-classified credential.
    pub(crate) fn new(
        method: &hyper::Method,
        uri: &hyper::Uri,
        header_map: &HeaderMap,
        auth: Option<String>,
        body: Option<serde_json::Value>,
        raw: &[u8],
    ) -> Self {
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in header_map {
            let name = name.as_str();
            let value = if SECRET_HEADERS.contains(&name) {
                redact(value.as_bytes())
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            headers
                .entry(name.to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert(value);
        }
        RecordedRequest {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            headers,
            auth,
            body,
            raw_body: String::from_utf8_lossy(raw).into_owned(),
        }
    }
}

/// Keeps the auth scheme (useful to assert on) and hides the credential itself.
fn redact(value: &[u8]) -> String {
    let is_bearer = value.len() >= 7 && value[..7].eq_ignore_ascii_case(b"bearer ");
    if is_bearer {
        "Bearer <redacted>"
    } else {
        "<redacted>"
    }
    .to_owned()
}

/// The ring of recent requests and the exact count per path.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    ring: VecDeque<RecordedRequest>,
    counts: HashMap<String, usize>,
}

impl Recorder {
    pub(crate) fn push(&mut self, req: RecordedRequest) {
        match self.counts.get_mut(&req.path) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(req.path.clone(), 1);
            }
        }
        if self.ring.len() == RECORDED_REQUESTS_CAPACITY {
            self.ring.pop_front();
        }
        self.ring.push_back(req);
    }

    pub(crate) fn all(&self) -> Vec<RecordedRequest> {
        self.ring.iter().cloned().collect()
    }

    pub(crate) fn count(&self, path: &str) -> usize {
        self.counts.get(path).copied().unwrap_or(0)
    }

    pub(crate) fn clear(&mut self) {
        self.ring.clear();
        self.counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: path.into(),
            query: None,
            headers: BTreeMap::new(),
            auth: None,
            body: None,
            raw_body: String::new(),
        }
    }

    #[test]
    fn ring_is_bounded_but_counts_are_exact() {
        let mut r = Recorder::default();
        for _ in 0..RECORDED_REQUESTS_CAPACITY + 5 {
            r.push(req("/a"));
        }
        r.push(req("/b"));
        assert_eq!(r.all().len(), RECORDED_REQUESTS_CAPACITY);
        assert_eq!(r.count("/a"), RECORDED_REQUESTS_CAPACITY + 5);
        assert_eq!(r.count("/b"), 1);
        assert_eq!(r.all().last().unwrap().path, "/b");
        r.clear();
        assert_eq!(r.count("/a"), 0);
    }

    #[test]
    fn redaction_keeps_only_the_scheme() {
        assert_eq!(redact(b"Bearer abc"), "Bearer <redacted>");
        assert_eq!(redact(b"bearer abc"), "Bearer <redacted>");
        assert_eq!(redact(b"Basic abc"), "<redacted>");
    }
}
