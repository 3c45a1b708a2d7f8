//! A local, stateful, faithful Databrain API server for tests, benchmarks and demos.
//!
//! It implements the embedding API of `shared/api/SPEC.md` (guest tokens, data-app API keys)
//! and every call of the management API of `shared/api/MANAGEMENT.md` (data apps, API-key
//! listing and rotation, embeds, discovery and metric queries, workspaces, datamarts,
//! dashboard export/import, datamarts' semantic layers), at their kebab-case paths and their legacy camelCase/POST forms,
//! with the real server's credentials, validation, envelopes and error codes. It is stateful:
//! deleting a data app deletes its embeds and keys, deleting an embed kills its guest tokens,
//! a rotated key works for exactly its grace period. It starts from a deterministic
//! [`Seed`] (the default one has workspaces, datamarts, dashboards, metrics and embeds: see
//! [`seed_ids`]), records every API request (credentials redacted), and can be told to
//! misbehave (error statuses, delays, dropped connections, HTML or truncated bodies, …)
//! through a FIFO fault queue, from Rust ([`MockServer::inject`]) or over HTTP
//! (`POST /__mock/faults`).
//!
//! Its clock is the test's: guest-token expiry and key grace periods run on it, and
//! [`MockServer::advance_clock`] (or `POST /__mock/clock {"advanceMs": n}`) moves it, so no
//! test sleeps through real minutes. [`MockServer::guest_token_status`] (or
//! `GET /__mock/guest-tokens/{token}`) says whether a token is still live.
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
//! `GET|POST|DELETE /__mock/faults`, `GET /__mock/guest-tokens`,
//! `GET /__mock/guest-tokens/{token}[?embedId=…]` (`{token, live, expiresAt, expiresAtMs,
//! reason}`), `GET|POST /__mock/clock` (`{"advanceMs": n}`, `{"setMs": t}`, `{"freeze": b}`),
//! `GET|DELETE /__mock/connections` (`{open, peak, total, requests, peakRequests}`: TCP
//! connections that carried an API request, and API requests being served; count again), `POST /__mock/reset`.

// The modules stand in layers: a module imports only modules of lower layers, so it reads with
// no knowledge of what stands above it, and no two modules import each other, directly or
// around a loop (`tests/no_import_circle.rs` checks that there is no loop):
//   1. `http`, `clock`, `connections` (the counters), `seed` (the seed's types): no module.
//   2. `faults`, `record`, `validate` (on `http`); `semantic` (the semantic-layer document,
//      on `http`, `validate`, `seed`); `catalog` (on `seed`, `semantic`), `ratelimit`,
//      `seed_world` (on `seed`).
//   3. `state`: the mock's state, on the layers below.
//   4. `call` (what a handler is given and gives back), `accepted_connection`, `admin`.
//   5. `management/*`: its validators (`errors`, `pagination`, `access_settings`, `table_list`,
//      `workspace_connection`, `auth`) under its handlers; the handlers take a `Call`.
//   6. `handlers` (the route table, over the handlers and `call`); `seed_check` (reads and
//      checks a seed with the management validators).
//   7. `server`; then this file, which only declares and re-exports.
mod accepted_connection;
mod admin;
mod call;
mod catalog;
mod clock;
mod connections;
mod faults;
mod handlers;
mod http;
mod management;
mod ratelimit;
mod record;
mod seed;
mod seed_check;
mod seed_world;
mod semantic;
mod server;
mod state;
mod validate;

pub use admin::ADMIN_PREFIX;
pub use connections::ConnectionStats;
pub use faults::{Fault, FaultKind, MAX_OVERSIZED_BYTES};
pub use record::{RECORDED_REQUESTS_CAPACITY, RecordedRequest};
pub use seed::{
    DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_PORTAL_API_KEY, DEFAULT_PORTAL_DATA_APP,
    DEFAULT_SERVICE_TOKEN, RateLimit, Seed, SeedColumn, SeedDashboard, SeedDataApp, SeedDatamart,
    SeedDatasource, SeedEmbed, SeedError, SeedMetric, SeedReport, SeedTable, SeedWorkspace,
};
pub use seed_world::ids as seed_ids;
pub use server::{MAX_REQUEST_BODY, MockServer, serve_forever, shutdown_signal};
pub use state::{GUEST_TOKENS_CAPACITY, GuestTokenStatus, IssuedGuestToken};
pub use validate::PERMISSION_KEYS;
