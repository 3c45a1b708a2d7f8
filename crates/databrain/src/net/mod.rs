//! The wire: the HTTP client (reqwest), one call's attempts and retries, and reading answers
//! into tokens or typed errors. Knows nothing of endpoints beyond the method, URL and
//! credential header it is handed.

pub(crate) mod answer;
pub(crate) mod http;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod transport;
