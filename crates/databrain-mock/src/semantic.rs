//! The semantic-layer document (`shared/api/MANAGEMENT.md`, "Semantic layer") without the
//! catalog around it: checking the tables a create or update sends, a datamart's blank layer,
//! the merge by table and column name, the completion score. The handlers
//! (`management/semantic_layer.rs`) and the seed (`catalog.rs`, `seed_check.rs`) both use it.
//!
//! A layer covers every table of its datamart and every column of those tables (from the
//! datamart's `tableList`, or the datasource's table when the list names no columns); what
//! was described is merged on top. Update is a partial merge: what is left out keeps its value.

use hyper::StatusCode;
use serde_json::{Map, Value, json};

use crate::http::ApiError;
use crate::seed::SeedTable;
use crate::validate;

/// Synonyms a table or a column may have.
const MAX_SYNONYMS: usize = 10;

pub(crate) fn not_found(datamart: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "SEMANTIC_LAYER_NOT_FOUND",
        format!("no semantic layer for datamart {datamart:?}"),
    )
}

fn bad(message: String) -> ApiError {
    ApiError::invalid_body(message)
}

/// `synonyms?[]` at `at`: at most ten strings.
fn synonyms(obj: &Map<String, Value>, at: &str) -> Result<Option<Vec<Value>>, ApiError> {
    match obj.get("synonyms") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            if items.len() > MAX_SYNONYMS {
                return Err(bad(format!(
                    "{at}.synonyms holds at most {MAX_SYNONYMS} entries, got {}",
                    items.len()
                )));
            }
            Ok(Some(items.clone()))
        }
        Some(_) => Err(bad(format!("{at}.synonyms must be a list of strings"))),
    }
}

/// An object with a non-empty `name` and the optional text fields checked.
fn described<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad(format!("{at} must be an object")))?;
    match obj.get("name") {
        Some(Value::String(s)) if !s.is_empty() => {}
        _ => return Err(bad(format!("{at}.name is required"))),
    }
    if !matches!(obj.get("description"), None | Some(Value::Null | Value::String(_))) {
        return Err(bad(format!("{at}.description must be a string")));
    }
    synonyms(obj, at)?;
    Ok(obj)
}

/// Checks `tables[]` (columns required on create, optional on update).
pub(crate) fn check_tables(v: Option<&Value>, update: bool) -> Result<Vec<Map<String, Value>>, ApiError> {
    let items = match v {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Err(bad("tables is required".into())),
        Some(_) => return Err(bad("tables must be a list".into())),
    };
    let mut out = Vec::new();
    for (i, t) in items.iter().enumerate() {
        let at = format!("tables[{i}]");
        let table = described(t, &at)?;
        match table.get("columns") {
            None | Some(Value::Null) if update => {}
            Some(Value::Array(columns)) => {
                for (j, c) in columns.iter().enumerate() {
                    let at = format!("{at}.columns[{j}]");
                    let column = described(c, &at)?;
                    if !matches!(column.get("columnType"), None | Some(Value::Null | Value::String(_))) {
                        return Err(bad(format!("{at}.columnType must be a string")));
                    }
                    if !matches!(column.get("isIdentifier"), None | Some(Value::Null | Value::Bool(_))) {
                        return Err(bad(format!("{at}.isIdentifier must be a boolean")));
                    }
                }
            }
            _ => return Err(bad(format!("{at}.columns must be a list"))),
        }
        out.push(table.clone());
    }
    Ok(out)
}

/// `feedback?`: a string.
pub(crate) fn feedback(obj: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    validate::opt_str(obj, "feedback").map(|f| f.map(str::to_owned))
}

pub(crate) fn blank_column(name: &str, datatype: Option<&str>) -> Value {
    json!({
        "name": name,
        "datatype": datatype,
        "description": null,
        "synonyms": [],
        "miscellaneousInfo": null,
        "columnType": null,
        "columnTypeConfig": null,
        "isIdentifier": false,
        "isNotIndexed": false,
    })
}

/// Every table of a datamart (its `tableList`, over its datasource's `source` tables), each
/// with every column, nothing described yet.
pub(crate) fn blank_layer(table_list: &[Value], source: &[SeedTable]) -> Vec<Value> {
    table_list
        .iter()
        .filter_map(|t| {
            let name = t.get("name")?.as_str()?;
            let source = source.iter().find(|s| s.name == name);
            let datatype = |c: &str| {
                source
                    .and_then(|s| s.columns.iter().find(|x| x.name == c))
                    .map(|x| x.data_type.as_str())
            };
            let listed: Vec<&str> = t
                .get("columns")
                .and_then(Value::as_array)
                .map(|cs| cs.iter().filter_map(|c| c.get("name")?.as_str()).collect())
                .unwrap_or_default();
            let columns: Vec<Value> = if listed.is_empty() {
                source
                    .map(|s| s.columns.iter().map(|c| blank_column(&c.name, Some(&c.data_type))).collect())
                    .unwrap_or_default()
            } else {
                listed.iter().map(|c| blank_column(c, datatype(c))).collect()
            };
            Some(json!({
                "name": name,
                "schemaName": t.get("schemaName").cloned().unwrap_or(Value::Null),
                "description": null,
                "synonyms": [],
                "miscellaneousInfo": null,
                "columns": columns,
            }))
        })
        .collect()
}

