//! Request models, serialised camelCase exactly as Databrain documents them.
//!
//! The guest-token models declare their fields in the byte order of their wire names, and a
//! filter writes its columns sorted, so the body serde writes is canonical JSON: every object's
//! keys in byte order, whatever order the caller gave them in. The guest-token cache keys a
//! request by that body (`cache/key.rs`: serialising is ~6x cheaper than sorting a `Value`,
//! which would miss the ≤ 2 µs cache-hit goal of BENCHMARKS.md); the test
//! `the_guest_token_body_is_canonical` there keeps the order.

pub mod api_token;
pub mod filters;
pub mod guest_token;
pub mod permissions;
