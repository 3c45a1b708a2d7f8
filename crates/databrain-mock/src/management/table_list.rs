//! A datamart's `tableList`, checked against its datasource's tables. A datasource seeded
//! without tables has an unknown schema, and then any table is accepted.

use serde_json::{Map, Value};

use super::errors;
use crate::catalog::Datasource;
use crate::http::ApiError;

/// Validates `list` (the request's `tableList`) and returns its tables.
pub(crate) fn check(list: Option<&Value>, datasource: &Datasource) -> Result<Vec<Value>, ApiError> {
    let items = match list {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => return Err(ApiError::invalid_body("tableList must not be empty")),
        None | Some(Value::Null) => return Err(ApiError::invalid_body("tableList is required")),
        Some(_) => return Err(ApiError::invalid_body("tableList must be an array")),
    };
    let mut seen = Vec::new();
    for (i, t) in items.iter().enumerate() {
        let at = format!("tableList[{i}]");
        let t = t
            .as_object()
            .ok_or_else(|| ApiError::invalid_body(format!("{at} must be an object")))?;
        let name = text(t, "name", &at)?.ok_or_else(|| {
            ApiError::invalid_body(format!("{at}.name is required (a non-empty string)"))
        })?;
        let schema = text(t, "schemaName", &at)?;
        if seen.contains(&(schema, name)) {
            return Err(ApiError::invalid_body(format!(
                "{at}: table {name:?} is listed twice"
            )));
        }
        seen.push((schema, name));
        text(t, "label", &at)?;
        boolean(t, "isHide", &at)?;
        let known = if datasource.tables.is_empty() {
            None
        } else {
            let found = datasource.tables.iter().find(|x| {
                x.name == name && schema.is_none_or(|s| x.schema_name.as_deref() == Some(s))
            });
            Some(found.ok_or_else(|| {
                errors::table(format!(
                    "{at}: table {}{name:?} not found in datasource {:?}",
                    schema.map(|s| format!("{s:?}.")).unwrap_or_default(),
                    datasource.name
                ))
            })?)
        };
        let has_column = |c: &str| known.is_none_or(|k| k.columns.iter().any(|x| x.name == c));
        if let Some(c) = text(t, "clientColumn", &at)?
            && !has_column(c)
        {
            return Err(errors::table(format!(
                "{at}.clientColumn: column {c:?} not found in table {name:?}"
            )));
        }
        match t.get("columns") {
            None | Some(Value::Null) => {}
            Some(Value::Array(cols)) => {
                for (j, c) in cols.iter().enumerate() {
                    let cat = format!("{at}.columns[{j}]");
                    let c = c.as_object().ok_or_else(|| {
                        ApiError::invalid_body(format!("{cat} must be an object"))
                    })?;
                    let cname = text(c, "name", &cat)?.ok_or_else(|| {
                        ApiError::invalid_body(format!(
                            "{cat}.name is required (a non-empty string)"
                        ))
                    })?;
                    text(c, "alias", &cat)?;
                    text(c, "label", &cat)?;
                    boolean(c, "isHide", &cat)?;
                    if !has_column(cname) {
                        return Err(errors::table(format!(
                            "{cat}: column {cname:?} not found in table {name:?}"
                        )));
                    }
                }
            }
            Some(_) => {
                return Err(ApiError::invalid_body(format!(
                    "{at}.columns must be an array"
                )));
            }
        }
    }
    Ok(items.clone())
}

fn text<'a>(obj: &'a Map<String, Value>, key: &str, at: &str) -> Result<Option<&'a str>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(_) => Err(ApiError::invalid_body(format!(
            "{at}.{key} must be a non-empty string"
        ))),
    }
}

fn boolean(obj: &Map<String, Value>, key: &str, at: &str) -> Result<(), ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) | Some(Value::Bool(_)) => Ok(()),
        Some(_) => Err(ApiError::invalid_body(format!(
            "{at}.{key} must be a boolean"
        ))),
    }
}
