//! Node.js binding of the Databrain SDK (napi-rs), loaded by the `databrain` npm package.
//!
//! This crate only converts: it lets the core read JS values (`convert`), turns core errors
//! into the package's typed JS errors, built on the JS thread by the factory the JS layer
//! installs (`errors`), and exports the core's constants (`constants`). Every rule (what a valid request or option is,
//! defaults, what is retried, how answers are read) lives in the `databrain` crate.
//!
//! The generated `native.js` exports two classes, wrapped by hand-written JS in `node/`:
//! - [`client::NativeClient`], wrapped by `Databrain` (`node/lib/client.js`);
//! - [`testing::NativeMockServer`], wrapped by `MockServer` (`node/testing.js`).
//!
//! and the mint-endpoint reply rule as functions (`serve`: `mintReplyToken`,
//! `mintReplyNoSession`, `mintReplyFailure`) for the Express and Next.js handlers, and
//! `setErrorFactory` (`errors`), which `node/lib/native.js` calls when it loads the addon.
//!
//! Network work runs on napi's shared tokio runtime, and every promise is settled through one
//! long-lived thread-safe function per environment (`completions`): no per-call runtime,
//! thread or thread-safe function, and the event loop is never blocked.

mod cache;
mod client;
mod completions;
mod constants;
mod convert;
mod errors;
mod logs;
mod management;
mod serve;
mod telemetry;
mod testing;
mod token;
