//! Embeds (data-app API key): `/api/v2/data-app/embeds`, per-tenant dashboard embeds and
//! scheduled reports.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Field, Kind, Operation, RequiredWhen, check_as, check_list, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

const fn row(name: &'static str, method: Method, path: &'static str, idempotency: Idempotency) -> Endpoint {
    Endpoint { name, method, path, legacy_path: None, credential: Credential::ApiKey, idempotency }
}

const TABLE_TENANCY: &[Field] = &[required("name", Kind::Id), required("clientColumn", Kind::Id)];

/// `accessSettings` fields after `datamartName`.
macro_rules! access_fields {
    ($datamart:expr) => {
        &[
            $datamart,
            optional("isAllowAiPilot", Kind::Bool),
            optional("isAllowEmailReports", Kind::Bool),
            optional("isAllowManageMetrics", Kind::Bool),
            optional("isAllowCreateDashboardView", Kind::Bool),
            optional("isAllowMetricCreation", Kind::Bool),
            optional("isAllowMetricDeletion", Kind::Bool),
            optional("isAllowMetricLayoutChange", Kind::Bool),
            optional("isAllowMetricUpdate", Kind::Bool),
            optional("isAllowUnderlyingData", Kind::Bool),
            optional("joinModel", Kind::OneOf(&["single", "multi"])),
            optional("metricCreationMode", Kind::OneOf(&["DRAG_DROP", "CHAT"])),
            optional("tableTenancySettings", Kind::List { item: TABLE_TENANCY, non_empty: false }),
        ]
    };
}

/// `accessSettings` on create: `datamartName` is required.
pub const ACCESS_SETTINGS: &[Field] = access_fields!(required("datamartName", Kind::Id));
/// `accessSettings` on update: only the fields sent change.
pub const ACCESS_SETTINGS_UPDATE: &[Field] = access_fields!(optional("datamartName", Kind::Id));

/// `POST /api/v2/data-app/embeds` (legacy `/api/v2/dataApp/embeds`) → `{id, error: null}`.
pub const CREATE: Operation = Operation {
    endpoint: Endpoint {
        legacy_path: Some("/api/v2/dataApp/embeds"),
        ..row("embeds.create", Method::Post, "/api/v2/data-app/embeds", Idempotency::NotSafe)
    },
    legacy_method: None,
    legacy_credential: None,
    fixed_credential: false,
    summary: "",
    legacy_required: &[],
    fields: &[
        required("dashboardId", Kind::Id),
        required("embedType", Kind::OneOf(&["dashboard", "metric"])),
        optional("metricId", Kind::Id),
        required("workspaceName", Kind::Id),
        optional("name", Kind::Label),
        required("accessSettings", Kind::OpenObject(ACCESS_SETTINGS)),
    ],
    rules: &[RequiredWhen { field: "embedType", equals: "metric", requires: "metricId" }],
    paginated: false,
    envelope: Envelope::Body,
    request: "CreateEmbed",
    response: "EmbedId",
    check: check_as::<EmbedId>,
};

/// `PUT /api/v2/data-app/embeds` `{embedId, accessSettings}` → `{id}`: only the settings
/// sent change, at once.
pub const UPDATE: Operation = Operation {
    endpoint: row("embeds.update", Method::Put, "/api/v2/data-app/embeds", Idempotency::Safe),
    fields: &[required("embedId", Kind::Id), required("accessSettings", Kind::OpenObject(ACCESS_SETTINGS_UPDATE))],
    rules: &[],
    request: "UpdateEmbed",
    ..CREATE
};

/// `GET /api/v2/data-app/embeds` (+ pagination): the data app's embeds.
pub const LIST: Operation = Operation {
    endpoint: row("embeds.list", Method::Get, "/api/v2/data-app/embeds", Idempotency::Safe),
    fields: &[],
    rules: &[],
    paginated: true,
    envelope: Envelope::Data,
    request: "NoInput",
    response: "Vec<Embed>",
    check: check_list::<Embed>,
    ..CREATE
};

