//! The error taxonomy shared by the Rust API and both bindings.
//!
//! Every failure is one [`Error`] variant. Bindings never inspect messages: they take the
//! error's [`ErrorRecord`] (kind, code, message, status, request id, ...) and raise the class
//! [`ErrorKind::class_name`] names.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// One problem with one field of a request, found before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Where the problem is, in wire (camelCase) spelling: `params.appFilters[0].metricId`;
    /// `$` is the whole input.
    pub path: String,
    /// What is wrong and, where it helps, the rule that was broken.
    pub message: String,
}

impl FieldError {
    /// A problem at `path` (wire spelling).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The transport's own error, kept whole so `source()` walks its chain.
pub type Cause = Arc<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong when calling Databrain. Every variant that follows a request
/// carries the `x-request-id` the SDK sent (or Databrain's, if it answered with one) and how
/// many attempts were made.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request broke one or more rules; nothing was sent.
    Validation(Vec<FieldError>),

    /// The client is not set up for this call (missing credential, bad base URL, bad option).
    Configuration(String),

    /// Databrain answered with an error status.
    Api {
        /// The HTTP status.
        status: u16,
        /// Databrain's error code (`AUTHENTICATION_ERROR`, ...), if the body had one.
        code: Option<String>,
        /// Databrain's message, or a description of the body when it was not JSON.
        message: String,
        /// The request id, for support.
        request_id: Option<String>,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// HTTP 429 after the retry budget was spent (or a `Retry-After` longer than allowed).
    RateLimited {
        /// The wait Databrain asked for (`Retry-After`), if any.
        retry_after: Option<Duration>,
        /// Databrain's message.
        message: String,
        /// The request id, for support.
        request_id: Option<String>,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// No complete answer within the configured timeout.
    Timeout {
        /// The per-attempt timeout that ran out.
        after: Duration,
        /// The request id the SDK sent.
        request_id: Option<String>,
        /// Attempts made, retries included.
        attempts: u32,
        /// The timeout ran out while the call waited for one of the client's `max_in_flight`
        /// slots: this attempt was never sent.
        queued: bool,
    },

    /// The connection could not be made, or broke before an answer arrived.
    Connection {
        /// What happened, down to the root cause ("Connection refused").
        message: String,
        /// The request id the SDK sent.
        request_id: Option<String>,
        /// Attempts made, retries included.
        attempts: u32,
        /// The transport's error, whose `source()` chain goes down to the OS error.
        source: Option<Cause>,
    },

    /// A success status whose body is not what the API documents.
    Decode {
        /// The (success) HTTP status.
        status: u16,
        /// What was wrong with the body.
        message: String,
        /// The start of the body, for diagnosis.
        snippet: String,
        /// The request id, for support.
        request_id: Option<String>,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// One step of a multi-call workflow ([`crate::Client::provision_tenant`],
    /// [`crate::Client::rotate_api_key`]) failed: which step, what the earlier steps had
    /// already done, and the step's own error (whose kind, code and status this error keeps).
    Step(Box<StepFailure>),
}

/// What [`Error::Step`] carries.
#[derive(Clone, Debug)]
pub struct StepFailure {
    /// The workflow (`provision_tenant`).
    pub workflow: &'static str,
    /// The step that failed (`data_app`, `api_key`, `embed`, `rotate`).
    pub step: &'static str,
    /// What the earlier steps did, in order (`data app "acme" created`); never a credential.
    pub done: Vec<String>,
    /// The step's own error.
    pub error: Error,
}

impl StepFailure {
    fn prefix(&self) -> String {
        let done = if self.done.is_empty() { "nothing was done before".to_owned() } else { format!("already done: {}", self.done.join(", ")) };
        format!("{}: step {} failed ({done})", self.workflow, self.step)
    }
}

/// The class of an [`Error`], which bindings map to exception classes one to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// An error status outside the classes above (a 3xx: redirects are never followed).
    Api,
    /// No complete answer within the timeout.
    Timeout,
    /// The connection failed or broke.
    Connection,
    /// A success status with a body that is not what the API documents.
    Decode,
}

impl ErrorKind {
    /// Every kind, in a fixed order (the order of `tests/vectors/error_kinds.json`).
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::Validation,
        ErrorKind::Configuration,
        ErrorKind::Authentication,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::BadRequest,
        ErrorKind::RateLimit,
        ErrorKind::Server,
        ErrorKind::Api,
        ErrorKind::Timeout,
        ErrorKind::Connection,
        ErrorKind::Decode,
    ];

    /// Stable snake_case name.
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

    /// The name of this kind's error class: the Python exception in `databrain._errors` and
    /// the JS error class in `node/lib/errors.js` share it (`AuthenticationError`, ...). The
    /// one kind → class table both bindings read; `tests/vectors/error_kinds.json` pins it.
    pub fn class_name(self) -> &'static str {
        // No wildcard: a new kind does not compile until it has a class.
        match self {
            ErrorKind::Validation => "ValidationError",
            ErrorKind::Configuration => "ConfigurationError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::Server => "ServerError",
            ErrorKind::Api => "APIError",
            ErrorKind::Timeout => "APITimeoutError",
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Decode => "APIResponseValidationError",
        }
    }

