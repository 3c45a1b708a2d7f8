//! [`GuestToken`]: a minted guest token with its times, formatted once for every language.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Result;
use crate::request::models::guest_token::GuestTokenRequest;
use crate::request::valid::Checked;

/// Share of a token's lifetime left when it is due for a refresh (refresh at 80 %).
pub const DEFAULT_REFRESH_MARGIN: f64 = 0.2;

/// Characters of a token that `Debug`, `repr()` and `inspect` show before `…`.
pub const SHOWN_TOKEN_CHARS: usize = 4;

/// A guest token and when it was issued, expires and should be refreshed.
///
/// `issued_at` is when the request was *sent* (not when the answer came back), so
/// `expires_at` errs on the early side. `Debug` shows only the first
/// [`SHOWN_TOKEN_CHARS`] characters of the token.
#[derive(Clone, PartialEq, Eq)]
pub struct GuestToken {
    token: String,
    issued_at: SystemTime,
    expires_at: Option<SystemTime>,
    refresh_at: Option<SystemTime>,
}

impl GuestToken {
    /// A token issued at `issued_at` that lives `lifetime` (`None`: never expires), due for a
    /// refresh once `margin` (0 ≤ margin < 1) of its lifetime is left.
    pub fn new(token: impl Into<String>, issued_at: SystemTime, lifetime: Option<Duration>, margin: f64) -> Self {
        let margin = if margin.is_finite() { margin.clamp(0.0, 1.0) } else { DEFAULT_REFRESH_MARGIN };
        let expires_at = lifetime.and_then(|l| issued_at.checked_add(l));
        let refresh_at = lifetime.and_then(|l| issued_at.checked_add(l.mul_f64(1.0 - margin)));
        GuestToken { token: token.into(), issued_at, expires_at, refresh_at }
    }

    /// The token for `request` (its lifetime is the body's `expiryTime`, `extraBody` included).
    /// A token with the given times, as a front end holds them (its `GuestToken` object),
    /// so that front end can hand one back to the core (e.g. to [`crate::MintReply::token`]).
    pub fn from_parts(
        token: impl Into<String>,
        issued_at: SystemTime,
        expires_at: Option<SystemTime>,
        refresh_at: Option<SystemTime>,
    ) -> Self {
        GuestToken { token: token.into(), issued_at, expires_at, refresh_at }
    }

    pub(crate) fn for_request(token: String, issued_at: SystemTime, request: &GuestTokenRequest, margin: f64) -> Self {
        GuestToken::new(token, issued_at, lifetime(request), margin)
    }

    /// The token itself, to hand to the embed.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The token itself, by value.
    pub fn into_token(self) -> String {
        self.token
    }

    /// When the request was sent.
    pub fn issued_at(&self) -> SystemTime {
        self.issued_at
    }

    /// When it expires; `None` if it never does.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// When it is due for a refresh; `None` if it never expires.
    pub fn refresh_at(&self) -> Option<SystemTime> {
        self.refresh_at
    }

    /// Whether it has expired at `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expires_at.is_some_and(|t| now >= t)
    }

    /// Whether it is due for a refresh at `now` (and not expired yet).
    pub fn needs_refresh_at(&self, now: SystemTime) -> bool {
        self.refresh_at.is_some_and(|t| now >= t) && !self.is_expired_at(now)
    }

    /// The first [`SHOWN_TOKEN_CHARS`] characters and `…`: what a log or repr may show.
    pub fn redacted(&self) -> String {
        let mut shown: String = self.token.chars().take(SHOWN_TOKEN_CHARS).collect();
        shown.push('…');
        shown
    }

    /// `{"token", "expiresAt", "refreshAt"}` with ISO-8601 UTC strings (or null): the JSON
    /// form of every language (`to_dict()`, `toJSON()`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "token": self.token,
            "expiresAt": self.expires_at.map(iso8601),
            "refreshAt": self.refresh_at.map(iso8601),
        })
    }

    /// Everything a binding needs to build its `GuestToken`: `token`, `shown` (the redacted
    /// form), `issuedAtMs`, `expiresAtMs`, `refreshAtMs` (ms since the epoch or null) and
    /// `json` ([`GuestToken::to_json`]).
    pub fn to_record(&self) -> serde_json::Value {
        serde_json::json!({
            "token": self.token,
            "shown": self.redacted(),
            "issuedAtMs": epoch_ms_int(self.issued_at),
            "expiresAtMs": self.expires_at.map(epoch_ms_int),
            "refreshAtMs": self.refresh_at.map(epoch_ms_int),
            "json": self.to_json(),
        })
    }

    /// `issued_at` in milliseconds since the Unix epoch (for `Date` / `datetime`).
    pub fn issued_at_ms(&self) -> f64 {
        epoch_ms(self.issued_at)
    }

    /// `expires_at` in milliseconds since the Unix epoch.
    pub fn expires_at_ms(&self) -> Option<f64> {
        self.expires_at.map(epoch_ms)
    }

    /// `refresh_at` in milliseconds since the Unix epoch.
    pub fn refresh_at_ms(&self) -> Option<f64> {
        self.refresh_at.map(epoch_ms)
    }
}

