//! `NativeClient`: the core `Client` behind the JS `Databrain` class.
//!
//! Each create call has the core parse and validate its input in one walk over the JS values,
//! synchronously (a bad request throws at
//! once, no promise, no runtime hop), then runs the request on napi's shared tokio runtime
//! with a clone of the core client (an `Arc`: one connection pool per `Databrain`).

use databrain::{ApiTokenRequest, Client, ClientBuilder, KeyRotation, TenantSpec};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::JsInput;
use crate::errors::to_napi;
use crate::management;
use crate::telemetry::{self, NativeCallTrace, traced};

#[napi]
pub struct NativeClient {
    client: Client,
}

impl NativeClient {
    /// The core client, for the guest-token cache.
    pub(crate) fn core(&self) -> &Client {
        &self.client
    }
}

#[napi]
impl NativeClient {
    /// `options`: the JS options object exactly as given (may be undefined); the core checks
    /// it, applies its defaults and the `DATABRAIN_*` fallback. `language`: the `User-Agent`
    /// suffix, e.g. `node 20.20.2`, supplied by the JS wrapper.
    #[napi(constructor)]
    pub fn new(env: &Env, options: Unknown<'_>, language: String) -> Result<Self> {
        crate::logs::from_env(env)?;
        let client = ClientBuilder::from_options(&JsInput(options))
            .and_then(|b| b.language(language).build())
            .map_err(|e| to_napi(env, &e))?;
        Ok(NativeClient { client })
    }

    /// Resolves to the token, which the JS wrapper wraps in a `GuestToken`. Throws
    /// synchronously on a validation error.
    #[napi(ts_return_type = "Promise<NativeGuestToken>")]
    pub fn mint_guest_token<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        json: Option<String>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, crate::token::NativeGuestToken>> {
        let request = crate::convert::guest_token_request(request, json.as_deref()).map_err(|e| to_napi(env, &e))?;
        crate::convert::warn_units(env, &request)?;
        let client = self.client.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move {
            traced(trace, client.mint_guest_token(&request)).await.map(crate::token::NativeGuestToken)
        })
    }

    /// The same client (pool, base URL, settings) authorised by another data-app API key.
    #[napi]
    pub fn with_api_key(&self, env: &Env, api_key: String) -> Result<NativeClient> {
        let client = self.client.with_api_key(&api_key).map_err(|e| to_napi(env, &e))?;
        Ok(NativeClient { client })
    }

    /// The same client (pool, base URL, settings) authorised by another service token.
    #[napi]
    pub fn with_service_token(&self, env: &Env, service_token: String) -> Result<NativeClient> {
        let client = self.client.with_service_token(&service_token).map_err(|e| to_napi(env, &e))?;
        Ok(NativeClient { client })
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    #[napi(getter)]
    pub fn has_api_key(&self) -> bool {
        self.client.has_api_key()
    }

    #[napi(getter)]
    pub fn has_service_token(&self) -> bool {
        self.client.has_service_token()
    }

    /// Resolves to the guest token. Throws synchronously on a validation error.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn create_guest_token<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        json: Option<String>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, String>> {
        let request = crate::convert::guest_token_request(request, json.as_deref()).map_err(|e| to_napi(env, &e))?;
        crate::convert::warn_units(env, &request)?;
        let client = self.client.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move { traced(trace, client.create_guest_token(&request)).await })
    }

    /// Resolves to the new data-app API key. Throws synchronously on a validation error.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn create_api_token<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, String>> {
        let request = ApiTokenRequest::from_input(&JsInput(request)).map_err(|e| to_napi(env, &e))?;
        let client = self.client.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move { traced(trace, client.create_api_token(&request)).await })
    }

    /// Calls the management row `name` with a loose request; a list resolves to every item of
    /// every page, or page `page` alone. Throws synchronously on a validation error.
    #[napi(ts_return_type = "Promise<any>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        name: String,
        request: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
        page: Option<u32>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, serde_json::Value>> {
        let options = management::call_options(env, options)?;
        let call = management::prepare(env, &self.client, &name, request, &options)?;
        let client = self.client.clone();
        crate::completions::spawn(env, traced(telemetry::trace(trace), management::send(client, call, page)))
    }

    /// `provisionTenant`: the core's workflow with a loose spec (checked synchronously, nothing
    /// sent when invalid); resolves to what was made or reused. Under `trace`, every request
    /// of the workflow carries its context and joins its record.
    #[napi(ts_return_type = "Promise<any>")]
    pub fn provision_tenant<'env>(
        &self,
        env: &'env Env,
        spec: Unknown<'env>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, serde_json::Value>> {
        let spec = TenantSpec::from_input(&JsInput(spec)).map_err(|e| to_napi(env, &e))?;
        let client = self.client.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move {
            let made = traced(trace, client.provision_tenant(&spec)).await?;
            Ok(serde_json::to_value(made).expect("workflow results always serialise"))
        })
    }

    /// `rotateApiKey`: the core's workflow with a loose `{grace, key?}` and call options; under
    /// `trace` like `provision_tenant`.
    #[napi(ts_return_type = "Promise<any>")]
    pub fn rotate_api_key<'env>(
        &self,
        env: &'env Env,
        rotation: Unknown<'env>,
        options: Option<Unknown<'env>>,
        trace: Option<&NativeCallTrace>,
    ) -> Result<PromiseRaw<'env, serde_json::Value>> {
        let options = management::call_options(env, options)?;
        let rotation = KeyRotation::from_input(&JsInput(rotation)).map_err(|e| to_napi(env, &e))?;
        let client = self.client.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move {
            let rotated = traced(trace, client.rotate_api_key(&rotation, &options)).await?;
            Ok(serde_json::to_value(rotated).expect("workflow results always serialise"))
        })
    }

    /// A paginated management list read page by page. Throws synchronously on a validation
    /// error.
    #[napi]
    pub fn paginate(
        &self,
        env: &Env,
        name: String,
        request: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> Result<management::NativePages> {
        let options = management::call_options(env, options)?;
        management::paginate(env, &self.client, &name, request, &options)
    }
}
