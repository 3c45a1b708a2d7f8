//! The management API (`shared/api/MANAGEMENT.md`): data apps, API keys, embeds, discovery
//! and query, workspaces, datamarts, dashboard export/import.
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
pub mod embeds;
pub mod provision;
pub mod rotation;
pub mod workspaces;

use std::collections::VecDeque;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::net::answer::Answer;
use crate::client::{Client, Wire};
use crate::endpoint::{Credential, Endpoint, Method};
use crate::error::{Error, FieldError, Result};
use crate::input::Input;
use crate::merge::deep_merge;
use crate::parse::Parser;
use crate::parse::spec::{self, Parsed};
use crate::valid::Valid;

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

    /// Reads and checks a loose request (camelCase or snake_case keys, `extraBody` on calls
    /// with a body) without sending it: every problem at once, with its wire path.
    pub fn parse<I: Input>(&self, input: &I, options: &CallOptions) -> Result<Valid<Map<String, Value>>> {
        let parsed = self.parse_full(input, options.legacy, true)?;
        let mut fields = parsed.fields;
        if let Some(extra) = &parsed.extra {
            deep_merge(&mut fields, extra);
        }
        Ok(Valid(fields))
    }

    fn parse_full<I: Input>(&self, input: &I, legacy: bool, extra: bool) -> Result<Parsed> {
        let parsed = Parser::run(|p| spec::request(p, self, input, legacy))?.0;
        if parsed.extra.is_some() && !extra {
            return Err(Error::Validation(vec![FieldError::new(
                spec::EXTRA_BODY,
                "a typed request has no extraBody; use Client::call_json for fields this SDK does not model",
            )]));
        }
        Ok(parsed)
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

/// A typed request of one row.
pub trait Request: Serialize + DeserializeOwned {
    /// The row it is sent by.
    const OPERATION: &'static Operation;

    /// Parses and validates the request from a loose input (camelCase or snake_case keys):
    /// every problem at once, each with its wire path.
    fn from_input<I: Input>(input: &I) -> Result<Valid<Self>> {
        let parsed = Self::OPERATION.parse_full(input, false, false)?;
        typed(parsed.fields)
    }

    /// [`Request::from_input`] over JSON.
    fn from_loose(input: &Value) -> Result<Valid<Self>> {
        Self::from_input(&input)
    }

    /// Checks every rule of the row: the request as [`Valid`], or every problem at once.
    fn validate(&self) -> Result<Valid<Self>> {
        let value = serde_json::to_value(self).map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))?;
        Self::from_input(&&value)
    }
}

fn typed<T: DeserializeOwned>(fields: Map<String, Value>) -> Result<Valid<T>> {
    serde_json::from_value(Value::Object(fields))
        .map(Valid)
        .map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))
}

/// How one call is sent, beyond its request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Authorise with this credential instead of the row's (the docs disagree for some
    /// families: older pages say the data-app key where newer ones say the service token).
    pub credential: Option<Credential>,
    /// Send to the row's legacy ("deprecated soon") form, where it has one.
    pub legacy: bool,
}

/// The fields of [`CallOptions`]' loose form (what the Python and Node packages pass).
pub const CALL_OPTION_FIELDS: &[Field] =
    &[optional("credential", Kind::OneOf(&["apiKey", "serviceToken"])), optional("legacy", Kind::Bool)];

impl CallOptions {
    /// Reads per-call options from a loose input (`{credential: "apiKey" | "serviceToken",
    /// legacy: bool}`, either absent or null; `null`/`None` = the defaults). A bad option is
    /// a [`Error::Configuration`] naming the option, as a bad client option is.
    pub fn from_input<I: Input>(input: &I) -> Result<CallOptions> {
        if input.is_null() {
            return Ok(CallOptions::default());
        }
        let fields = Parser::run(|p| spec::record(p, CALL_OPTION_FIELDS, input)).map_err(|e| {
            let problems: Vec<String> = e.field_errors().iter().map(ToString::to_string).collect();
            Error::Configuration(format!("invalid call options: {}", problems.join("; ")))
        })?;
        let credential = match fields.get("credential").and_then(Value::as_str) {
            Some("apiKey") => Some(Credential::ApiKey),
            Some("serviceToken") => Some(Credential::ServiceToken),
            _ => None,
        };
        Ok(CallOptions { credential, legacy: fields.get("legacy").and_then(Value::as_bool).unwrap_or(false) })
    }
}

