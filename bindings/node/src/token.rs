//! `NativeGuestToken`: the core's `GuestToken` behind the JS `GuestToken` (`node/lib/token.js`).
//!
//! The JS object keeps this one and reads from it on access: a cache hit returns a token and
//! most callers read `token` or call `toJSON()`, so the times, their ISO strings and the
//! `Date`s are not built per hit (a record object of nine properties was, before).

use databrain::GuestToken;
use napi_derive::napi;

#[napi]
pub struct NativeGuestToken(pub(crate) GuestToken);

#[napi]
impl NativeGuestToken {
    #[napi(getter)]
    pub fn token(&self) -> &str {
        self.0.token()
    }

    /// The redacted token, for `inspect`.
    #[napi(getter)]
    pub fn shown(&self) -> String {
        self.0.redacted()
    }

    /// Milliseconds since the Unix epoch.
    #[napi(getter)]
    pub fn issued_at_ms(&self) -> f64 {
        self.0.issued_at_ms()
    }

    #[napi(getter)]
    pub fn expires_at_ms(&self) -> Option<f64> {
        self.0.expires_at_ms()
    }

    #[napi(getter)]
    pub fn refresh_at_ms(&self) -> Option<f64> {
        self.0.refresh_at_ms()
    }

    /// `{token, expiresAt, refreshAt}` (`GuestToken::to_json`).
    #[napi(ts_return_type = "{ token: string, expiresAt: string | null, refreshAt: string | null }")]
    pub fn to_json(&self) -> serde_json::Value {
        self.0.to_json()
    }
}
