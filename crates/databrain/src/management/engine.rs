//! The engine that runs a row: a checked request turned into one wire request (query string
//! or JSON body), sent through the client, its payload found and checked; lists page by page.

use std::collections::VecDeque;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::request::{CallOptions, ListOptions};
use super::row::{Envelope, Operation, PAGE_SIZE};
use crate::client::{Client, Wire};
use crate::endpoint::Method;
use crate::error::{Error, FieldError, Result};
use crate::request::input::Input;
use crate::request::merge::deep_merge;
use crate::net::answer::Answer;
use crate::request::parse::spec;

/// A request ready to send: the row, its checked fields and how to send them.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub(crate) op: &'static Operation,
    parsed_fields: Map<String, Value>,
    extra: Option<Map<String, Value>>,
    options: CallOptions,
}

impl Prepared {
    fn from_typed<T: Serialize>(op: &'static Operation, request: &T, options: CallOptions) -> Result<Prepared> {
        check_credential(op, &options)?;
        let value = serde_json::to_value(request).map_err(|e| Error::Validation(vec![FieldError::new("$", e.to_string())]))?;
        let parsed = op.parse_full(&&value, options.legacy, false)?;
        Ok(Prepared { op, parsed_fields: parsed.fields, extra: None, options })
    }

    pub(crate) fn from_input<I: Input>(op: &'static Operation, input: &I, options: CallOptions) -> Result<Prepared> {
        check_credential(op, &options)?;
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
            Wire { operation: self.op.name(), method, path, credential, query: Vec::new(), body: Some(bytes) }
        } else {
            Wire { operation: self.op.name(), method, path, credential, query: spec::query_pairs(&fields), body: None }
        }
    }

    /// Sends, then reads the payload with `read`; every error of either step says which
    /// request and attempt it was.
    pub(crate) async fn send_then<T>(&self, client: &Client, page: Option<u32>, read: impl FnOnce(Value) -> Result<T>) -> Result<T> {
        let answer = client.send_wire(self.wire(page), self.op.endpoint.idempotency).await?;
        payload(&answer, self.op).and_then(read).map_err(|e| e.after(answer.attempts, &answer.request_id))
    }
}

/// A row whose credential is fixed refuses an override to another before anything is sent,
/// naming the credential it needs (the API would answer 403 `AUTHENTICATION_ERROR`).
fn check_credential(op: &Operation, options: &CallOptions) -> Result<()> {
    let (_, _, needs) = op.resolve(options.legacy);
    match options.credential {
        Some(given) if op.fixed_credential && given != needs => Err(Error::Configuration(format!(
            "{} takes only {}; Databrain refuses any other credential (403 AUTHENTICATION_ERROR), so drop the credential override",
            op.name(),
            needs.noun()
        ))),
        _ => Ok(()),
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
pub(crate) fn checked_json(op: &Operation, value: Value) -> Result<Value> {
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
pub struct PreparedCall(pub(crate) Prepared);

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
    pub(crate) fn new(client: &Client, prepared: Prepared, list: &ListOptions, check: bool) -> Self {
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

    /// Whether the list is exhausted: a further [`Paginator::next_page`] answers `None`
    /// without a request (front ends open no telemetry span for it).
    pub fn is_done(&self) -> bool {
        self.done
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
}
