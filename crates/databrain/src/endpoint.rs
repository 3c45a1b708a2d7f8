//! The endpoint table: every call the client makes is one row of data here (method, path,
//! legacy path, credential, retry safety), read by the one client.

use crate::net::retry::Idempotency;

/// Which credential authorises a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A data app's API key (`DATABRAIN_API_KEY`).
    ApiKey,
    /// The organisation's service token (`DATABRAIN_SERVICE_TOKEN`).
    ServiceToken,
}

impl Credential {
    /// What it is called in messages: "the service token", "a data-app API key".
    pub fn noun(self) -> &'static str {
        match self {
            Credential::ApiKey => "a data-app API key (api_key / apiKey, DATABRAIN_API_KEY)",
            Credential::ServiceToken => "the service token (service_token / serviceToken, DATABRAIN_SERVICE_TOKEN)",
        }
    }

    /// What to tell a user who has not configured it, in the words of the constructor they
    /// used: the option's spelling in their language, and the variable only if it is read.
    pub(crate) fn missing_message(self, front: Front, reads_env: bool) -> String {
        let (what, env, rust, python, node) = match self {
            Credential::ApiKey => ("a data-app API key", crate::config::ENV_API_KEY, "api_key", "api_key", "apiKey"),
            Credential::ServiceToken => {
                ("a service token", crate::config::ENV_SERVICE_TOKEN, "service_token", "service_token", "serviceToken")
            }
        };
        let pass = match front {
            Front::Rust => format!("call .{rust}(...) on Client::builder()"),
            Front::Python => format!("pass Databrain({python}=...)"),
            Front::Node => format!("pass new Databrain({{ {node} }})"),
            Front::Cli => return format!("this call needs {what}: set {env}"),
        };
        if reads_env {
            format!("this call needs {what}: {pass} or set {env}")
        } else {
            format!("this call needs {what}: {pass} (this client reads no environment variable, so {env} is ignored)")
        }
    }
}

/// The front end a client was built from, so a message names the caller's own spelling
/// (`apiKey` in Node, `api_key=` in Python, `.api_key()` in Rust).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Front {
    Rust,
    Python,
    Node,
    Cli,
}

impl Front {
    /// From the builder's `language` (`python 3.12.1`, `node 20.1.0`, `cli`, `rust`).
    pub(crate) fn of(language: &str) -> Front {
        let word = language.split_whitespace().next().unwrap_or("");
        match word {
            "python" => Front::Python,
            "node" => Front::Node,
            "cli" => Front::Cli,
            _ => Front::Rust,
        }
    }
}

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// One call of Databrain's API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// A stable name (`guest_token.create`), the telemetry operation id.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The documented path.
    pub path: &'static str,
    /// The older path Databrain still answers ("deprecated soon"), for older self-hosted installs.
    pub legacy_path: Option<&'static str>,
    /// The credential that authorises it.
    pub credential: Credential,
    /// Whether it may be re-sent after it may have reached Databrain.
    pub idempotency: Idempotency,
}

/// `POST /api/v2/guest-token/create`: a guest token for one end user. A second token is
/// harmless, so every transient failure is retried.
pub const GUEST_TOKEN_CREATE: Endpoint = Endpoint {
    name: "guest_token.create",
    method: Method::Post,
    path: "/api/v2/guest-token/create",
    legacy_path: None,
    credential: Credential::ApiKey,
    idempotency: Idempotency::Safe,
};

/// `POST /api/v2/data-app/api-tokens`: a new data-app API key, shown once. Never re-sent
/// once it may have reached Databrain (a second key would be minted).
pub const API_TOKEN_CREATE: Endpoint = Endpoint {
    name: "api_token.create",
    method: Method::Post,
    path: "/api/v2/data-app/api-tokens",
    legacy_path: Some("/api/v2/dataApp/api-tokens"),
    credential: Credential::ServiceToken,
    idempotency: Idempotency::NotSafe,
};

/// Guest-token creation, authorised by the data-app API key.
pub const GUEST_TOKEN_PATH: &str = GUEST_TOKEN_CREATE.path;
/// Data-app API-key creation, authorised by the service token.
pub const API_TOKENS_PATH: &str = API_TOKEN_CREATE.path;
/// "Deprecated soon" per Databrain's docs; kept for older self-hosted installs.
pub const LEGACY_API_TOKENS_PATH: &str = match API_TOKEN_CREATE.legacy_path {
    Some(path) => path,
    None => panic!("the API-token endpoint has a legacy path"),
};
