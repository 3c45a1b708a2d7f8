//! A datamart's semantic layer (service token only): the descriptions and synonyms Databrain's
//! AI features read, one layer per datamart — `/api/v2/data-app/datamarts/semantic-layer`
//! (legacy `/api/v2/dataApp/datamarts/semantic-layer`).
//!
//! The API refuses a data-app key here with 403 `AUTHENTICATION_ERROR` (its one 403), so the
//! rows fix their credential: an override is refused before sending.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::request::{Request, resource};
use super::row::{Envelope, Field, Kind, Operation, check_as, optional, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

/// Synonyms a table or a column may have.
pub const MAX_SYNONYMS: usize = 10;

const PATH: &str = "/api/v2/data-app/datamarts/semantic-layer";
const LEGACY_PATH: &str = "/api/v2/dataApp/datamarts/semantic-layer";

const fn row(name: &'static str, method: Method, idempotency: Idempotency) -> Endpoint {
    Endpoint { name, method, path: PATH, legacy_path: Some(LEGACY_PATH), credential: Credential::ServiceToken, idempotency }
}

const COLUMN: &[Field] = &[
    required("name", Kind::Id),
    optional("description", Kind::Text),
    optional("synonyms", Kind::Texts { max: MAX_SYNONYMS }),
    optional("columnType", Kind::Text),
    optional("isIdentifier", Kind::Bool),
];

const TABLE: &[Field] = &[
    required("name", Kind::Id),
    optional("description", Kind::Text),
    optional("synonyms", Kind::Texts { max: MAX_SYNONYMS }),
    required("columns", Kind::List { item: COLUMN, non_empty: false }),
];

/// On update a table may leave its columns out: they keep their values.
const TABLE_UPDATE: &[Field] = &[
    required("name", Kind::Id),
    optional("description", Kind::Text),
    optional("synonyms", Kind::Texts { max: MAX_SYNONYMS }),
    optional("columns", Kind::List { item: COLUMN, non_empty: false }),
];

/// `GET …/semantic-layer?datamartName=` → `{data: {datamartName, tables[], feedback,
/// completionScore, lastUpdated}}`; 404 `SEMANTIC_LAYER_NOT_FOUND`.
pub const GET: Operation = Operation {
    endpoint: row("semantic_layer.get", Method::Get, Idempotency::Safe),
    legacy_method: None,
    legacy_credential: None,
    fixed_credential: true,
    summary: "The datamart's semantic layer (404 SEMANTIC_LAYER_NOT_FOUND when it has none).",
    legacy_required: &[],
    fields: &[required("datamartName", Kind::Id)],
    rules: &[],
    paginated: false,
    envelope: Envelope::Data,
    request: "GetSemanticLayer",
    response: "DatamartSemanticLayer",
    check: check_as::<DatamartSemanticLayer>,
};

/// `POST …/semantic-layer` → `{id}` (the datamart's name): only for a datamart without one.
/// Creates: never re-sent once it may have reached Databrain.
pub const CREATE: Operation = Operation {
    endpoint: row("semantic_layer.create", Method::Post, Idempotency::NotSafe),
    summary: "Creates the datamart's semantic layer; only for a datamart without one (400 otherwise). Never re-sent once it may have reached Databrain.",
    fields: &[
        required("datamartName", Kind::Id),
        required("tables", Kind::List { item: TABLE, non_empty: false }),
        optional("feedback", Kind::Text),
    ],
    envelope: Envelope::Body,
    request: "CreateSemanticLayer",
    response: "SemanticLayerId",
    check: check_as::<SemanticLayerId>,
    ..GET
};

/// `PUT …/semantic-layer` → `{id}`: a partial merge (tables and columns left out keep their
/// values; listed ones are merged by name). Idempotent.
pub const UPDATE: Operation = Operation {
    endpoint: row("semantic_layer.update", Method::Put, Idempotency::Safe),
    summary: "A partial merge: tables and columns left out keep their values; listed ones are merged by name (only the fields sent change).",
    fields: &[
        required("datamartName", Kind::Id),
        required("tables", Kind::List { item: TABLE_UPDATE, non_empty: false }),
        optional("feedback", Kind::Text),
    ],
    request: "UpdateSemanticLayer",
    ..CREATE
};

/// `DELETE …/semantic-layer?datamartName=` → `{id}`; the datamart stays. Cannot be undone.
pub const DELETE: Operation = Operation {
    endpoint: row("semantic_layer.delete", Method::Delete, Idempotency::Safe),
    summary: "Deletes the datamart's semantic layer (the datamart stays); cannot be undone.",
    fields: &[required("datamartName", Kind::Id)],
    request: "DeleteSemanticLayer",
    ..CREATE
};

/// A column's description and synonyms, as sent on create and update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SemanticColumn {
    /// The column.
    pub name: String,
    /// What it holds, for the AI features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other names for it (at most 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synonyms: Option<Vec<String>>,
    /// `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON` (others may come).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_type: Option<String>,
    /// It identifies a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_identifier: Option<bool>,
}

