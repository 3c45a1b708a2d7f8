//! A local, stateful, faithful Databrain API server for tests, benchmarks and demos.
//!
//! It implements the embedding API of `shared/api/SPEC.md` (guest tokens, data-app API keys,
//! data apps) with the real server's validation and error codes, records every API request
//! (credentials redacted), and can be told to misbehave (error statuses, delays, dropped
//! connections, HTML or truncated bodies, …) through a FIFO fault queue, from Rust
//! ([`MockServer::inject`]) or over HTTP (`POST /__mock/faults`).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use databrain_mock::{Fault, MockServer};
//! let mock = MockServer::start().await?;
//! mock.inject(Fault::status(503).on("/api/v2/guest-token/create"));
//! // … point the SDK at mock.url() with mock.api_key() …
//! assert_eq!(mock.request_count("/api/v2/guest-token/create"), 0);
//! # Ok(()) }
//! ```
//!
//! Admin routes (no auth, never faulted, not recorded): `GET /__mock/health`,
//! `GET|DELETE /__mock/requests`, `GET /__mock/request-count?path=…`,
//! `GET|POST|DELETE /__mock/faults`, `GET /__mock/guest-tokens`, `POST /__mock/reset`.

mod admin;
mod clock;
mod faults;
mod handlers;
mod http;
mod ratelimit;
mod record;
mod seed;
mod server;
mod state;
mod validate;

pub use admin::ADMIN_PREFIX;
pub use faults::{Fault, FaultKind, MAX_OVERSIZED_BYTES};
pub use record::{RECORDED_REQUESTS_CAPACITY, RecordedRequest};
pub use seed::{
    DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_PORTAL_API_KEY, DEFAULT_PORTAL_DATA_APP,
    DEFAULT_SERVICE_TOKEN, RateLimit, Seed, SeedDataApp, SeedError,
};
pub use server::{MAX_REQUEST_BODY, MockServer, serve_forever, shutdown_signal};
pub use state::{GUEST_TOKENS_CAPACITY, IssuedGuestToken};
pub use validate::PERMISSION_KEYS;
