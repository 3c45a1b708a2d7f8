//! Node.js binding of the Databrain SDK (napi-rs), loaded by the `databrain` npm package.
//!
//! This crate only converts: JS values to the JSON the core's loose parsers take, core errors
//! to a JSON payload the JS layer turns back into typed error classes. Every rule (what a
//! valid request is, what is retried, how answers are read) lives in the `databrain` crate.
//!
//! The generated `native.js` exports two classes, wrapped by hand-written JS in `node/`:
//! - [`client::NativeClient`], wrapped by `Databrain` (`node/lib/client.js`);
//! - [`testing::NativeMockServer`], wrapped by `MockServer` (`node/testing.js`).
//!
//! Network work runs on napi's shared tokio runtime (`Env::spawn_future`): no per-call runtime
//! or thread, and the event loop is never blocked.

mod client;
mod convert;
mod errors;
mod options;
mod testing;
