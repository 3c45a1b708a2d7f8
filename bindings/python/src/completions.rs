//! asyncio awaitables whose results are delivered on the event loop's own thread.
//!
//! Why not `pyo3_async_runtimes::future_into_py`: it completes every asyncio future from a
//! tokio blocking thread that first takes the GIL and then calls `loop.call_soon_threadsafe`,
//! so each completion is a GIL hand-over between two threads (85–91 % of the background
//! samples in BENCHMARKS.md waited for the GIL). Here a finished call only pushes its Rust
//! result onto its loop's [`Inner`] queue (a mutex, no GIL) and, when the queue goes from empty
//! to non-empty, writes to the loop's wake-up fd (an eventfd on Linux, a pipe elsewhere)
//! registered with `loop.add_reader`. The loop thread, which holds the GIL anyway, then drains
//! the whole batch: converts each result to Python and resolves its `asyncio.Future`. Nothing
//! but the loop thread ever touches Python, so at interpreter exit a call still in flight only
//! pushes onto a queue nobody drains.
//!
//! One queue per event loop, stored on the loop (`_databrain_completions`, or a weak map for a
//! loop that takes no attributes), so several loops in several threads never share one. A
//! queue remembers the fork generation it was made in: in a forked child every loop gets a new
//! queue and fd, and the inherited ones (whose fd the parent still writes to) are never read.
//!
//! A loop that cannot watch an fd (Windows' Proactor loop, some embedded loops: `add_reader`
//! raises `NotImplementedError`) gets the same queue without the fd: the push that makes it
//! non-empty takes the GIL once and schedules the drain with `loop.call_soon_threadsafe`, so a
//! burst of completions is still resolved in one batch.
//!
//! Cancellation: each future carries a [`Canceller`] done-callback that aborts the tokio task,
//! which drops the Rust future (and with it the request). A normal completion removes that
//! callback before resolving the future, so no extra loop callback is scheduled per call.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::exceptions::{PyAttributeError, PyNotImplementedError, PyRuntimeError};
use pyo3::IntoPyObjectExt;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors::to_py_err;
use crate::runtime;

/// Turns a finished call's Rust result into the future's value (or exception), with the GIL.
type Deliver = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished call waiting for its loop to drain it.
struct Done {
    future: Py<PyAny>,
    canceller: Py<Canceller>,
    deliver: Deliver,
}

#[derive(Default)]
struct Pending {
    items: Vec<Done>,
    /// The wake-up fd has been written since the last drain: later pushes need not write.
    armed: bool,
}

/// One event loop's completion queue and how its loop is woken.
struct Inner {
    pending: Mutex<Pending>,
    wake: Wake,
}

/// How a loop learns that its queue is non-empty.
enum Wake {
    /// The fast path: an fd the loop watches (`add_reader`); written without the GIL.
    Fd(WakeFd),
    /// A loop that cannot watch an fd: `loop.call_soon_threadsafe(drain)`, with the GIL.
    /// Holds a `weakref.ref` to the loop, so a queue never keeps its loop alive.
    Threadsafe(Py<PyAny>),
}

impl Inner {
    /// From any thread; without the GIL on the fd path.
    fn push(self: &Arc<Self>, done: Done) {
        let wake = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            pending.items.push(done);
            !std::mem::replace(&mut pending.armed, true)
        };
        if wake {
            match &self.wake {
                Wake::Fd(fd) => fd.signal(),
                Wake::Threadsafe(loop_ref) => self.schedule_drain(loop_ref),
            }
        }
    }

    /// `loop.call_soon_threadsafe(drain)`; nothing if the loop is gone or closed (as with the
    /// fd, whose loop then never reads it).
    fn schedule_drain(self: &Arc<Self>, loop_ref: &Py<PyAny>) {
        let inner = self.clone();
        runtime::with_python(|py| {
            let Ok(event_loop) = loop_ref.bind(py).call0() else { return };
            if event_loop.is_none() {
                return;
            }
            let drain = LoopCompletions { inner, generation: runtime::fork_generation() };
            if let Ok(drain) = Bound::new(py, drain) {
                let _ = event_loop.call_method1(intern!(py, "call_soon_threadsafe"), (drain,));
            }
        });
    }

    /// On the loop thread. The fd is cleared before the queue is taken, so a push that races
    /// with the drain either lands in this batch or writes the fd again.
    fn take(&self) -> Vec<Done> {
        if let Wake::Fd(fd) = &self.wake {
            fd.clear();
        }
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.armed = false;
        std::mem::take(&mut pending.items)
    }
}

