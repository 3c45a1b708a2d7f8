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

/// Body fields that carry a credential whatever their value (the older rotate form sends the
/// key being rotated as `key`; datasource calls of a later wave send passwords).
const SECRET_FIELDS: &[&str] = &["key", "apiKey", "serviceToken", "password"];

const REDACTED: &str = "<redacted>";

/// One API request as the mock received it. Credentials never appear in it: the
/// `authorization` header reads `Bearer <redacted>`, [`auth`](Self::auth) names the kind of
/// credential used, not its value, and any credential sent in the body or the query (a known
/// credential's value anywhere, or a field such as `key`) reads `<redacted>` in `query`,
/// `body` and `raw_body`.
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
    /// The W3C `traceparent` the request carried, if any (tests check what the SDK put on
    /// the wire for each attempt).
    pub fn traceparent(&self) -> Option<&str> {
        self.headers.get("traceparent").map(String::as_str)
    }

    /// The trace id of [`traceparent`](Self::traceparent) (its second field).
    pub fn trace_id(&self) -> Option<&str> {
        self.traceparent()?.split('-').nth(1)
    }

    /// Builds a record from request parts; `auth` is the already-classified credential and
    /// `is_credential` tells a known credential's value from other strings.
    pub(crate) fn new(
        method: &hyper::Method,
        uri: &hyper::Uri,
        header_map: &HeaderMap,
        auth: Option<String>,
        mut body: Option<serde_json::Value>,
        raw: &[u8],
        is_credential: impl Fn(&str) -> bool,
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
        let mut raw_body = String::from_utf8_lossy(raw).into_owned();
        let mut secrets = Vec::new();
        match &mut body {
            Some(v) => redact_json(v, None, &is_credential, &mut secrets),
            // Not JSON: nothing to walk, so look for the whole credential in the text.
            None if !raw_body.is_empty() => secrets.extend(
                raw_body
                    .split(|c: char| !(c.is_alphanumeric() || "-_.~+/=".contains(c)))
                    .filter(|w| !w.is_empty() && is_credential(w))
                    .map(str::to_owned),
            ),
            None => {}
        }
        for s in &secrets {
            raw_body = raw_body.replace(s.as_str(), REDACTED);
        }
        RecordedRequest {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(|q| redact_query(q, &is_credential)),
            headers,
            auth,
            body,
            raw_body,
        }
    }
}

/// Replaces secret strings in `v` by `<redacted>`, collecting the originals (to scrub the raw
/// text too). `field` is the key `v` sits under, if any.
fn redact_json(
    v: &mut serde_json::Value,
    field: Option<&str>,
    is_credential: &impl Fn(&str) -> bool,
    secrets: &mut Vec<String>,
) {
    match v {
        serde_json::Value::String(s)
            if !s.is_empty()
                && (field.is_some_and(|f| SECRET_FIELDS.contains(&f)) || is_credential(s)) =>
        {
            secrets.push(std::mem::replace(s, REDACTED.to_owned()));
        }
        serde_json::Value::Array(items) => {
            for item in items {
                redact_json(item, None, is_credential, secrets);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                redact_json(item, Some(k), is_credential, secrets);
            }
        }
        _ => {}
    }
}

/// The raw query with the value of any secret parameter replaced.
fn redact_query(query: &str, is_credential: &impl Fn(&str) -> bool) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => {
                let name = crate::http::url_decode(k);
                if SECRET_FIELDS.contains(&name.as_str())
                    || is_credential(&crate::http::url_decode(v))
                {
                    format!("{k}={REDACTED}")
                } else {
                    pair.to_owned()
                }
            }
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
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
    fn credentials_in_bodies_and_queries_are_redacted() {
        let secret = |s: &str| s == "k-123";
        let mut found = Vec::new();
        let mut v =
            serde_json::json!({"key": "other", "a": ["k-123", {"b": "k-123"}], "n": "keep"});
        redact_json(&mut v, None, &secret, &mut found);
        assert_eq!(
            v,
            serde_json::json!({"key": REDACTED, "a": [REDACTED, {"b": REDACTED}], "n": "keep"})
        );
        assert_eq!(found, ["other", "k-123", "k-123"]);
        assert_eq!(
            redact_query("a=1&x=k-123&key=zz&flag", &secret),
            "a=1&x=<redacted>&key=<redacted>&flag"
        );
    }

    #[test]
    fn redaction_keeps_only_the_scheme() {
        assert_eq!(redact(b"Bearer abc"), "Bearer <redacted>");
        assert_eq!(redact(b"bearer abc"), "Bearer <redacted>");
        assert_eq!(redact(b"Basic abc"), "<redacted>");
    }
}
