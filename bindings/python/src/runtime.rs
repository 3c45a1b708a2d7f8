//! The one tokio runtime every client of this process shares, made fork-safe.
//!
//! Why not `pyo3_async_runtimes::tokio::get_runtime()`: it lives in a `OnceLock` that can
//! never be replaced, and tokio's worker threads do not survive `fork()`. A gunicorn
//! `--preload` or Celery prefork child would inherit a runtime with no threads and hang on its
//! first call. So we keep our own runtime behind an `AtomicPtr`; a `pthread_atfork` child
//! handler forgets it (and bumps [`fork_generation`]), and the next call in the child builds
//! a fresh one. The old runtime is leaked on purpose: dropping it would try to join worker
//! threads that do not exist in the child.
//!
//! The runtime is created lazily on the first network call, never at import, so `import
//! databrain` stays cheap and a process that forks before using the SDK pays nothing.
//!
//! Interpreter exit: asyncio results are handed to Python by the event loop's own thread
//! (`completions`), so no tokio thread needs the interpreter to finish a call. What is left is
//! error conversion on a thread of ours (`errors::to_py_err`, through [`with_python`]): an
//! `atexit` handler ([`shutdown`], which runs before finalization) sets [`SHUTDOWN`], after
//! which no thread of ours attaches, and waits for the ones already inside. A panic hook keeps
//! quiet for a panic on one of our threads once the interpreter is exiting.

use std::future::Future;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime;

static RUNTIME: AtomicPtr<runtime::Runtime> = AtomicPtr::new(std::ptr::null_mut());
/// Set by the `atexit` handler: from then on no task of ours calls into Python.
static SHUTDOWN: AtomicBool = AtomicBool::new(false);
/// Threads of ours that are entering, or inside, the interpreter. [`shutdown`] waits for it to
/// reach zero (with the GIL released) so finalization never races a completion that had
/// already passed the [`SHUTDOWN`] check.
static IN_PYTHON: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PANIC_HOOK: Once = Once::new();
/// Held (true) by the one thread building the runtime, so two threads never build two.
static BUILDING: AtomicBool = AtomicBool::new(false);
/// Bumped in every forked child. Clients compare it with the generation their core client
/// was built in: a connection pool from before the fork belongs to the parent.
static FORK_GENERATION: AtomicU64 = AtomicU64::new(0);
static ATFORK: Once = Once::new();

/// How often a sync call on the main thread looks for Ctrl-C (and other signals).
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Runs in the child right after `fork()`, in async-signal context: only atomics here.
extern "C" fn after_fork_in_child() {
    RUNTIME.store(std::ptr::null_mut(), Ordering::SeqCst);
    BUILDING.store(false, Ordering::SeqCst);
    FORK_GENERATION.fetch_add(1, Ordering::SeqCst);
}

/// Registers the fork handler. Called at module init (cheap: no threads, no runtime), so the
/// generation is right even for clients built before the first call.
pub fn install_fork_handler() {
    ATFORK.call_once(|| {
        #[cfg(unix)]
        // SAFETY: registering a plain `extern "C" fn` that only touches atomics.
        unsafe {
            libc::pthread_atfork(None, None, Some(after_fork_in_child));
        }
    });
}

/// Which side of the last fork this process is on; see [`FORK_GENERATION`].
pub fn fork_generation() -> u64 {
    FORK_GENERATION.load(Ordering::SeqCst)
}

fn build() -> std::io::Result<runtime::Runtime> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        // Nothing of ours blocks (asyncio results are delivered by the loop thread); the pool
        // is only there for tokio's own needs (e.g. DNS lookups).
        .max_blocking_threads(32)
        .thread_name("databrain-tokio")
        .enable_all()
        .build()
}

/// Whether the interpreter is exiting (our `atexit` handler ran) or already gone.
pub(crate) fn shutting_down() -> bool {
    // SAFETY: `Py_IsInitialized` may be called at any time, from any thread.
    SHUTDOWN.load(Ordering::SeqCst) || unsafe { pyo3::ffi::Py_IsInitialized() } == 0
}

