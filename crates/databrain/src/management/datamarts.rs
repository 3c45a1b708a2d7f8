//! Datamarts (service token; older docs said the data-app key: override with
//! [`Datamarts::credential`]): `/api/v2/data-app/datamarts`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Field, Kind, NoInput, Operation, check_as, check_list, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

const fn row(name: &'static str, method: Method, path: &'static str, idempotency: Idempotency) -> Endpoint {
    Endpoint { name, method, path, legacy_path: None, credential: Credential::ServiceToken, idempotency }
}

const COLUMN: &[Field] = &[
    required("name", Kind::Id),
    optional("alias", Kind::Id),
    optional("label", Kind::Label),
    optional("isHide", Kind::Bool),
];

const TABLE: &[Field] = &[
    optional("schemaName", Kind::Id),
    required("name", Kind::Id),
    optional("clientColumn", Kind::Id),
    optional("label", Kind::Label),
    optional("isHide", Kind::Bool),
    optional("columns", Kind::List { item: COLUMN, non_empty: false }),
];

const TENANCY: &[Field] = &[
    optional("tenancyLevel", Kind::OneOf(&["TABLE", "DATABASE"])),
    optional("clientColumnType", Kind::OneOf(&["NUMBER", "STRING"])),
];

/// `POST /api/v2/data-app/datamarts` (legacy `POST /api/v2/dataApp/datamart/create`) →
/// `{id}`. Creates: never re-sent once it may have reached Databrain.
pub const CREATE: Operation = Operation {
    endpoint: Endpoint {
        legacy_path: Some("/api/v2/dataApp/datamart/create"),
        ..row("datamarts.create", Method::Post, "/api/v2/data-app/datamarts", Idempotency::NotSafe)
    },
    legacy_method: None,
    legacy_credential: None,
    fixed_credential: false,
    summary: "",
    legacy_required: &[],
    fields: &[
        required("name", Kind::Id),
        required("datasourceName", Kind::Id),
        required("tableList", Kind::List { item: TABLE, non_empty: true }),
        optional("tenancySettings", Kind::OpenObject(TENANCY)),
    ],
    rules: &[],
    paginated: false,
    envelope: Envelope::Body,
    request: "CreateDatamart",
    response: "DatamartId",
    check: check_as::<DatamartId>,
};

/// `PUT /api/v2/data-app/datamarts` `{datamartName, tableList}` → `{id}`: replaces the tables.
pub const UPDATE: Operation = Operation {
    endpoint: row("datamarts.update", Method::Put, "/api/v2/data-app/datamarts", Idempotency::Safe),
    fields: &[required("datamartName", Kind::Id), required("tableList", Kind::List { item: TABLE, non_empty: true })],
    request: "UpdateDatamart",
    ..CREATE
};

/// `GET /api/v2/data-app/datamarts` (+ pagination).
pub const LIST: Operation = Operation {
    endpoint: row("datamarts.list", Method::Get, "/api/v2/data-app/datamarts", Idempotency::Safe),
    fields: &[],
    paginated: true,
    envelope: Envelope::Data,
    request: "NoInput",
    response: "Vec<Datamart>",
    check: check_list::<Datamart>,
    ..CREATE
};

/// `DELETE /api/v2/data-app/datamart?datamartName=` (singular path) → `{id}`.
pub const DELETE: Operation = Operation {
    endpoint: row("datamarts.delete", Method::Delete, "/api/v2/data-app/datamart", Idempotency::Safe),
    fields: &[required("datamartName", Kind::Id)],
    request: "DeleteDatamart",
    ..CREATE
};

/// A column of a datamart table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DatamartColumn {
    /// The column.
    pub name: String,
    /// Its alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Hidden from tenants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hide: Option<bool>,
}

/// A table of a datamart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DatamartTable {
    /// Its schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_name: Option<String>,
    /// The table.
    pub name: String,
    /// Its column holding the tenant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_column: Option<String>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Hidden from tenants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hide: Option<bool>,
    /// The columns it exposes (default: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<DatamartColumn>>,
}

impl DatamartTable {
    /// Table `name` with every column.
    pub fn new(name: impl Into<String>) -> Self {
        DatamartTable { name: name.into(), ..Default::default() }
    }
}

/// `datamarts.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateDatamart {
    /// The new datamart's name.
    pub name: String,
    /// The datasource it reads.
    pub datasource_name: String,
    /// Its tables (at least one).
    pub table_list: Vec<DatamartTable>,
    /// `{tenancyLevel: TABLE|DATABASE, clientColumnType: NUMBER|STRING, ...}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenancy_settings: Option<Map<String, Value>>,
}

/// `datamarts.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateDatamart {
    /// The datamart.
    pub datamart_name: String,
    /// Its new tables.
    pub table_list: Vec<DatamartTable>,
}

/// `datamarts.delete`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteDatamart {
    /// The datamart.
    pub datamart_name: String,
}

/// `{id}` of a datamart created, updated or deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DatamartId {
    /// Its id.
    pub id: String,
}

/// A datamart as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Datamart {
    /// Its id (not in the documented list shape; the mock sends it, as `create` answers it).
    #[serde(default)]
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// The organisation.
    #[serde(default)]
    pub datamart_organization: Option<Value>,
    /// The datasource (`{name}`).
    #[serde(default)]
    pub company_integration: Option<Value>,
    /// Its tables.
    #[serde(default)]
    pub datamart_tables: Vec<Value>,
    /// Its relationships.
    #[serde(default)]
    pub datamart_relationships: Vec<Value>,
    /// Its tenancy settings as created (not in the documented list shape; the mock sends them).
    #[serde(default)]
    pub tenancy_settings: Option<Value>,
}

impl Request for CreateDatamart {
    const OPERATION: &'static Operation = &CREATE;
}
impl Request for UpdateDatamart {
    const OPERATION: &'static Operation = &UPDATE;
}
impl Request for DeleteDatamart {
    const OPERATION: &'static Operation = &DELETE;
}

resource! {
    /// `client.datamarts()`: datamarts, authorised by the service token.
    Datamarts
}

impl Datamarts<'_> {
    /// Creates a datamart.
    pub async fn create(&self, request: &CreateDatamart) -> Result<DatamartId> {
        self.client.run(&CREATE, request, self.options).await
    }

    /// Replaces a datamart's tables.
    pub async fn update(&self, request: &UpdateDatamart) -> Result<DatamartId> {
        self.client.run(&UPDATE, request, self.options).await
    }

    /// Every datamart, page by page.
    pub fn list(&self, list: &ListOptions) -> Result<Paginator<Datamart>> {
        self.client.list(&LIST, &NoInput {}, self.options, list)
    }

    /// Deletes a datamart.
    pub async fn delete(&self, datamart_name: impl Into<String>) -> Result<DatamartId> {
        self.client.run(&DELETE, &DeleteDatamart { datamart_name: datamart_name.into() }, self.options).await
    }
}
