//! The management API: data apps, API keys, embeds, discovery
//! and query, workspaces, datamarts, dashboard export/import, datamarts' semantic layers.
//!
//! Every call is one row of data, an [`Operation`]: its [`Endpoint`] (method, path, legacy
//! path, credential, retry safety), its request fields ([`Field`], checked by the one loose
//! parser before anything is sent), where its answer's payload sits ([`Envelope`]) and the
//! names of its request and response types. One engine reads every row; each family's module
//! (`data_apps`, `api_tokens`, ...) holds its rows, its typed models and a resource with one
//! tiny method per call. Front ends that do not want the typed models call a row by name with
//! [`Client::call_json`] / [`Client::paginate_json`].
//!
//! Lists hide the paging protocol: [`Paginator`] sends `isPagination: "true"` and a 1-based
//! `pageNumber` (query string or body, as the row says), and stops at a short (< 10) or
//! empty page.

pub mod api_tokens;
pub mod data_apps;
pub mod datamarts;
pub mod discovery;
pub(crate) mod engine;
pub mod embeds;
pub mod provision;
pub(crate) mod request;
pub mod rotation;
pub(crate) mod row;
pub mod semantic_layer;
pub mod workspaces;

use serde_json::Value;

use crate::client::Client;
use crate::endpoint::{API_TOKEN_CREATE, Endpoint, GUEST_TOKEN_CREATE};
use crate::error::{Error, Result};
use crate::request::input::Input;

pub use engine::{Paginator, PreparedCall};
pub use provision::PROVISION_TENANT;
pub use rotation::ROTATE_API_KEY;
pub use request::{CALL_OPTION_FIELDS, CallOptions, ListOptions, Request};
pub use row::{Envelope, Field, Kind, NoInput, Operation, PAGE_SIZE, RequiredWhen, optional, required};
use engine::{Prepared, checked_json};

impl Client {
    /// Calls the management row named `name` ([`OPERATIONS`]) with a loose request, as the
    /// Python and Node packages do: the request is parsed and checked by the row (nothing is
    /// sent if it is invalid), the payload checked against the row's response type and returned
    /// as JSON (unknown fields kept). A paginated list returns every item of every page, or the
    /// one page `list.page` names.
    pub async fn call_json<I: Input>(&self, name: &str, input: &I, options: &CallOptions, list: &ListOptions) -> Result<Value> {
        let op = operation(name)?;
        if op.paginated {
            let pages = self.paginate_json(name, input, options, list)?;
            return pages.collect_all().await.map(Value::Array);
        }
        let prepared = Prepared::from_input(op, input, *options)?;
        prepared.send_then(self, None, |value| checked_json(op, value)).await
    }

    /// Parses and checks a loose request for the row named `name` once, for front ends
    /// that read their native values while they can (Python with the GIL held, Node on the
    /// JS thread) and send later ([`Client::send_prepared`], [`Client::paginate_prepared`])
    /// without converting the request to JSON and parsing it again.
    pub fn prepare_call<I: Input>(&self, name: &str, input: &I, options: &CallOptions) -> Result<PreparedCall> {
        let op = operation(name)?;
        Ok(PreparedCall(Prepared::from_input(op, input, *options)?))
    }

    /// A paginator of JSON items over the paginated row named `name`, for front ends that
    /// stream (checked against the row's item type, unknown fields kept).
    pub fn paginate_json<I: Input>(&self, name: &str, input: &I, options: &CallOptions, list: &ListOptions) -> Result<Paginator<Value>> {
        let op = operation(name)?;
        if !op.paginated {
            return Err(Error::Configuration(format!("{name} is not a paginated list")));
        }
        let prepared = Prepared::from_input(op, input, *options)?;
        Ok(Paginator::new(self, prepared, list, true))
    }

