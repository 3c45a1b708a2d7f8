//! Shared helpers for the loopback tests: one reqwest client per test (pooled connections are
//! tied to the test's runtime) and a compact view of each reply.
#![allow(dead_code)] // each test binary uses a different subset

use databrain_mock::MockServer;
use reqwest::header::HeaderMap;
use serde_json::Value;

pub const GUEST: &str = "/api/v2/guest-token/create";
pub const API_TOKENS: &str = "/api/v2/data-app/api-tokens";
pub const DATA_APP: &str = "/api/v2/data-app";
pub const ROTATE: &str = "/api/v2/data-app/rotate-api";
pub const EMBEDS: &str = "/api/v2/data-app/embeds";
pub const WORKSPACE: &str = "/api/v2/workspace";
pub const DATAMARTS: &str = "/api/v2/data-app/datamarts";

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as JSON, `Value::Null` when it is not JSON.
    pub json: Value,
}

impl Reply {
    /// `error.code` of an error body ("" when absent).
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an error reply with this status and code, in exactly the documented shape.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "body: {}",
            self.text
        );
        let obj = self.json.as_object().expect("error body is an object");
        assert_eq!(obj.len(), 1, "only an `error` key: {}", self.text);
        let err = self.json["error"].as_object().unwrap();
        let mut keys: Vec<&str> = err.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["code", "message"], "{}", self.text);
        assert!(!err["message"].as_str().unwrap().is_empty());
    }
}

pub struct Ctx {
    pub mock: MockServer,
    pub http: reqwest::Client,
}

impl Ctx {
    pub async fn new() -> Ctx {
        Ctx::with(MockServer::start().await.expect("mock starts"))
    }

    pub fn with(mock: MockServer) -> Ctx {
        Ctx {
            mock,
            http: reqwest::Client::new(),
        }
    }

    /// Sends `body` as JSON (or nothing) with an optional bearer credential.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let req = self.request(method, path, auth);
        let req = match body {
            Some(b) => req.json(&b),
            None => req,
        };
        reply(
            req.send()
                .await
                .expect("request succeeds at the HTTP level"),
        )
        .await
    }

    /// Sends a raw (not necessarily JSON) body.
    pub async fn call_raw(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: &str,
    ) -> Reply {
        let req = self
            .request(method, path, auth)
            .header("content-type", "application/json")
            .body(body.to_owned());
        reply(
            req.send()
                .await
                .expect("request succeeds at the HTTP level"),
        )
        .await
    }

    pub fn request(&self, method: &str, path: &str, auth: Option<&str>) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let req = self
            .http
            .request(method, format!("{}{path}", self.mock.url()));
        match auth {
            Some(a) => req.bearer_auth(a),
            None => req,
        }
    }

    /// Guest-token request with the default API key.
    pub async fn guest(&self, body: Value) -> Reply {
        self.call(
            "POST",
            GUEST,
            Some(databrain_mock::DEFAULT_API_KEY),
            Some(body),
        )
        .await
    }

    /// Request with the default service token.
    pub async fn service(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.call(
            method,
            path,
            Some(databrain_mock::DEFAULT_SERVICE_TOKEN),
            body,
        )
        .await
    }
}

impl Ctx {
    /// Request with the default data-app API key (`sales-dashboard`).
    pub async fn da(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(databrain_mock::DEFAULT_API_KEY), body)
            .await
    }

    /// A guest token for `sales-dashboard` with these `params`, minted with `key`.
    pub async fn mint(&self, key: &str, params: Value) -> String {
        let r = self
            .call(
                "POST",
                GUEST,
                Some(key),
                Some(serde_json::json!({"clientId": "c", "dataAppName": "sales-dashboard", "params": params})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json["token"].as_str().unwrap().to_owned()
    }
}

impl Reply {
    /// Asserts a 200 and returns the body.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "body: {}", self.text);
        &self.json
    }

    /// `data` as an array (panics otherwise).
    #[track_caller]
    pub fn items(&self) -> &Vec<Value> {
        self.ok()["data"]
            .as_array()
            .unwrap_or_else(|| panic!("no data array: {}", self.text))
    }

    /// `field` of each item of `data`, as strings.
    #[track_caller]
    pub fn names(&self, field: &str) -> Vec<String> {
        self.items()
            .iter()
            .map(|i| i[field].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

pub async fn reply(resp: reqwest::Response) -> Reply {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body readable");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}

/// True for a lower-case hyphenated UUID version 4.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && s.chars().enumerate().all(|(i, c)| {
            [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
        })
}
