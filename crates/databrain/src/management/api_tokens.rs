//! Data-app API keys: create (SPEC.md §2, [`crate::Client::create_api_token`]) and list with
//! the service token; rotate with the key being rotated (or, in the older form, the service
//! token and the key in the body).

use serde::{Deserialize, Serialize};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Kind, Operation, check_as, check_list, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::request::models::api_token::ApiTokenRequest;
use crate::net::retry::Idempotency;
use crate::request::valid::Checked;

/// `GET /api/v2/data-app/api-tokens?dataAppName=` (+ pagination): the data app's live keys.
pub const LIST: Operation = Operation {
    endpoint: Endpoint {
        name: "api_tokens.list",
        method: Method::Get,
        path: "/api/v2/data-app/api-tokens",
        legacy_path: None,
        credential: Credential::ServiceToken,
        idempotency: Idempotency::Safe,
    },
    legacy_method: None,
    legacy_credential: None,
    fixed_credential: false,
    summary: "",
    legacy_required: &[],
    fields: &[required("dataAppName", Kind::Name)],
    rules: &[],
    paginated: true,
    envelope: Envelope::Data,
    request: "ListApiTokens",
    response: "Vec<ApiToken>",
    check: check_list::<ApiToken>,
};

/// `POST /api/v2/data-app/rotate-api` `{expireAt}` with the key being rotated → `{key}`, the
/// new key; the old one keeps working for `expireAt` seconds. The older form (legacy option)
/// authorises with the service token and names the key: `{key, expireAt}`. Mints a key: never
/// re-sent once it may have reached Databrain.
pub const ROTATE: Operation = Operation {
    endpoint: Endpoint {
        name: "api_tokens.rotate",
        method: Method::Post,
        path: "/api/v2/data-app/rotate-api",
        legacy_path: None,
        credential: Credential::ApiKey,
        idempotency: Idempotency::NotSafe,
    },
    legacy_method: None,
    legacy_credential: Some(Credential::ServiceToken),
    fixed_credential: false,
    summary: "",
    legacy_required: &["key"],
    fields: &[optional("key", Kind::Id), required("expireAt", Kind::Seconds)],
    rules: &[],
    paginated: false,
    envelope: Envelope::Body,
    request: "RotateApiToken",
    response: "ApiKey",
    check: check_as::<ApiKey>,
};

/// One key of a data app, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    /// The key itself.
    pub key: String,
    /// Its label.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// ISO timestamp.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `{key}`: a new key (shown once).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKey {
    /// The key.
    pub key: String,
}

/// Never prints the key.
impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey").field("key", &"<redacted>").finish()
    }
}

/// `api_tokens.list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListApiTokens {
    /// The data app whose keys to list.
    pub data_app_name: String,
}

/// `api_tokens.rotate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RotateApiToken {
    /// The key to rotate: only in the older, service-token form (legacy option).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Seconds during which the old key keeps working (0 = it stops at once): a number, or a
    /// numeric string.
    #[cfg_attr(feature = "schema", schemars(schema_with = "crate::management::row::seconds_schema"))]
    pub expire_at: serde_json::Value,
}

impl RotateApiToken {
    /// Rotate the calling key; the old one works `grace_seconds` longer.
    pub fn new(grace_seconds: u64) -> Self {
        RotateApiToken { key: None, expire_at: grace_seconds.into() }
    }
}

impl Request for ListApiTokens {
    const OPERATION: &'static Operation = &LIST;
}
impl Request for RotateApiToken {
    const OPERATION: &'static Operation = &ROTATE;
}

resource! {
    /// `client.api_tokens()`: data-app API keys.
    ApiTokens
}

impl ApiTokens<'_> {
    /// Creates a key ([`crate::Client::create_api_token`]): `{key}`, shown once.
    pub async fn create(&self, request: &impl Checked<ApiTokenRequest>) -> Result<String> {
        self.client.create_api_token(request).await
    }

    /// The live keys of a data app (a rotated key is listed during its grace period).
    pub fn list(&self, data_app_name: impl Into<String>, list: &ListOptions) -> Result<Paginator<ApiToken>> {
        self.client.list(&LIST, &ListApiTokens { data_app_name: data_app_name.into() }, self.options, list)
    }

    /// Rotates the client's data-app API key: the new key, while the old one keeps working for
    /// `grace_seconds`. With [`ApiTokens::legacy`], rotates `key` with the service token.
    pub async fn rotate(&self, request: &RotateApiToken) -> Result<ApiKey> {
        self.client.run(&ROTATE, request, self.options).await
    }
}
