//! `databrain`: mint guest tokens and API keys from a shell, or run the local mock server.

mod args;
mod duration;
mod output;

use std::process::ExitCode;

use clap::Parser;
use databrain::{ApiTokenRequest, Client, GuestTokenRequest};
use databrain_mock::{MockServer, Seed};
use serde_json::{Map, Value, json};

use args::{ApiTokenCommand, Cli, Command, Common, GuestTokenCommand, MockCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::GuestToken { action: GuestTokenCommand::Create(args) } => {
            let json_out = args.common.json;
            let result = create_guest_token(args).await;
            output::print(result.map(|t| ("token", t)), json_out)
        }
        Command::ApiToken { action: ApiTokenCommand::Create(args) } => {
            let json_out = args.common.json;
            let result = create_api_token(args).await;
            output::print(result.map(|k| ("key", k)), json_out)
        }
        Command::Mock { action: MockCommand::Serve { port, seed } } => serve(port, seed).await,
    }
}

/// The client and, with `--mock`, the in-process mock it talks to (kept alive with it).
async fn client(common: &Common) -> Result<(Client, Option<MockServer>), output::Failure> {
    let mut builder = Client::builder().language("cli").env_defaults();
    let mut mock = None;
    if common.mock {
        let server = MockServer::start().await.map_err(|e| output::Failure::other(format!("could not start the mock: {e}")))?;
        builder = builder.base_url(server.url()).api_key(server.api_key()).service_token(server.service_token());
        mock = Some(server);
    } else if let Some(url) = &common.base_url {
        builder = builder.base_url(url);
    }
    Ok((builder.build()?, mock))
}

async fn create_guest_token(args: args::GuestTokenArgs) -> Result<String, output::Failure> {
    let mut input = Map::new();
    input.insert("clientId".into(), json!(args.client_id));
    input.insert("dataAppName".into(), json!(args.data_app));
    if let Some(source) = &args.params {
        input.insert("params".into(), args::read_json(source)?);
    }
    if !args.permission.is_empty() {
        let permissions: Map<String, Value> = args.permission.iter().map(|(k, v)| (k.clone(), Value::Bool(*v))).collect();
        input.insert("permissions".into(), Value::Object(permissions));
    }
    if let Some(expiry) = &args.expiry {
        input.insert("expiryTime".into(), json!(duration::parse_millis(expiry).map_err(output::Failure::usage)?));
    }
    if let Some(ds) = &args.datasource {
        input.insert("datasourceName".into(), json!(ds));
    }
    if let Some(extra) = &args.extra_body {
        input.insert("extraBody".into(), serde_json::from_str(extra).map_err(|e| output::Failure::usage(format!("--extra-body: {e}")))?);
    }
    let request = GuestTokenRequest::from_loose(&Value::Object(input))?;
    let (client, _mock) = client(&args.common).await?;
    Ok(client.create_guest_token(&request).await?)
}

async fn create_api_token(args: args::ApiTokenArgs) -> Result<String, output::Failure> {
    let input = json!({"dataAppName": args.data_app, "name": args.name, "legacyEndpoint": args.legacy});
    let request = ApiTokenRequest::from_loose(&input)?;
    let (client, _mock) = client(&args.common).await?;
    Ok(client.create_api_token(&request).await?)
}

async fn serve(port: u16, seed: Option<std::path::PathBuf>) -> ExitCode {
    let seed = match seed.map(Seed::from_file).transpose() {
        Ok(seed) => seed.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match databrain_mock::serve_forever(seed, port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