/// The `atexit` handler: from now on no thread of ours enters the interpreter; the threads
/// already inside finish first (the GIL is released meanwhile).
pub fn shutdown(py: Python<'_>) {
    SHUTDOWN.store(true, Ordering::SeqCst);
    py.detach(|| {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while IN_PYTHON.load(Ordering::SeqCst) != 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Runs `f` with the GIL from one of our threads, unless the interpreter is exiting or gone.
/// The count is raised *before* the shutdown check, so [`shutdown`] either sees this thread
/// and waits for it, or this thread sees the flag and stays out.
pub fn with_python<R>(f: impl FnOnce(Python<'_>) -> R) -> Option<R> {
    IN_PYTHON.fetch_add(1, Ordering::SeqCst);
    let result = if shutting_down() { None } else { Python::try_attach(f) };
    IN_PYTHON.fetch_sub(1, Ordering::SeqCst);
    result
}

/// Registers [`shutdown`]'s panic-hook half: a panic on one of our threads once the
/// interpreter is exiting is not printed (the task it ends was abandoned anyway). Every other
/// panic goes to the hook that was installed before.
pub fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ours = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("databrain-tokio"));
            if ours && shutting_down() {
                return;
            }
            previous(info);
        }));
    });
}

/// The shared runtime, built on first use (and again in a forked child).
pub fn get() -> PyResult<&'static runtime::Runtime> {
    loop {
        let ptr = RUNTIME.load(Ordering::Acquire);
        if !ptr.is_null() {
            // SAFETY: runtimes are leaked, never freed, so the pointer stays valid forever.
            return Ok(unsafe { &*ptr });
        }
        if BUILDING
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            break;
        }
        std::thread::yield_now();
    }
    // Another thread may have finished building between our load and our claim.
    let ptr = RUNTIME.load(Ordering::Acquire);
    if !ptr.is_null() {
        return Ok(unsafe { &*ptr });
    }
    match build() {
        Ok(rt) => {
            let rt: &'static runtime::Runtime = Box::leak(Box::new(rt));
            RUNTIME.store(std::ptr::from_ref(rt).cast_mut(), Ordering::Release);
            Ok(rt)
        }
        Err(e) => {
            BUILDING.store(false, Ordering::Release);
            Err(PyRuntimeError::new_err(format!(
                "databrain: could not start the tokio runtime: {e}"
            )))
        }
    }
}

/// Whether this is the thread CPython delivers signals to. `PyErr_CheckSignals` is a no-op
/// everywhere else, so other threads need not wake up to poll.
fn is_main_thread() -> bool {
    // The raw syscall, not glibc's gettid(): that wrapper only exists since glibc 2.30, and
    // the wheel must load on manylinux2014 (glibc 2.17).
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls without arguments.
    unsafe {
        libc::syscall(libc::SYS_gettid) == libc::c_long::from(libc::getpid())
    }
    #[cfg(target_os = "macos")]
    // SAFETY: no arguments, no side effects.
    unsafe {
        libc::pthread_main_np() != 0
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    {
        true
    }
}

/// Runs `fut` to completion for a synchronous Python call, with the GIL released for the
/// whole wait (other Python threads keep running). On the main thread it wakes every
/// [`SIGNAL_POLL`] to run Python's signal handlers, so Ctrl-C raises `KeyboardInterrupt`
/// promptly; the Rust future is then dropped, which abandons the request.
pub fn block_on<F>(py: Python<'_>, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = get()?;
    let poll_signals = is_main_thread();
    py.detach(move || {
        rt.block_on(async move {
            if !poll_signals {
                return Ok(fut.await);
            }
            let mut fut = std::pin::pin!(fut);
            let mut tick =
                tokio::time::interval_at(tokio::time::Instant::now() + SIGNAL_POLL, SIGNAL_POLL);
            loop {
                tokio::select! {
                    biased;
                    out = &mut fut => return Ok(out),
                    _ = tick.tick() => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
}
