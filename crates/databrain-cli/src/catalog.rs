//! The management commands, generated from the core's [`OPERATIONS`] table: one subcommand per
//! row (`data_apps.list` → `databrain data-apps list`), one typed flag per documented field
//! (`dataAppName` → `--data-app-name`), and the scalar fields of object fields flattened
//! (`accessSettings.datamartName` → `--datamart-name`). The rows stay the only description
//! of a call: a field added to the core shows up here, in `--help` and in the request, with no
//! CLI change, and the core checks every value (field paths, exit 2) before anything is sent.
//!
//! Why typed flags rather than only `--body-json`: flags are what a shell user discovers in
//! `--help` and completes; the JSON escape hatches (`--body-json`, `--field path=value`, and a
//! JSON/`@file` value for list and object fields) cover nested data flags cannot spell.

use clap::{Arg, ArgAction, ArgMatches, Command};
use databrain::management::{CALL_OPTION_FIELDS, Field, Kind, OPERATIONS, Operation};
use databrain::{CallOptions, Credential, ListOptions, Method};
use serde_json::{Map, Value};

use crate::output::Failure;

/// Options every management command shares (ids of their args).
pub const COMMON_FLAGS: &[&str] = &["mock", "base-url", "json", "table", "credential", "body-json", "field", "page", "legacy"];

/// A family's row prefix and what it manages; its actions and credentials come from the rows.
const FAMILIES: &[(&str, &str)] = &[
    ("data_apps", "Data apps"),
    ("api_tokens", "Data-app API keys"),
    ("embeds", "Embeds, per-tenant dashboard embeds and scheduled reports"),
    ("dashboards", "Dashboards of the data app, export and import"),
    ("metrics", "Metrics of an embed and metric queries"),
    ("workspaces", "Workspaces, their dashboards and metrics"),
    ("datamarts", "Datamarts"),
    ("semantic_layer", "Datamarts' semantic layers (descriptions and synonyms for the AI features)"),
];

/// `Data apps: list, create, rename, delete (service token)`.
fn family_about(noun: &str, actions: &[&str], ops: &[&Operation]) -> String {
    let mut creds: Vec<&str> = ops
        .iter()
        .map(|op| match op.endpoint.credential {
            Credential::ApiKey => "data-app API key",
            Credential::ServiceToken => "service token",
        })
        .collect();
    creds.dedup();
    format!("{noun}: {} ({})", actions.join(", "), creds.join(" / "))
}

/// `data_apps` → `data-apps`.
pub fn kebab(snake: &str) -> String {
    snake.replace('_', "-")
}