/// Which pages of a list to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// Only this page (1-based); `None` reads every page until a short or empty one.
    pub page: Option<u32>,
}

impl ListOptions {
    /// Every page.
    pub fn all() -> Self {
        ListOptions { page: None }
    }

    /// Only page `n` (1-based).
    pub fn page(n: u32) -> Self {
        ListOptions { page: Some(n) }
    }
}

/// A request ready to send: the row, its checked fields and how to send them.
#[derive(Clone, Debug)]
struct Prepared {
    op: &'static Operation,
    parsed_fields: Map<String, Value>,
    extra: Option<Map<String, Value>>,
    options: CallOptions,
}

impl Prepared {
    fn from_typed<T: Serialize>(op: &'static Operation, request: &T, options: CallOptions) -> Result<Prepared> {
        let value = serde_json::to_value(request).map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))?;
        let parsed = op.parse_full(&&value, options.legacy, false)?;
        Ok(Prepared { op, parsed_fields: parsed.fields, extra: None, options })
    }

    fn from_input<I: Input>(op: &'static Operation, input: &I, options: CallOptions) -> Result<Prepared> {
        let parsed = op.parse_full(input, options.legacy, true)?;
        Ok(Prepared { op, parsed_fields: parsed.fields, extra: parsed.extra, options })
    }

    fn wire(&self, page: Option<u32>) -> Wire {
        let (method, path, credential) = self.op.resolve(self.options.legacy);
        let credential = self.options.credential.unwrap_or(credential);
        let mut fields = self.parsed_fields.clone();
        let body = matches!(method, Method::Post | Method::Put);
        if let Some(n) = page {
            fields.insert("isPagination".into(), Value::String("true".into()));
            fields.insert("pageNumber".into(), if body { spec::page_number(n) } else { Value::String(n.to_string()) });
        }
        if body {
            if let Some(extra) = &self.extra {
                deep_merge(&mut fields, extra);
            }
            let bytes = serde_json::to_vec(&Value::Object(fields)).expect("JSON values always serialise");
            Wire { method, path, credential, query: Vec::new(), body: Some(bytes) }
        } else {
            Wire { method, path, credential, query: spec::query_pairs(&fields), body: None }
        }
    }

    /// Sends, then reads the payload with `read`; every error of either step says which
    /// request and attempt it was.
    async fn send_then<T>(&self, client: &Client, page: Option<u32>, read: impl FnOnce(Value) -> Result<T>) -> Result<T> {
        let answer = client.send_wire(self.wire(page), self.op.endpoint.idempotency).await?;
        payload(&answer, self.op).and_then(read).map_err(|e| e.after(answer.attempts, &answer.request_id))
    }
}

fn decode_error(answer: &Answer, message: String) -> Error {
    crate::net::response::decode_error(answer, message)
}

/// The payload of a success answer, where the row's envelope puts it.
fn payload(answer: &Answer, op: &Operation) -> Result<Value> {
    let body = crate::net::response::success_object(answer)?;
    let value = match op.envelope {
        Envelope::Data => match body.get("data") {
            Some(v) if !v.is_null() => v.clone(),
            _ => return Err(decode_error(answer, format!("no `data` in the response of {}", op.name()))),
        },
        Envelope::Body => {
            let mut body = body;
            body.remove("error");
            Value::Object(body)
        }
    };
    if op.paginated && !value.is_array() {
        return Err(decode_error(answer, format!("`data` of {} is not a list", op.name())));
    }
    Ok(value)
}