    /// Data apps (service token): list, create, rename, delete.
    pub fn data_apps(&self) -> data_apps::DataApps<'_> {
        data_apps::DataApps::new(self)
    }

    /// Data-app API keys: create and list (service token), rotate (the key being rotated).
    pub fn api_tokens(&self) -> api_tokens::ApiTokens<'_> {
        api_tokens::ApiTokens::new(self)
    }

    /// Embeds (data-app API key): create, update, list, delete, rename, export, per-tenant
    /// dashboard embeds, scheduled reports.
    pub fn embeds(&self) -> embeds::Embeds<'_> {
        embeds::Embeds::new(self)
    }

    /// Dashboards: the data app's (API key) and export/import (service token).
    pub fn dashboards(&self) -> discovery::Dashboards<'_> {
        discovery::Dashboards::new(self)
    }

    /// Metrics of an embed, and metric queries (data-app API key).
    pub fn metrics(&self) -> discovery::Metrics<'_> {
        discovery::Metrics::new(self)
    }

    /// Workspaces (service token): list, create, update, delete, their dashboards and metrics.
    pub fn workspaces(&self) -> workspaces::Workspaces<'_> {
        workspaces::Workspaces::new(self)
    }

    /// Datamarts (service token): create, update, list, delete.
    pub fn datamarts(&self) -> datamarts::Datamarts<'_> {
        datamarts::Datamarts::new(self)
    }

    /// Datamarts' semantic layers (service token only): get, create, update (a partial
    /// merge), delete.
    pub fn semantic_layer(&self) -> semantic_layer::SemanticLayers<'_> {
        semantic_layer::SemanticLayers::new(self)
    }
}


/// The row named `name`.
pub fn operation(name: &str) -> Result<&'static Operation> {
    OPERATIONS.iter().copied().find(|op| op.name() == name).ok_or_else(|| {
        let names: Vec<&str> = OPERATIONS.iter().map(|op| op.name()).collect();
        Error::Configuration(format!("unknown management call {name:?}; expected one of: {}", names.join(", ")))
    })
}


/// Every management row, in the order of Databrain's API reference.
pub const OPERATIONS: &[&Operation] = &[
    &data_apps::LIST,
    &data_apps::CREATE,
    &data_apps::RENAME,
    &data_apps::DELETE,
    &api_tokens::LIST,
    &api_tokens::ROTATE,
    &embeds::CREATE,
    &embeds::UPDATE,
    &embeds::LIST,
    &embeds::DELETE,
    &embeds::RENAME,
    &embeds::EXPORT,
    &embeds::CREATE_DASHBOARD_EMBED,
    &embeds::LIST_REPORTS,
    &discovery::DASHBOARDS_LIST,
    &discovery::METRICS_LIST,
    &discovery::QUERY,
    &workspaces::LIST,
    &workspaces::CREATE,
    &workspaces::UPDATE,
    &workspaces::DELETE,
    &workspaces::LIST_DASHBOARDS,
    &workspaces::LIST_METRICS,
    &datamarts::CREATE,
    &datamarts::UPDATE,
    &datamarts::LIST,
    &datamarts::DELETE,
    &discovery::EXPORT,
    &discovery::IMPORT,
    &semantic_layer::GET,
    &semantic_layer::CREATE,
    &semantic_layer::UPDATE,
    &semantic_layer::DELETE,
];

/// Every endpoint the client knows, for front ends that export the table: the guest token
/// and API-key creation of SPEC.md, then every management row ([`OPERATIONS`],
/// same order).
pub const ENDPOINTS: &[Endpoint] = &[
    GUEST_TOKEN_CREATE,
    API_TOKEN_CREATE,
    data_apps::LIST.endpoint,
    data_apps::CREATE.endpoint,
    data_apps::RENAME.endpoint,
    data_apps::DELETE.endpoint,
    api_tokens::LIST.endpoint,
    api_tokens::ROTATE.endpoint,
    embeds::CREATE.endpoint,
    embeds::UPDATE.endpoint,
    embeds::LIST.endpoint,
    embeds::DELETE.endpoint,
    embeds::RENAME.endpoint,
    embeds::EXPORT.endpoint,
    embeds::CREATE_DASHBOARD_EMBED.endpoint,
    embeds::LIST_REPORTS.endpoint,
    discovery::DASHBOARDS_LIST.endpoint,
    discovery::METRICS_LIST.endpoint,
    discovery::QUERY.endpoint,
    workspaces::LIST.endpoint,
    workspaces::CREATE.endpoint,
    workspaces::UPDATE.endpoint,
    workspaces::DELETE.endpoint,
    workspaces::LIST_DASHBOARDS.endpoint,
    workspaces::LIST_METRICS.endpoint,
    datamarts::CREATE.endpoint,
    datamarts::UPDATE.endpoint,
    datamarts::LIST.endpoint,
    datamarts::DELETE.endpoint,
    discovery::EXPORT.endpoint,
    discovery::IMPORT.endpoint,
    semantic_layer::GET.endpoint,
    semantic_layer::CREATE.endpoint,
    semantic_layer::UPDATE.endpoint,
    semantic_layer::DELETE.endpoint,
];