/// `isAllowAiPilot` → `is-allow-ai-pilot`.
fn flag_name(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One typed flag of a row: its wire path (`["accessSettings", "datamartName"]`) and kind.
#[derive(Clone, Debug)]
pub struct Flag {
    /// The clap id and long name.
    pub long: String,
    /// The wire path the value goes to.
    pub path: Vec<&'static str>,
    /// What it holds.
    pub kind: Kind,
    required: bool,
}

fn scalar(kind: Kind) -> bool {
    matches!(kind, Kind::Id | Kind::Name | Kind::Label | Kind::Text | Kind::Bool | Kind::OneOf(_) | Kind::Seconds | Kind::Ids)
}

/// The flags of a row: [`field_flags`] of its fields.
pub fn flags(op: &Operation) -> Vec<Flag> {
    field_flags(op.fields)
}

/// The flags of a field table: one per field, then the scalar fields of its object fields, at
/// any depth, whose flag name is still free (the rest are reachable through the object's JSON
/// flag or `--field`).
pub fn field_flags(fields: &'static [Field]) -> Vec<Flag> {
    let mut out: Vec<Flag> =
        fields.iter().map(|f| Flag { long: flag_name(f.name), path: vec![f.name], kind: f.kind, required: f.required }).collect();
    for f in fields {
        flatten(f, vec![f.name], f.required, &mut out);
    }
    out
}

fn flatten(field: &Field, path: Vec<&'static str>, required: bool, out: &mut Vec<Flag>) {
    let (Kind::Object(inner) | Kind::OpenObject(inner)) = field.kind else { return };
    for sub in inner {
        let mut sub_path = path.clone();
        sub_path.push(sub.name);
        if scalar(sub.kind) {
            let long = flag_name(sub.name);
            if !out.iter().any(|o| o.long == long) && !COMMON_FLAGS.contains(&long.as_str()) {
                out.push(Flag { long, path: sub_path, kind: sub.kind, required: required && sub.required });
            }
        } else {
            flatten(sub, sub_path, required && sub.required, out);
        }
    }
}

fn describe(kind: Kind) -> String {
    match kind {
        Kind::Id => "an id".into(),
        Kind::Name => "a data-app name".into(),
        Kind::Label => "a name".into(),
        Kind::Text => "text".into(),
        Kind::Bool => "true or false; the bare flag means true".into(),
        Kind::OneOf(values) => format!("one of: {}", values.join(", ")),
        Kind::Seconds => "seconds (0 = at once)".into(),
        Kind::Ids => "repeatable".into(),
        Kind::Texts { max } => format!("repeatable, at most {max}"),
        Kind::Object(_) | Kind::OpenObject(_) | Kind::Json => "a JSON object, @FILE or - (stdin)".into(),
        Kind::List { .. } => "a JSON list, @FILE or - (stdin)".into(),
        Kind::Document => "an exported JSON document: @FILE, - (stdin) or inline JSON".into(),
    }
}

fn flag_arg(flag: &Flag) -> Arg {
    let required = if flag.required { "required; " } else { "" };
    let mut arg =
        Arg::new(flag.long.clone()).long(flag.long.clone()).help(format!("`{}`: {required}{}", flag.path.join("."), describe(flag.kind)));
    // Shorter spellings people reach for; the documented name always works.
    if let Some(rest) = flag.long.strip_prefix("is-") {
        arg = arg.visible_alias(rest.to_owned());
    }
    if flag.long == "data-app-name" {
        arg = arg.visible_alias("data-app");
    }
    match flag.kind {
        Kind::Bool => {
            arg.value_name("BOOL").num_args(0..=1).require_equals(false).default_missing_value("true").value_parser(crate::args::parse_bool)
        }
        Kind::Ids => arg.value_name("ID").action(ArgAction::Append),
        Kind::Texts { .. } => arg.value_name("TEXT").action(ArgAction::Append),
        // `-5` is a value for the core to refuse with the field's path, not an unknown flag.
        Kind::Seconds => arg.value_name("SECONDS").allow_negative_numbers(true),
        Kind::Object(_) | Kind::OpenObject(_) | Kind::Json | Kind::List { .. } | Kind::Document => arg.value_name("JSON"),
        _ => arg.value_name("VALUE"),
    }
}

/// `--mock`, `--base-url`, `--json`, `--table`: every API command's.
pub fn common_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("mock")
            .long("mock")
            .action(ArgAction::SetTrue)
            .help("Run against an in-process mock server with the default seed (no credentials needed)"),
    )
    .arg(
        Arg::new("base-url")
            .long("base-url")
            .value_name("URL")
            .help("Base URL of a self-hosted Databrain (default: DATABRAIN_BASE_URL or the hosted API)"),
    )
    .arg(
        Arg::new("json")
            .long("json")
            .action(ArgAction::SetTrue)
            .help("Print one JSON document per result (lists: one JSON array); errors as the SDK's error record"),
    )
    .arg(
        Arg::new("table")
            .long("table")
            .action(ArgAction::SetTrue)
            .conflicts_with("json")
            .help("Print lists as a table even when stdout is not a terminal"),
    )
}

/// A command's one-line help: what it sends and with which credential.
pub fn about(method: Method, path: &str, credential: Credential) -> String {
    let needs = match credential {
        Credential::ApiKey => format!("the data-app API key ({})", databrain::ENV_API_KEY),
        Credential::ServiceToken => format!("the service token ({})", databrain::ENV_SERVICE_TOKEN),
    };
    format!("{} {path}: needs {needs}", method.as_str())
}

