//! `databrain._native`: the pyo3 extension behind the `databrain` Python package.
//!
//! Thin on purpose: every request rule, option, default, retry and error classification lives
//! in the core crate `databrain`. This crate lets the core read Python objects (`convert`),
//! maps core errors to the Python exception classes (`errors`), exports the core's constants
//! (`constants`), runs calls on one fork-safe tokio
//! runtime (`runtime`), hands asyncio results to the event loop's own thread (`completions`),
//! and exposes the client (`client`), the guest token (`token`), the guest-token cache
//! (`cache`), the mint-endpoint reply rule (`serve`) and the bundled mock (`mock`).
//! The public API (keyword arguments, context managers, typing) is the Python code in
//! `python/databrain/`.

mod cache;
mod client;
mod completions;
mod constants;
mod convert;
mod errors;
mod logs;
mod management;
mod mock;
mod runtime;
mod serve;
mod telemetry;
mod token;
mod workflows;

use pyo3::prelude::*;

/// `atexit` handler: in-flight asyncio calls are abandoned before the interpreter finalizes,
/// so no tokio thread touches Python after it is gone.
#[pyfunction]
fn _shutdown(py: Python<'_>) {
    runtime::shutdown(py);
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Only registers handlers; the runtime itself is built on the first call.
    runtime::install_fork_handler();
    runtime::install_panic_hook();
    m.add_function(wrap_pyfunction!(logs::reset_log_cache, m)?)?;
    let shutdown = wrap_pyfunction!(_shutdown, m)?;
    m.add_function(shutdown.clone())?;
    m.py()
        .import("atexit")?
        .call_method1("register", (shutdown,))?;
    m.add_function(wrap_pyfunction!(completions::_live_async_calls, m)?)?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<mock::NativeMockServer>()?;
    m.add_class::<token::NativeGuestToken>()?;
    m.add_class::<cache::NativeGuestTokenCache>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    constants::add(m)?;
    management::add(m)?;
    serve::add(m)?;
    telemetry::add(m)?;
    Ok(())
}
