//! The core's workflows from a shell: `databrain tenant provision` (data app → API key →
//! embed, safe to re-run) and `databrain api-tokens rotate --grace` (a new key while the old
//! one keeps working). Their flags come from the workflows' field tables, as the rows' do.

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use databrain::management::provision::{Outcome, ProvisionedTenant, TENANT_FIELDS, TenantSpec};
use databrain::management::rotation::KeyRotation;
use serde_json::{Value, json};

use crate::catalog::{self, Flag};
use crate::output::{self, Failure};
use crate::render::{self, ListWriter, Mode};

/// The spec objects the flattened embed flags can fill.
const EMBED: &str = "embed";
const DASHBOARD_EMBED: &str = "dashboardEmbed";

/// `databrain tenant provision`.
pub fn tenant_command() -> Command {
    let provision = catalog::request_command("provision".into(), &catalog::field_flags(TENANT_FIELDS))
        .about(
            "Provision one tenant: data app -> API key -> embed (or a per-tenant dashboard embed), reusing what an \
             earlier run made, so a failed run is repaired by running it again. Needs the service token. The embed flags \
             fill `embed`; with --per-tenant-dashboard, or a flag only `dashboardEmbed` has (--client-id, \
             --template-dashboard-id, ...), they fill `dashboardEmbed`.",
        )
        .arg(
            Arg::new("per-tenant-dashboard")
                .long("per-tenant-dashboard")
                .action(ArgAction::SetTrue)
                .help("Send the embed flags as `dashboardEmbed` (a per-tenant dashboard, blank or from --template-dashboard-id)"),
        );
    Command::new("tenant")
        .about("Tenant onboarding in one step (service token): data app, API key, embed.")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(provision)
}

/// `--grace` on the generated `api-tokens rotate`.
pub fn grace_arg() -> Arg {
    Arg::new("grace").long("grace").value_name("DURATION").conflicts_with("expire-at").help(
        "Rotate with a grace period (90s, 15m, 1h, 7d; a bare number is seconds): prints the new key; the old one keeps working that long",
    )
}

/// The tenant flags, with the embed's flattened fields aimed at `embed` or `dashboardEmbed`:
/// the per-tenant form when asked for, or when a flag only it has is given.
fn tenant_flags(m: &ArgMatches) -> Vec<Flag> {
    let flags = catalog::field_flags(TENANT_FIELDS);
    let given = |f: &Flag| m.value_source(&f.long) == Some(clap::parser::ValueSource::CommandLine);
    let per_tenant = m.get_flag("per-tenant-dashboard") || flags.iter().any(|f| f.path[0] == DASHBOARD_EMBED && given(f));
    let target = if per_tenant { DASHBOARD_EMBED } else { EMBED };
    flags
        .into_iter()
        .map(|mut f| {
            if f.path.len() > 1 && f.path[0] == EMBED {
                f.path[0] = target;
            }
            f
        })
        .collect()
}

/// Runs `tenant provision`.
pub async fn provision(m: &ArgMatches) -> ExitCode {
    let common = crate::manage::common(m);
    let mode = Mode::pick(common.json, m.get_flag("table"));
    let result = async {
        let input = catalog::request_input(&tenant_flags(m), m)?;
        // Every problem with the spec (paths like embed.accessSettings.datamartName) first.
        let spec = TenantSpec::from_input(&&input)?;
        let (client, _mock) = crate::connect::client(&common).await?;
        Ok::<_, Failure>(client.provision_tenant(&spec).await?)
    }
    .await;
    match result {
        Ok(tenant) => {
            print_tenant(&tenant, mode);
            ExitCode::SUCCESS
        }
        Err(failure) => output::fail(failure, common.json),
    }
}

/// One row per step: what it is, its name, its id (the key, for the key step), its outcome.
fn print_tenant(tenant: &ProvisionedTenant, mode: Mode) {
    if mode == Mode::Json {
        render::value(&serde_json::to_value(tenant).unwrap_or(Value::Null), mode);
        return;
    }
    let outcome = |o: Outcome| serde_json::to_value(o).unwrap_or(Value::Null);
    let mut rows = ListWriter::new(mode);
    rows.page(vec![
        json!({"step": "data app", "name": tenant.data_app.name, "id": Value::Null, "outcome": outcome(tenant.data_app.outcome)}),
        json!({"step": "api key", "name": tenant.api_key.name, "id": tenant.api_key.key, "outcome": outcome(tenant.api_key.outcome)}),
        json!({"step": tenant.embed.kind, "name": tenant.embed.name, "id": tenant.embed.id, "outcome": outcome(tenant.embed.outcome)}),
    ]);
    rows.finish();
}

/// Runs `api-tokens rotate --grace`: the core's `rotate_api_key`.
pub async fn rotate(op: &'static databrain::Operation, m: &ArgMatches) -> ExitCode {
    let common = crate::manage::common(m);
    let result = async {
        let grace = m.get_one::<String>("grace").map(String::as_str).unwrap_or_default();
        let seconds = crate::duration::parse_seconds(grace).map_err(|e| Failure::usage(format!("--grace: {e}")))?;
        let options = catalog::invocation(op, m)?.options;
        let mut input = json!({"grace": seconds});
        if let Some(key) = m.get_one::<String>("key") {
            input["key"] = json!(key);
        }
        let rotation = KeyRotation::from_input(&&input)?;
        let (client, _mock) = crate::connect::client(&common).await?;
        Ok::<_, Failure>(client.rotate_api_key(&rotation, &options).await?)
    }
    .await;
    match result {
        Ok(rotated) if common.json => {
            println!("{}", serde_json::to_value(&rotated).unwrap_or(Value::Null));
            ExitCode::SUCCESS
        }
        Ok(rotated) => {
            println!("{}", rotated.key);
            ExitCode::SUCCESS
        }
        Err(failure) => output::fail(failure, common.json),
    }
}