/// The loop's reader callback (`loop.add_reader(fd, completions)`): drains the queue.
#[pyclass(module = "databrain._native", name = "LoopCompletions", frozen)]
pub struct LoopCompletions {
    inner: Arc<Inner>,
    generation: u64,
}

#[pymethods]
impl LoopCompletions {
    fn __call__(&self, py: Python<'_>) {
        if self.generation != runtime::fork_generation() {
            // Inherited from the parent: its fd is the parent's too, never read it here.
            return;
        }
        for done in self.inner.take() {
            resolve(py, done);
        }
    }
}

fn resolve(py: Python<'_>, done: Done) {
    let future = done.future.bind(py);
    // Cancelled meanwhile: the result is dropped here (with the GIL held).
    if !matches!(future.call_method0(intern!(py, "done")).and_then(|d| d.is_truthy()), Ok(false)) {
        return;
    }
    let outcome = future
        .call_method1(intern!(py, "remove_done_callback"), (done.canceller.bind(py),))
        .and_then(|_| match (done.deliver)(py) {
            Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)),
            Err(err) => future.call_method1(intern!(py, "set_exception"), (err.into_value(py),)),
        });
    if let Err(err) = outcome {
        err.write_unraisable(py, Some(future));
    }
}

/// The future's done-callback: runs only if the future finished without us, i.e. was
/// cancelled. Aborting the task drops the Rust future, which abandons the request.
#[pyclass(module = "databrain._native", name = "Canceller", frozen)]
pub struct Canceller {
    abort: OnceLock<tokio::task::AbortHandle>,
}

#[pymethods]
impl Canceller {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        if let Some(abort) = self.abort.get() {
            abort.abort();
        }
    }
}

/// Rust futures of asyncio calls not yet dropped (finished, failed or cancelled). Read by the
/// tests through `_native._live_async_calls()` to prove a cancelled call's future is dropped.
static LIVE: AtomicUsize = AtomicUsize::new(0);

struct LiveCall;

impl LiveCall {
    fn new() -> Self {
        LIVE.fetch_add(1, Ordering::SeqCst);
        LiveCall
    }
}

impl Drop for LiveCall {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// See [`LIVE`].
#[pyfunction]
pub fn _live_async_calls() -> usize {
    LIVE.load(Ordering::SeqCst)
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// For loops that take no attributes: `weakref.WeakKeyDictionary` loop -> completions.
static BY_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// This loop's queue for this process, made (and its fd registered) on first use.
fn completions_of(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Inner>> {
    let attr = intern!(py, "_databrain_completions");
    let generation = runtime::fork_generation();
    let found = match event_loop.getattr(attr) {
        Ok(found) => Some(found),
        Err(_) => match BY_LOOP.get(py) {
            Some(by_loop) => by_loop.bind(py).call_method1(intern!(py, "get"), (event_loop,)).ok(),
            None => None,
        },
    };
    if let Some(found) = found
        && let Ok(found) = found.cast::<LoopCompletions>()
        && found.get().generation == generation
    {
        return Ok(found.get().inner.clone());
    }
    let completions = match watched_by(py, event_loop, generation)? {
        Some(completions) => completions,
        None => {
            // No fd watching on this loop: drains are scheduled with call_soon_threadsafe.
            let loop_ref = py.import("weakref")?.getattr("ref")?.call1((event_loop,))?.unbind();
            let inner = Arc::new(Inner { pending: Mutex::new(Pending::default()), wake: Wake::Threadsafe(loop_ref) });
            Bound::new(py, LoopCompletions { inner, generation })?
        }
    };
    let inner = completions.get().inner.clone();
    if event_loop.setattr(attr, &completions).is_err() {
        let by_loop = BY_LOOP.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py.import("weakref")?.getattr("WeakKeyDictionary")?.call0()?.unbind())
        })?;
        by_loop.bind(py).set_item(event_loop, &completions)?;
    }
    Ok(inner)
}