/// `DELETE /api/v2/data-app/embeds?embedId=&isDeleteDashboard=` → `{id}`; the embed's guest
/// tokens stop working, and `isDeleteDashboard` also deletes its dashboard.
pub const DELETE: Operation = Operation {
    endpoint: row("embeds.delete", Method::Delete, "/api/v2/data-app/embeds", Idempotency::Safe),
    fields: &[required("embedId", Kind::Id), optional("isDeleteDashboard", Kind::Bool)],
    rules: &[],
    request: "DeleteEmbed",
    ..CREATE
};

/// `PUT /api/v2/data-app/embeds/rename` `{embedId, name, isRenameDashboard?}` → `{id, name}`.
pub const RENAME: Operation = Operation {
    endpoint: row("embeds.rename", Method::Put, "/api/v2/data-app/embeds/rename", Idempotency::Safe),
    fields: &[required("embedId", Kind::Id), required("name", Kind::Label), optional("isRenameDashboard", Kind::Bool)],
    rules: &[],
    request: "RenameEmbed",
    response: "NamedEmbed",
    check: check_as::<NamedEmbed>,
    ..CREATE
};

/// `GET /api/v2/data-app/embeds/export?embedId=` → the embed as a JSON document.
pub const EXPORT: Operation = Operation {
    endpoint: row("embeds.export", Method::Get, "/api/v2/data-app/embeds/export", Idempotency::Safe),
    fields: &[required("embedId", Kind::Id)],
    rules: &[],
    request: "ExportEmbed",
    response: "serde_json::Value",
    check: check_as::<Map<String, Value>>,
    ..CREATE
};

/// `POST /api/v2/data-app/dashboard-embeds` → `{id, error: null, name}`: a per-tenant
/// dashboard (blank, from a template, or imported from an export's document) and its embed. Creates: never re-sent once it may have reached Databrain.
pub const CREATE_DASHBOARD_EMBED: Operation = Operation {
    endpoint: row(
        "embeds.create_dashboard_embed",
        Method::Post,
        "/api/v2/data-app/dashboard-embeds",
        Idempotency::NotSafe,
    ),
    fields: &[
        required("dashboardId", Kind::Id),
        required("workspaceName", Kind::Id),
        required("clientId", Kind::Id),
        optional("templateDashboardId", Kind::Id),
        optional("name", Kind::Label),
        optional("embedDescription", Kind::Text),
        optional("isAllowPrivateMetricsByDefault", Kind::Bool),
        optional("metadata", Kind::Json),
        required("accessSettings", Kind::OpenObject(ACCESS_SETTINGS)),
        optional("isImportMetrics", Kind::Bool),
        optional("isRenameDashboard", Kind::Bool),
        optional("metricImportMode", Kind::Text),
        optional("importDashboardData", Kind::Document),
    ],
    rules: &[],
    request: "CreateDashboardEmbed",
    response: "NamedEmbed",
    check: check_as::<NamedEmbed>,
    ..CREATE
};

/// `GET /api/v2/data-app/embeds/reports?embedId=&clientId=` (+ pagination): a tenant's
/// scheduled e-mail reports on an embed.
pub const LIST_REPORTS: Operation = Operation {
    endpoint: row("embeds.list_reports", Method::Get, "/api/v2/data-app/embeds/reports", Idempotency::Safe),
    fields: &[required("embedId", Kind::Id), required("clientId", Kind::Id)],
    request: "ListReports",
    response: "Vec<Report>",
    check: check_list::<Report>,
    ..LIST
};

