//! The seed: which credentials and data apps the mock starts with (and returns to on reset).

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Service token of the default seed (organisation-level: manages data apps and API keys).
pub const DEFAULT_SERVICE_TOKEN: &str = "33333333-3333-4333-8333-333333333333";
/// API key of the default seed's data app `sales-dashboard`.
pub const DEFAULT_API_KEY: &str = "11111111-1111-4111-8111-111111111111";
/// API key of the default seed's data app `Customer Portal Analytics`.
pub const DEFAULT_PORTAL_API_KEY: &str = "22222222-2222-4222-8222-222222222222";

/// Name of the default seed's first data app (owner of [`DEFAULT_API_KEY`]).
pub const DEFAULT_DATA_APP: &str = "sales-dashboard";
/// Name of the default seed's second data app (owner of [`DEFAULT_PORTAL_API_KEY`]).
pub const DEFAULT_PORTAL_DATA_APP: &str = "Customer Portal Analytics";

/// Initial state of a [`crate::MockServer`]. JSON form (camelCase):
///
/// ```json
/// {"serviceTokens": ["…"],
///  "dataApps": [{"name": "sales-dashboard", "apiKeys": ["…"], "datasources": [], "embeds": []}],
///  "rateLimit": {"perSecond": 50.0, "burst": 10}}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    /// Service tokens accepted on the data-app and API-token management endpoints.
    #[serde(default)]
    pub service_tokens: Vec<String>,
    /// Data apps, in listing order.
    #[serde(default)]
    pub data_apps: Vec<SeedDataApp>,
    /// Optional token-bucket rate limit applied per credential; `None` = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
}

/// One seeded data app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedDataApp {
    /// The data app's name, as sent in `dataAppName`.
    pub name: String,
    /// Data-app API keys that authorise guest tokens for this app (listed as "Default key").
    #[serde(default)]
    pub api_keys: Vec<String>,
    /// Datasource names. With two or more, guest-token requests must name one in
    /// `datasourceName`; when non-empty, a given `datasourceName` must be one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasources: Vec<String>,
    /// Embeds reported by the data-app listing (free-form JSON objects).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<serde_json::Value>,
}

/// Token bucket per credential: `burst` requests at once, refilled at `per_second`.
/// Requests over the limit get 429 `RATE_LIMIT_EXCEEDED` with a `Retry-After` in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    /// Refill rate, tokens per second (> 0).
    pub per_second: f64,
    /// Bucket size (>= 1).
    pub burst: u32,
}

/// Why a seed was refused.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The text is not JSON of the seed's shape.
    #[error("seed is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// The seed file could not be read.
    #[error("cannot read seed file: {0}")]
    Io(#[from] std::io::Error),
    /// The seed is well-formed but inconsistent (duplicate names or credentials, …).
    #[error("invalid seed: {0}")]
    Invalid(String),
}

impl Default for Seed {
    /// The documented default: `sales-dashboard` with [`DEFAULT_API_KEY`], `Customer Portal
    /// Analytics` with [`DEFAULT_PORTAL_API_KEY`], one service token, no rate limit.
    fn default() -> Self {
        let app = |name: &str, key: &str| SeedDataApp {
            name: name.to_owned(),
            api_keys: vec![key.to_owned()],
            datasources: Vec::new(),
            embeds: Vec::new(),
        };
        Seed {
            service_tokens: vec![DEFAULT_SERVICE_TOKEN.to_owned()],
            data_apps: vec![
                app(DEFAULT_DATA_APP, DEFAULT_API_KEY),
                app(DEFAULT_PORTAL_DATA_APP, DEFAULT_PORTAL_API_KEY),
            ],
            rate_limit: None,
        }
    }
}

impl Seed {
    /// Parses and validates a seed from its JSON form.
    pub fn from_json(s: &str) -> Result<Seed, SeedError> {
        let seed: Seed = serde_json::from_str(s)?;
        seed.validate()?;
        Ok(seed)
    }

    /// Reads a seed JSON file (see [`Seed::from_json`]).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        Seed::from_json(&std::fs::read_to_string(path)?)
    }

    /// Checks consistency: every credential is non-empty, header-safe and used once (a key
    /// shared by two apps, or also used as a service token, would make auth ambiguous), data-app
    /// names are unique and non-empty, and the rate limit is positive.
    pub fn validate(&self) -> Result<(), SeedError> {
        let invalid = |m: String| Err(SeedError::Invalid(m));
        let mut creds = HashSet::new();
        let all_creds = self
            .service_tokens
            .iter()
            .chain(self.data_apps.iter().flat_map(|a| a.api_keys.iter()));
        for c in all_creds {
            if c.is_empty() || c.chars().any(|ch| ch.is_control()) || c.trim() != c {
                return invalid(format!("credential {c:?} is empty or not header-safe"));
            }
            if !creds.insert(c.as_str()) {
                return invalid(format!("credential {c:?} is used more than once"));
            }
        }
        let mut names = HashSet::new();
        for app in &self.data_apps {
            if app.name.is_empty() {
                return invalid("a data app has an empty name".into());
            }
            if !names.insert(app.name.as_str()) {
                return invalid(format!("data app {:?} appears twice", app.name));
            }
        }
        if let Some(rl) = self.rate_limit
            && (!(rl.per_second.is_finite() && rl.per_second > 0.0) || rl.burst == 0)
        {
            return invalid("rateLimit needs perSecond > 0 and burst >= 1".into());
        }
        Ok(())
    }
}
