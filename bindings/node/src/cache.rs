//! `NativeGuestTokenCache`: the core `GuestTokenCache` behind the JS `GuestTokenCache` class.
//!
//! Conversion only: the options object goes to the core as given, a request is parsed by the
//! core synchronously (a bad one throws at once), `get` runs on napi's tokio runtime, and a
//! token comes back as a `NativeGuestToken`, which `node/lib/token.js` wraps.

use databrain::{CacheOptions, GuestTokenCache};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::client::NativeClient;
use crate::convert::JsInput;
use crate::errors::to_napi;
use crate::telemetry::{self, NativeCallTrace, traced};
use crate::token::NativeGuestToken;

#[napi]
pub struct NativeGuestTokenCache {
    cache: GuestTokenCache,
}

#[napi]
impl NativeGuestTokenCache {
    /// `options`: the JS options object exactly as given (may be undefined).
    #[napi(constructor)]
    pub fn new(env: &Env, client: &NativeClient, options: Unknown<'_>) -> Result<Self> {
        let options = CacheOptions::from_options(&JsInput(options)).map_err(|e| to_napi(env, &e))?;
        let cache = GuestTokenCache::with_options(client.core().clone(), options).map_err(|e| to_napi(env, &e))?;
        Ok(NativeGuestTokenCache { cache })
    }

    /// Resolves to the token. Throws synchronously on a validation error.
    #[napi(ts_return_type = "Promise<NativeGuestToken>")]
    pub fn get<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        json: Option<String>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, NativeGuestToken>> {
        let request = crate::convert::guest_token_request(request, json.as_deref()).map_err(|e| to_napi(env, &e))?;
        crate::convert::warn_units(env, &request)?;
        let cache = self.cache.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move { traced(trace, cache.get(&request)).await.map(NativeGuestToken) })
    }

    /// A fresh cached token, or null (then call `get`): no runtime hop.
    #[napi]
    /// With `json` (the request's text), a text seen before is not parsed again (the core's
    /// text memo).
    pub fn get_fresh(&self, env: &Env, request: Unknown<'_>, json: Option<String>) -> Result<Option<NativeGuestToken>> {
        let token = match json {
            Some(text) => self
                .cache
                .get_fresh_text(&text, || crate::convert::guest_token_request(request, Some(&text))),
            None => crate::convert::guest_token_request(request, None).and_then(|r| self.cache.get_fresh(&r)),
        };
        Ok(token.map_err(|e| to_napi(env, &e))?.map(NativeGuestToken))
    }

    #[napi]
    pub fn invalidate(&self, client_id: String) -> u32 {
        self.cache.invalidate(&client_id) as u32
    }

    #[napi]
    pub fn clear(&self) {
        self.cache.clear();
    }

    #[napi(ts_return_type = "Record<string, number>")]
    pub fn stats(&self) -> serde_json::Value {
        serde_json::to_value(self.cache.stats()).unwrap_or_default()
    }
}