impl fmt::Debug for GuestToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestToken")
            .field("token", &self.redacted())
            .field("issued_at", &iso8601(self.issued_at))
            .field("expires_at", &self.expires_at.map(iso8601))
            .field("refresh_at", &self.refresh_at.map(iso8601))
            .finish()
    }
}

/// The lifetime the request asks for: `expiryTime`, as `extraBody` leaves it after the merge.
pub(crate) fn lifetime(request: &GuestTokenRequest) -> Option<Duration> {
    let from_extra = request.extra_body.as_ref().and_then(|e| e.get("expiryTime"));
    let ms = match from_extra {
        Some(serde_json::Value::Null) => None,
        Some(v) if v.as_u64().is_some() => v.as_u64(),
        _ => request.expiry_time,
    };
    ms.map(Duration::from_millis)
}

fn epoch_ms_int(t: SystemTime) -> i64 {
    epoch_ms(t) as i64
}

fn epoch_ms(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as f64,
        Err(e) => -(e.duration().as_millis() as f64),
    }
}

/// `2026-12-02T03:40:00.000Z`: UTC, millisecond precision (times before 1970 print as 1970).
pub fn iso8601(t: SystemTime) -> String {
    let ms = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis()) as u64;
    let (secs, millis) = (ms / 1000, ms % 1000);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A request the core already checked, passed on without checking it again.
pub(crate) struct Prechecked<'a>(pub(crate) &'a GuestTokenRequest);

impl Checked<GuestTokenRequest> for Prechecked<'_> {
    fn checked(&self) -> Result<&GuestTokenRequest> {
        Ok(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    #[test]
    fn formats_iso8601_utc_with_millis() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(at(1_796_182_800_000)), "2026-12-02T03:40:00.000Z");
        assert_eq!(iso8601(at(951_782_400_123)), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso8601(at(4_107_542_399_999)), "2100-02-28T23:59:59.999Z");
    }

    #[test]
    fn refresh_at_is_issued_plus_the_lifetime_less_the_margin() {
        let t = GuestToken::new("abcdefgh", at(1_000), Some(Duration::from_secs(100)), 0.2);
        assert_eq!(t.expires_at(), Some(at(101_000)));
        assert_eq!(t.refresh_at(), Some(at(81_000)));
        assert!(!t.needs_refresh_at(at(80_999)) && t.needs_refresh_at(at(81_000)));
        assert!(t.is_expired_at(at(101_000)) && !t.needs_refresh_at(at(101_000)));
        let forever = GuestToken::new("abcdefgh", at(1_000), None, 0.2);
        assert_eq!((forever.expires_at(), forever.refresh_at()), (None, None));
        assert_eq!(forever.to_json(), serde_json::json!({"token": "abcdefgh", "expiresAt": null, "refreshAt": null}));
    }

    #[test]
    fn debug_hides_the_token() {
        let t = GuestToken::new("abcdefgh-secret", at(0), None, 0.2);
        let shown = format!("{t:?}");
        assert!(shown.contains("\"abcd…\"") && !shown.contains("secret"), "{shown}");
    }

    #[test]
    fn extra_body_expiry_wins() {
        let mut r = GuestTokenRequest::new("u", "app").expiry(Duration::from_secs(5));
        assert_eq!(lifetime(&r), Some(Duration::from_secs(5)));
        r.extra_body = Some(serde_json::json!({"expiryTime": 7000}).as_object().unwrap().clone());
        assert_eq!(lifetime(&r), Some(Duration::from_secs(7)));
        r.extra_body = Some(serde_json::json!({"expiryTime": null}).as_object().unwrap().clone());
        assert_eq!(lifetime(&r), None);
    }
}
