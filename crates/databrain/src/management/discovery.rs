//! Discovery and data (data-app API key): the data app's dashboards, an embed's metrics,
//! metric queries; and dashboard export/import (service token).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Field, Kind, Operation, check_as, check_list, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

/// `GET /api/v2/data-app/dashboards` (+ pagination, optional `dashboardNames` filter); the
/// legacy form is `POST /api/v2/dataApp/dashboards` with the same fields in the body.
pub const DASHBOARDS_LIST: Operation = Operation {
    endpoint: Endpoint {
        name: "dashboards.list",
        method: Method::Get,
        path: "/api/v2/data-app/dashboards",
        legacy_path: Some("/api/v2/dataApp/dashboards"),
        credential: Credential::ApiKey,
        idempotency: Idempotency::Safe,
    },
    legacy_method: Some(Method::Post),
    legacy_credential: None,
    fixed_credential: false,
    summary: "",
    legacy_required: &[],
    fields: &[optional("dashboardNames", Kind::Ids)],
    rules: &[],
    paginated: true,
    envelope: Envelope::Data,
    request: "ListDashboards",
    response: "Vec<AppDashboard>",
    check: check_list::<AppDashboard>,
};

/// `GET /api/v2/data-app/metrics?embedId=&clientId=&isMetric=` → `data[]` (one answer, not
/// paginated): a client's own metrics are visible only to it.
pub const METRICS_LIST: Operation = Operation {
    endpoint: Endpoint {
        name: "metrics.list",
        method: Method::Get,
        path: "/api/v2/data-app/metrics",
        legacy_path: None,
        credential: Credential::ApiKey,
        idempotency: Idempotency::Safe,
    },
    legacy_method: None,
    fields: &[required("embedId", Kind::Id), required("clientId", Kind::Id), optional("isMetric", Kind::Bool)],
    paginated: false,
    request: "ListMetrics",
    response: "Vec<Metric>",
    check: check_list::<Metric>,
    ..DASHBOARDS_LIST
};

/// `POST /api/v2/data-app/query` (legacy `/api/v2/dataApp/query`): a metric's rows for one
/// client. Reads only, so it is retried like a GET.
pub const QUERY: Operation = Operation {
    endpoint: Endpoint {
        name: "metrics.query",
        method: Method::Post,
        path: "/api/v2/data-app/query",
        legacy_path: Some("/api/v2/dataApp/query"),
        credential: Credential::ApiKey,
        idempotency: Idempotency::Safe,
    },
    legacy_method: None,
    fields: &[
        required("embedId", Kind::Id),
        required("metricId", Kind::Id),
        required("clientId", Kind::Id),
        optional("dashboardFilter", Kind::Json),
        optional("metricFilter", Kind::Json),
        optional("datasourceName", Kind::Id),
    ],
    paginated: false,
    envelope: Envelope::Body,
    request: "QueryMetric",
    response: "QueryResult",
    check: check_as::<QueryResult>,
    ..DASHBOARDS_LIST
};

/// `POST /api/v2/data-app/export-dashboard` `{dashboardId, workspaceName}` → a JSON document
/// `{_meta, data}`. Reads only: retried like a GET.
pub const EXPORT: Operation = Operation {
    endpoint: Endpoint {
        name: "dashboards.export",
        method: Method::Post,
        path: "/api/v2/data-app/export-dashboard",
        legacy_path: None,
        credential: Credential::ServiceToken,
        idempotency: Idempotency::Safe,
    },
    legacy_method: None,
    fields: &[required("dashboardId", Kind::Id), required("workspaceName", Kind::Id)],
    paginated: false,
    envelope: Envelope::Body,
    request: "ExportDashboard",
    response: "serde_json::Value",
    check: check_as::<Map<String, Value>>,
    ..DASHBOARDS_LIST
};

const SCHEMA_PAIR: &[Field] = &[required("replaceSchema", Kind::Id), required("targetSchema", Kind::Id)];

/// `POST /api/v2/data-app/import-dashboard` → `{data: {response: {...}}}` (older servers:
/// `{data: []}`). Creates a dashboard: never re-sent once it may have reached Databrain.
pub const IMPORT: Operation = Operation {
    endpoint: Endpoint {
        name: "dashboards.import",
        method: Method::Post,
        path: "/api/v2/data-app/import-dashboard",
        legacy_path: None,
        credential: Credential::ServiceToken,
        idempotency: Idempotency::NotSafe,
    },
    fields: &[
        required("workspaceName", Kind::Id),
        required("importDashboardData", Kind::Document),
        optional("dashboardId", Kind::Id),
        optional("dashboardName", Kind::Label),
        optional("schemaPairs", Kind::List { item: SCHEMA_PAIR, non_empty: false }),
    ],
    envelope: Envelope::Data,
    request: "ImportDashboard",
    response: "ImportResult",
    check: check_as::<ImportResult>,
    ..EXPORT
};

/// `dashboards.list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListDashboards {
    /// Only dashboards with these names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_names: Option<Vec<String>>,
}

/// A dashboard of the data app (one per embed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppDashboard {
    /// Its name.
    pub name: String,
    /// The dashboard id.
    pub external_dashboard_id: String,
    /// The embed that shows it.
    #[serde(default)]
    pub embed_id: Option<String>,
}

/// `metrics.list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListMetrics {
    /// The embed.
    pub embed_id: String,
    /// The tenant (its private metrics are included).
    pub client_id: String,
    /// Whether the embed is a metric embed (must agree with it when given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_metric: Option<bool>,
}

