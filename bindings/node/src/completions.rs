//! Promises settled through one long-lived thread-safe function per Node environment.
//!
//! napi's `Env::spawn_future` creates a thread-safe function, an env cleanup hook and two
//! tokio tasks for every call, and tears them down when it settles. Here each environment (the
//! main thread and every `worker_threads` Worker) gets one thread-safe function, created on its
//! first call: a call makes a plain `napi_deferred`, runs its future as one tokio task, and the
//! task queues `(deferred, result)` on that function; Node drains the queue on the JS thread,
//! many completions per wake-up. The deferred itself is the call's id.
//!
//! A failed call hands its core error back as it is: the JS error is built on the JS thread,
//! in `deliver` (`errors::to_js`), and the promise is rejected with it.
//!
//! Keeping the process alive: the function is referenced only while calls are pending, so a
//! script waiting on a call does not exit early, and a script whose calls have all settled
//! exits at once. At env cleanup the function is released (abort); a call finishing later
//! finds it gone and drops its result (the env and its promises no longer exist).

use std::cell::RefCell;
use std::ffi::c_void;
use std::future::Future;
use std::ptr;
use std::sync::{Arc, PoisonError, RwLock};

use napi::bindgen_prelude::*;
use napi::sys;

/// Turns a finished call's result into its JS value, on the JS thread.
type Settle = Box<dyn FnOnce(sys::napi_env) -> std::result::Result<sys::napi_value, Failure> + Send>;

/// Why a call's promise is rejected.
enum Failure {
    /// The call failed: rejected with the package's typed error for it.
    Core(databrain::Error),
    /// The result could not be converted, or the call was stopped: a plain napi error.
    Napi(Error),
}

impl Failure {
    /// The rejection value; on the JS thread of `env` only.
    fn into_js(self, env: sys::napi_env) -> Result<sys::napi_value> {
        match self {
            Failure::Core(e) => crate::errors::to_js(env, &e),
            Failure::Napi(e) => unsafe { ToNapiValue::to_napi_value(env, e) },
        }
    }
}

/// What a tokio task hands to the JS thread.
struct Completion {
    deferred: sys::napi_deferred,
    settle: Settle,
}

/// The environment's thread-safe function as the tokio tasks see it: `None` once the
/// environment is torn down. Readers (completing calls) never block one another; the cleanup
/// hook takes the write lock, so it cannot release the function while a task is calling it.
struct Channel(RwLock<Option<sys::napi_threadsafe_function>>);

// A thread-safe function is made to be called from any thread; the lock guards its lifetime.
unsafe impl Send for Channel {}
unsafe impl Sync for Channel {}

impl Channel {
    /// Queues `completion` for the JS thread, or drops it if the environment is gone.
    fn send(&self, completion: Completion) {
        let guard = self.0.read().unwrap_or_else(PoisonError::into_inner);
        let Some(tsfn) = *guard else { return };
        let data = Box::into_raw(Box::new(completion));
        // Unbounded queue: a non-blocking call fails only while the function is closing.
        let status = unsafe {
            sys::napi_call_threadsafe_function(
                tsfn,
                data.cast(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(data) });
        }
    }
}

/// The JS-thread side of one environment.
struct Bridge {
    env: sys::napi_env,
    tsfn: sys::napi_threadsafe_function,
    channel: Arc<Channel>,
    /// Calls whose promise is not settled yet; the function is referenced while this is > 0.
    pending: usize,
}

thread_local! {
    // One environment per JS thread (Node runs each Worker on its own thread).
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// Starts `future` on napi's tokio runtime and returns the promise it settles: resolved with
/// its value converted to JS, or rejected with the package's error for its core error.
pub(crate) fn spawn<'env, T, F>(env: &'env Env, future: F) -> Result<PromiseRaw<'env, T>>
where
    T: ToNapiValue + Send + 'static,
    F: Future<Output = databrain::Result<T>> + Send + 'static,
{
    let raw_env = env.raw();
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check_status!(
        unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut promise) },
        "could not create a promise"
    )?;
    let channel = begin_call(raw_env)?;
    let call = Pending { channel, deferred: Some(Deferred(deferred)) };
    napi::bindgen_prelude::spawn(async move {
        let result = future.await;
        call.finish(Box::new(move |env| match result {
            Ok(value) => unsafe { T::to_napi_value(env, value) }.map_err(Failure::Napi),
            Err(error) => Err(Failure::Core(error)),
        }));
    });
    Ok(PromiseRaw::new(raw_env, promise))
}

/// A deferred travels to a tokio thread and back; only the JS thread ever touches it.
struct Deferred(sys::napi_deferred);
unsafe impl Send for Deferred {}

/// A call in flight. Settles its promise exactly once: with the result, or, if the task is
/// dropped first (a panic, or the runtime shutting down), with an error, so no promise is left
/// pending for ever.
struct Pending {
    channel: Arc<Channel>,
    deferred: Option<Deferred>,
}

