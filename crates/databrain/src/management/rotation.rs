//! `rotate_api_key`: a new data-app API key while the old one keeps working for a grace
//! period, so the new one can be deployed before the old one stops.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::api_tokens::RotateApiToken;
use super::provision::step_error;
use super::request::CallOptions;
use super::row::{Field, Kind, optional, required};
use crate::client::Client;
use crate::endpoint::Credential;
use crate::error::{Error, FieldError, Result};
use crate::request::input::Input;
use crate::request::parse::{Parser, spec};
use crate::request::valid::{Checked, Valid};

/// The workflow's operation id: its errors name it, and its telemetry call span is
/// `databrain.rotate_api_key`.
pub const ROTATE_API_KEY: &str = "rotate_api_key";

/// The fields of a [`KeyRotation`]'s loose form.
pub const ROTATION_FIELDS: &[Field] = &[required("grace", Kind::Seconds), optional("key", Kind::Id)];

/// What [`Client::rotate_api_key`] rotates.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyRotation {
    /// Seconds the old key keeps working (0 = it stops at once): a number or a numeric string.
    pub grace: Value,
    /// The key to rotate, for the older service-token form ([`CallOptions::legacy`]); the
    /// documented form rotates the key the client is authorised by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl std::fmt::Debug for KeyRotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRotation").field("grace", &self.grace).field("key", &self.key.as_ref().map(|_| "<redacted>")).finish()
    }
}

impl KeyRotation {
    /// Rotate the client's key; the old one works `grace` longer (whole seconds are sent).
    pub fn new(grace: std::time::Duration) -> Self {
        KeyRotation { grace: grace.as_secs().into(), key: None }
    }

    /// Rotate `key` (the older service-token form: pair with [`CallOptions::legacy`]).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Reads and checks a loose rotation (`{grace, key?}`): every problem with its path.
    pub fn from_input<I: Input>(input: &I) -> Result<Valid<KeyRotation>> {
        let fields = Parser::run(|p| spec::record(p, ROTATION_FIELDS, input))?.0;
        serde_json::from_value(Value::Object(fields))
            .map(Valid)
            .map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))
    }

    /// Checks every rule.
    pub fn validate(&self) -> Result<Valid<KeyRotation>> {
        let value = serde_json::to_value(self).map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))?;
        KeyRotation::from_input(&&value)
    }
}

impl Checked<KeyRotation> for KeyRotation {
    fn checked(&self) -> Result<&KeyRotation> {
        self.validate().map(|_| self)
    }
}

/// A rotated key: the new one (Databrain shows it once; `Debug` never prints it) and how long
/// the old one keeps working.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotatedKey {
    /// The new key, valid at once.
    pub key: String,
    /// Seconds the old key keeps working from the rotation.
    pub grace_seconds: f64,
}

impl std::fmt::Debug for RotatedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotatedKey").field("key", &"<redacted>").field("grace_seconds", &self.grace_seconds).finish()
    }
}

impl RotatedKey {
    /// A client authorised by the new key (same pool and settings as `client`).
    pub fn client(&self, client: &Client) -> Result<Client> {
        client.with_api_key(&self.key)
    }
}

fn seconds(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

impl Client {
    /// Rotates a data-app API key with a grace period: the new key is returned once and works
    /// at once, while the old key keeps working for `grace` seconds (then Databrain refuses
    /// it with `INVALID_DATA_APP_API_KEY`). Deploy the new key within the grace period.
    ///
    /// Authorised by the key being rotated (the client's API key); with
    /// [`CallOptions::legacy`], the older form rotates [`KeyRotation::key`] with the service
    /// token.
    ///
    /// Failure modes: an invalid `grace` (negative, not a number) or a legacy rotation without
    /// `key` is a validation error and nothing is sent; a missing credential, or one Databrain
    /// refuses (the service token where the key is needed), is a [`Error::Configuration`]
    /// naming the credential needed. The rotation mints a key, so it is **never re-sent** once
    /// it may have reached Databrain: after a timeout or 5xx the rotation may or may not have
    /// happened — list the keys ([`crate::management::api_tokens::ApiTokens::list`]) before
    /// trying again; the old key keeps working either way until a rotation's grace ends.
    pub async fn rotate_api_key(&self, rotation: &impl Checked<KeyRotation>, options: &CallOptions) -> Result<RotatedKey> {
        crate::telemetry::in_workflow(ROTATE_API_KEY, self.rotate_api_key_steps(rotation, options)).await
    }

    async fn rotate_api_key_steps(&self, rotation: &impl Checked<KeyRotation>, options: &CallOptions) -> Result<RotatedKey> {
        let rotation = rotation.checked()?;
        let needs = if options.legacy { Credential::ServiceToken } else { Credential::ApiKey };
        let request = RotateApiToken { key: rotation.key.clone(), expire_at: rotation.grace.clone() };
        let new = self
            .api_tokens()
            .with(*options)
            .rotate(&request)
            .await
            .map_err(|e| match e {
                Error::Validation(_) | Error::Configuration(_) => e,
                e => step_error(ROTATE_API_KEY, "rotate", options.credential.unwrap_or(needs), &[], e),
            })?;
        Ok(RotatedKey { key: new.key, grace_seconds: seconds(&rotation.grace) })
    }
}
