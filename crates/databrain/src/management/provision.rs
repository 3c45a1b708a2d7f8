//! `provision_tenant`: the documented onboarding flow in one call — data app → API key
//! → embed (or a per-tenant dashboard embed) — safe to re-run after a partial failure.
//!
//! Each step first looks for what an earlier run made (by name) and reuses it; only when
//! nothing is there does it send the creating call, which the rows never re-send once it may
//! have reached Databrain. So a run that failed half-way (a timeout after the create was
//! sent, a 500, a crash) is repaired by running it again: nothing is duplicated.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::api_tokens::ApiToken;
use super::data_apps::DataApp;
use super::embeds::{self, CreateDashboardEmbed, CreateEmbed, Embed};
use super::request::ListOptions;
use super::row::{Field, Kind, optional, required};
use crate::client::Client;
use crate::endpoint::Credential;
use crate::error::{Error, ErrorKind, FieldError, Result, StepFailure};
use crate::request::input::Input;
use crate::request::models::api_token::ApiTokenRequest;
use crate::request::parse::{Parser, spec};
use crate::request::valid::{Checked, Valid};

/// The key name used when a [`TenantSpec`] names none: what a re-run looks the key up by.
pub const DEFAULT_KEY_NAME: &str = "Provisioned by databrain-sdk";

/// The fields of a [`TenantSpec`]'s loose form (what the Python and Node packages pass).
pub const TENANT_FIELDS: &[Field] = &[
    required("dataAppName", Kind::Name),
    optional("keyName", Kind::Label),
    optional("embed", Kind::Object(embeds::CREATE.fields)),
    optional("dashboardEmbed", Kind::Object(embeds::CREATE_DASHBOARD_EMBED.fields)),
];

/// What [`Client::provision_tenant`] makes for one tenant.
///
/// ```
/// use databrain::management::embeds::{AccessSettings, CreateEmbed};
/// use databrain::management::provision::TenantSpec;
///
/// let spec = TenantSpec::new("acme").key_name("acme production").embed(CreateEmbed {
///     dashboard_id: "dash-sales-overview".into(),
///     embed_type: "dashboard".into(),
///     workspace_name: "Sales".into(),
///     name: Some("Acme sales".into()),
///     access_settings: AccessSettings::datamart("Sales Mart"),
///     ..Default::default()
/// });
/// assert!(spec.validate().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantSpec {
    /// The tenant's data app: reused when one of this name exists, created otherwise.
    pub data_app_name: String,
    /// The label of the tenant's API key: a live key of this name is reused, else one is
    /// created. Default [`DEFAULT_KEY_NAME`].
    #[serde(default = "default_key_name")]
    pub key_name: String,
    /// A dashboard or metric embed: reused when the data app has one of the same type,
    /// dashboard, metric (and name, when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed: Option<CreateEmbed>,
    /// Or a per-tenant dashboard embed: reused when the data app has an embed of
    /// `dashboard_id` (the new dashboard's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard_embed: Option<CreateDashboardEmbed>,
}

fn default_key_name() -> String {
    DEFAULT_KEY_NAME.to_owned()
}

impl TenantSpec {
    /// A tenant whose data app is `data_app_name`; add its embed with [`TenantSpec::embed`]
    /// or [`TenantSpec::dashboard_embed`].
    pub fn new(data_app_name: impl Into<String>) -> Self {
        TenantSpec { data_app_name: data_app_name.into(), key_name: default_key_name(), embed: None, dashboard_embed: None }
    }

    /// The API key's label (what a re-run finds it by).
    pub fn key_name(mut self, name: impl Into<String>) -> Self {
        self.key_name = name.into();
        self
    }

    /// A dashboard or metric embed of an existing dashboard.
    pub fn embed(mut self, embed: CreateEmbed) -> Self {
        self.embed = Some(embed);
        self.dashboard_embed = None;
        self
    }

    /// A per-tenant dashboard (blank or from a template) and its embed.
    pub fn dashboard_embed(mut self, embed: CreateDashboardEmbed) -> Self {
        self.dashboard_embed = Some(embed);
        self.embed = None;
        self
    }

    /// Reads and checks a loose spec (camelCase or snake_case keys): every problem at once,
    /// with its path (`embed.accessSettings.datamartName`).
    pub fn from_input<I: Input>(input: &I) -> Result<Valid<TenantSpec>> {
        let fields = Parser::run(|p| {
            let fields = spec::record(p, TENANT_FIELDS, input);
            check_embed_choice(p, &fields);
            if let Some(Value::Object(embed)) = fields.get("embed") {
                spec::required_when(p, "embed", &embeds::CREATE, embed);
            }
            fields
        })?
        .0;
        serde_json::from_value(Value::Object(fields))
            .map(Valid)
            .map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))
    }

    /// Checks every rule: the spec as [`Valid`], or every problem at once.
    pub fn validate(&self) -> Result<Valid<TenantSpec>> {
        let value = serde_json::to_value(self).map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))?;
        TenantSpec::from_input(&&value)
    }
}

