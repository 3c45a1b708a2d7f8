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
//! Interpreter exit: an asyncio call may still be in flight when the interpreter finalizes
//! (`asyncio.run()` returns and cancels the task, or the loop is just abandoned). Its tokio
//! task would then complete the asyncio future from a `databrain-tokio` thread, attaching to
//! an interpreter that is gone, and pyo3 panics. So an `atexit` handler ([`shutdown`], which
//! runs before finalization) sets [`SHUTDOWN`] and wakes every spawned task, which then drops
//! its future without touching Python (pyo3 defers the decrefs); a blocking callback that
//! would complete a future is skipped once the flag is set or the interpreter cannot be
//! attached to. A panic hook keeps quiet for the one race left (a callback that passed the
//! checks an instant before finalization ended).

use std::future::Future;
use std::pin::Pin;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime};
use tokio::runtime;
use tokio::sync::Notify;

/// The runtime and what its tasks listen to for [`shutdown`], leaked together (a forked child
/// builds its own pair, so no lock or waiter list is shared across a fork).
pub struct Shared {
    rt: runtime::Runtime,
    shutdown: Notify,
}

static RUNTIME: AtomicPtr<Shared> = AtomicPtr::new(std::ptr::null_mut());
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
        // Completing an asyncio future takes the GIL on a blocking thread: more of them than
        // this only queue up on the GIL.
        .max_blocking_threads(32)
        .thread_name("databrain-tokio")
        .enable_all()
        .build()
}

/// Whether the interpreter is exiting (our `atexit` handler ran) or already gone.
fn shutting_down() -> bool {
    // SAFETY: `Py_IsInitialized` may be called at any time, from any thread.
    SHUTDOWN.load(Ordering::SeqCst) || unsafe { pyo3::ffi::Py_IsInitialized() } == 0
}

/// The `atexit` handler: stops every in-flight task before the interpreter finalizes, then
/// lets the threads already inside the interpreter finish (the GIL is released meanwhile).
pub fn shutdown(py: Python<'_>) {
    SHUTDOWN.store(true, Ordering::SeqCst);
    let ptr = RUNTIME.load(Ordering::Acquire);
    if !ptr.is_null() {
        // SAFETY: leaked, never freed.
        unsafe { &*ptr }.shutdown.notify_waiters();
    }
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
    shared().map(|s| &s.rt)
}

fn shared() -> PyResult<&'static Shared> {
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
            let shared: &'static Shared = Box::leak(Box::new(Shared {
                rt,
                shutdown: Notify::new(),
            }));
            RUNTIME.store(std::ptr::from_ref(shared).cast_mut(), Ordering::Release);
            Ok(shared)
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

/// `pyo3_async_runtimes::generic::Runtime` over our fork-safe runtime, so asyncio awaitables
/// run on the same runtime as sync calls.
pub struct DatabrainRuntime;

/// Newtype so the foreign `JoinError` trait can be implemented for tokio's error.
pub struct TaskJoinError(tokio::task::JoinError);

impl JoinError for TaskJoinError {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }
    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

type BoxedJoin = Pin<Box<dyn Future<Output = Result<(), TaskJoinError>> + Send>>;

impl Runtime for DatabrainRuntime {
    type JoinError = TaskJoinError;
    type JoinHandle = BoxedJoin;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        // `future_into_py` below has already built the runtime, so `shared` cannot fail
        // here; the trait has no error path, and dropping the task beats panicking across FFI.
        match shared() {
            Ok(shared) => {
                let handle = shared.rt.spawn(async move {
                    // Registered before the flag is read, so a `shutdown` in between still
                    // wakes this task.
                    let notified = shared.shutdown.notified();
                    let mut notified = std::pin::pin!(notified);
                    notified.as_mut().enable();
                    if SHUTDOWN.load(Ordering::SeqCst) {
                        return;
                    }
                    tokio::select! {
                        biased;
                        () = notified => {}
                        () = fut => {}
                    }
                });
                Box::pin(async move { handle.await.map_err(TaskJoinError) })
            }
            Err(_) => Box::pin(async { Ok(()) }),
        }
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        match get() {
            Ok(rt) => {
                // `f` completes an asyncio future, so it attaches to the interpreter: not once
                // it is exiting. Dropping `f` unrun only defers its decrefs (never runs them).
                let handle = rt.spawn_blocking(move || {
                    let _ = with_python(move |_py| f());
                });
                Box::pin(async move { handle.await.map_err(TaskJoinError) })
            }
            Err(_) => Box::pin(async { Ok(()) }),
        }
    }
}

tokio::task_local! {
    static TASK_LOCALS: std::cell::OnceCell<TaskLocals>;
}

impl ContextExt for DatabrainRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = std::cell::OnceCell::from(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|c| c.get().cloned())
            .unwrap_or_default()
    }
}

/// Wraps `fut` in an asyncio future on the running loop. Cancelling the asyncio future drops
/// the Rust future (pyo3-async-runtimes' done-callback), which abandons the request.
pub fn future_into_py<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    // Build the runtime here, where a failure can still be raised as an exception.
    get()?;
    pyo3_async_runtimes::generic::future_into_py::<DatabrainRuntime, F, T>(py, fut)
}