    /// The kind whose class is named `name` ([`ErrorKind::class_name`]); `None` for any other
    /// name, the base classes (`DatabrainError`) included.
    pub fn from_class_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.class_name() == name)
    }

    /// The code an error of this kind has when Databrain gave none (and the default `code`
    /// of the matching exception class in Python and JS).
    pub fn default_code(self) -> &'static str {
        match self {
            ErrorKind::Validation => "VALIDATION_ERROR",
            ErrorKind::Configuration => "CONFIGURATION_ERROR",
            ErrorKind::Authentication
            | ErrorKind::PermissionDenied
            | ErrorKind::NotFound
            | ErrorKind::BadRequest
            | ErrorKind::Server
            | ErrorKind::Api => "API_ERROR",
            ErrorKind::RateLimit => "RATE_LIMIT_EXCEEDED",
            ErrorKind::Timeout => "TIMEOUT",
            ErrorKind::Connection => "CONNECTION_ERROR",
            ErrorKind::Decode => "DECODE_ERROR",
        }
    }

    /// The kind named `name` ([`ErrorKind::as_str`]).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Error {
    /// A stable machine-readable code: Databrain's own code for API errors
    /// (`AUTHENTICATION_ERROR`, `DATA_APP_NOT_FOUND`, ...), otherwise the kind's default.
    pub fn code(&self) -> &str {
        match self {
            Error::Api { code: Some(code), .. } => code,
            Error::Step(s) => s.error.code(),
            other => other.kind().default_code(),
        }
    }

    /// The HTTP status Databrain answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            Error::Step(s) => s.error.status(),
            _ => None,
        }
    }

    /// The request id: Databrain's `x-request-id` answer, else the one the SDK sent.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::RateLimited { request_id, .. }
            | Error::Timeout { request_id, .. }
            | Error::Connection { request_id, .. }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            Error::Step(s) => s.error.request_id(),
            Error::Validation(_) | Error::Configuration(_) => None,
        }
    }

    /// Attempts made before this error (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api { attempts, .. }
            | Error::RateLimited { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Connection { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts,
            Error::Step(s) => s.error.attempts(),
            Error::Validation(_) | Error::Configuration(_) => 0,
        }
    }

    /// The same error, saying it followed `attempts` attempts of request `request_id`.
    pub(crate) fn after(mut self, attempts_made: u32, id: &str) -> Self {
        match &mut self {
            Error::Api { request_id, attempts, .. }
            | Error::RateLimited { request_id, attempts, .. }
            | Error::Timeout { request_id, attempts, .. }
            | Error::Connection { request_id, attempts, .. }
            | Error::Decode { request_id, attempts, .. } => {
                *attempts = attempts_made;
                if request_id.is_none() {
                    *request_id = Some(id.to_owned());
                }
            }
            Error::Step(s) => s.error = s.error.clone().after(attempts_made, id),
            Error::Validation(_) | Error::Configuration(_) => {}
        }
        self
    }

    /// How long Databrain asked us to wait, for [`Error::RateLimited`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            Error::Step(s) => s.error.retry_after(),
            _ => None,
        }
    }

    /// The field problems of a [`Error::Validation`]; empty for every other variant.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            Error::Step(s) => s.error.field_errors(),
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
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Api { status, code, .. } => api_kind(*status, code.as_deref()),
            Error::Step(s) => s.error.kind(),
        }
    }

    /// The short message, without the code/status/request decoration that [`fmt::Display`]
    /// adds, for front ends that show those as separate attributes.
    pub fn message(&self) -> String {
        match self {
            Error::Validation(errors) => format!("invalid request: {}", join(errors)),
            Error::Configuration(message) => format!("configuration error: {message}"),
            Error::Api { message, .. } | Error::RateLimited { message, .. } => message.clone(),
            Error::Timeout { after, queued: false, .. } => format!("request timed out after {:.3}s", after.as_secs_f64()),
            Error::Timeout { after, queued: true, .. } => format!(
                "request timed out after {:.3}s waiting for a connection slot (the client's maxInFlight requests were all in flight; this attempt was not sent)",
                after.as_secs_f64()
            ),
            Error::Connection { message, .. } => format!("connection error: {message}"),
            Error::Decode { status, message, snippet, .. } => {
                format!("could not read Databrain's response (HTTP {status}): {message}; body starts with {snippet:?}")
            }
            Error::Step(s) => format!("{}: {}", s.prefix(), s.error.message()),
        }
    }

    /// The texts of the transport's cause chain, outermost first, each once.
    pub fn causes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut next = std::error::Error::source(self);
        while let Some(cause) = next {
            let text = cause.to_string();
            if !out.contains(&text) {
                out.push(text);
            }
            next = cause.source();
        }
        out
    }

    /// Everything a front end shows of this error, as plain data.
    pub fn record(&self) -> ErrorRecord {
        ErrorRecord {
            kind: self.kind(),
            code: self.code().to_owned(),
            message: self.message(),
            text: self.to_string(),
            status: self.status(),
            request_id: self.request_id().map(str::to_owned),
            retry_after: self.retry_after().map(|d| d.as_secs_f64()),
            errors: self.field_errors().to_vec(),
            attempts: self.attempts(),
            causes: self.causes(),
        }
    }

    /// An error of `kind` with every field filled, for the bindings' tests of the kind →
    /// class table (`tests/vectors/error_kinds.json`). Not part of the stable API.
    #[doc(hidden)]
    pub fn example(kind: ErrorKind) -> Error {
        let id = Some("00000000-0000-4000-8000-000000000000".to_owned());
        let api = |status: u16, code: Option<&str>| Error::Api {
            status,
            code: code.map(str::to_owned),
            message: "example".into(),
            request_id: id.clone(),
            attempts: 1,
        };
        match kind {
            ErrorKind::Validation => Error::Validation(vec![FieldError::new("clientId", "is required")]),
            ErrorKind::Configuration => Error::Configuration("example".into()),
            ErrorKind::Authentication => api(401, None),
            ErrorKind::PermissionDenied => api(403, None),
            ErrorKind::NotFound => api(404, None),
            ErrorKind::BadRequest => api(400, None),
            ErrorKind::RateLimit => Error::RateLimited {
                retry_after: Some(Duration::from_millis(1500)),
                message: "example".into(),
                request_id: id,
                attempts: 3,
            },
            ErrorKind::Server => api(500, None),
            ErrorKind::Api => api(302, None),
            ErrorKind::Timeout => Error::Timeout { after: Duration::from_secs(1), request_id: id, attempts: 3, queued: false },
            ErrorKind::Connection => {
                let os = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
                Error::Connection {
                    message: "example: connection refused".into(),
                    request_id: id,
                    attempts: 3,
                    source: Some(Arc::new(ExampleCause(os))),
                }
            }
            ErrorKind::Decode => Error::Decode {
                status: 200,
                message: "example".into(),
                snippet: "<html>".into(),
                request_id: id,
                attempts: 1,
            },
        }
    }
}

