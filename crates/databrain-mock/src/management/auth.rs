//! Which credential each family takes (MANAGEMENT.md: SVC = service token, DA = data-app API
//! key) and how a wrong one is refused.

use hyper::StatusCode;

use crate::call::Call;
use crate::catalog::AppId;
use crate::http::ApiError;
use crate::state::Credential;

/// Service-token calls. `status` is what the family documents for an auth failure: 400 on
/// the API-token endpoints and on data-app create, 401 (SPEC.md's default) elsewhere.
pub(crate) fn service(call: &Call<'_>, status: StatusCode) -> Result<(), ApiError> {
    match call.credential {
        Credential::Service => Ok(()),
        Credential::Missing => Err(ApiError::new(
            status,
            "AUTHENTICATION_ERROR",
            "missing service token",
        )),
        Credential::ApiKey(_) => Err(ApiError::new(
            status,
            "AUTHENTICATION_ERROR",
            "this call takes the organisation's service token, not a data-app API key",
        )),
        Credential::Unknown => Err(ApiError::new(
            status,
            "AUTHENTICATION_ERROR",
            "invalid service token",
        )),
    }
}

/// Workspace and datamart calls: older docs said DA, newer ones SVC. The mock models the
/// newer server and refuses a data-app key (401), saying why, so a client that sends the
/// older credential by mistake finds out against the mock rather than in production.
pub(crate) fn service_newer(call: &Call<'_>, family: &str) -> Result<(), ApiError> {
    if let Credential::ApiKey(_) = call.credential {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_ERROR",
            format!(
                "{family} calls take the organisation's service token (older docs said the \
                 data-app API key; this server follows the newer ones)"
            ),
        ));
    }
    service(call, StatusCode::UNAUTHORIZED)
}

/// Semantic-layer calls: the service token only. A data-app key is refused with 403
/// `AUTHENTICATION_ERROR` (the API's one 403: a valid credential, not allowed here); no or an
/// unknown credential is 401, as elsewhere.
pub(crate) fn service_only(call: &Call<'_>) -> Result<(), ApiError> {
    if let Credential::ApiKey(_) = call.credential {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "AUTHENTICATION_ERROR",
            "semantic-layer calls take the organisation's service token, not a data-app API key",
        ));
    }
    service(call, StatusCode::UNAUTHORIZED)
}

/// Data-app calls: the key's own app. No header is 401 `AUTHENTICATION_ERROR`; a header that
/// is not a live data-app key (an unknown value, a rotated-out key past its grace period, a
/// deleted app's key, the service token) is 400 `INVALID_DATA_APP_API_KEY`, the code the
/// embed pages document.
pub(crate) fn data_app(call: &Call<'_>) -> Result<AppId, ApiError> {
    match call.credential {
        Credential::ApiKey(app) => Ok(app),
        Credential::Missing => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_ERROR",
            "missing data-app API key",
        )),
        Credential::Service => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_DATA_APP_API_KEY",
            "this call takes a data-app API key, not the service token",
        )),
        Credential::Unknown => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_DATA_APP_API_KEY",
            "invalid data-app API key",
        )),
    }
}
