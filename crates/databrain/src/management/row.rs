//! A management call as data: the vocabulary every row of the table is written in (fields and
//! their rules, where the payload sits, the response check). Nothing here sends anything.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoint::{Credential, Endpoint, Method};

/// Items per page of every management list; a shorter page is the last.
pub const PAGE_SIZE: usize = 10;

/// What one request field holds, and the rule it is checked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier (`embedId`, `dashboardId`, ...): non-empty, bounded, no control characters.
    Id,
    /// A data-app name: [`crate::DATA_APP_NAME_RULE`].
    Name,
    /// A human label (an embed's name): the identifier rules.
    Label,
    /// Free text (a description); any string.
    Text,
    /// `true` / `false` (sent as `"true"`/`"false"` in a query string).
    Bool,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// Seconds: a non-negative number, or a numeric string (sent as given).
    Seconds,
    /// A list of identifiers (a repeated key in a query string).
    Ids,
    /// A list of free-text strings, at most `max` of them (a table's or column's synonyms).
    Texts {
        /// The most entries allowed.
        max: usize,
    },
    /// An object with exactly these fields.
    Object(&'static [Field]),
    /// An object with these fields checked and any other kept as given.
    OpenObject(&'static [Field]),
    /// A list of objects with these fields.
    List {
        /// The fields of each item.
        item: &'static [Field],
        /// Whether an empty list is refused.
        non_empty: bool,
    },
    /// Any JSON object (filters, metadata).
    Json,
    /// An exported document: a JSON object, or its JSON text.
    Document,
}

/// One documented request field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Wire (camelCase) name; snake_case is accepted on input.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a request without it is refused before sending.
    pub required: bool,
}

/// A required field.
pub const fn required(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: true }
}

/// An optional field.
pub const fn optional(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: false }
}

/// A field required only when another field has a given value (`metricId` for a metric embed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequiredWhen {
    /// The field whose value decides.
    pub field: &'static str,
    /// The value that makes `requires` required.
    pub equals: &'static str,
    /// The field then required.
    pub requires: &'static str,
}

/// Where a success answer's payload sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// `{"data": …}` (a list, or an object for workspace and import calls).
    Data,
    /// The body itself (`{"name"}`, `{"id", "error": null}`, `{"key"}`, an exported document),
    /// without its `"error": null`.
    Body,
}

/// One management call, as data.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// Method, path, legacy path, credential and retry safety.
    pub endpoint: Endpoint,
    /// The method of the legacy form when it differs (the data app's dashboards: `POST`).
    pub legacy_method: Option<Method>,
    /// The credential of the legacy form when it differs (key rotation: the service token).
    pub legacy_credential: Option<Credential>,
    /// The documented credential is the only one the API takes (the semantic layer: a
    /// data-app key is refused with 403): a per-call override to another is refused before
    /// anything is sent, naming the one needed.
    pub fixed_credential: bool,
    /// One line on what the call does beyond its name, for generated docs (docstrings, d.ts);
    /// empty when the name says it all.
    pub summary: &'static str,
    /// Fields the legacy form requires on top of [`Operation::fields`]' own.
    pub legacy_required: &'static [&'static str],
    /// The request fields, in documented order. `GET`/`DELETE` send them as the query string,
    /// `POST`/`PUT` as the JSON body.
    pub fields: &'static [Field],
    /// Fields required only when another field has a given value.
    pub rules: &'static [RequiredWhen],
    /// A paginated list: `isPagination`/`pageNumber` go with the other fields.
    pub paginated: bool,
    /// Where the payload of a success answer sits.
    pub envelope: Envelope,
    /// The Rust request type (for docs and generated front ends).
    pub request: &'static str,
    /// The Rust response type; `Vec<…>` for lists.
    pub response: &'static str,
    /// Checks a payload against the response type (list: every item), naming what is wrong.
    pub check: fn(&Value) -> std::result::Result<(), String>,
}

impl Operation {
    /// The stable name (`data_apps.list`).
    pub fn name(&self) -> &'static str {
        self.endpoint.name
    }

    /// Method, path and credential of the documented or the legacy form.
    pub fn resolve(&self, legacy: bool) -> (Method, &'static str, Credential) {
        let e = &self.endpoint;
        match e.legacy_path {
            Some(path) if legacy => (self.legacy_method.unwrap_or(e.method), path, self.legacy_credential.unwrap_or(e.credential)),
            None if legacy => (e.method, e.path, self.legacy_credential.unwrap_or(e.credential)),
            _ => (e.method, e.path, e.credential),
        }
    }

    /// Whether the (documented or legacy) form sends a JSON body.
    pub fn carries_body(&self, legacy: bool) -> bool {
        matches!(self.resolve(legacy).0, Method::Post | Method::Put)
    }
}

/// `check` of a row whose payload is one `T`.
pub(crate) fn check_as<T: DeserializeOwned>(v: &Value) -> std::result::Result<(), String> {
    T::deserialize(v).map(drop).map_err(|e| e.to_string())
}

/// `check` of a row whose payload is a list of `T`.
pub(crate) fn check_list<T: DeserializeOwned>(v: &Value) -> std::result::Result<(), String> {
    let Value::Array(items) = v else { return Err("expected a list".into()) };
    for (i, item) in items.iter().enumerate() {
        T::deserialize(item).map_err(|e| format!("item {i}: {e}"))?;
    }
    Ok(())
}

/// The schema of a [`Kind::Seconds`] field: a non-negative number or a numeric string.
#[cfg(feature = "schema")]
pub(crate) fn seconds_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "Seconds: a non-negative number, or a numeric string (sent as given).",
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]
    })
}

/// A request without fields (plain lists).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NoInput {}