/// A two-level cause chain for [`Error::example`].
#[derive(Debug)]
struct ExampleCause(std::io::Error);

impl fmt::Display for ExampleCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error sending request")
    }
}

impl std::error::Error for ExampleCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(_) | Error::Configuration(_) => f.write_str(&self.message()),
            Error::Api { status, code, message, .. } => {
                write!(f, "Databrain API error (HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, ", {code}")?;
                }
                self.decoration(f)?;
                write!(f, "): {message}")
            }
            Error::RateLimited { retry_after, message, .. } => {
                f.write_str("rate limited by Databrain (HTTP 429)")?;
                if let Some(d) = retry_after {
                    write!(f, ", retry after {:.3}s", d.as_secs_f64())?;
                }
                self.decoration(f)?;
                write!(f, ": {message}")
            }
            Error::Timeout { .. } | Error::Connection { .. } | Error::Decode { .. } => {
                f.write_str(&self.message())?;
                f.write_str(" (")?;
                let mut first = true;
                if let Some(id) = self.request_id() {
                    write!(f, "request {id}")?;
                    first = false;
                }
                if self.attempts() > 1 {
                    write!(f, "{}after {} attempts", if first { "" } else { ", " }, self.attempts())?;
                }
                f.write_str(")")
            }
            Error::Step(s) => write!(f, "{}: {}", s.prefix(), s.error),
        }
    }
}