/// What a tenant may do in an embed and which datamart tables it sees.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessSettings {
    /// The datamart the embed reads (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datamart_name: Option<String>,
    /// Allow the AI pilot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_ai_pilot: Option<bool>,
    /// Allow e-mail reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_email_reports: Option<bool>,
    /// Allow managing metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_manage_metrics: Option<bool>,
    /// Allow creating dashboard views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_create_dashboard_view: Option<bool>,
    /// Allow creating metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_metric_creation: Option<bool>,
    /// Allow deleting metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_metric_deletion: Option<bool>,
    /// Allow changing the metric layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_metric_layout_change: Option<bool>,
    /// Allow updating metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_metric_update: Option<bool>,
    /// Allow viewing underlying data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_underlying_data: Option<bool>,
    /// `"single"` or `"multi"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_model: Option<String>,
    /// `"DRAG_DROP"` or `"CHAT"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_creation_mode: Option<String>,
    /// Which column of each table holds the tenant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_tenancy_settings: Option<Vec<TableTenancy>>,
    /// Settings this SDK does not model yet, sent as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl AccessSettings {
    /// Settings reading `datamart_name`, everything else at Databrain's defaults.
    pub fn datamart(datamart_name: impl Into<String>) -> Self {
        AccessSettings { datamart_name: Some(datamart_name.into()), ..Default::default() }
    }
}

/// `tableTenancySettings[]`: the tenant column of one table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TableTenancy {
    /// The table.
    pub name: String,
    /// Its column holding the tenant (client) id.
    pub client_column: String,
}

/// `embeds.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateEmbed {
    /// The dashboard to embed (or whose metric to embed).
    pub dashboard_id: String,
    /// `"dashboard"` or `"metric"`.
    pub embed_type: String,
    /// The metric, for a metric embed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_id: Option<String>,
    /// The dashboard's workspace.
    pub workspace_name: String,
    /// A name (default: the dashboard's or metric's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What tenants may do.
    pub access_settings: AccessSettings,
}

/// `embeds.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateEmbed {
    /// The embed.
    pub embed_id: String,
    /// The settings to change (only those set).
    pub access_settings: AccessSettings,
}

/// `embeds.delete`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteEmbed {
    /// The embed.
    pub embed_id: String,
    /// Also delete its dashboard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_delete_dashboard: Option<bool>,
}

/// `embeds.rename`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RenameEmbed {
    /// The embed.
    pub embed_id: String,
    /// Its new name.
    pub name: String,
    /// Rename its dashboard too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_rename_dashboard: Option<bool>,
}

/// `embeds.export` (and anything else naming only an embed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportEmbed {
    /// The embed.
    pub embed_id: String,
}

/// `embeds.create_dashboard_embed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateDashboardEmbed {
    /// The new per-tenant dashboard's id (must not exist yet).
    pub dashboard_id: String,
    /// The workspace it goes in.
    pub workspace_name: String,
    /// The tenant it is for.
    pub client_id: String,
    /// A dashboard of the same workspace to copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_dashboard_id: Option<String>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The embed's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed_description: Option<String>,
    /// New metrics are private to the tenant by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_allow_private_metrics_by_default: Option<bool>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// What the tenant may do.
    pub access_settings: AccessSettings,
    /// Import the template's (or the imported dashboard's) metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_import_metrics: Option<bool>,
    /// Rename the dashboard to `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_rename_dashboard: Option<bool>,
    /// How metrics are imported (e.g. `"GALLERY"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_import_mode: Option<String>,
    /// The JSON document an export returned (an object, or its JSON text), passed through as is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_dashboard_data: Option<Value>,
}

/// `embeds.list_reports`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListReports {
    /// The embed.
    pub embed_id: String,
    /// The tenant whose reports to list.
    pub client_id: String,
}

/// `{id}` (`{id, error: null}` on create): the embed acted on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmbedId {
    /// The embed id.
    pub id: String,
}

/// `{id, name}`: a renamed embed, or a new per-tenant dashboard embed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NamedEmbed {
    /// The embed id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An embed as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Embed {
    /// The embed id.
    pub embed_id: String,
    /// `"dashboard"` or `"metric"`.
    #[serde(default)]
    pub embed_type: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// The dashboard it shows.
    #[serde(default)]
    pub external_dashboard: Option<ExternalDashboard>,
    /// The metric it shows (metric embeds).
    #[serde(default)]
    pub external_metric: Option<Value>,
    /// Workspace, access settings, client, timestamps, ...
    #[serde(default)]
    pub embed_metadata: Option<Value>,
}