fn check_embed_choice(p: &mut Parser, fields: &Map<String, Value>) {
    let root = crate::request::path::Path::ROOT;
    match (fields.contains_key("embed"), fields.contains_key("dashboardEmbed")) {
        (true, true) => p.problems.push(&root.key("dashboardEmbed"), "give embed or dashboardEmbed, not both"),
        (false, false) if !p.problems.errors.iter().any(|e| e.path.starts_with("embed") || e.path.starts_with("dashboardEmbed")) => {
            p.problems.push(&root.key("embed"), "is required (or dashboardEmbed, for a per-tenant dashboard)")
        }
        _ => {}
    }
}

impl Checked<TenantSpec> for TenantSpec {
    fn checked(&self) -> Result<&TenantSpec> {
        self.validate().map(|_| self)
    }
}

/// Whether a step made something or found it from an earlier run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// This run created it.
    Created,
    /// It existed (an earlier run, or someone else, made it) and was reused.
    Reused,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Reused => "reused",
        }
    }
}

/// The tenant's data app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedDataApp {
    /// Its name.
    pub name: String,
    /// Created or reused.
    pub outcome: Outcome,
}

/// The tenant's API key. `Debug` never prints the key.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedKey {
    /// Its label.
    pub name: String,
    /// The key (what the tenant's guest tokens are minted with).
    pub key: String,
    /// Created or reused.
    pub outcome: Outcome,
}

impl std::fmt::Debug for ProvisionedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvisionedKey").field("name", &self.name).field("key", &"<redacted>").field("outcome", &self.outcome).finish()
    }
}

/// The tenant's embed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionedEmbed {
    /// The embed id (for guest tokens and the front-end component).
    pub id: String,
    /// Its name, when Databrain says.
    pub name: Option<String>,
    /// `"embed"` or `"dashboard_embed"` (a per-tenant dashboard).
    pub kind: String,
    /// Created or reused.
    pub outcome: Outcome,
}

/// What [`Client::provision_tenant`] made or reused, step by step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionedTenant {
    /// Step 1.
    pub data_app: ProvisionedDataApp,
    /// Step 2.
    pub api_key: ProvisionedKey,
    /// Step 3.
    pub embed: ProvisionedEmbed,
}

impl ProvisionedTenant {
    /// A client authorised by the tenant's key (same pool and settings as `client`).
    pub fn client(&self, client: &Client) -> Result<Client> {
        client.with_api_key(&self.api_key.key)
    }
}

/// A failed step: [`Error::Step`] saying which step and what was already done. A refused
/// credential becomes a [`Error::Configuration`] that names the credential the step needs.
pub(crate) fn step_error(workflow: &'static str, step: &'static str, needs: Credential, done: &[String], error: Error) -> Error {
    let error = if error.kind() == ErrorKind::Authentication {
        let which = match needs {
            Credential::ServiceToken => "the organisation's service token (not a data-app API key)",
            Credential::ApiKey => "a data-app API key (not the service token)",
        };
        Error::Configuration(format!("this step needs {which}; Databrain refused the one sent: {}", error.message()))
    } else {
        error
    };
    Error::Step(Box::new(StepFailure { workflow, step, done: done.to_vec(), error }))
}

/// The workflow's operation id: its step errors name it, and its telemetry call span is
/// `databrain.provision_tenant` (each request it makes is an attempt under that span).
pub const PROVISION_TENANT: &str = "provision_tenant";
const WORKFLOW: &str = PROVISION_TENANT;

impl Client {
    /// Provisions one tenant: **data app → API key → embed** (or per-tenant dashboard
    /// embed), reusing whatever an earlier run made, so it is safe to re-run after any
    /// failure. The service token authorises steps 1–2; step 3 uses the tenant's new key.
    ///
    /// Steps and their failure modes (each failure is an [`Error::Step`] naming the step and
    /// what was already done; re-running repairs every one of them):
    /// 1. `data_app` — lists the data apps; reuses the one named `data_app_name`, else
    ///    creates it (`DATA_APP_ALREADY_EXISTS` from a concurrent run counts as reused). A
    ///    timeout or 5xx on the create is not retried (it may have reached Databrain): the
    ///    re-run finds the app if it was made.
    /// 2. `api_key` — lists the app's live keys; reuses the newest one labelled `key_name`
    ///    (listed keys carry their value), else creates one. A create that timed out is
    ///    never re-sent; if it reached Databrain, the re-run finds and reuses that key.
    /// 3. `embed` — with the tenant's key, lists the app's embeds; reuses one of the same
    ///    type, dashboard and metric (and name, when given) — or, for a per-tenant dashboard,
    ///    the embed of `dashboard_id` — else creates it. Invalid workspace, dashboard,
    ///    metric or datamart names fail here (400 `INVALID_*`) after steps 1–2 succeeded;
    ///    fix the spec and re-run (the app and key are reused).
    ///
    /// Before anything is sent: the spec is validated (field paths such as
    /// `embed.accessSettings.datamartName`) and a missing service token is a
    /// [`Error::Configuration`]. A credential Databrain refuses (a data-app key passed as the
    /// service token) becomes a [`Error::Configuration`] naming the credential the step needs.
    pub async fn provision_tenant(&self, spec: &impl Checked<TenantSpec>) -> Result<ProvisionedTenant> {
        crate::telemetry::in_workflow(PROVISION_TENANT, self.provision_tenant_steps(spec)).await
    }