impl Pending {
    fn finish(mut self, settle: Settle) {
        if let Some(Deferred(deferred)) = self.deferred.take() {
            self.channel.send(Completion { deferred, settle });
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(Deferred(deferred)) = self.deferred.take() {
            let settle: Settle = Box::new(|_| {
                Err(Failure::Napi(Error::new(Status::GenericFailure, "the call was stopped before it finished")))
            });
            self.channel.send(Completion { deferred, settle });
        }
    }
}

/// Counts a new call on this thread's environment (creating its function on first use) and
/// returns the channel its task settles through.
fn begin_call(env: sys::napi_env) -> Result<Arc<Channel>> {
    BRIDGE.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_none_or(|b| b.env != env) {
            *slot = Some(create(env)?);
        }
        let bridge = slot.as_mut().expect("just created");
        if bridge.pending == 0 {
            check_status!(
                unsafe { sys::napi_ref_threadsafe_function(env, bridge.tsfn) },
                "could not reference the completion function"
            )?;
        }
        bridge.pending += 1;
        Ok(bridge.channel.clone())
    })
}

fn create(env: sys::napi_env) -> Result<Bridge> {
    let mut name = ptr::null_mut();
    check_status!(
        unsafe { sys::napi_create_string_utf8(env, c"databrain".as_ptr(), 9, &mut name) },
        "could not name the completion function"
    )?;
    let mut tsfn = ptr::null_mut();
    check_status!(
        unsafe {
            sys::napi_create_threadsafe_function(
                env,
                ptr::null_mut(),
                ptr::null_mut(),
                name,
                0, // unbounded queue
                1, // one owner, released at env cleanup
                ptr::null_mut(),
                None,
                ptr::null_mut(),
                Some(deliver),
                &mut tsfn,
            )
        },
        "could not create the completion function"
    )?;
    // Idle until a call is pending (see `begin_call`).
    unsafe { sys::napi_unref_threadsafe_function(env, tsfn) };
    let channel = Arc::new(Channel(RwLock::new(Some(tsfn))));
    // Registered after the function was created, so it runs before Node's own teardown of the
    // function (cleanup hooks run last-in first-out).
    let hook_data = Arc::into_raw(channel.clone()) as *mut c_void;
    let status = unsafe { sys::napi_add_env_cleanup_hook(env, Some(env_cleanup), hook_data) };
    if status != sys::Status::napi_ok {
        drop(unsafe { Arc::from_raw(hook_data as *const Channel) });
        unsafe { sys::napi_release_threadsafe_function(tsfn, sys::ThreadsafeFunctionReleaseMode::abort) };
        return Err(Error::new(Status::GenericFailure, "could not register the env cleanup hook"));
    }
    Ok(Bridge { env, tsfn, channel, pending: 0 })
}

/// Runs on the JS thread for each queued completion (with a null env when Node empties the
/// queue of a function being torn down: then only the memory is freed).
unsafe extern "C" fn deliver(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    _context: *mut c_void,
    data: *mut c_void,
) {
    let Completion { deferred, settle } = *unsafe { Box::from_raw(data.cast::<Completion>()) };
    if env.is_null() {
        return;
    }
    match settle(env) {
        Ok(value) => unsafe { sys::napi_resolve_deferred(env, deferred, value) },
        Err(failure) => match failure.into_js(env) {
            Ok(value) => unsafe { sys::napi_reject_deferred(env, deferred, value) },
            Err(_) => unsafe { reject_plain(env, deferred) },
        },
    };
    BRIDGE.with(|slot| {
        if let Some(bridge) = slot.borrow_mut().as_mut().filter(|b| b.env == env) {
            bridge.pending = bridge.pending.saturating_sub(1);
            if bridge.pending == 0 {
                unsafe { sys::napi_unref_threadsafe_function(env, bridge.tsfn) };
            }
        }
    });
}

/// Last resort when the error itself could not be converted: still settle the promise.
unsafe fn reject_plain(env: sys::napi_env, deferred: sys::napi_deferred) -> sys::napi_status {
    let mut message = ptr::null_mut();
    let mut error = ptr::null_mut();
    unsafe {
        sys::napi_create_string_utf8(env, c"the call failed".as_ptr(), 15, &mut message);
        sys::napi_create_error(env, ptr::null_mut(), message, &mut error);
        sys::napi_reject_deferred(env, deferred, error)
    }
}

/// The environment is going away: release its function so nothing calls into it again, and
/// forget this thread's bridge.
unsafe extern "C" fn env_cleanup(data: *mut c_void) {
    let channel = unsafe { Arc::from_raw(data as *const Channel) };
    let tsfn = channel.0.write().unwrap_or_else(PoisonError::into_inner).take();
    if let Some(tsfn) = tsfn {
        unsafe { sys::napi_release_threadsafe_function(tsfn, sys::ThreadsafeFunctionReleaseMode::abort) };
    }
    // `try_with`: during thread exit the thread-local may already be gone.
    let _ = BRIDGE.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut()
            && slot.as_ref().is_some_and(|b| Arc::ptr_eq(&b.channel, &channel))
        {
            *slot = None;
        }
    });
}
