//! The contract between the route table (`handlers.rs`) and the handlers it dispatches to
//! (`management/`, and the guest-token endpoint): what a handler is given about the request
//! ([`Call`]) and what it gives back ([`Answer`]). It sits below both, so neither has to
//! import the other for it.

use hyper::Method;
use serde_json::Value;

use crate::http::{ApiError, Resp};
use crate::state::{Credential, Shared};

/// Everything a handler needs to know about the request.
pub(crate) struct Call<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub credential: Credential,
    /// The bearer value itself, for the one call that acts on it (key rotation). Never logged
    /// or recorded.
    pub bearer: Option<&'a str>,
    pub body: Option<&'a Value>,
}

/// Result of every handler: the response, or the API error that becomes one.
pub(crate) type Answer = Result<Resp, ApiError>;

/// A handler, as the route table holds it.
pub(crate) type Handler = fn(&Shared, &Call<'_>) -> Answer;