/// A command with one flag per entry of `flags`, the shared flags and the JSON escape hatches.
pub fn request_command(name: String, flags: &[Flag]) -> Command {
    let mut cmd = Command::new(name);
    for flag in flags {
        cmd = cmd.arg(flag_arg(flag));
    }
    common_args(cmd)
        .arg(
            Arg::new("body-json")
                .long("body-json")
                .value_name("JSON")
                .help("The whole request as a JSON object, @FILE or - (stdin); flags override its fields"),
        )
        .arg(
            Arg::new("field")
                .long("field")
                .value_name("PATH=VALUE")
                .action(ArgAction::Append)
                .help("Set one request field by its wire path, e.g. accessSettings.isAllowAiPilot=true (VALUE is JSON, else a string)"),
        )
}

fn operation_command(op: &'static Operation) -> Command {
    let action = op.name().split_once('.').map_or(op.name(), |(_, a)| a);
    let (method, path, credential) = op.resolve(false);
    let what = if op.paginated { "; lists every page unless --page" } else { "" };
    let mut cmd = request_command(kebab(action), &flags(op)).about(format!("{}{what}", about(method, path, credential))).arg(
        Arg::new("credential")
            .long("credential")
            .value_name("WHICH")
            .value_parser(credential_names().into_iter().map(|(flag, _)| flag).collect::<Vec<_>>())
            .help("Authorise with this credential instead of the documented one (the docs disagree for some families)"),
    );
    if op.paginated {
        cmd = cmd.arg(
            Arg::new("page")
                .long("page")
                .value_name("N")
                .value_parser(clap::value_parser!(u32).range(1..))
                .help("Read only this page (1-based, 10 items a page) instead of every page"),
        );
    }
    if op.endpoint.legacy_path.is_some() || op.legacy_credential.is_some() || op.legacy_method.is_some() {
        cmd = cmd.arg(Arg::new("legacy").long("legacy").action(ArgAction::SetTrue).help(legacy_help(op)));
    }
    cmd
}

fn legacy_help(op: &Operation) -> String {
    let (method, path, credential) = op.resolve(true);
    let cred = match credential {
        Credential::ApiKey => "data-app API key",
        Credential::ServiceToken => "service token",
    };
    format!("Use the older (\"deprecated soon\") form: {} {path} with the {cred}", method.as_str())
}

/// The family subcommands (`data-apps`, `api-tokens`, …), each with one subcommand per row.
/// `extra` adds hand-written subcommands to a family (`api-tokens create`).
pub fn family_commands(mut extra: impl FnMut(&str, Command) -> Command) -> Vec<Command> {
    FAMILIES
        .iter()
        .map(|(family, noun)| {
            let ops: Vec<&'static Operation> =
                OPERATIONS.iter().copied().filter(|op| op.name().split_once('.').map(|(f, _)| f) == Some(family)).collect();
            let mut cmd = Command::new(kebab(family)).subcommand_required(true).arg_required_else_help(true);
            for op in &ops {
                cmd = cmd.subcommand(operation_command(op));
            }
            let cmd = extra(family, cmd);
            let actions: Vec<&str> = cmd.get_subcommands().map(Command::get_name).collect();
            let about = family_about(noun, &actions, &ops);
            cmd.about(about)
        })
        .collect()
}

/// The row of `family action` (both as typed on the command line), if it is one.
pub fn find(family: &str, action: &str) -> Option<&'static Operation> {
    let name = format!("{}.{}", family.replace('-', "_"), action.replace('-', "_"));
    OPERATIONS.iter().copied().find(|op| op.name() == name)
}

/// A management call as the command line asked for it.
pub struct Invocation {
    /// The loose request (wire names), checked by the core.
    pub input: Value,
    /// Credential override and legacy form.
    pub options: CallOptions,
    /// Which pages.
    pub list: ListOptions,
}