impl SemanticColumn {
    /// Column `name`, nothing else set.
    pub fn new(name: impl Into<String>) -> Self {
        SemanticColumn { name: name.into(), ..Default::default() }
    }

    /// With this description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// With these synonyms (at most 10).
    pub fn synonyms<S: Into<String>>(mut self, synonyms: impl IntoIterator<Item = S>) -> Self {
        self.synonyms = Some(synonyms.into_iter().map(Into::into).collect());
        self
    }

    /// With this column type (`"ENUM"`, `"Number"`, ...).
    pub fn column_type(mut self, column_type: impl Into<String>) -> Self {
        self.column_type = Some(column_type.into());
        self
    }

    /// Marked as identifying a row (or not).
    pub fn identifier(mut self, is_identifier: bool) -> Self {
        self.is_identifier = Some(is_identifier);
        self
    }
}

/// A table's description, synonyms and columns, as sent on create and update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SemanticTable {
    /// The table.
    pub name: String,
    /// What it holds, for the AI features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other names for it (at most 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synonyms: Option<Vec<String>>,
    /// Its columns (on update, the ones to merge; the others keep their values).
    #[serde(default)]
    pub columns: Vec<SemanticColumn>,
}

impl SemanticTable {
    /// Table `name`, no columns.
    pub fn new(name: impl Into<String>) -> Self {
        SemanticTable { name: name.into(), ..Default::default() }
    }

    /// With this description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// With these synonyms (at most 10).
    pub fn synonyms<S: Into<String>>(mut self, synonyms: impl IntoIterator<Item = S>) -> Self {
        self.synonyms = Some(synonyms.into_iter().map(Into::into).collect());
        self
    }

    /// With one more column.
    pub fn column(mut self, column: SemanticColumn) -> Self {
        self.columns.push(column);
        self
    }
}

/// `semantic_layer.create`: a datamart's first semantic layer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSemanticLayer {
    /// The datamart (it must not have a semantic layer yet).
    pub datamart_name: String,
    /// Its tables' descriptions and synonyms.
    pub tables: Vec<SemanticTable>,
    /// Free-text feedback for the AI features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// `semantic_layer.update`: a partial merge — tables and columns left out keep their values;
/// listed ones are merged by name (only the fields sent change).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateSemanticLayer {
    /// The datamart.
    pub datamart_name: String,
    /// The tables to merge, by name.
    pub tables: Vec<SemanticTable>,
    /// New feedback (left out: unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

macro_rules! layer_builders {
    ($name:ident) => {
        impl $name {
            /// For datamart `datamart_name`, no tables yet.
            pub fn new(datamart_name: impl Into<String>) -> Self {
                $name { datamart_name: datamart_name.into(), ..Default::default() }
            }

            /// With one more table.
            pub fn table(mut self, table: SemanticTable) -> Self {
                self.tables.push(table);
                self
            }

            /// With this feedback.
            pub fn feedback(mut self, feedback: impl Into<String>) -> Self {
                self.feedback = Some(feedback.into());
                self
            }
        }
    };
}
layer_builders!(CreateSemanticLayer);
layer_builders!(UpdateSemanticLayer);

