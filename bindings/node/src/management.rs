//! The management rows (`databrain::management::OPERATIONS`) by name: `NativeClient.call`,
//! `NativeClient.paginate` and the `NativePages` stream it returns, plus the `operations()`
//! table the JS wrapper builds its namespaces from.
//!
//! Conversion only. The request is parsed and checked by the core's row once, synchronously (a
//! bad request throws at once, nothing is sent); the parsed call is owned data the shared tokio
//! runtime sends, so nothing is converted to JSON or parsed twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use databrain::management::{CallOptions, ListOptions, OPERATIONS, Paginator, PreparedCall};
use databrain::Client;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Value, json};

use crate::convert::JsInput;
use crate::errors::to_napi;
use crate::telemetry::{self, NativeCallTrace, traced};

/// Per-call options (`{credential, legacy}`), read and checked by the core.
pub(crate) fn call_options(env: &Env, options: Option<Unknown<'_>>) -> Result<CallOptions> {
    match options {
        Some(v) => CallOptions::from_input(&JsInput(v)).map_err(|e| to_napi(env, &e)),
        None => Ok(CallOptions::default()),
    }
}

/// The request parsed and checked by its row on the JS thread (throwing at once); the result
/// is owned data the runtime sends without converting or parsing it again.
pub(crate) fn prepare(
    env: &Env,
    client: &Client,
    name: &str,
    request: Option<Unknown<'_>>,
    options: &CallOptions,
) -> Result<PreparedCall> {
    match request {
        Some(r) => client.prepare_call(name, &JsInput(r), options),
        None => client.prepare_call(name, &&Value::Null, options),
    }
    .map_err(|e| to_napi(env, &e))
}

/// Sends a prepared request (every page of a list, or page `page` alone).
pub(crate) async fn send(client: Client, call: PreparedCall, page: Option<u32>) -> databrain::Result<Value> {
    client.send_prepared(&call, &ListOptions { page }).await
}

pub(crate) fn paginate(
    env: &Env,
    client: &Client,
    name: &str,
    request: Option<Unknown<'_>>,
    options: &CallOptions,
) -> Result<NativePages> {
    let call = prepare(env, client, name, request, options)?;
    let paginator = client.paginate_prepared(call).map_err(|e| to_napi(env, &e))?;
    Ok(NativePages {
        inner: Arc::new(tokio::sync::Mutex::new(paginator)),
        done: Arc::new(AtomicBool::new(false)),
    })
}

/// A list read one page at a time.
#[napi]
pub struct NativePages {
    inner: Arc<tokio::sync::Mutex<Paginator<Value>>>,
    /// The core's [`Paginator::is_done`] after the last page, so the JS side opens no span for
    /// a `next_page` that sends nothing.
    done: Arc<AtomicBool>,
}

#[napi]
impl NativePages {
    /// Resolves to the next page's items, or null once the list is exhausted. Under `trace`
    /// (one per page), the page's request carries its context and leaves its record.
    #[napi(ts_return_type = "Promise<any[] | null>")]
    pub fn next_page<'env>(&self, env: &'env Env, trace: Option<&NativeCallTrace>) -> Result<PromiseRaw<'env, Value>> {
        let inner = self.inner.clone();
        let done = self.done.clone();
        let trace = telemetry::trace(trace);
        crate::completions::spawn(env, async move {
            let mut pages = inner.lock().await;
            let page = traced(trace, pages.next_page()).await?;
            done.store(pages.is_done(), Ordering::Release);
            Ok(page.map(Value::Array).unwrap_or(Value::Null))
        })
    }

    /// Whether the list is known to be exhausted: a further `nextPage` resolves to null
    /// without a request.
    #[napi(getter)]
    pub fn done(&self) -> bool {
        self.done.load(Ordering::Acquire)
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
