//! Any status and body go through the response reader: it must never panic, and an error
//! status must always come back as an error carrying that status.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let status = 100 + status % 500;
    let result = databrain::fuzzing::read_answer(status, body, None);
    if !(200..300).contains(&status) {
        assert_eq!(result.expect_err("error status").status(), Some(status));
    }
});
