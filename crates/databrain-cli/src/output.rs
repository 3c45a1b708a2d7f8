//! Printing results and failures, for people or (`--json`) for scripts.

use std::process::ExitCode;

use serde_json::json;

/// Why a command failed, and the exit status that says so (2: bad input, 1: everything else).
pub enum Failure {
    Sdk(databrain::Error),
    Usage(String),
    Other(String),
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(message.into())
    }

    pub fn other(message: impl Into<String>) -> Self {
        Failure::Other(message.into())
    }
}

impl From<databrain::Error> for Failure {
    fn from(e: databrain::Error) -> Self {
        Failure::Sdk(e)
    }
}

pub fn print(result: Result<(&str, String), Failure>, json_out: bool) -> ExitCode {
    match result {
        Ok((field, value)) => {
            if json_out {
                println!("{}", json!({ field: value }));
            } else {
                println!("{value}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => fail(failure, json_out),
    }
}

/// Reports a failure (stderr, or the error record on stdout with `--json`) and its exit code.
pub fn fail(failure: Failure, json_out: bool) -> ExitCode {
    let (code, status) = match &failure {
        Failure::Sdk(e) if matches!(e.kind(), databrain::ErrorKind::Validation | databrain::ErrorKind::Configuration) => (2, e),
        Failure::Sdk(e) => (1, e),
        Failure::Usage(m) => return fail_plain("USAGE_ERROR", m, json_out, 2),
        Failure::Other(m) => return fail_plain("ERROR", m, json_out, 1),
    };
    if json_out {
        // The core's error record, as the Node package and Python's exceptions carry it.
        println!("{}", json!({"error": status.record()}));
    } else if status.field_errors().is_empty() {
        eprintln!("error: {status}");
    } else {
        eprintln!("error: invalid request");
        for f in status.field_errors() {
            eprintln!("  {}: {}", f.path, f.message);
        }
    }
    ExitCode::from(code)
}

fn fail_plain(code: &str, message: &str, json_out: bool, exit: u8) -> ExitCode {
    if json_out {
        println!("{}", json!({"error": {"code": code, "message": message}}));
    } else {
        eprintln!("error: {message}");
    }
    ExitCode::from(exit)
}
