//! `databrain`: guest tokens, the management API (data apps, API keys, embeds, dashboards,
//! metrics, workspaces, datamarts) and the local mock server, from a shell.
//!
//! The guest-token and mock commands are clap derive types ([`args`]); the management commands
//! are generated from the core's operation table ([`catalog`]) and mounted beside them.

mod args;
mod catalog;
mod connect;
mod duration;
mod manage;
mod output;
mod render;
mod workflows;

use std::process::ExitCode;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches};
use databrain::{ApiTokenRequest, GuestTokenRequest};
use databrain_mock::Seed;
use serde_json::{Map, Value, json};

use args::{ApiTokenArgs, Cli, Command, GuestTokenCommand, MockCommand};

/// The whole command line: the derive commands plus one family per management resource.
fn command() -> clap::Command {
    Cli::command()
        .subcommands(catalog::family_commands(|family, cmd| match family {
            // SPEC.md's key creation sits with the management rows of its resource; `api-token`
            // is the spelling of earlier releases. `rotate --grace` runs the core's workflow.
            "api_tokens" => cmd
                .alias("api-token")
                .subcommand(ApiTokenArgs::augment_args(clap::Command::new("create")).about({
                    let e = databrain::API_TOKEN_CREATE;
                    format!("{} (a new key, printed once)", catalog::about(e.method, e.path, e.credential))
                }))
                .mut_subcommand("rotate", |rotate| rotate.arg(workflows::grace_arg())),
            _ => cmd,
        }))
        .subcommand(workflows::tenant_command())
}

fn main() -> ExitCode {
    let matches = command().get_matches();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(dispatch(matches))
}

async fn dispatch(matches: ArgMatches) -> ExitCode {
    if let Some((family, sub)) = matches.subcommand()
        && let Some((action, m)) = sub.subcommand()
    {
        if (family, action) == ("tenant", "provision") {
            return workflows::provision(m).await;
        }
        if let Some(op) = catalog::find(family, action) {
            if op.name() == "api_tokens.rotate" && m.contains_id("grace") && m.get_one::<String>("grace").is_some() {
                return workflows::rotate(op, m).await;
            }
            return manage::run(op, m).await;
        }
        if (family, action) == ("api-tokens", "create") {
            return match ApiTokenArgs::from_arg_matches(m) {
                Ok(args) => {
                    let json_out = args.common.json;
                    output::print(create_api_token(args).await.map(|k| ("key", k)), json_out)
                }
                Err(e) => e.exit(),
            };
        }
    }
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => run(cli).await,
        Err(e) => e.exit(),
    }
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::GuestToken { action: GuestTokenCommand::Create(args) } => {
            let json_out = args.common.json;
            let result = create_guest_token(args).await;
            output::print(result.map(|t| ("token", t)), json_out)
        }
        Command::Mock { action: MockCommand::Serve { port, seed } } => serve(port, seed).await,
    }
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
    let (client, _mock) = connect::client(&args.common).await?;
    Ok(client.create_guest_token(&request).await?)
}

async fn create_api_token(args: ApiTokenArgs) -> Result<String, output::Failure> {
    let input = json!({"dataAppName": args.data_app, "name": args.name, "legacyEndpoint": args.legacy});
    let request = ApiTokenRequest::from_loose(&input)?;
    let (client, _mock) = connect::client(&args.common).await?;
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

#[cfg(test)]
mod tests {
    use databrain::management::OPERATIONS;

    #[test]
    fn the_command_tree_is_consistent_and_has_every_row() {
        let cmd = super::command();
        // clap's own checks: no duplicate flag, alias or id anywhere in the generated tree.
        cmd.clone().debug_assert();
        for op in OPERATIONS {
            let (family, action) = op.name().split_once('.').unwrap();
            let sub = cmd.find_subcommand(super::catalog::kebab(family)).and_then(|f| f.find_subcommand(super::catalog::kebab(action)));
            assert!(sub.is_some(), "{} has a command", op.name());
            assert_eq!(
                super::catalog::find(&super::catalog::kebab(family), &super::catalog::kebab(action)).map(|o| o.name()),
                Some(op.name())
            );
        }
    }

    #[test]
    fn object_fields_are_flattened_where_the_name_is_free() {
        let op = databrain::management::operation("embeds.create").unwrap();
        let flags = super::catalog::flags(op);
        let datamart = flags.iter().find(|f| f.long == "datamart-name").unwrap();
        assert_eq!(datamart.path, ["accessSettings", "datamartName"]);
        // `name` is the embed's own; tableTenancySettings is a list (JSON only).
        assert_eq!(flags.iter().filter(|f| f.long == "name").count(), 1);
        assert!(flags.iter().any(|f| f.long == "access-settings"));
    }
}