/// A queue whose wake-up fd `event_loop` watches, or `None` when the loop cannot watch one
/// (`add_reader` missing or raising `NotImplementedError`) or no fd can be made (not Unix).
fn watched_by<'py>(py: Python<'py>, event_loop: &Bound<'py, PyAny>, generation: u64) -> PyResult<Option<Bound<'py, LoopCompletions>>> {
    let Ok(fd) = WakeFd::new() else { return Ok(None) };
    let read = fd.read;
    let inner = Arc::new(Inner { pending: Mutex::new(Pending::default()), wake: Wake::Fd(fd) });
    let completions = Bound::new(py, LoopCompletions { inner, generation })?;
    match event_loop.call_method1(intern!(py, "add_reader"), (read, &completions)) {
        Ok(_) => Ok(Some(completions)),
        Err(e) if e.is_instance_of::<PyNotImplementedError>(py) || e.is_instance_of::<PyAttributeError>(py) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Runs `fut` on the shared runtime and returns an `asyncio.Future` of the running loop that
/// the loop itself resolves with the result (converted to Python there, errors included).
/// Cancelling the future drops `fut`.
pub fn future_into_py<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, databrain::Error>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let rt = runtime::get()?;
    let get_running_loop = GET_RUNNING_LOOP.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
    })?;
    // RuntimeError "no running event loop" when awaited outside a loop, as asyncio raises.
    let event_loop = get_running_loop.bind(py).call0()?;
    let completions = completions_of(py, &event_loop)?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let canceller = Bound::new(
        py,
        Canceller {
            abort: OnceLock::new(),
        },
    )?;
    future.call_method1(intern!(py, "add_done_callback"), (&canceller,))?;
    let (done_future, done_canceller) = (future.clone().unbind(), canceller.clone().unbind());
    let live = LiveCall::new();
    let task = rt.spawn(async move {
        let _live = live;
        let out = fut.await;
        let deliver: Deliver = Box::new(move |py| match out {
            Ok(value) => value.into_py_any(py),
            Err(err) => Err(to_py_err(&err)),
        });
        completions.push(Done {
            future: done_future,
            canceller: done_canceller,
            deliver,
        });
    });
    // Set before the future is returned, so no cancellation can come first.
    let _ = canceller.get().abort.set(task.abort_handle());
    Ok(future)
}

/// The wake-up fd: written (without the GIL) by whichever thread makes the queue non-empty,
/// read by the loop (`add_reader`). Non-blocking both ways; a full pipe means "already awake".
struct WakeFd {
    read: i32,
    write: i32,
}

impl WakeFd {
    #[cfg(target_os = "linux")]
    fn new() -> PyResult<Self> {
        // SAFETY: plain syscall; the fd is owned by the returned value.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(os_error("eventfd"));
        }
        Ok(WakeFd { read: fd, write: fd })
    }

    #[cfg(all(unix, not(target_os = "linux")))]
    fn new() -> PyResult<Self> {
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: `fds` has room for the two fds `pipe` writes.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Err(os_error("pipe"));
        }
        for fd in fds {
            // SAFETY: fds we just opened.
            unsafe {
                libc::fcntl(fd, libc::F_SETFL, libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK);
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
        }
        Ok(WakeFd {
            read: fds[0],
            write: fds[1],
        })
    }

    #[cfg(not(unix))]
    fn new() -> PyResult<Self> {
        Err(PyRuntimeError::new_err(
            "databrain: AsyncDatabrain needs a Unix event loop (loop.add_reader)",
        ))
    }

    fn signal(&self) {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a live u64 (a pipe takes them as 8 bytes too). EAGAIN
        // (pipe full, eventfd at its maximum) means a wake-up is already pending.
        #[cfg(unix)]
        unsafe {
            libc::write(self.write, std::ptr::from_ref(&one).cast(), 8);
        }
    }

    fn clear(&self) {
        let mut buf = [0u8; 64];
        #[cfg(unix)]
        // SAFETY: reads into a local buffer; a non-blocking fd returns EAGAIN once empty
        // (an eventfd is emptied by its first 8-byte read).
        while unsafe { libc::read(self.read, buf.as_mut_ptr().cast(), buf.len()) } == buf.len() as isize {}
    }
}

impl Drop for WakeFd {
    fn drop(&mut self) {
        // Closing our copy is right even in a forked child: the fd table is the child's own.
        #[cfg(unix)]
        // SAFETY: fds owned by this value, closed once.
        unsafe {
            libc::close(self.read);
            if self.write != self.read {
                libc::close(self.write);
            }
        }
    }
}

fn os_error(call: &str) -> PyErr {
    PyRuntimeError::new_err(format!(
        "databrain: {call} failed: {}",
        std::io::Error::last_os_error()
    ))
}