/// Reads a row's subcommand matches into the loose request the core parses, and its options.
pub fn invocation(op: &'static Operation, m: &ArgMatches) -> Result<Invocation, Failure> {
    let body = request_input(&flags(op), m)?;
    // The core reads the options, as it does the Python and Node packages' `{credential, legacy}`.
    let mut options = Map::new();
    if let Some(flag) = m.get_one::<String>("credential") {
        let wire = credential_names().into_iter().find(|(f, _)| f == flag).map(|(_, w)| w);
        options.insert("credential".into(), Value::from(wire));
    }
    options.insert("legacy".into(), Value::Bool(m.try_get_one::<bool>("legacy").ok().flatten().copied().unwrap_or(false)));
    let options = CallOptions::from_input(&&Value::Object(options))?;
    let page = m.try_get_one::<u32>("page").ok().flatten().copied();
    Ok(Invocation { input: body, options, list: ListOptions { page } })
}

/// `--credential` spellings and the core's names for them: `api-key` → `apiKey`, from the
/// core's call-option table.
fn credential_names() -> Vec<(String, &'static str)> {
    let field = CALL_OPTION_FIELDS.iter().find(|f| f.name == "credential");
    match field.map(|f| f.kind) {
        Some(Kind::OneOf(names)) => names.iter().map(|n| (flag_name(n), *n)).collect(),
        _ => Vec::new(),
    }
}

/// The loose request of a [`request_command`]: `--body-json` first, then `--field`s, then the
/// typed flags (objects before their flattened fields).
pub fn request_input(flags: &[Flag], m: &ArgMatches) -> Result<Value, Failure> {
    let mut body = match m.get_one::<String>("body-json") {
        Some(source) => match crate::args::json_value("--body-json", source)? {
            Value::Object(map) => map,
            _ => return Err(Failure::usage("--body-json: expected a JSON object")),
        },
        None => Map::new(),
    };
    for assignment in m.get_many::<String>("field").into_iter().flatten() {
        let (path, text) =
            assignment.split_once('=').ok_or_else(|| Failure::usage(format!("--field {assignment:?}: expected PATH=VALUE")))?;
        let value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
        set(&mut body, &path.split('.').collect::<Vec<_>>(), value);
    }
    let mut flags = flags.to_vec();
    flags.sort_by_key(|f| f.path.len());
    for flag in flags {
        if let Some(value) = flag_value(&flag, m)? {
            set(&mut body, &flag.path, value);
        }
    }
    Ok(Value::Object(body))
}

fn flag_value(flag: &Flag, m: &ArgMatches) -> Result<Option<Value>, Failure> {
    let id = flag.long.as_str();
    Ok(match flag.kind {
        Kind::Bool => m.get_one::<bool>(id).map(|b| Value::Bool(*b)),
        Kind::Ids | Kind::Texts { .. } => m.get_many::<String>(id).map(|v| Value::Array(v.map(|s| Value::String(s.clone())).collect())),
        // A number when it is one, else the text: the core says what is wrong with it.
        Kind::Seconds => m
            .get_one::<String>(id)
            .map(|s| serde_json::from_str::<serde_json::Number>(s).map_or_else(|_| Value::String(s.clone()), Value::Number)),
        Kind::Object(_) | Kind::OpenObject(_) | Kind::Json | Kind::List { .. } => {
            m.get_one::<String>(id).map(|s| crate::args::json_value(&format!("--{id}"), s)).transpose()?
        }
        // An exported document is sent as read; a file that is not JSON is kept as text for the
        // core to refuse with the field's path.
        Kind::Document => m.get_one::<String>(id).map(|s| crate::args::document_value(&format!("--{id}"), s)).transpose()?,
        _ => m.get_one::<String>(id).map(|s| Value::String(s.clone())),
    })
}

/// Sets `value` at `path`, creating (or replacing non-object) parents.
fn set(map: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let child = map.entry((*first).to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(inner) = child {
                set(inner, rest, value);
            }
        }
    }
}
