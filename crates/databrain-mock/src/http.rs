//! Response building blocks shared by the API handlers, the admin routes and the faults.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use serde::Serialize;

/// Every response the mock sends has a fully buffered body.
pub(crate) type Resp = Response<Full<Bytes>>;

const JSON: HeaderValue = HeaderValue::from_static("application/json; charset=utf-8");

/// A response with `body` as-is and an optional content type.
pub(crate) fn raw(
    status: StatusCode,
    content_type: Option<&'static str>,
    body: impl Into<Bytes>,
) -> Resp {
    let mut resp = Response::new(Full::new(body.into()));
    *resp.status_mut() = status;
    if let Some(ct) = content_type {
        resp.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    resp
}

/// A JSON response from anything serialisable.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Resp {
    // Serialising our own Values and structs cannot fail (string keys only).
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"null".to_vec());
    let mut resp = Response::new(Full::new(Bytes::from(bytes)));
    *resp.status_mut() = status;
    resp.headers_mut().insert(CONTENT_TYPE, JSON);
    resp
}

/// An API error: serialised exactly as `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `INVALID_REQUEST_BODY`, the most common refusal.
    pub(crate) fn invalid_body(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST_BODY", message)
    }

    pub(crate) fn into_response(self) -> Resp {
        error(self.status, self.code, &self.message)
    }
}

/// `{"error": {"code", "message"}}` with the given status.
pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Resp {
    json(
        status,
        &serde_json::json!({"error": {"code": code, "message": message}}),
    )
}

/// 404 for paths the API does not have.
pub(crate) fn not_found(path: &str) -> Resp {
    error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        &format!("no route for {path}"),
    )
}

/// 405 with an `Allow` header listing what the path accepts.
pub(crate) fn method_not_allowed(method: &hyper::Method, path: &str, allow: &str) -> Resp {
    let mut resp = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        &format!("{method} is not allowed on {path} (allowed: {allow})"),
    );
    if let Ok(v) = HeaderValue::from_str(allow) {
        resp.headers_mut().insert(hyper::header::ALLOW, v);
    }
    resp
}

/// Decodes one `application/x-www-form-urlencoded` query component (`+` is a space), lossy.
pub(crate) fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The decoded value of query parameter `name` (first occurrence).
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (url_decode(k) == name).then(|| url_decode(v))
    })
}

/// Every decoded value of query parameter `name`, in order (`a=1&a=2`).
pub(crate) fn query_params(query: Option<&str>, name: &str) -> Vec<String> {
    query.map_or_else(Vec::new, |q| {
        q.split('&')
            .filter_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (url_decode(k) == name).then(|| url_decode(v))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_queries() {
        assert_eq!(
            url_decode("Customer+Portal%20Analytics"),
            "Customer Portal Analytics"
        );
        assert_eq!(url_decode("Ventes%20%C3%89t%C3%A9"), "Ventes Été");
        assert_eq!(url_decode("100%"), "100%");
        assert_eq!(url_decode("%zz"), "%zz");
        assert_eq!(
            query_param(Some("a=1&dataAppName=x+y"), "dataAppName").as_deref(),
            Some("x y")
        );
        assert_eq!(query_param(Some("a"), "a").as_deref(), Some(""));
        assert_eq!(query_param(None, "a"), None);
    }

    #[test]
    fn repeated_params() {
        assert_eq!(
            query_params(Some("a=1&b=2&a=x+y"), "a"),
            ["1".to_owned(), "x y".to_owned()]
        );
        assert!(query_params(None, "a").is_empty());
    }
}
