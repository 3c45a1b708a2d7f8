//! The management rows (`databrain::management::OPERATIONS`) by name: `NativeClient.call`,
//! `NativeClient.paginate` and the `NativePages` stream it returns, plus the `operations()`
//! table the JS wrapper builds its namespaces from.
//!
//! Conversion only. The request is parsed and checked by the core's row synchronously (a bad
//! request throws at once, nothing is sent), then read as JSON so the call can run on the
//! shared tokio runtime; the core parses it again (identically) when it sends.

use std::sync::Arc;

use databrain::input::to_json;
use databrain::management::{CallOptions, ListOptions, OPERATIONS, Paginator, operation};
use databrain::{Client, Credential, Error};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Value, json};

use crate::convert::JsInput;
use crate::errors::to_napi;

fn json_of(value: Option<Unknown<'_>>) -> Result<Value> {
    match value {
        Some(v) => to_json(&JsInput(v)).map_err(|errors| to_napi(&Error::Validation(errors))),
        None => Ok(Value::Null),
    }
}

/// `{credential: 'apiKey' | 'serviceToken', legacy: boolean}` (either may be absent).
pub(crate) fn call_options(options: Option<Unknown<'_>>) -> Result<CallOptions> {
    let options = json_of(options)?;
    let mut out = CallOptions::default();
    if let Some(credential) = options.get("credential").filter(|v| !v.is_null()) {
        out.credential = Some(match credential.as_str() {
            Some("apiKey") => Credential::ApiKey,
            Some("serviceToken") => Credential::ServiceToken,
            _ => {
                return Err(to_napi(&Error::Configuration(format!(
                    "unknown credential {credential}; expected \"apiKey\" or \"serviceToken\""
                ))));
            }
        });
    }
    if let Some(legacy) = options.get("legacy").filter(|v| !v.is_null()) {
        out.legacy = legacy.as_bool().ok_or_else(|| {
            to_napi(&Error::Configuration(format!(
                "legacy must be a boolean, got {legacy}"
            )))
        })?;
    }
    Ok(out)
}

/// The request checked by its row (throwing at once) and read as JSON.
pub(crate) fn prepare(
    name: &str,
    request: Option<Unknown<'_>>,
    options: &CallOptions,
) -> Result<Value> {
    let op = operation(name).map_err(|e| to_napi(&e))?;
    match request {
        Some(r) => op.parse(&JsInput(r), options),
        None => op.parse(&&Value::Null, options),
    }
    .map_err(|e| to_napi(&e))?;
    json_of(request)
}

/// Sends a prepared request (every page of a list, or page `page` alone).
pub(crate) async fn send(
    client: Client,
    name: String,
    request: Value,
    options: CallOptions,
    page: Option<u32>,
) -> Result<Value> {
    client
        .call_json(&name, &&request, &options, &ListOptions { page })
        .await
        .map_err(|e| to_napi(&e))
}

pub(crate) fn paginate(
    client: &Client,
    name: &str,
    request: Option<Unknown<'_>>,
    options: &CallOptions,
) -> Result<NativePages> {
    let paginator = match request {
        Some(r) => client.paginate_json(name, &JsInput(r), options, &ListOptions::all()),
        None => client.paginate_json(name, &&Value::Null, options, &ListOptions::all()),
    }
    .map_err(|e| to_napi(&e))?;
    Ok(NativePages {
        inner: Arc::new(tokio::sync::Mutex::new(paginator)),
    })
}

/// A list read one page at a time.
#[napi]
pub struct NativePages {
    inner: Arc<tokio::sync::Mutex<Paginator<Value>>>,
}

#[napi]
impl NativePages {
    /// Resolves to the next page's items, or null once the list is exhausted.
    #[napi(ts_return_type = "Promise<any[] | null>")]
    pub fn next_page<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Value>> {
        let inner = self.inner.clone();
        crate::completions::spawn(env, async move {
            let page = inner
                .lock()
                .await
                .next_page()
                .await
                .map_err(|e| to_napi(&e))?;
            Ok(page.map(Value::Array).unwrap_or(Value::Null))
        })
    }
}

/// `[{name, method, path, paginated}]` of every management row, from the core.
// Called from JS only: `cargo test` builds see no caller.
#[allow(dead_code)]
#[napi]
pub fn operations() -> Value {
    Value::Array(
        OPERATIONS
            .iter()
            .map(|op| {
                let e = &op.endpoint;
                json!({"name": e.name, "method": e.method.as_str(), "path": e.path, "paginated": op.paginated})
            })
            .collect(),
    )
}
