//! The seed: which credentials, data apps and management catalog (datasources, datamarts,
//! workspaces, dashboards, metrics, embeds, scheduled reports) the mock starts with and returns
//! to on reset. This file holds the seed's types alone, so that everything that reads a seed
//! can import it without importing what builds or checks one: `Seed::default` is built in
//! `seed_world.rs`, and `Seed::from_json`, `Seed::from_file` and `Seed::validate` live in
//! `seed_check.rs`, beside the API's validators they use.

use serde::{Deserialize, Serialize};

/// Service token of the default seed (organisation-level: manages data apps and API keys).
pub const DEFAULT_SERVICE_TOKEN: &str = "33333333-3333-4333-8333-333333333333";
/// API key of the default seed's data app `sales-dashboard`.
pub const DEFAULT_API_KEY: &str = "11111111-1111-4111-8111-111111111111";
/// API key of the default seed's data app `Customer Portal Analytics`.
pub const DEFAULT_PORTAL_API_KEY: &str = "22222222-2222-4222-8222-222222222222";

/// Name of the default seed's first data app (owner of [`DEFAULT_API_KEY`]).
pub const DEFAULT_DATA_APP: &str = "sales-dashboard";
/// Name of the default seed's second data app (owner of [`DEFAULT_PORTAL_API_KEY`]).
pub const DEFAULT_PORTAL_DATA_APP: &str = "Customer Portal Analytics";

/// Initial state of a [`crate::MockServer`]. JSON form (camelCase):
///
/// ```json
/// {"serviceTokens": ["…"],
///  "dataApps": [{"name": "sales-dashboard", "apiKeys": ["…"], "datasources": [],
///                "embeds": [{"id": "emb-1", "dashboardId": "dash-1", "workspaceName": "Sales"}]}],
///  "datasources": [{"name": "postgres-prod", "tables": [{"schemaName": "public", "name": "orders",
///                   "columns": [{"name": "id", "dataType": "number"}]}]}],
///  "datamarts": [{"name": "Sales Mart", "datasourceName": "postgres-prod",
///                 "tableList": [{"schemaName": "public", "name": "orders", "columns": [{"name": "id"}]}]}],
///  "workspaces": [{"name": "Sales", "connectionType": "DATAMART", "datamartName": "Sales Mart",
///                  "dashboards": [{"id": "dash-1", "name": "Overview", "metrics": [
///                    {"id": "met-1", "name": "Orders", "columns": [{"name": "n", "dataType": "number"}],
///                     "rows": [{"n": 3}]}]}]}],
///  "rateLimit": {"perSecond": 50.0, "burst": 10}}
/// ```
///
/// A JSON seed that omits the catalog keys gets an empty catalog (not the default one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    /// Service tokens accepted on the data-app and API-token management endpoints.
    #[serde(default)]
    pub service_tokens: Vec<String>,
    /// Data apps, in listing order.
    #[serde(default)]
    pub data_apps: Vec<SeedDataApp>,
    /// Optional token-bucket rate limit applied per credential; `None` = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Connected datasources and their tables (what datamarts and workspaces may point at).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasources: Vec<SeedDatasource>,
    /// Datamarts (organisation-level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datamarts: Vec<SeedDatamart>,
    /// Workspaces with their dashboards and metrics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workspaces: Vec<SeedWorkspace>,
}

/// One seeded data app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedDataApp {
    /// The data app's name, as sent in `dataAppName`.
    pub name: String,
    /// Data-app API keys that authorise guest tokens for this app (listed as "Default key").
    #[serde(default)]
    pub api_keys: Vec<String>,
    /// Datasource names. With two or more, guest-token requests must name one in
    /// `datasourceName`; when non-empty, a given `datasourceName` must be one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasources: Vec<String>,
    /// The data app's embeds (each of a dashboard, or one metric, of a seeded workspace).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<SeedEmbed>,
}

/// A connected datasource and the tables it exposes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedDatasource {
    /// The datasource's name, as sent in `datasourceName`.
    pub name: String,
    /// Its tables: a datamart may only use these (else `DATAMART_TABLE_NOT_FOUND`).
    #[serde(default)]
    pub tables: Vec<SeedTable>,
}

/// A table of a datasource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedTable {
    /// Schema, e.g. `public`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_name: Option<String>,
    /// Table name.
    pub name: String,
    /// Columns.
    #[serde(default)]
    pub columns: Vec<SeedColumn>,
}

/// A column (of a table, or of a metric's result).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedColumn {
    /// Column name (user data: never case-converted).
    pub name: String,
    /// `string`, `number`, `date`, `boolean`, … (free text, reported as-is).
    #[serde(default = "string_type")]
    pub data_type: String,
}