impl Error {
    /// `, request <id>, after N attempts` for the API variants' parenthesis.
    fn decoration(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = self.request_id() {
            write!(f, ", request {id}")?;
        }
        if self.attempts() > 1 {
            write!(f, ", after {} attempts", self.attempts())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source: Some(source), .. } => Some(source.as_ref()),
            Error::Step(s) => std::error::Error::source(&s.error),
            _ => None,
        }
    }
}

/// An error as plain data: what the Node binding hands to JS, the Python binding to its
/// exception factory and the CLI prints with `--json`. Never holds a credential.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    /// The class of error ([`ErrorKind::as_str`]).
    pub kind: ErrorKind,
    /// Stable machine-readable code.
    pub code: String,
    /// The short message (no code/status/request decoration).
    pub message: String,
    /// The full text, as `Display` prints it.
    pub text: String,
    /// The HTTP status, when Databrain answered.
    pub status: Option<u16>,
    /// The `x-request-id` of the request.
    pub request_id: Option<String>,
    /// Seconds Databrain asked to wait (429).
    pub retry_after: Option<f64>,
    /// Field problems (validation errors).
    pub errors: Vec<FieldError>,
    /// Attempts made (0 when nothing was sent).
    pub attempts: u32,
    /// The transport's cause chain, outermost first.
    pub causes: Vec<String>,
}

fn api_kind(status: u16, code: Option<&str>) -> ErrorKind {
    match code {
        // The semantic layer answers a data-app key where the service token is needed with
        // 403 AUTHENTICATION_ERROR: the credential is valid, just not allowed there.
        Some("AUTHENTICATION_ERROR") if status == 403 => return ErrorKind::PermissionDenied,
        // The embed pages answer a bad or rotated-out data-app key with 400
        // INVALID_DATA_APP_API_KEY: still a credential problem.
        Some("AUTHENTICATION_ERROR" | "EXPIRED_TOKEN" | "INVALID_DATA_APP_API_KEY") => return ErrorKind::Authentication,
        Some("INVALID_PERMISSIONS") => return ErrorKind::PermissionDenied,
        // Codes that only ever mean "no such thing". The other management codes
        // (INVALID_EMBED_ID, INVALID_WORKSPACE_NAME, INVALID_DASHBOARD_ID, INVALID_METRIC_ID,
        // INVALID_DATAMART, DATAMART_TABLE_NOT_FOUND, DATASOURCE_NAME_ERROR, EMBED_PARAM_ERROR,
        // DATA_APP_ALREADY_EXISTS) also cover malformed or conflicting input, so they stay 400
        // BadRequest; callers match on `code()` for the precise case.
        Some("DATA_APP_NOT_FOUND" | "DATA_APP_ID_ERROR" | "WORKSPACE_ID_ERROR" | "SEMANTIC_LAYER_NOT_FOUND") => return ErrorKind::NotFound,
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

/// The codes an error's `code` is documented to take: the SDK's own, then Databrain's. A
/// server may send codes this list does not know yet; compare against these.
pub const DOCUMENTED_CODES: &[&str] = &[
    "VALIDATION_ERROR",
    "CONFIGURATION_ERROR",
    "TIMEOUT",
    "CONNECTION_ERROR",
    "DECODE_ERROR",
    "API_ERROR",
    "AUTHENTICATION_ERROR",
    "EXPIRED_TOKEN",
    "INVALID_REQUEST_BODY",
    "CLIENT_ID_ERROR",
    "DASHBOARD_PARAM_ERROR",
    "APP_FILTER_PARAM_ERROR",
    "RLS_SETTINGS_PARAM_ERROR",
    "DATA_APP_NOT_FOUND",
    "DATA_APP_ID_ERROR",
    "WORKSPACE_ID_ERROR",
    "INVALID_PERMISSIONS",
    "RATE_LIMIT_EXCEEDED",
    "INTERNAL_SERVER_ERROR",
];

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
