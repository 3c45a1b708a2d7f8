//! What a workspace reads (its `connectionType` and the datasource or datamart it names),
//! checked against the catalog. Shared by the workspace handlers and the seed check, so a
//! seed cannot hold a workspace that the API would refuse.

use super::errors;
use crate::catalog::Catalog;
use crate::http::ApiError;

/// The documented connection types.
const CONNECTION_TYPES: [&str; 4] = [
    "DATASOURCE",
    "DATAMART",
    "MULTI_DATASOURCE",
    "MULTI_DATAMART",
];

/// What a workspace reads: a single-source type needs its source named, and a named source
/// must exist (`DATASOURCE_NAME_ERROR`, `INVALID_DATAMART`).
pub(crate) fn check_connection(
    cat: &Catalog,
    connection_type: &str,
    datasource: Option<&str>,
    datamart: Option<&str>,
) -> Result<(), ApiError> {
    if !CONNECTION_TYPES.contains(&connection_type) {
        return Err(ApiError::invalid_body(format!(
            "connectionType must be one of {}, got {connection_type:?}",
            CONNECTION_TYPES.join(", ")
        )));
    }
    match (connection_type, datasource, datamart) {
        ("DATASOURCE", None, _) => {
            return Err(ApiError::invalid_body(
                "a DATASOURCE workspace needs datasourceName",
            ));
        }
        ("DATAMART", _, None) => {
            return Err(ApiError::invalid_body(
                "a DATAMART workspace needs datamartName",
            ));
        }
        _ => {}
    }
    if let Some(d) = datasource
        && cat.datasource(d).is_none()
    {
        return Err(errors::datasource(format!("datasource not found: {d:?}")));
    }
    if let Some(d) = datamart
        && cat.datamart(d).is_none()
    {
        return Err(errors::datamart_not_found(d));
    }
    Ok(())
}
