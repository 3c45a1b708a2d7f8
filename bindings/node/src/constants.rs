//! The core's constants and tables, exported so the npm package never re-types them.

use databrain::{ENDPOINTS, Error, ErrorKind};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_PORTAL_API_KEY, DEFAULT_PORTAL_DATA_APP, DEFAULT_SERVICE_TOKEN};
use napi::Env;
use napi_derive::napi;
use serde_json::{Map, Value, json};

use crate::errors::to_napi;

/// Defaults, limits, API paths, the error class → default code table and the mock's seed.
// Called from JS only: `cargo test` builds see no caller.
#[allow(dead_code)]
#[napi]
pub fn constants() -> Value {
    let codes: Map<String, Value> =
        ErrorKind::ALL.iter().map(|k| (k.class_name().to_owned(), json!(k.default_code()))).collect();
    let endpoints: Map<String, Value> = ENDPOINTS
        .iter()
        .map(|e| (e.name.to_owned(), json!({"method": e.method.as_str(), "path": e.path, "legacyPath": e.legacy_path})))
        .collect();
    json!({
        "defaultBaseUrl": databrain::DEFAULT_BASE_URL,
        "defaultTimeoutMs": databrain::DEFAULT_TIMEOUT.as_millis() as u64,
        "defaultConnectTimeoutMs": databrain::DEFAULT_CONNECT_TIMEOUT.as_millis() as u64,
        "defaultMaxRetries": databrain::DEFAULT_MAX_RETRIES,
        "maxDepth": databrain::MAX_DEPTH,
        "maxValues": databrain::MAX_VALUES,
        "optionKeys": databrain::OPTION_KEYS,
        "guestTokenPath": databrain::GUEST_TOKEN_PATH,
        "apiTokensPath": databrain::API_TOKENS_PATH,
        "legacyApiTokensPath": databrain::LEGACY_API_TOKENS_PATH,
        "endpoints": endpoints,
        // Items per page of a management list: a shorter page ends it.
        "pageSize": databrain::PAGE_SIZE,
        // The call table's names of the two SPEC.md calls (telemetry's operation ids).
        "guestTokenOperation": databrain::GUEST_TOKEN_CREATE.name,
        "apiTokenOperation": databrain::API_TOKEN_CREATE.name,
        // The two workflows' operation ids (their spans are `databrain.{id}`).
        "provisionTenantOperation": databrain::management::PROVISION_TENANT,
        "rotateApiKeyOperation": databrain::management::ROTATE_API_KEY,
        "defaultCodes": codes,
        "mock": {
            "apiKey": DEFAULT_API_KEY,
            "portalApiKey": DEFAULT_PORTAL_API_KEY,
            "serviceToken": DEFAULT_SERVICE_TOKEN,
            "dataApp": DEFAULT_DATA_APP,
            "portalDataApp": DEFAULT_PORTAL_DATA_APP,
        },
    })
}

/// Throws the example error of `kind` as the binding raises it, for the suite's walk of
/// `tests/vectors/error_kinds.json`.
#[allow(dead_code)]
#[napi]
pub fn error_example(env: &Env, kind: String) -> napi::Result<()> {
    match ErrorKind::from_name(&kind) {
        Some(kind) => Err(to_napi(env, &Error::example(kind))),
        None => Err(napi::Error::from_reason(format!("no error kind {kind:?}"))),
    }
}