/// A metric of an embed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Metric {
    /// Its name.
    pub name: String,
    /// Its id.
    pub metric_id: String,
    /// Whether it is published.
    #[serde(default)]
    pub is_published: Option<bool>,
    /// Who created it.
    #[serde(default)]
    pub created_by_user: Option<String>,
}

/// `metrics.query`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct QueryMetric {
    /// The embed.
    pub embed_id: String,
    /// The metric.
    pub metric_id: String,
    /// The tenant.
    pub client_id: String,
    /// Column → value, list of values, `{min, max}` or `{startDate, endDate}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_filter: Option<Map<String, Value>>,
    /// As `dashboard_filter`, for the metric alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_filter: Option<Map<String, Value>>,
    /// The datasource, for a workspace with several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_name: Option<String>,
}

/// A metric's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// The rows.
    pub data: Vec<Value>,
    /// Milliseconds the query took.
    #[serde(default)]
    pub time_taken: Option<Value>,
    /// Rows in the result.
    #[serde(default)]
    pub total_records: Option<u64>,
    /// The comparison value, when the metric has one.
    #[serde(default)]
    pub comparison_value: Option<Value>,
    /// The columns and group-by columns.
    #[serde(default)]
    pub meta_data: Option<QueryMetaData>,
    /// The metric (spelled `metricid` on the wire).
    #[serde(rename = "metricid", default)]
    pub metric_id: Option<String>,
}

/// `metaData` of a query result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct QueryMetaData {
    /// The result's columns.
    #[serde(default)]
    pub columns: Vec<QueryColumn>,
    /// The columns grouped by.
    #[serde(default)]
    pub groupby_column_list: Vec<String>,
}

/// One column of a query result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct QueryColumn {
    /// Its name.
    pub name: String,
    /// Its type (`string`, `number`, ...).
    #[serde(default)]
    pub data_type: Option<String>,
}

/// `dashboards.export`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportDashboard {
    /// The dashboard.
    pub dashboard_id: String,
    /// Its workspace.
    pub workspace_name: String,
}

/// `schemaPairs[]` of an import: `replaceSchema.` becomes `targetSchema.` in metric SQL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SchemaPair {
    /// The schema in the document.
    pub replace_schema: String,
    /// The schema to use instead.
    pub target_schema: String,
}

/// `dashboards.import`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportDashboard {
    /// The workspace to import into.
    pub workspace_name: String,
    /// An exported `{_meta, data}` document (or its JSON text).
    pub import_dashboard_data: Value,
    /// The new dashboard's id (default: the document's, made unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_id: Option<String>,
    /// The new dashboard's name (default: the document's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_name: Option<String>,
    /// Schema renames for the metrics' SQL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_pairs: Option<Vec<SchemaPair>>,
}

/// `data` of an import: `{response: {...}}`, or `[]` from older servers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ImportResult {
    /// The current answer.
    Imported {
        /// What was created.
        response: ImportedDashboard,
    },
    /// An older server's `[]`: imported, with nothing to report.
    Older(Vec<Value>),
}

/// The dashboard an import created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportedDashboard {
    /// Databrain's message.
    #[serde(default)]
    pub message: Option<String>,
    /// The new dashboard's id.
    pub dashboard_id: String,
    /// Its name.
    #[serde(default)]
    pub dashboard_name: Option<String>,
    /// Its workspace.
    #[serde(default)]
    pub workspace_name: Option<String>,
}

impl ImportResult {
    /// The created dashboard, when the server said which.
    pub fn dashboard(&self) -> Option<&ImportedDashboard> {
        match self {
            ImportResult::Imported { response } => Some(response),
            ImportResult::Older(_) => None,
        }
    }
}

impl Request for ListDashboards {
    const OPERATION: &'static Operation = &DASHBOARDS_LIST;
}
impl Request for ListMetrics {
    const OPERATION: &'static Operation = &METRICS_LIST;
}
impl Request for QueryMetric {
    const OPERATION: &'static Operation = &QUERY;
}
impl Request for ExportDashboard {
    const OPERATION: &'static Operation = &EXPORT;
}
impl Request for ImportDashboard {
    const OPERATION: &'static Operation = &IMPORT;
}

resource! {
    /// `client.dashboards()`: the data app's dashboards (API key), export and import
    /// (service token).
    Dashboards
}

impl Dashboards<'_> {
    /// The data app's dashboards (one per embed), page by page.
    pub fn list(&self, request: &ListDashboards, list: &ListOptions) -> Result<Paginator<AppDashboard>> {
        self.client.list(&DASHBOARDS_LIST, request, self.options, list)
    }

    /// A dashboard as a JSON document (`{_meta, data}`), for [`Dashboards::import`].
    pub async fn export(&self, request: &ExportDashboard) -> Result<Value> {
        self.client.run(&EXPORT, request, self.options).await
    }

    /// Imports an exported document as a new dashboard.
    pub async fn import(&self, request: &ImportDashboard) -> Result<ImportResult> {
        self.client.run(&IMPORT, request, self.options).await
    }
}

resource! {
    /// `client.metrics()`: an embed's metrics and their data (API key).
    Metrics
}

impl Metrics<'_> {
    /// The metrics of an embed visible to a client.
    pub async fn list(&self, request: &ListMetrics) -> Result<Vec<Metric>> {
        self.client.run(&METRICS_LIST, request, self.options).await
    }

    /// A metric's rows for one client.
    pub async fn query(&self, request: &QueryMetric) -> Result<QueryResult> {
        self.client.run(&QUERY, request, self.options).await
    }
}