/// A payload as the row's typed response, or a decode error saying what did not fit.
fn decode<T: DeserializeOwned>(op: &Operation, value: Value) -> Result<T> {
    let snippet = value.to_string();
    T::deserialize(&value).map_err(|e| Error::Decode {
        status: 200,
        message: format!("the response of {} does not match {}: {e}", op.name(), op.response),
        snippet: snippet.chars().take(200).collect(),
        request_id: None,
        attempts: 1,
    })
}

/// A JSON payload once checked against the row's response type (unknown fields kept).
fn checked_json(op: &Operation, value: Value) -> Result<Value> {
    (op.check)(&value).map_err(|message| Error::Decode {
        status: 200,
        message: format!("the response of {} does not match {}: {message}", op.name(), op.response),
        snippet: value.to_string().chars().take(200).collect(),
        request_id: None,
        attempts: 1,
    })?;
    Ok(value)
}

/// A loose request parsed and checked by its row ([`Client::prepare_call`]), ready to send:
/// owned, `Send`, never parsed again.
#[derive(Clone)]
pub struct PreparedCall(Prepared);

/// Only the row: a request may hold a key (the older rotation's `{key}`).
impl std::fmt::Debug for PreparedCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PreparedCall").field(&self.name()).finish()
    }
}

impl PreparedCall {
    /// The row's name.
    pub fn name(&self) -> &'static str {
        self.0.op.name()
    }
}

/// Reads a paginated list one page at a time: `isPagination: "true"`, `pageNumber` 1, 2, …
/// until a page holds fewer than [`PAGE_SIZE`] items or none. No request is sent until the
/// first [`Paginator::next_page`] (or `next`, `collect_all`, `page`).
#[derive(Debug)]
pub struct Paginator<T> {
    client: Client,
    prepared: Prepared,
    next_page: u32,
    only: Option<u32>,
    done: bool,
    previous: Option<Vec<Value>>,
    buffer: VecDeque<T>,
    check: bool,
}

impl<T: DeserializeOwned> Paginator<T> {
    fn new(client: &Client, prepared: Prepared, list: &ListOptions, check: bool) -> Self {
        Paginator {
            client: client.clone(),
            prepared,
            next_page: list.page.unwrap_or(1),
            only: list.page,
            done: false,
            previous: None,
            buffer: VecDeque::new(),
            check,
        }
    }

    /// Page `n` (1-based) alone, whatever this paginator has read so far.
    pub async fn page(&self, n: u32) -> Result<Vec<T>> {
        self.prepared.send_then(&self.client, Some(n), |value| self.items(value)).await
    }

    fn items(&self, value: Value) -> Result<Vec<T>> {
        let op = self.prepared.op;
        if self.check {
            (op.check)(&value).map_err(|message| Error::Decode {
                status: 200,
                message: format!("the response of {} does not match {}: {message}", op.name(), op.response),
                snippet: value.to_string().chars().take(200).collect(),
                request_id: None,
                attempts: 1,
            })?;
        }
        let Value::Array(items) = value else { unreachable!("payload checks lists") };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                decode(op, item).map_err(|e| match e {
                    Error::Decode { status, message, snippet, request_id, attempts } => {
                        Error::Decode { status, message: format!("item {i}: {message}"), snippet, request_id, attempts }
                    }
                    other => other,
                })
            })
            .collect()
    }

    /// The next page's items; `None` once the list is exhausted.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>> {
        if self.done {
            return Ok(None);
        }
        let n = self.next_page;
        let read = |value: Value| {
            let raw = value.as_array().cloned().unwrap_or_default();
            // A server that ignores pageNumber would answer the same page forever.
            let repeated = !raw.is_empty() && self.previous.as_ref() == Some(&raw);
            let items = if repeated { Vec::new() } else { self.items(value)? };
            Ok((raw, repeated, items))
        };
        let (raw, repeated, items) = self.prepared.send_then(&self.client, Some(n), read).await?;
        self.done = self.only.is_some() || raw.len() < PAGE_SIZE || repeated;
        if repeated {
            log::warn!("databrain: {} answered page {n} like page {}: stopping", self.prepared.op.name(), n - 1);
        }
        self.previous = Some(raw);
        self.next_page = n.saturating_add(1);
        if items.is_empty() {
            self.done = true;
            return Ok(None);
        }
        Ok(Some(items))
    }

    /// The next item, reading the next page when needed; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T>> {
        if self.buffer.is_empty() {
            match self.next_page().await {
                Ok(Some(items)) => self.buffer.extend(items),
                Ok(None) => return None,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        self.buffer.pop_front().map(Ok)
    }

    /// Every remaining item of every remaining page.
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        let mut out: Vec<T> = self.buffer.drain(..).collect();
        while let Some(items) = self.next_page().await? {
            out.extend(items);
        }
        Ok(out)
    }
}

