//! Data-app API keys: create (SPEC.md §2) and list (SVC), rotate (DA, or the older SVC form).

use hyper::StatusCode;
use serde_json::{Value, json};

use super::{auth, errors, ok, pagination, required_query};
use crate::call::{Answer, Call};
use crate::http::ApiError;
use crate::state::{Credential, Shared};
use crate::validate;

/// `POST /api/v2/data-app/api-tokens` `{dataAppName, name, description?}` → `{key}`.
pub(crate) fn create(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::BAD_REQUEST)?;
    let obj = validate::object(call.body)?;
    let app_name = validate::req_str(obj, "dataAppName", true)?;
    let name = validate::req_str(obj, "name", false)?;
    let description = validate::opt_str(obj, "description")?.map(str::to_owned);
    let mut st = shared.lock();
    let id = st
        .app_named(app_name)
        .ok_or_else(|| errors::data_app_not_found(app_name))?
        .id;
    let key = st.create_api_key(id, name.to_owned(), description);
    Ok(ok(&json!({"key": key})))
}

/// `GET /api/v2/data-app/api-tokens?dataAppName=` (+ pagination): the keys that still work
/// (a rotated key is listed during its grace period, then no more).
pub(crate) fn list(shared: &Shared, call: &Call<'_>) -> Answer {
    auth::service(call, StatusCode::BAD_REQUEST)?;
    let app_name = required_query(call.query, "dataAppName")?;
    let page = pagination::from_query(call.query)?;
    let st = shared.lock();
    let id = st
        .app_named(&app_name)
        .ok_or_else(|| errors::data_app_not_found(&app_name))?
        .id;
    let keys = st
        .live_keys(id)
        .into_iter()
        .map(|k| json!({"key": k.key, "name": k.name, "description": k.description, "createdAt": k.created_at}))
        .collect();
    drop(st);
    let mut body = pagination::data(keys, page);
    body["error"] = Value::Null;
    Ok(ok(&body))
}

/// `POST /api/v2/data-app/rotate-api` `{expireAt}` authorised by the key being rotated, or
/// (older docs) by the service token with `{key, expireAt}` → `{key}`, the new key, valid at
/// once; the old one keeps working for `expireAt` seconds of the mock's clock.
pub(crate) fn rotate(shared: &Shared, call: &Call<'_>) -> Answer {
    let legacy = call.credential == Credential::Service;
    if !legacy {
        auth::data_app(call)?;
    }
    let obj = validate::object(call.body)?;
    let grace_ms = expire_at_ms(obj.get("expireAt"))?;
    let old = if legacy {
        validate::req_str(obj, "key", false)?
    } else {
        // The bearer is the key being rotated; a `key` in the body must agree with it.
        let bearer = call.bearer.unwrap_or_default();
        match validate::opt_str(obj, "key")? {
            Some(k) if k != bearer => {
                return Err(ApiError::invalid_body(
                    "a data-app API key can only rotate itself: key differs from the credential",
                ));
            }
            _ => bearer,
        }
    };
    let mut st = shared.lock();
    let new = st.rotate_api_key(old, grace_ms).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_DATA_APP_API_KEY",
            "the key to rotate is not a valid data-app API key",
        )
    })?;
    Ok(ok(&json!({"key": new})))
}

/// `expireAt`: seconds (a number or a numeric string; fractions allowed), 0 = at once.
fn expire_at_ms(v: Option<&Value>) -> Result<u64, ApiError> {
    let secs = match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|_| !s.trim().is_empty()),
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_body(
                "expireAt is required: seconds the old key keeps working (0 = at once)",
            ));
        }
        Some(_) => None,
    };
    match secs {
        Some(s) if s.is_finite() && s >= 0.0 => Ok((s * 1000.0).min(u64::MAX as f64) as u64),
        _ => Err(ApiError::invalid_body(
            "expireAt must be a non-negative number of seconds (a number or a numeric string)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::expire_at_ms;
    use serde_json::json;

    #[test]
    fn expire_at_forms() {
        assert_eq!(expire_at_ms(Some(&json!(0))).unwrap(), 0);
        assert_eq!(expire_at_ms(Some(&json!(60))).unwrap(), 60_000);
        assert_eq!(expire_at_ms(Some(&json!("60"))).unwrap(), 60_000);
        assert_eq!(expire_at_ms(Some(&json!(1.5))).unwrap(), 1_500);
        for bad in [
            json!(-1),
            json!("soon"),
            json!(""),
            json!(true),
            json!(null),
            json!("NaN"),
        ] {
            assert!(expire_at_ms(Some(&bad)).is_err(), "{bad}");
        }
        assert!(expire_at_ms(None).is_err());
    }
}
