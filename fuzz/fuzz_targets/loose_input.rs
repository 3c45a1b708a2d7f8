//! Any bytes that parse as JSON go through the loose request parser: it must never panic, and
//! what it accepts must serialise and parse back to the same request.
#![no_main]

use databrain::{ApiTokenRequest, GuestTokenRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(request) = GuestTokenRequest::from_loose(&value) {
        let wire = serde_json::to_value(&request).expect("accepted requests serialise");
        let again = GuestTokenRequest::from_loose(&wire).expect("serialised requests parse");
        assert_eq!(again, request);
    }
    let _ = ApiTokenRequest::from_loose(&value);
});
