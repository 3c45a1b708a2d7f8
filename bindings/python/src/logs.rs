//! The core's `log` records reach Python's `logging` (logger `databrain` and its children, e.g.
//! `databrain.net.transport`), through `pyo3-log`. Its level cache keeps a disabled level to
//! a lookup without the GIL (installed by the first client); `reset_log_cache()` re-reads the levels after `logging` is
//! reconfigured. Nothing is forwarded once the interpreter is shutting down.

use std::sync::OnceLock;

use pyo3::prelude::*;

use crate::runtime;

static RESET: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

struct PythonLog(pyo3_log::Logger);

impl log::Log for PythonLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        !runtime::shutting_down() && self.0.enabled(metadata)
    }

    fn log(&self, record: &log::Record<'_>) {
        // `with_python`: never attach to an interpreter that is finalizing.
        runtime::with_python(|_| self.0.log(record));
    }

    fn flush(&self) {}
}

static TRIED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Installs the bridge on the first client, not at import (`logging` imports `threading`,
/// and `import databrain` stays cheap), unless the process already has a `log` logger.
pub(crate) fn install(py: Python<'_>) -> PyResult<()> {
    if TRIED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return Ok(());
    }
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?;
    let reset = logger.reset_handle();
    if log::set_boxed_logger(Box::new(PythonLog(logger))).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
        let _ = RESET.set(reset);
    }
    Ok(())
}

/// Forgets the cached logger levels: call after changing `logging`'s configuration for
/// `databrain` once the SDK has logged (`databrain.reset_log_cache()`).
#[pyfunction]
pub fn reset_log_cache() {
    if let Some(reset) = RESET.get() {
        reset.reset();
    }
}