/// Merges the fields sent for one table or column into what is kept (left-out fields keep
/// their values).
fn merge_fields(kept: &mut Map<String, Value>, sent: &Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = sent.get(*key).filter(|v| !v.is_null()) {
            kept.insert((*key).to_owned(), v.clone());
        }
    }
}

/// Merges `sent` tables into `tables` by table name, then column name.
pub(crate) fn merge_tables(tables: &mut Vec<Value>, sent: &[Map<String, Value>]) {
    for t in sent {
        let name = t["name"].as_str().unwrap_or_default();
        let pos = tables.iter().position(|x| x["name"] == name).unwrap_or_else(|| {
            tables.push(json!({"name": name, "schemaName": null, "description": null, "synonyms": [],
                               "miscellaneousInfo": null, "columns": []}));
            tables.len() - 1
        });
        let Some(kept) = tables[pos].as_object_mut() else { continue };
        merge_fields(kept, t, &["description", "synonyms"]);
        let Some(columns) = t.get("columns").and_then(Value::as_array) else { continue };
        let kept_columns = kept
            .entry("columns")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Some(kept_columns) = kept_columns.as_array_mut() else { continue };
        for c in columns.iter().filter_map(Value::as_object) {
            let cname = c["name"].as_str().unwrap_or_default();
            let pos = kept_columns
                .iter()
                .position(|x| x["name"] == cname)
                .unwrap_or_else(|| {
                    kept_columns.push(blank_column(cname, None));
                    kept_columns.len() - 1
                });
            if let Some(kept) = kept_columns[pos].as_object_mut() {
                merge_fields(kept, c, &["description", "synonyms", "columnType", "isIdentifier"]);
            }
        }
    }
}

/// Percentage of tables and columns that have a description.
pub(crate) fn completion_score(tables: &[Value]) -> u64 {
    let mut total = 0u64;
    let mut described = 0u64;
    let mut count = |v: &Value| {
        total += 1;
        if v["description"].as_str().is_some_and(|d| !d.is_empty()) {
            described += 1;
        }
    };
    for t in tables {
        count(t);
        t["columns"].as_array().into_iter().flatten().for_each(&mut count);
    }
    if total == 0 { 0 } else { described * 100 / total }
}

/// The layer in `get`'s shape.
pub(crate) fn layer(datamart: &str, tables: Vec<Value>, feedback: Option<String>, now: String) -> Value {
    let score = completion_score(&tables);
    json!({
        "datamartName": datamart,
        "tables": tables,
        "feedback": feedback,
        "completionScore": score,
        "lastUpdated": now,
    })
}

/// A seed's layer (the create call's shape) in `get`'s shape, dated `at`; what does not fit
/// is skipped (the seed check refuses it).
pub(crate) fn from_seed(datamart: &str, blank: Vec<Value>, seed: &Value, at: &str) -> Value {
    let sent = check_tables(seed.get("tables"), false).unwrap_or_default();
    let mut tables = blank;
    merge_tables(&mut tables, &sent);
    let feedback = seed.get("feedback").and_then(Value::as_str).map(str::to_owned);
    layer(datamart, tables, feedback, at.to_owned())
}

/// What the seed check says about a seed's layer.
pub(crate) fn check_seed(seed: &Value) -> Result<(), String> {
    let obj = seed.as_object().ok_or("semanticLayer must be an object")?;
    check_tables(obj.get("tables"), false).map_err(|e| e.message)?;
    feedback(obj).map_err(|e| e.message)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_what_is_left_out() {
        let mut tables = vec![json!({"name": "orders", "description": "old", "synonyms": ["a"],
            "columns": [{"name": "id", "description": "pk", "synonyms": []}, {"name": "amount", "description": null}]})];
        let sent = check_tables(
            Some(&json!([{"name": "orders", "columns": [{"name": "amount", "description": "usd"}]},
                         {"name": "extra", "description": "new"}])),
            true,
        )
        .unwrap();
        merge_tables(&mut tables, &sent);
        assert_eq!(tables[0]["description"], "old");
        assert_eq!(tables[0]["synonyms"], json!(["a"]));
        assert_eq!(tables[0]["columns"][0]["description"], "pk");
        assert_eq!(tables[0]["columns"][1]["description"], "usd");
        assert_eq!(tables[1]["description"], "new");
        assert_eq!(completion_score(&tables), 100);
    }

    #[test]
    fn eleven_synonyms_are_refused() {
        let many: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
        let e = check_tables(Some(&json!([{"name": "t", "synonyms": many, "columns": []}])), false).unwrap_err();
        assert!(e.message.contains("tables[0].synonyms"), "{}", e.message);
    }
}