fn string_type() -> String {
    "string".into()
}

/// A datamart: a curated set of tables of one datasource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedDatamart {
    /// The datamart's name, as sent in `datamartName`.
    pub name: String,
    /// The datasource it reads.
    pub datasource_name: String,
    /// Tables in the API's `tableList` shape
    /// (`{schemaName?, name, clientColumn?, label?, isHide?, columns[]: {name, alias?, label?, isHide?}}`).
    #[serde(default)]
    pub table_list: Vec<serde_json::Value>,
    /// Its semantic layer, in the create call's shape (`{tables[]: {name, description?,
    /// synonyms?, columns[]}, feedback?}`); none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semantic_layer: Option<serde_json::Value>,
}

/// A workspace and its dashboards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedWorkspace {
    /// The workspace's name, as sent in `workspaceName`.
    pub name: String,
    /// `DATASOURCE`, `DATAMART`, `MULTI_DATASOURCE` or `MULTI_DATAMART`.
    pub connection_type: String,
    /// The datasource of a `DATASOURCE` workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource_name: Option<String>,
    /// The datamart of a `DATAMART` workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datamart_name: Option<String>,
    /// Dashboards in listing order.
    #[serde(default)]
    pub dashboards: Vec<SeedDashboard>,
}

/// A dashboard and its metrics. Dashboard ids are unique across workspaces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedDashboard {
    /// `externalDashboardId`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free-form metadata reported by embed listings and exports.
    #[serde(default)]
    pub metadata: serde_json::Value,
    /// Metrics in listing order.
    #[serde(default)]
    pub metrics: Vec<SeedMetric>,
}

/// A metric with the result a query returns. Metric ids are unique across dashboards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedMetric {
    /// `metricId`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether the metric is published (default true).
    #[serde(default = "yes")]
    pub is_published: bool,
    /// Who created it (an e-mail for org users, the client id for a tenant's own metric).
    #[serde(default = "admin_user")]
    pub created_by_user: String,
    /// `Some(client)`: a tenant's private metric, visible only to that `clientId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The SQL behind it (exports carry it; imports rewrite its schema names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Result columns (`metaData.columns` of a query).
    #[serde(default)]
    pub columns: Vec<SeedColumn>,
    /// Result rows, objects keyed by column name.
    #[serde(default)]
    pub rows: Vec<serde_json::Value>,
}

fn yes() -> bool {
    true
}

fn admin_user() -> String {
    "admin@example.com".into()
}

fn dashboard_type() -> String {
    "dashboard".into()
}

/// An embed of a data app: a dashboard (or one metric of it) of a workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedEmbed {
    /// `embedId` (unique across data apps).
    #[serde(alias = "embedId")]
    pub id: String,
    /// Display name; `None` = the dashboard's (or metric's) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `dashboard` (default) or `metric`.
    #[serde(default = "dashboard_type")]
    pub embed_type: String,
    /// The embedded dashboard.
    pub dashboard_id: String,
    /// The embedded metric (metric embeds only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_id: Option<String>,
    /// The dashboard's workspace.
    pub workspace_name: String,
    /// `accessSettings` as the API takes them (`datamartName`, `isAllow…` booleans, …).
    #[serde(default)]
    pub access_settings: serde_json::Value,
    /// `Some(client)`: a per-tenant dashboard embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Scheduled e-mail reports set up on this embed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<SeedReport>,
}

/// A scheduled e-mail report of an embed, for one client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedReport {
    /// Report id.
    pub id: String,
    /// The tenant it is for.
    pub client_id: String,
    /// E-mail subject.
    pub subject: String,
    /// Charts included (free-form).
    #[serde(default)]
    pub schedule_email_report_charts: Vec<serde_json::Value>,
    /// `{frequency, day?, time, timezone}`.
    pub time_configurations: serde_json::Value,
    /// Who created it (reported as `createdByIdentifier`; null when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_identifier: Option<String>,
}

/// Token bucket per credential: `burst` requests at once, refilled at `per_second`.
/// Requests over the limit get 429 `RATE_LIMIT_EXCEEDED` with a `Retry-After` in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    /// Refill rate, tokens per second (> 0).
    pub per_second: f64,
    /// Bucket size (>= 1).
    pub burst: u32,
}

/// Why a seed was refused.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The text is not JSON of the seed's shape.
    #[error("seed is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// The seed file could not be read.
    #[error("cannot read seed file: {0}")]
    Io(#[from] std::io::Error),
    /// The seed is well-formed but inconsistent (duplicate names or credentials, …).
    #[error("invalid seed: {0}")]
    Invalid(String),
}
