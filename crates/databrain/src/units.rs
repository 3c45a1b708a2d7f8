//! Units that trap: `expiryTime` is milliseconds while every other duration is seconds, so
//! `expiry_time=3600` mints a 3.6-second token. Such a value is still sent (a short token can
//! be meant), but each language warns once per distinct value, in its own way: Rust through
//! `log::warn!`, Python through `warnings.warn`, Node through `process.emitWarning`.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use crate::endpoint::Front;
use crate::request::models::guest_token::GuestTokenRequest;

/// An `expiryTime` below this many milliseconds (one minute) is warned about.
pub const SHORT_EXPIRY_MS: u64 = 60_000;

/// The values already warned about in this process.
static WARNED: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());

/// The warning for `request`'s `expiryTime` if it is under a minute and this process has not
/// warned about that value yet (then it never will again), worded for `language` (the
/// builder's: `rust`, `python …`, `node …`). The bindings surface it; Rust's client logs it.
pub fn expiry_time_warning(request: &GuestTokenRequest, language: &str) -> Option<String> {
    warning(request, Front::of(language))
}

/// [`expiry_time_warning`] for a client's front end.
pub(crate) fn warning(request: &GuestTokenRequest, front: Front) -> Option<String> {
    let ms = request.expiry_time.filter(|&ms| ms > 0 && ms < SHORT_EXPIRY_MS)?;
    if !WARNED.lock().unwrap_or_else(PoisonError::into_inner).insert(ms) {
        return None;
    }
    Some(short_expiry_message(ms, front))
}

fn short_expiry_message(ms: u64, front: Front) -> String {
    let field = if front == Front::Node { "expiryTime" } else { "expiry_time" };
    let seconds = ms as f64 / 1000.0;
    let unit = if ms == 1000 { "second" } else { "seconds" };
    let meant = group_thousands(ms.saturating_mul(1000));
    let also = if front == Front::Python { " (a timedelta works too)" } else { "" };
    format!("{field} is in milliseconds: {ms} is {seconds} {unit}; did you mean {meant}?{also}")
}

/// `3600000` → `3_600_000`, as the number would be written in code.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_unit_and_the_likely_value() {
        assert_eq!(
            short_expiry_message(3600, Front::Node),
            "expiryTime is in milliseconds: 3600 is 3.6 seconds; did you mean 3_600_000?"
        );
        assert_eq!(
            short_expiry_message(1000, Front::Python),
            "expiry_time is in milliseconds: 1000 is 1 second; did you mean 1_000_000? (a timedelta works too)"
        );
        assert_eq!(group_thousands(59_999_000), "59_999_000");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn once_per_distinct_value_and_never_for_a_minute_or_more() {
        let request = |ms| GuestTokenRequest { expiry_time: Some(ms), ..GuestTokenRequest::new("u", "app") };
        assert!(expiry_time_warning(&request(SHORT_EXPIRY_MS), "rust").is_none());
        assert!(expiry_time_warning(&request(3_600_000), "rust").is_none());
        assert!(expiry_time_warning(&request(1234), "rust").is_some());
        assert!(expiry_time_warning(&request(1234), "rust").is_none(), "the same value twice");
        assert!(expiry_time_warning(&request(1235), "rust").is_some(), "another value");
    }
}