/// `semantic_layer.get`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetSemanticLayer {
    /// The datamart.
    pub datamart_name: String,
}

/// `semantic_layer.delete`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteSemanticLayer {
    /// The datamart.
    pub datamart_name: String,
}

/// `{id}`: the datamart whose layer was created, updated or deleted (its name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SemanticLayerId {
    /// The datamart's name.
    pub id: String,
}

/// A datamart's semantic layer, as `get` answers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DatamartSemanticLayer {
    /// The datamart.
    pub datamart_name: String,
    /// Its tables.
    #[serde(default)]
    pub tables: Vec<SemanticLayerTable>,
    /// Free-text feedback.
    #[serde(default)]
    pub feedback: Option<String>,
    /// How complete the descriptions are (a score).
    #[serde(default)]
    pub completion_score: Option<f64>,
    /// ISO timestamp of the last change.
    #[serde(default)]
    pub last_updated: Option<String>,
}

/// A table of a semantic layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SemanticLayerTable {
    /// The table.
    pub name: String,
    /// Its schema.
    #[serde(default)]
    pub schema_name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Its synonyms.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Anything else Databrain keeps about it.
    #[serde(default)]
    pub miscellaneous_info: Option<Value>,
    /// Its columns.
    #[serde(default)]
    pub columns: Vec<SemanticLayerColumn>,
}

/// A column of a semantic layer's table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SemanticLayerColumn {
    /// The column.
    pub name: String,
    /// Its data type in the datasource.
    #[serde(default)]
    pub datatype: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Its synonyms.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Anything else Databrain keeps about it.
    #[serde(default)]
    pub miscellaneous_info: Option<Value>,
    /// `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON`, ...
    #[serde(default)]
    pub column_type: Option<String>,
    /// A value → description map (ENUM, String), `{lowerLimit, upperLimit}` (Range) or a
    /// string (Expression, JSON).
    #[serde(default)]
    pub column_type_config: Option<Value>,
    /// It identifies a row.
    #[serde(default)]
    pub is_identifier: Option<bool>,
    /// Left out of the search index.
    #[serde(default)]
    pub is_not_indexed: Option<bool>,
}

impl Request for GetSemanticLayer {
    const OPERATION: &'static Operation = &GET;
}
impl Request for CreateSemanticLayer {
    const OPERATION: &'static Operation = &CREATE;
}
impl Request for UpdateSemanticLayer {
    const OPERATION: &'static Operation = &UPDATE;
}
impl Request for DeleteSemanticLayer {
    const OPERATION: &'static Operation = &DELETE;
}

resource! {
    /// `client.semantic_layer()`: datamarts' semantic layers, authorised by the service token
    /// only (a data-app key is refused).
    SemanticLayers
}

impl SemanticLayers<'_> {
    /// The datamart's semantic layer (404 `SEMANTIC_LAYER_NOT_FOUND` when it has none).
    pub async fn get(&self, datamart_name: impl Into<String>) -> Result<DatamartSemanticLayer> {
        self.client.run(&GET, &GetSemanticLayer { datamart_name: datamart_name.into() }, self.options).await
    }

    /// Creates a datamart's semantic layer (400 when it has one); never re-sent once it may
    /// have reached Databrain.
    pub async fn create(&self, request: &CreateSemanticLayer) -> Result<SemanticLayerId> {
        self.client.run(&CREATE, request, self.options).await
    }

    /// Merges into a datamart's semantic layer: tables and columns left out keep their
    /// values, listed ones are merged by name.
    pub async fn update(&self, request: &UpdateSemanticLayer) -> Result<SemanticLayerId> {
        self.client.run(&UPDATE, request, self.options).await
    }

    /// Deletes a datamart's semantic layer (the datamart stays); cannot be undone.
    pub async fn delete(&self, datamart_name: impl Into<String>) -> Result<SemanticLayerId> {
        self.client.run(&DELETE, &DeleteSemanticLayer { datamart_name: datamart_name.into() }, self.options).await
    }
}
