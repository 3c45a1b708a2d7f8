//! The `databrain` binary end to end: real process, real HTTP to the in-process mock.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

fn databrain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_databrain"))
        .args(args)
        .env_remove("DATABRAIN_API_KEY")
        .env_remove("DATABRAIN_SERVICE_TOKEN")
        .env_remove("DATABRAIN_BASE_URL")
        .output()
        .unwrap()
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
}

#[test]
fn the_main_job_prints_a_guest_token() {
    let out = databrain(&["guest-token", "create", "--mock", "--client-id", "user-456", "--data-app", "sales-dashboard"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(is_uuid(String::from_utf8(out.stdout).unwrap().trim()));
}

#[test]
fn every_option_reaches_the_request_and_json_output_is_parseable() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_databrain"))
        .args(["guest-token", "create", "--mock", "--json", "--client-id", "Team 1", "--data-app", "Customer Portal Analytics"])
        .args(["--params", "-", "--permission", "isShowSideBar=false", "--expiry", "90m", "--datasource", "pg"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The mock's portal app needs its own key, so this also proves the data app is checked:
    // the default key belongs to sales-dashboard.
    child.stdin.take().unwrap().write_all(br#"{"appFilters": [{"metricId": "m", "values": {"country": "USA"}}]}"#).unwrap();
    let out = child.wait_with_output().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["error"]["kind"], "not_found", "{body}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn validation_errors_name_the_field_and_exit_2() {
    let out = databrain(&["guest-token", "create", "--mock", "--client-id", "", "--data-app", "a/b", "--permission", "isShowSidebar=true"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("clientId: must not be empty"), "{err}");
    assert!(err.contains("did you mean `isShowSideBar`"), "{err}");
    let out = databrain(&["guest-token", "create", "--mock", "--json", "--client-id", "u", "--data-app", "x", "--expiry", "1y"]);
    assert_eq!(out.status.code(), Some(2));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["error"]["code"], "USAGE_ERROR");
}

#[test]
fn api_token_create_prints_a_key() {
    let out = databrain(&["api-token", "create", "--mock", "--data-app", "sales-dashboard", "--name", "CI key", "--legacy", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(is_uuid(body["key"].as_str().unwrap()));
}

#[test]
fn missing_credentials_are_a_configuration_error() {
    let out = databrain(&["guest-token", "create", "--base-url", "http://127.0.0.1:9", "--client-id", "u", "--data-app", "sales-dashboard"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABRAIN_API_KEY"));
}

#[test]
fn mock_serve_prints_its_url_first() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_databrain"))
        .args(["mock", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("http://127.0.0.1:"), "{line}");
}
