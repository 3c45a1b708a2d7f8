//! `_native.GuestTokenCache`: the core's `GuestTokenCache` behind `databrain.GuestTokenCache`
//! and `AsyncGuestTokenCache`. Conversion only: options and keys are the core's; tokens come
//! back as [`NativeGuestToken`]s (`token.rs`).
//!
//! Fork safety: like `NativeClient`, a cache remembers the fork generation it was built in. A
//! forked child gets a new, empty core cache over the child's own core client on its first
//! call; the parent's one (with the parent's connection pool) is leaked there, never dropped.

use std::sync::Mutex;

use databrain::{CacheOptions, CacheStats, GuestTokenCache, Lookup};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::NativeClient;
use crate::convert::PyInput;
use crate::errors::to_py_err;
use crate::runtime;
use crate::telemetry::{self, NativeCallTrace, traced};
use crate::token::NativeGuestToken;

/// The core's lookup: the request parsed and validated, then its fresh token if cached.
fn lookup(cache: &GuestTokenCache, request: &Bound<'_, PyAny>) -> PyResult<Lookup> {
    let found = cache.lookup(&PyInput(request.clone())).map_err(|e| to_py_err(&e))?;
    if let Lookup::Parsed(parsed) = &found {
        crate::client::warn_units(request.py(), parsed)?;
    }
    Ok(found)
}

#[pyclass(module = "databrain._native", name = "GuestTokenCache", frozen)]
pub struct NativeGuestTokenCache {
    client: Py<NativeClient>,
    options: CacheOptions,
    /// The core cache and the fork generation it was built in (lock held only to clone it).
    current: Mutex<Option<(u64, GuestTokenCache)>>,
}

impl NativeGuestTokenCache {
    fn cache(&self) -> PyResult<GuestTokenCache> {
        let generation = runtime::fork_generation();
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((built_in, cache)) = current.as_ref()
            && *built_in == generation
        {
            return Ok(cache.clone());
        }
        let client = self.client.get().client()?;
        let cache = GuestTokenCache::with_options(client, self.options.clone()).map_err(|e| to_py_err(&e))?;
        release(current.replace((generation, cache.clone())));
        Ok(cache)
    }
}

/// Drops a core cache unless it was built before a fork (see `client::release`).
fn release(slot: Option<(u64, GuestTokenCache)>) {
    if let Some((built_in, cache)) = slot {
        if built_in == runtime::fork_generation() {
            drop(cache);
        } else {
            std::mem::forget(cache);
        }
    }
}

impl Drop for NativeGuestTokenCache {
    fn drop(&mut self) {
        release(self.current.get_mut().unwrap_or_else(|p| p.into_inner()).take());
    }
}

fn stats_dict<'py>(py: Python<'py>, s: CacheStats) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("hits", s.hits)?;
    d.set_item("misses", s.misses)?;
    d.set_item("coalesced", s.coalesced)?;
    d.set_item("refreshes", s.refreshes)?;
    d.set_item("refresh_failures", s.refresh_failures)?;
    d.set_item("entries", s.entries)?;
    d.set_item("shared_hits", s.shared_hits)?;
    d.set_item("shared_misses", s.shared_misses)?;
    d.set_item("shared_errors", s.shared_errors)?;
    d.set_item("lock_waits", s.lock_waits)?;
    d.set_item("fallback_mints", s.fallback_mints)?;
    Ok(d)
}

#[pymethods]
impl NativeGuestTokenCache {
    /// `options`: the keyword arguments exactly as given; the core checks them.
    #[new]
    fn new(client: Py<NativeClient>, options: &Bound<'_, PyAny>) -> PyResult<Self> {
        let options = CacheOptions::from_options(&PyInput(options.clone())).map_err(|e| to_py_err(&e))?;
        let core = GuestTokenCache::with_options(client.get().client()?, options.clone()).map_err(|e| to_py_err(&e))?;
        Ok(NativeGuestTokenCache {
            client,
            options,
            current: Mutex::new(Some((runtime::fork_generation(), core))),
        })
    }

    #[pyo3(signature = (request, *, trace=None))]
    fn get(&self, py: Python<'_>, request: &Bound<'_, PyAny>, trace: Option<&Bound<'_, NativeCallTrace>>) -> PyResult<NativeGuestToken> {
        let cache = self.cache()?;
        // A fresh hit needs no parse, no runtime hop and no GIL release.
        let request = match lookup(&cache, request)? {
            Lookup::Fresh(token) => return Ok(NativeGuestToken(token)),
            Lookup::Parsed(request) => request,
        };
        let trace = telemetry::trace(trace);
        runtime::block_on(py, async move { traced(trace, cache.get(&request)).await })?
            .map(NativeGuestToken)
            .map_err(|e| to_py_err(&e))
    }

    /// The token itself for a fresh hit (no awaitable, no runtime hop), else an awaitable.
    #[pyo3(signature = (request, *, trace=None))]
    fn get_async<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        trace: Option<&Bound<'py, NativeCallTrace>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cache = self.cache()?;
        let request = match lookup(&cache, request)? {
            Lookup::Fresh(token) => return Ok(Bound::new(py, NativeGuestToken(token))?.into_any()),
            Lookup::Parsed(request) => request,
        };
        let trace = telemetry::trace(trace);
        crate::completions::future_into_py(py, async move {
            traced(trace, cache.get(&request)).await.map(NativeGuestToken)
        })
    }

    fn invalidate(&self, client_id: &str) -> PyResult<usize> {
        Ok(self.cache()?.invalidate(client_id))
    }

    fn clear(&self) -> PyResult<()> {
        self.cache()?.clear();
        Ok(())
    }

    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        stats_dict(py, self.cache()?.stats())
    }
}
