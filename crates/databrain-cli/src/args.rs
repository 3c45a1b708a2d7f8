//! Command-line syntax (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde_json::Value;

use crate::output::Failure;

/// Where credentials come from, exit codes, and the onboarding flow as commands.
const AFTER_HELP: &str = "\
Credentials: DATABRAIN_SERVICE_TOKEN (the organisation's) and DATABRAIN_API_KEY (a data app's); the base URL
from DATABRAIN_BASE_URL or --base-url; the configured ones are never printed. --mock runs any command against an in-process
mock with the default seed. Output: a table for lists on a terminal, --json for one JSON document per result,
tab-separated values otherwise. Exit codes: 0 ok, 2 bad input or configuration, 1 anything else.

Onboarding a tenant:
  databrain data-apps create --name acme
  export DATABRAIN_API_KEY=$(databrain api-tokens create --data-app acme --name prod)
  databrain embeds create --dashboard-id dash-1 --embed-type dashboard --workspace-name Sales --datamart-name 'Sales Mart'
  databrain guest-token create --data-app acme --client-id user-1";

#[derive(Parser)]
#[command(
    name = "databrain",
    version,
    about = "Databrain embedded analytics from a shell: guest tokens, data apps, API keys, embeds, workspaces, datamarts, dashboards, a local mock server",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Guest tokens for embedding dashboards (needs DATABRAIN_API_KEY).
    #[command(visible_alias = "guest-tokens")]
    GuestToken {
        #[command(subcommand)]
        action: GuestTokenCommand,
    },
    /// The local Databrain mock server.
    Mock {
        #[command(subcommand)]
        action: MockCommand,
    },
}

#[derive(Subcommand)]
pub enum GuestTokenCommand {
    /// Mint a guest token and print it.
    Create(GuestTokenArgs),
}

#[derive(Subcommand)]
pub enum MockCommand {
    /// Serve the mock on 127.0.0.1; prints its base URL on the first line.
    Serve {
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// JSON seed file (data apps, keys, service tokens); default: the documented seed.
        #[arg(long)]
        seed: Option<PathBuf>,
    },
}

/// Options every API command takes.
#[derive(Args)]
pub struct Common {
    /// Run against an in-process mock server with the default seed (no credentials needed).
    #[arg(long)]
    pub mock: bool,
    /// Base URL of a self-hosted Databrain (default: DATABRAIN_BASE_URL or the hosted API).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct GuestTokenArgs {
    /// The end user's id in your system.
    #[arg(long)]
    pub client_id: String,
    /// Name of the data app.
    #[arg(long = "data-app")]
    pub data_app: String,
    /// JSON file with `params` (appFilters, dashboardAppFilters, ...); `-` reads stdin.
    #[arg(long)]
    pub params: Option<String>,
    /// A permission flag, e.g. `isShowSideBar=false`; repeatable.
    #[arg(long, value_parser = parse_permission)]
    pub permission: Vec<(String, bool)>,
    /// Token lifetime: `3600000ms`, `90m`, `1h`, `7d` (a bare number is milliseconds).
    #[arg(long)]
    pub expiry: Option<String>,
    /// Datasource name, for data apps with several.
    #[arg(long)]
    pub datasource: Option<String>,
    /// JSON object merged into the body (fields the SDK does not model yet).
    #[arg(long)]
    pub extra_body: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `api-tokens create` (SPEC.md's call, not a management row), mounted into the generated
/// `api-tokens` family.
#[derive(Args)]
pub struct ApiTokenArgs {
    /// Name of the data app.
    #[arg(long = "data-app", visible_alias = "data-app-name")]
    pub data_app: String,
    /// A label for the key, e.g. "Production API Key".
    #[arg(long)]
    pub name: String,
    /// Use the deprecated /api/v2/dataApp/api-tokens path.
    #[arg(long)]
    pub legacy: bool,
    #[command(flatten)]
    pub common: Common,
}

fn parse_permission(s: &str) -> Result<(String, bool), String> {
    let (key, value) = s.split_once('=').ok_or("expected KEY=true or KEY=false")?;
    Ok((key.to_owned(), parse_bool(value)?))
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`), for boolean flags and permissions.
pub fn parse_bool(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        other => Err(format!("{other:?} is not true or false")),
    }
}

/// The text of a flag's value: the file after `@`, stdin for `-`, else the value itself.
fn text_of(flag: &str, source: &str) -> Result<String, Failure> {
    if source == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| Failure::usage(format!("{flag}: {e}")))
    } else if let Some(path) = source.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| Failure::usage(format!("{flag} {path}: {e}")))
    } else {
        Ok(source.to_owned())
    }
}

/// A JSON flag value: inline JSON, `@FILE` or `-` (stdin).
pub fn json_value(flag: &str, source: &str) -> Result<Value, Failure> {
    let text = text_of(flag, source)?;
    serde_json::from_str(&text).map_err(|e| Failure::usage(format!("{flag}: not valid JSON: {e}")))
}

/// An exported document: parsed when it is JSON, else its text, which the core refuses with
/// the field's path (one rule for what a document is, in the core).
pub fn document_value(flag: &str, source: &str) -> Result<Value, Failure> {
    let text = text_of(flag, source)?;
    Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Reads JSON from a file, or from stdin for `-`.
pub fn read_json(source: &str) -> Result<Value, Failure> {
    let text = if source == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| Failure::usage(format!("--params: {e}")))?
    } else {
        std::fs::read_to_string(source).map_err(|e| Failure::usage(format!("--params {source}: {e}")))?
    };
    serde_json::from_str(&text).map_err(|e| Failure::usage(format!("--params: not valid JSON: {e}")))
}