/// `externalDashboard` of a listed embed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExternalDashboard {
    /// The dashboard id.
    #[serde(default)]
    pub external_dashboard_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// A scheduled e-mail report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The report id.
    pub id: String,
    /// The e-mail subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The charts it sends.
    #[serde(default)]
    pub schedule_email_report_charts: Vec<Value>,
    /// When it is sent.
    #[serde(default)]
    pub time_configurations: Option<TimeConfiguration>,
    /// ISO timestamp.
    #[serde(default)]
    pub created_at: Option<String>,
    /// ISO timestamp.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The tenant.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The embed.
    #[serde(default)]
    pub embed_id: Option<String>,
    /// Who created it (null when unknown).
    #[serde(default)]
    pub created_by_identifier: Option<String>,
}

/// `timeConfigurations` of a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimeConfiguration {
    /// `DAILY`, `WEEKLY`, `MONTHLY`, ...
    #[serde(default)]
    pub frequency: Option<String>,
    /// The day (a weekday name or a day of the month), when the frequency needs one.
    #[serde(default)]
    pub day: Option<Value>,
    /// `HH:MM`.
    #[serde(default)]
    pub time: Option<String>,
    /// IANA time zone.
    #[serde(default)]
    pub timezone: Option<String>,
}

impl Request for CreateEmbed {
    const OPERATION: &'static Operation = &CREATE;
}
impl Request for UpdateEmbed {
    const OPERATION: &'static Operation = &UPDATE;
}
impl Request for DeleteEmbed {
    const OPERATION: &'static Operation = &DELETE;
}
impl Request for RenameEmbed {
    const OPERATION: &'static Operation = &RENAME;
}
impl Request for ExportEmbed {
    const OPERATION: &'static Operation = &EXPORT;
}
impl Request for CreateDashboardEmbed {
    const OPERATION: &'static Operation = &CREATE_DASHBOARD_EMBED;
}
impl Request for ListReports {
    const OPERATION: &'static Operation = &LIST_REPORTS;
}

resource! {
    /// `client.embeds()`: embeds, authorised by the data-app API key.
    Embeds
}

impl Embeds<'_> {
    /// Creates a dashboard or metric embed; its id.
    pub async fn create(&self, request: &CreateEmbed) -> Result<EmbedId> {
        self.client.run(&CREATE, request, self.options).await
    }

    /// Changes an embed's access settings (only those set), at once.
    pub async fn update(&self, request: &UpdateEmbed) -> Result<EmbedId> {
        self.client.run(&UPDATE, request, self.options).await
    }

    /// The data app's embeds, page by page.
    pub fn list(&self, list: &ListOptions) -> Result<Paginator<Embed>> {
        self.client.list(&LIST, &super::row::NoInput {}, self.options, list)
    }

    /// Deletes an embed (and, with `delete_dashboard`, its dashboard); its guest tokens stop
    /// working.
    pub async fn delete(&self, embed_id: impl Into<String>, delete_dashboard: bool) -> Result<EmbedId> {
        let request = DeleteEmbed { embed_id: embed_id.into(), is_delete_dashboard: Some(delete_dashboard) };
        self.client.run(&DELETE, &request, self.options).await
    }

    /// Renames an embed (and, with `is_rename_dashboard`, its dashboard).
    pub async fn rename(&self, request: &RenameEmbed) -> Result<NamedEmbed> {
        self.client.run(&RENAME, request, self.options).await
    }

    /// The embed as a JSON document (`{_meta, data}`).
    pub async fn export(&self, embed_id: impl Into<String>) -> Result<Value> {
        self.client.run(&EXPORT, &ExportEmbed { embed_id: embed_id.into() }, self.options).await
    }

    /// Creates a per-tenant dashboard (blank, from a template, or imported from an export's
    /// document) and its embed.
    pub async fn create_dashboard_embed(&self, request: &CreateDashboardEmbed) -> Result<NamedEmbed> {
        self.client.run(&CREATE_DASHBOARD_EMBED, request, self.options).await
    }

    /// A tenant's scheduled reports on an embed, page by page.
    pub fn list_reports(&self, request: &ListReports, list: &ListOptions) -> Result<Paginator<Report>> {
        self.client.list(&LIST_REPORTS, request, self.options, list)
    }
}
