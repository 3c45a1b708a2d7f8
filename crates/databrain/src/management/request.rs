//! Reading a row's request: loose input (camelCase or snake_case) checked against the row's
//! fields, typed requests, per-call and list options, and the resource methods every family shares.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::row::{Field, Kind, Operation, optional};
use crate::endpoint::Credential;
use crate::error::{Error, FieldError, Result};
use crate::request::input::Input;
use crate::request::merge::deep_merge;
use crate::request::parse::Parser;
use crate::request::parse::spec::{self, Parsed};
use crate::request::valid::Valid;

impl Operation {
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

    pub(crate) fn parse_full<I: Input>(&self, input: &I, legacy: bool, extra: bool) -> Result<Parsed> {
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

/// The resource methods every family shares: per-call credential and legacy options.
macro_rules! resource {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'c> {
            client: &'c crate::Client,
            options: crate::management::request::CallOptions,
        }

        impl<'c> $name<'c> {
            pub(crate) fn new(client: &'c crate::Client) -> Self {
                $name { client, options: crate::management::request::CallOptions::default() }
            }

            /// These options for every call made through this value.
            pub fn with(mut self, options: crate::management::request::CallOptions) -> Self {
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

