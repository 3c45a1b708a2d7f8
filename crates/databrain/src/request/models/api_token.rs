//! `POST /api/v2/data-app/api-tokens`: the request body.

use serde::{Deserialize, Serialize};

/// A new data-app API key. Not idempotent: the SDK never retries it once it may have reached
/// Databrain, because a retry could mint a second key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiTokenRequest {
    /// Must exactly match an existing data app.
    pub data_app_name: String,
    /// A label for the key, e.g. "Production API Key".
    pub name: String,
    /// Send to the deprecated `/api/v2/dataApp/api-tokens` path instead of the kebab-case one.
    #[serde(skip)]
    pub legacy_endpoint: bool,
    /// Fields this SDK does not model yet, deep-merged into the body after validation.
    #[serde(skip)]
    pub extra_body: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ApiTokenRequest {
    /// A key labelled `name` for the data app `data_app_name`.
    pub fn new(data_app_name: impl Into<String>, name: impl Into<String>) -> Self {
        ApiTokenRequest { data_app_name: data_app_name.into(), name: name.into(), ..Default::default() }
    }

    /// Use the deprecated camelCase path.
    pub fn legacy_endpoint(mut self, legacy: bool) -> Self {
        self.legacy_endpoint = legacy;
        self
    }

    /// Fields this SDK does not model yet, merged into the body after validation.
    pub fn extra_body(mut self, extra: serde_json::Map<String, serde_json::Value>) -> Self {
        self.extra_body = Some(extra);
        self
    }
}
