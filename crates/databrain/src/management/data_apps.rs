//! Data apps (service token): `/api/v2/data-app`.

use serde::{Deserialize, Serialize};

use super::engine::Paginator;
use super::request::{ListOptions, Request, resource};
use super::row::{Envelope, Kind, NoInput, Operation, check_as, check_list, required};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::Result;
use crate::net::retry::Idempotency;

const fn row(name: &'static str, method: Method, idempotency: Idempotency) -> Endpoint {
    Endpoint { name, method, path: "/api/v2/data-app", legacy_path: None, credential: Credential::ServiceToken, idempotency }
}

/// `GET /api/v2/data-app` (+ pagination): every data app with its embeds.
pub const LIST: Operation = Operation {
    endpoint: row("data_apps.list", Method::Get, Idempotency::Safe),
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
    response: "Vec<DataApp>",
    check: check_list::<DataApp>,
};

/// `POST /api/v2/data-app` `{name}` → `{name}`. Creates: never re-sent once it may have
/// reached Databrain.
pub const CREATE: Operation = Operation {
    endpoint: row("data_apps.create", Method::Post, Idempotency::NotSafe),
    fields: &[required("name", Kind::Name)],
    paginated: false,
    envelope: Envelope::Body,
    request: "CreateDataApp",
    response: "DataAppName",
    check: check_as::<DataAppName>,
    ..LIST
};

/// `PUT /api/v2/data-app` `{name, updateName}` → `{name}` (the new name).
pub const RENAME: Operation = Operation {
    endpoint: row("data_apps.rename", Method::Put, Idempotency::Safe),
    fields: &[required("name", Kind::Name), required("updateName", Kind::Name)],
    request: "RenameDataApp",
    ..CREATE
};

/// `DELETE /api/v2/data-app?name=` → `{name}`; its embeds and API keys go with it.
pub const DELETE: Operation = Operation {
    endpoint: row("data_apps.delete", Method::Delete, Idempotency::Safe),
    fields: &[required("name", Kind::Name)],
    request: "DeleteDataApp",
    ..CREATE
};

/// A data app as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DataApp {
    /// Its name (what guest tokens and API keys name).
    pub name: String,
    /// `"embedded"`.
    #[serde(rename = "type", default)]
    pub app_type: Option<String>,
    /// ISO timestamp.
    #[serde(default)]
    pub created_at: Option<String>,
    /// ISO timestamp.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// How many embeds it has.
    #[serde(default)]
    pub embed_count: Option<u64>,
    /// Its embeds.
    #[serde(default)]
    pub embeds: Vec<DataAppEmbed>,
}

/// One embed of a listed data app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DataAppEmbed {
    /// The embed's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The embed id guest tokens and the front-end component use.
    pub embed_id: String,
    /// ISO timestamp.
    #[serde(default)]
    pub created_at: Option<String>,
    /// ISO timestamp.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `{name}`: the data app created, renamed (its new name) or deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DataAppName {
    /// The name.
    pub name: String,
}

/// `data_apps.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateDataApp {
    /// The new data app's name.
    pub name: String,
}

/// `data_apps.rename`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RenameDataApp {
    /// Its current name.
    pub name: String,
    /// Its new name.
    pub update_name: String,
}

/// `data_apps.delete`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeleteDataApp {
    /// The data app to delete.
    pub name: String,
}

impl Request for NoInput {
    const OPERATION: &'static Operation = &LIST;
}
impl Request for CreateDataApp {
    const OPERATION: &'static Operation = &CREATE;
}
impl Request for RenameDataApp {
    const OPERATION: &'static Operation = &RENAME;
}
impl Request for DeleteDataApp {
    const OPERATION: &'static Operation = &DELETE;
}

resource! {
    /// `client.data_apps()`: data apps, authorised by the service token.
    DataApps
}

impl DataApps<'_> {
    /// Every data app, page by page.
    pub fn list(&self, list: &ListOptions) -> Result<Paginator<DataApp>> {
        self.client.list(&LIST, &NoInput {}, self.options, list)
    }

    /// Creates a data app.
    pub async fn create(&self, name: impl Into<String>) -> Result<DataAppName> {
        self.client.run(&CREATE, &CreateDataApp { name: name.into() }, self.options).await
    }

    /// Renames a data app; keys, embeds and guest tokens follow it.
    pub async fn rename(&self, name: impl Into<String>, new_name: impl Into<String>) -> Result<DataAppName> {
        let request = RenameDataApp { name: name.into(), update_name: new_name.into() };
        self.client.run(&RENAME, &request, self.options).await
    }

    /// Deletes a data app, its embeds and its API keys.
    pub async fn delete(&self, name: impl Into<String>) -> Result<DataAppName> {
        self.client.run(&DELETE, &DeleteDataApp { name: name.into() }, self.options).await
    }
}
