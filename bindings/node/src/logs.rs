//! The core's `log` records in Node: to stderr when `DATABRAIN_LOG` names a level, or to the
//! `logger` the JS layer registers (`setLogger` / the `logger` client option). The `log`
//! facade is process-wide, so the sink is too: the last one registered wins.
//!
//! Records are made on tokio worker threads. They reach JS only through a thread-safe
//! function, called non-blocking (an unbounded queue: a record is never waited for) and weak
//! (unref'd: a pending record never keeps the process alive). Stderr is written from the
//! worker thread directly, without JS. While neither is configured `log`'s max level stays
//! `Off`, so every `log::debug!` in the core is one relaxed atomic load and nothing else.

use std::sync::{OnceLock, PoisonError, RwLock};

use log::{LevelFilter, Log, Metadata, Record};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

/// The JS sink: `(method, line)`, `method` being the console method for the record's level.
type Sink = ThreadsafeFunction<FnArgs<(String, String)>, Unknown<'static>, FnArgs<(String, String)>, Status, false, true>;

static SINK: RwLock<Option<Sink>> = RwLock::new(None);

/// `DATABRAIN_LOG` as read once per process: `None` when unset.
static ENV_LEVEL: OnceLock<std::result::Result<Option<LevelFilter>, databrain::Error>> = OnceLock::new();

static INSTALLED: OnceLock<()> = OnceLock::new();

struct NodeLog;

impl Log for NodeLog {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level() && databrain::is_sdk_record(metadata.target())
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = databrain::log_line(record);
        let sink = SINK.read().unwrap_or_else(PoisonError::into_inner);
        match &*sink {
            // A full or closing queue drops the record rather than wait.
            Some(sink) => {
                let method = databrain::console_method(record.level()).to_owned();
                let _ = sink.call((method, line).into(), ThreadsafeFunctionCallMode::NonBlocking);
            }
            None => eprintln!("{line}"),
        }
    }

    fn flush(&self) {}
}

fn env_level() -> std::result::Result<Option<LevelFilter>, databrain::Error> {
    ENV_LEVEL.get_or_init(databrain::log_level_from_env).clone()
}

/// Installs the facade on first need and sets the max level for the current configuration:
/// a JS sink gets `DATABRAIN_LOG`'s level (debug when unset), stderr gets `DATABRAIN_LOG`'s
/// level, and nothing configured leaves it `Off`.
fn apply(has_sink: bool, env: Option<LevelFilter>) {
    let level = match (has_sink, env) {
        (true, None) => LevelFilter::Debug,
        (_, Some(level)) => level,
        (false, None) => LevelFilter::Off,
    };
    if level == LevelFilter::Off && INSTALLED.get().is_none() {
        return;
    }
    INSTALLED.get_or_init(|| {
        // Fails only if something else in the process set a `log` logger first; then that
        // logger gets the records and ours stays unused.
        let _ = log::set_logger(&NodeLog);
    });
    log::set_max_level(level);
}

/// Reads `DATABRAIN_LOG` (once per process) and switches stderr logging on if it names a
/// level; called by every `NativeClient` constructor. A bad value is a configuration error.
pub(crate) fn from_env(env: &Env) -> Result<()> {
    let level = env_level().map_err(|e| crate::errors::to_napi(env, &e))?;
    if level.is_some() && INSTALLED.get().is_none() {
        apply(SINK.read().unwrap_or_else(PoisonError::into_inner).is_some(), level);
    }
    Ok(())
}

/// Sends the SDK's records to `sink(method, line)` on the calling JS thread, process-wide
/// (the last sink set wins); `null` goes back to `DATABRAIN_LOG` alone.
#[napi]
pub fn set_log_sink(env: &Env, sink: Option<Sink>) -> Result<()> {
    let level = env_level().map_err(|e| crate::errors::to_napi(env, &e))?;
    let has_sink = sink.is_some();
    *SINK.write().unwrap_or_else(PoisonError::into_inner) = sink;
    apply(has_sink, level);
    Ok(())
}
