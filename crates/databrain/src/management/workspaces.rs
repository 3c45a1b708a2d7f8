//! Workspaces (service token; older docs said the data-app key: override with
//! [`Workspaces::credential`]): `/api/v2/workspace`.

use serde::{Deserialize, Serialize};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Field, Kind, NoInput, Operation, RequiredWhen, check_as, check_list, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

const fn row(name: &'static str, method: Method, path: &'static str, idempotency: Idempotency) -> Endpoint {
    Endpoint { name, method, path, legacy_path: None, credential: Credential::ServiceToken, idempotency }
}

/// The documented connection types.
pub const CONNECTION_TYPES: &[&str] = &["DATASOURCE", "DATAMART", "MULTI_DATASOURCE", "MULTI_DATAMART"];

const WORKSPACE: &[Field] = &[
    required("name", Kind::Label),
    required("connectionType", Kind::OneOf(CONNECTION_TYPES)),
    optional("datasourceName", Kind::Id),
    optional("datamartName", Kind::Id),
];

const SOURCE_RULES: &[RequiredWhen] = &[
    RequiredWhen { field: "connectionType", equals: "DATASOURCE", requires: "datasourceName" },
    RequiredWhen { field: "connectionType", equals: "DATAMART", requires: "datamartName" },
];

/// `GET /api/v2/workspace` (+ pagination) → `data[]: {name}`.
pub const LIST: Operation = Operation {
    endpoint: row("workspaces.list", Method::Get, "/api/v2/workspace", Idempotency::Safe),
    legacy_method: None,
    legacy_credential: None,
    fixed_credential: false,
    summary: "",
    legacy_required: &[],
    fields: &[],
    rules: &[],
    paginated: true,
    envelope: Envelope::Data,
    request: "NoInput",
    response: "Vec<Workspace>",
    check: check_list::<Workspace>,
};

/// `POST /api/v2/workspace` → `{data: {name}}`. Creates: never re-sent once it may have
/// reached Databrain.
pub const CREATE: Operation = Operation {
    endpoint: row("workspaces.create", Method::Post, "/api/v2/workspace", Idempotency::NotSafe),
    fields: WORKSPACE,
    rules: SOURCE_RULES,
    paginated: false,
    request: "WorkspaceRequest",
    response: "Workspace",
    check: check_as::<Workspace>,
    ..LIST
};

/// `PUT /api/v2/workspace` (as create) → `{data: {name}}`: repoints the workspace (it cannot
/// be renamed).
pub const UPDATE: Operation = Operation {
    endpoint: row("workspaces.update", Method::Put, "/api/v2/workspace", Idempotency::Safe),
    ..CREATE
};

/// `DELETE /api/v2/workspace?name=` → `{data: {id, message}}`.
pub const DELETE: Operation = Operation {
    endpoint: row("workspaces.delete", Method::Delete, "/api/v2/workspace", Idempotency::Safe),
    fields: &[required("name", Kind::Label)],
    rules: &[],
    request: "DeleteWorkspace",
    response: "DeletedWorkspace",
    check: check_as::<DeletedWorkspace>,
    ..CREATE
};

/// `POST /api/v2/workspace/dashboards` `{workspaceName}` (+ pagination in the body).
/// Reads only: retried like a GET.
pub const LIST_DASHBOARDS: Operation = Operation {
    endpoint: row("workspaces.list_dashboards", Method::Post, "/api/v2/workspace/dashboards", Idempotency::Safe),
    fields: &[required("workspaceName", Kind::Id)],
    request: "WorkspaceDashboards",
    response: "Vec<WorkspaceDashboard>",
    check: check_list::<WorkspaceDashboard>,
    ..LIST
};

/// `POST /api/v2/workspace/metrics` `{workspaceName, dashboardId?}` (+ pagination in the
/// body). Reads only: retried like a GET.
pub const LIST_METRICS: Operation = Operation {
    endpoint: row("workspaces.list_metrics", Method::Post, "/api/v2/workspace/metrics", Idempotency::Safe),
    fields: &[required("workspaceName", Kind::Id), optional("dashboardId", Kind::Id)],
    request: "WorkspaceMetrics",
    response: "Vec<WorkspaceMetric>",
    check: check_list::<WorkspaceMetric>,
    ..LIST
};

/// A workspace (`{name}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Workspace {
    /// Its name.
    pub name: String,
}

/// `workspaces.create` / `workspaces.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRequest {
    /// The workspace's name (an update names the workspace to repoint).
    pub name: String,
    /// One of [`CONNECTION_TYPES`].
    pub connection_type: String,
    /// Required for `DATASOURCE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_name: Option<String>,
    /// Required for `DATAMART`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datamart_name: Option<String>,
}

/// `workspaces.delete`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeleteWorkspace {
    /// The workspace.
    pub name: String,
}

/// `{id, message}` of a deleted workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeletedWorkspace {
    /// Its id.
    pub id: String,
    /// Databrain's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// `workspaces.list_dashboards`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceDashboards {
    /// The workspace.
    pub workspace_name: String,
}

/// `workspaces.list_metrics`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMetrics {
    /// The workspace.
    pub workspace_name: String,
    /// Only this dashboard's metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_id: Option<String>,
}

/// A dashboard of a workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceDashboard {
    /// Its name.
    pub name: String,
    /// Its id.
    pub external_dashboard_id: String,
}

/// A metric of a workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMetric {
    /// Its name.
    pub name: String,
    /// Its id.
    pub metric_id: String,
}

impl Request for WorkspaceRequest {
    const OPERATION: &'static Operation = &CREATE;
}
impl Request for DeleteWorkspace {
    const OPERATION: &'static Operation = &DELETE;
}
impl Request for WorkspaceDashboards {
    const OPERATION: &'static Operation = &LIST_DASHBOARDS;
}
impl Request for WorkspaceMetrics {
    const OPERATION: &'static Operation = &LIST_METRICS;
}

resource! {
    /// `client.workspaces()`: workspaces, authorised by the service token.
    Workspaces
}

impl Workspaces<'_> {
    /// Every workspace, page by page.
    pub fn list(&self, list: &ListOptions) -> Result<Paginator<Workspace>> {
        self.client.list(&LIST, &NoInput {}, self.options, list)
    }

    /// Creates a workspace.
    pub async fn create(&self, request: &WorkspaceRequest) -> Result<Workspace> {
        self.client.run(&CREATE, request, self.options).await
    }

    /// Repoints a workspace (and so its metrics) at another source.
    pub async fn update(&self, request: &WorkspaceRequest) -> Result<Workspace> {
        self.client.run(&UPDATE, request, self.options).await
    }

    /// Deletes a workspace, its dashboards and their embeds.
    pub async fn delete(&self, name: impl Into<String>) -> Result<DeletedWorkspace> {
        self.client.run(&DELETE, &DeleteWorkspace { name: name.into() }, self.options).await
    }

    /// A workspace's dashboards, page by page.
    pub fn list_dashboards(&self, workspace_name: impl Into<String>, list: &ListOptions) -> Result<Paginator<WorkspaceDashboard>> {
        let request = WorkspaceDashboards { workspace_name: workspace_name.into() };
        self.client.list(&LIST_DASHBOARDS, &request, self.options, list)
    }

    /// A workspace's (or one of its dashboards') metrics, page by page.
    pub fn list_metrics(&self, request: &WorkspaceMetrics, list: &ListOptions) -> Result<Paginator<WorkspaceMetric>> {
        self.client.list(&LIST_METRICS, request, self.options, list)
    }
}
