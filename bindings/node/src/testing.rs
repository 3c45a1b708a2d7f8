//! `NativeMockServer`: the `databrain-mock` server for `databrain/testing`.
//!
//! The mock runs on its own thread and tokio runtime (`MockServer::start_in_background`),
//! not on libuv, so it never keeps Node's event loop alive: a test that forgets `close()`
//! still exits, and the server is dropped (stopped, its thread joined) when the JS object is
//! garbage-collected or the environment is torn down at exit.

use databrain_mock::{Fault, MockServer, Seed};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;

use crate::convert::JsInput;

#[napi]
pub struct NativeMockServer {
    /// `None` once closed.
    server: Option<MockServer>,
    url: String,
    api_key: String,
    service_token: String,
}

fn invalid(message: impl std::fmt::Display) -> Error {
    Error::new(Status::InvalidArg, message.to_string())
}

/// A JS argument as JSON, refusing what JSON cannot carry.
fn json_arg(value: Unknown<'_>, what: &str) -> Result<Value> {
    databrain::input::to_json(&JsInput(value)).map_err(|problems| {
        let p = &problems[0];
        invalid(format!("{what}: {}: {}", p.path, p.message))
    })
}

#[napi]
impl NativeMockServer {
    /// `options`: `{port?: number, seed?: object}` (camelCase seed JSON, see the mock crate).
    #[napi(factory)]
    pub fn start(options: Unknown<'_>) -> Result<Self> {
        let options = json_arg(options, "options")?;
        let port = match options.get("port") {
            None | Some(Value::Null) => 0,
            Some(v) => v
                .as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .ok_or_else(|| invalid("options.port: expected a port number"))?,
        };
        let seed = match options.get("seed") {
            None | Some(Value::Null) => Seed::default(),
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| invalid(format!("options.seed: {e}")))?,
        };
        let server = MockServer::start_in_background(seed, port)
            .map_err(|e| invalid(format!("cannot start the mock: {e}")))?;
        Ok(NativeMockServer {
            url: server.url(),
            api_key: server.api_key(),
            service_token: server.service_token(),
            server: Some(server),
        })
    }

    fn live(&self) -> Result<&MockServer> {
        self.server.as_ref().ok_or_else(|| {
            Error::new(
                Status::GenericFailure,
                "the mock server is closed".to_owned(),
            )
        })
    }

    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.api_key.clone()
    }

    #[napi(getter)]
    pub fn service_token(&self) -> String {
        self.service_token.clone()
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.server.is_none()
    }

    /// Recorded API requests (camelCase JSON: method, path, query, headers, auth, body, rawBody).
    #[napi(ts_return_type = "Array<Record<string, unknown>>")]
    pub fn requests(&self) -> Result<Value> {
        serde_json::to_value(self.live()?.requests()).map_err(invalid)
    }

    #[napi]
    pub fn request_count(&self, path: String) -> Result<u32> {
        Ok(u32::try_from(self.live()?.request_count(&path)).unwrap_or(u32::MAX))
    }

    #[napi]
    pub fn clear_requests(&self) -> Result<()> {
        self.live()?.clear_requests();
        Ok(())
    }

    /// Queues a fault, given as the mock's JSON form (`{kind, path?, times?, ...}`).
    #[napi(ts_args_type = "fault: Record<string, unknown>")]
    pub fn inject_fault(&self, fault: Unknown<'_>) -> Result<()> {
        let fault: Fault = serde_json::from_value(json_arg(fault, "fault")?)
            .map_err(|e| invalid(format!("invalid fault: {e}")))?;
        self.live()?.inject(fault);
        Ok(())
    }

    #[napi(ts_return_type = "Array<Record<string, unknown>>")]
    pub fn pending_faults(&self) -> Result<Value> {
        serde_json::to_value(self.live()?.pending_faults()).map_err(invalid)
    }

    #[napi]
    pub fn clear_faults(&self) -> Result<()> {
        self.live()?.clear_faults();
        Ok(())
    }

    #[napi(ts_return_type = "Array<Record<string, unknown>>")]
    pub fn guest_tokens(&self) -> Result<Value> {
        serde_json::to_value(self.live()?.guest_tokens()).map_err(invalid)
    }

    #[napi]
    pub fn guest_token_count(&self) -> Result<u32> {
        Ok(u32::try_from(self.live()?.guest_token_count()).unwrap_or(u32::MAX))
    }

    /// Back to the seed: no created apps or keys, tokens, requests or faults.
    #[napi]
    pub fn reset(&self) -> Result<()> {
        self.live()?.reset();
        Ok(())
    }

    /// Stops the server and joins its thread. Idempotent.
    #[napi]
    pub fn close(&mut self) {
        drop(self.server.take());
    }
}
