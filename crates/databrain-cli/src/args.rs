//! Command-line syntax (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde_json::Value;

use crate::output::Failure;

#[derive(Parser)]
#[command(name = "databrain", version, about = "Databrain embedded analytics: guest tokens, API keys, a local mock server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Guest tokens for embedding dashboards (needs DATABRAIN_API_KEY).
    GuestToken {
        #[command(subcommand)]
        action: GuestTokenCommand,
    },
    /// Data-app API keys (needs DATABRAIN_SERVICE_TOKEN).
    ApiToken {
        #[command(subcommand)]
        action: ApiTokenCommand,
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
pub enum ApiTokenCommand {
    /// Create a data-app API key and print it (it is shown only once).
    Create(ApiTokenArgs),
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

#[derive(Args)]
pub struct ApiTokenArgs {
    #[arg(long = "data-app")]
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
    let value = match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => true,
        "false" | "0" | "no" => false,
        other => return Err(format!("{other:?} is not true or false")),
    };
    Ok((key.to_owned(), value))
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
