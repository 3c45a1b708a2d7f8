//! `Client.provision_tenant[_async]` and `Client.rotate_api_key[_async]`: the core's
//! workflows. Conversion only: the spec is parsed and checked by the core from the Python
//! object (raising at once, nothing sent), the result handed back as plain data for the
//! Python classes in `databrain/_workflows.py`.

use databrain::management::provision::{ProvisionedTenant, TenantSpec};
use databrain::management::rotation::{KeyRotation, RotatedKey};
use databrain::{CallOptions, Client, Valid};
use pyo3::prelude::*;

use crate::convert::PyInput;
use crate::errors::to_py_err;
use crate::management::Json;

/// The spec, parsed and checked by the core.
pub fn tenant_spec(spec: &Bound<'_, PyAny>) -> PyResult<Valid<TenantSpec>> {
    TenantSpec::from_input(&PyInput(spec.clone())).map_err(|e| to_py_err(&e))
}

/// The rotation, parsed and checked by the core.
pub fn key_rotation(rotation: &Bound<'_, PyAny>) -> PyResult<Valid<KeyRotation>> {
    KeyRotation::from_input(&PyInput(rotation.clone())).map_err(|e| to_py_err(&e))
}

fn record(value: Result<serde_json::Value, serde_json::Error>) -> Json {
    Json(value.expect("workflow results always serialise"))
}

/// Runs `provision_tenant`; the result as plain data.
pub async fn provision(client: Client, spec: Valid<TenantSpec>) -> Result<Json, databrain::Error> {
    // The core error, not a Python one: it is converted where the GIL is already held.
    let made: ProvisionedTenant = client.provision_tenant(&spec).await?;
    Ok(record(serde_json::to_value(&made)))
}

/// Runs `rotate_api_key`; the result as plain data.
pub async fn rotate(client: Client, rotation: Valid<KeyRotation>, options: CallOptions) -> Result<Json, databrain::Error> {
    let rotated: RotatedKey = client.rotate_api_key(&rotation, &options).await?;
    Ok(record(serde_json::to_value(&rotated)))
}
