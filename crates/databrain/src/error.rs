//! The error taxonomy shared by the Rust API and both bindings.
//!
//! Every failure is one [`Error`] variant. Bindings never inspect messages: they map
//! [`Error::kind`] to an exception class and expose [`Error::code`], [`Error::status`] and
//! [`Error::request_id`] as attributes.

use std::fmt;
use std::time::Duration;

/// One problem with one field of a request, found before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// Where the problem is, in wire (camelCase) spelling: `params.appFilters[0].metricId`.
    pub path: String,
    /// What is wrong and, where it helps, the rule that was broken.
    pub message: String,
}

impl FieldError {
    /// A problem at `path` (wire spelling); bindings use it for values JSON cannot carry.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Everything that can go wrong when calling Databrain.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke one or more rules; nothing was sent.
    #[error("invalid request: {}", join(.0))]
    Validation(Vec<FieldError>),

    /// The client is not set up for this call (missing credential, bad base URL, ...).
    #[error("configuration error: {0}")]
    Configuration(String),

    /// Databrain answered with an error status.
    #[error("{}", api_message(*.status, .code.as_deref(), .message, .request_id.as_deref()))]
    Api {
        /// The HTTP status.
        status: u16,
        /// Databrain's error code (`AUTHENTICATION_ERROR`, ...), if the body had one.
        code: Option<String>,
        /// Databrain's message, or a description of the body when it was not JSON.
        message: String,
        /// The request id, for support.
        request_id: Option<String>,
    },

    /// HTTP 429 after the retry budget was spent (or a `Retry-After` longer than allowed).
    #[error("rate limited by Databrain (HTTP 429){}{}: {message}",
        .retry_after.map(|d| format!(", retry after {:.3}s", d.as_secs_f64())).unwrap_or_default(),
        .request_id.as_deref().map(|id| format!(", request {id}")).unwrap_or_default())]
    RateLimited {
        /// The wait Databrain asked for (`Retry-After`), if any.
        retry_after: Option<Duration>,
        /// Databrain's message.
        message: String,
        /// The request id, for support.
        request_id: Option<String>,
    },

    /// No complete answer within the configured timeout.
    #[error("request timed out after {:.3}s", .0.as_secs_f64())]
    Timeout(Duration),

    /// The connection could not be made, or broke before an answer arrived.
    #[error("connection error: {0}")]
    Connection(String),

    /// A success status whose body is not what the API documents.
    #[error("could not read Databrain's response (HTTP {status}): {message}; body starts with {snippet:?}")]
    Decode {
        /// The (success) HTTP status.
        status: u16,
        /// What was wrong with the body.
        message: String,
        /// The start of the body, for diagnosis.
        snippet: String,
    },
}

/// The class of an [`Error`], which bindings map to exception classes one to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request broke a rule; nothing was sent.
    Validation,
    /// The client is not set up for the call.
    Configuration,
    /// Bad, missing or expired credential (401, or `AUTHENTICATION_ERROR` with any status).
    Authentication,
    /// 403 / `INVALID_PERMISSIONS`.
    PermissionDenied,
    /// 404, or a not-found code (`DATA_APP_NOT_FOUND`, `DATA_APP_ID_ERROR`, `WORKSPACE_ID_ERROR`).
    NotFound,
    /// Any other 4xx.
    BadRequest,
    /// 429 after the retry budget.
    RateLimit,
    /// 5xx.
    Server,
    /// An error status outside the classes above (e.g. 405, 418).
    Api,
    /// No complete answer within the timeout.
    Timeout,
    /// The connection failed or broke.
    Connection,
    /// A success status with a body that is not what the API documents.
    Decode,
}

impl ErrorKind {
    /// Stable snake_case name, used by the bindings to pick an error class.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Configuration => "configuration",
            ErrorKind::Authentication => "authentication",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::RateLimit => "rate_limit",
            ErrorKind::Server => "server",
            ErrorKind::Api => "api",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connection => "connection",
            ErrorKind::Decode => "decode",
        }
    }
}

impl Error {
    /// A stable machine-readable code: Databrain's own code for API errors
    /// (`AUTHENTICATION_ERROR`, `DATA_APP_NOT_FOUND`, ...), otherwise one per variant.
    pub fn code(&self) -> &str {
        match self {
            Error::Validation(_) => "VALIDATION_ERROR",
            Error::Configuration(_) => "CONFIGURATION_ERROR",
            Error::Api { code: Some(code), .. } => code,
            Error::Api { .. } => "API_ERROR",
            Error::RateLimited { .. } => "RATE_LIMIT_EXCEEDED",
            Error::Timeout(_) => "TIMEOUT",
            Error::Connection(_) => "CONNECTION_ERROR",
            Error::Decode { .. } => "DECODE_ERROR",
        }
    }

    /// The HTTP status Databrain answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The request id (Databrain's `x-request-id` answer, else the one the SDK sent).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } | Error::RateLimited { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How long Databrain asked us to wait, for [`Error::RateLimited`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The field problems of a [`Error::Validation`]; empty for every other variant.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            _ => &[],
        }
    }

    /// The class of this error. API errors are classed by Databrain's code first (its
    /// API-token endpoint answers a bad credential with 400, which is still an
    /// authentication failure), then by HTTP status.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation(_) => ErrorKind::Validation,
            Error::Configuration(_) => ErrorKind::Configuration,
            Error::RateLimited { .. } => ErrorKind::RateLimit,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Connection(_) => ErrorKind::Connection,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Api { status, code, .. } => api_kind(*status, code.as_deref()),
        }
    }

    /// The short message without the code/status decoration, for bindings that show those
    /// as separate attributes.
    pub fn message(&self) -> String {
        match self {
            Error::Api { message, .. } | Error::RateLimited { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

fn api_kind(status: u16, code: Option<&str>) -> ErrorKind {
    match code {
        Some("AUTHENTICATION_ERROR" | "EXPIRED_TOKEN") => return ErrorKind::Authentication,
        Some("INVALID_PERMISSIONS") => return ErrorKind::PermissionDenied,
        Some("DATA_APP_NOT_FOUND" | "DATA_APP_ID_ERROR" | "WORKSPACE_ID_ERROR") => return ErrorKind::NotFound,
        Some("RATE_LIMIT_EXCEEDED") => return ErrorKind::RateLimit,
        _ => {}
    }
    match status {
        401 => ErrorKind::Authentication,
        403 => ErrorKind::PermissionDenied,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimit,
        400..=499 => ErrorKind::BadRequest,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Api,
    }
}

fn join(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn api_message(status: u16, code: Option<&str>, message: &str, request_id: Option<&str>) -> String {
    let mut out = format!("Databrain API error (HTTP {status}");
    if let Some(code) = code {
        out.push_str(", ");
        out.push_str(code);
    }
    if let Some(id) = request_id {
        out.push_str(", request ");
        out.push_str(id);
    }
    out.push_str("): ");
    out.push_str(message);
    out
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