impl Client {
    /// Sends a typed request by its row and decodes the payload as `R`.
    pub(crate) async fn run<R: DeserializeOwned>(&self, op: &'static Operation, request: &impl Serialize, options: CallOptions) -> Result<R> {
        let prepared = Prepared::from_typed(op, request, options)?;
        prepared.send_then(self, None, |value| decode(op, value)).await
    }

    /// A paginator over a typed list request.
    pub(crate) fn list<R: DeserializeOwned>(
        &self,
        op: &'static Operation,
        request: &impl Serialize,
        options: CallOptions,
        list: &ListOptions,
    ) -> Result<Paginator<R>> {
        let prepared = Prepared::from_typed(op, request, options)?;
        Ok(Paginator::new(self, prepared, list, false))
    }

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

    /// Sends a [`PreparedCall`] like [`Client::call_json`]: a list returns every item of
    /// every page, or the one page `list.page` names.
    pub async fn send_prepared(&self, call: &PreparedCall, list: &ListOptions) -> Result<Value> {
        let prepared = &call.0;
        let op = prepared.op;
        if op.paginated {
            return Paginator::<Value>::new(self, prepared.clone(), list, true).collect_all().await.map(Value::Array);
        }
        prepared.send_then(self, None, |value| checked_json(op, value)).await
    }

    /// A paginator of JSON items over a prepared paginated list.
    pub fn paginate_prepared(&self, call: PreparedCall) -> Result<Paginator<Value>> {
        if !call.0.op.paginated {
            return Err(Error::Configuration(format!("{} is not a paginated list", call.0.op.name())));
        }
        Ok(Paginator::new(self, call.0, &ListOptions::all(), true))
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
}

/// The row named `name`.
pub fn operation(name: &str) -> Result<&'static Operation> {
    OPERATIONS.iter().copied().find(|op| op.name() == name).ok_or_else(|| {
        let names: Vec<&str> = OPERATIONS.iter().map(|op| op.name()).collect();
        Error::Configuration(format!("unknown management call {name:?}; expected one of: {}", names.join(", ")))
    })
}

/// The resource methods every family shares: per-call credential and legacy options.
macro_rules! resource {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'c> {
            client: &'c crate::Client,
            options: crate::management::CallOptions,
        }

        impl<'c> $name<'c> {
            pub(crate) fn new(client: &'c crate::Client) -> Self {
                $name { client, options: crate::management::CallOptions::default() }
            }

            /// These options for every call made through this value.
            pub fn with(mut self, options: crate::management::CallOptions) -> Self {
                self.options = options;
                self
            }

            /// Authorise with `credential` instead of the documented one.
            pub fn credential(mut self, credential: crate::Credential) -> Self {
                self.options.credential = Some(credential);
                self
            }

            /// Use the legacy ("deprecated soon") form of calls that have one.
            pub fn legacy(mut self, legacy: bool) -> Self {
                self.options.legacy = legacy;
                self
            }
        }
    };
}
pub(crate) use resource;

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

/// Every management row, in MANAGEMENT.md order.
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
];