    async fn provision_tenant_steps(&self, spec: &impl Checked<TenantSpec>) -> Result<ProvisionedTenant> {
        let spec = spec.checked()?;
        if !self.has_service_token() {
            return Err(Error::Configuration(format!("provision_tenant: {}", self.missing_credential(Credential::ServiceToken))));
        }
        let mut done = Vec::new();
        let data_app = self
            .provision_data_app(&spec.data_app_name)
            .await
            .map_err(|e| step_error(WORKFLOW, "data_app", Credential::ServiceToken, &done, e))?;
        done.push(format!("data app {:?} {}", data_app.name, data_app.outcome.word()));
        let api_key = self
            .provision_key(&spec.data_app_name, &spec.key_name)
            .await
            .map_err(|e| step_error(WORKFLOW, "api_key", Credential::ServiceToken, &done, e))?;
        done.push(format!("API key {:?} {}", api_key.name, api_key.outcome.word()));
        let tenant = self.with_api_key(&api_key.key)?;
        let embed = tenant
            .provision_embed(spec)
            .await
            .map_err(|e| step_error(WORKFLOW, "embed", Credential::ApiKey, &done, e))?;
        Ok(ProvisionedTenant { data_app, api_key, embed })
    }

    async fn provision_data_app(&self, name: &str) -> Result<ProvisionedDataApp> {
        let apps: Vec<DataApp> = self.data_apps().list(&ListOptions::all())?.collect_all().await?;
        if apps.iter().any(|a| a.name == name) {
            return Ok(ProvisionedDataApp { name: name.to_owned(), outcome: Outcome::Reused });
        }
        match self.data_apps().create(name).await {
            Ok(app) => Ok(ProvisionedDataApp { name: app.name, outcome: Outcome::Created }),
            Err(e) if e.code() == "DATA_APP_ALREADY_EXISTS" => {
                Ok(ProvisionedDataApp { name: name.to_owned(), outcome: Outcome::Reused })
            }
            Err(e) => Err(e),
        }
    }

    async fn provision_key(&self, app: &str, key_name: &str) -> Result<ProvisionedKey> {
        let keys: Vec<ApiToken> = self.api_tokens().list(app, &ListOptions::all())?.collect_all().await?;
        // A rotated key keeps its label, so during a grace period two keys share it: the
        // newest (listed last) is the one that keeps working.
        if let Some(k) = keys.iter().rev().find(|k| k.name.as_deref() == Some(key_name)) {
            return Ok(ProvisionedKey { name: key_name.to_owned(), key: k.key.clone(), outcome: Outcome::Reused });
        }
        let key = self.create_api_token(&ApiTokenRequest::new(app, key_name)).await?;
        Ok(ProvisionedKey { name: key_name.to_owned(), key, outcome: Outcome::Created })
    }

    async fn provision_embed(&self, spec: &TenantSpec) -> Result<ProvisionedEmbed> {
        let existing: Vec<Embed> = self.embeds().list(&ListOptions::all())?.collect_all().await?;
        if let Some(request) = &spec.dashboard_embed {
            if let Some(e) = existing.iter().find(|e| dashboard_of(e) == Some(request.dashboard_id.as_str())) {
                return Ok(reused(e, "dashboard_embed"));
            }
            let made = self.embeds().create_dashboard_embed(request).await?;
            return Ok(ProvisionedEmbed { id: made.id, name: Some(made.name), kind: "dashboard_embed".into(), outcome: Outcome::Created });
        }
        let request = spec.embed.as_ref().expect("a valid spec has embed or dashboard_embed");
        if let Some(e) = existing.iter().find(|e| same_embed(e, request)) {
            return Ok(reused(e, "embed"));
        }
        let made = self.embeds().create(request).await?;
        Ok(ProvisionedEmbed { id: made.id, name: request.name.clone(), kind: "embed".into(), outcome: Outcome::Created })
    }
}

fn reused(e: &Embed, kind: &str) -> ProvisionedEmbed {
    ProvisionedEmbed { id: e.embed_id.clone(), name: e.name.clone(), kind: kind.into(), outcome: Outcome::Reused }
}

fn dashboard_of(e: &Embed) -> Option<&str> {
    e.external_dashboard.as_ref()?.external_dashboard_id.as_deref()
}

/// Whether a listed embed is what `request` would create.
fn same_embed(e: &Embed, request: &CreateEmbed) -> bool {
    let metric = e.external_metric.as_ref().and_then(|m| m.get("metricId")).and_then(Value::as_str);
    e.embed_type.as_deref() == Some(request.embed_type.as_str())
        && dashboard_of(e) == Some(request.dashboard_id.as_str())
        && (request.embed_type != "metric" || metric == request.metric_id.as_deref())
        && request.name.as_ref().is_none_or(|n| e.name.as_ref() == Some(n))
}
