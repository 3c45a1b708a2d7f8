//! Prints the JSON Schema of the request models (guest and API tokens, every management call)
//! and of the management responses, plus `x-operations`, an index of the management calls read
//! from the core's `OPERATIONS` table: the single source of the generated Python `TypedDict`s,
//! namespace signatures and TypeScript declarations (`./scripts/gen-types`).
//!
//! `cargo run -q -p databrain --features schema --example json_schema`

use databrain::management::{self, Field, Kind, OPERATIONS, api_tokens, data_apps, datamarts, discovery, embeds, semantic_layer, workspaces};
use databrain::{ApiTokenRequest, GuestTokenRequest, snake_to_camel};
use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

fn main() {
    let mut generator = SchemaSettings::draft07().into_generator();
    generator.subschema_for::<GuestTokenRequest>();
    generator.subschema_for::<ApiTokenRequest>();
    let models = management_models(&mut generator);
    let mut definitions: serde_json::Map<String, Value> =
        generator.definitions().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    // Input-only fields: read by the loose parser, never serialised as such (serde skips them).
    let extra_body = extra_body();
    add_property(&mut definitions, "GuestTokenRequest", "extraBody", extra_body.clone());
    add_property(&mut definitions, "ApiTokenRequest", "extraBody", extra_body);
    add_property(
        &mut definitions,
        "ApiTokenRequest",
        "legacyEndpoint",
        json!({"type": "boolean", "description": "Send to the deprecated `/api/v2/dataApp/api-tokens` path."}),
    );
    name_filter_shapes(&mut definitions);
    definitions.insert(
        "JsonDocument".to_owned(),
        json!({
            "title": "JsonDocument",
            "description": "An exported document (a JSON object; its keys are Databrain's).",
            "type": "object",
            // `{}` rather than `true`: datamodel-codegen then writes `Dict[str, Any]`, not an
            // empty TypedDict (which would refuse every key).
            "additionalProperties": {},
        }),
    );
    let operations = operation_index(&models, &mut definitions);
    let Some(Kind::OneOf(credentials)) = management::CALL_OPTION_FIELDS.iter().find(|f| f.name == "credential").map(|f| f.kind) else {
        panic!("CallOptions has a credential choice");
    };
    definitions.insert(
        "Credential".to_owned(),
        json!({
            "title": "Credential",
            "description": "The credential a management call is authorised with, instead of the one its row documents.",
            "type": "string",
            "enum": credentials,
        }),
    );
    definitions.insert(
        "ErrorCode".to_owned(),
        json!({
            "title": "ErrorCode",
            "description": "The codes an error's code is documented to take (a server may send others; compare against these).",
            "type": "string",
            "enum": databrain::DOCUMENTED_CODES,
        }),
    );
    definitions.values_mut().for_each(bare_refs);
    let mut index = serde_json::Map::new();
    index.insert("guestTokenRequest".into(), json!({"$ref": "#/definitions/GuestTokenRequest"}));
    index.insert("apiTokenRequest".into(), json!({"$ref": "#/definitions/ApiTokenRequest"}));
    index.insert("errorCode".into(), json!({"$ref": "#/definitions/ErrorCode"}));
    for name in models.iter().map(String::as_str).chain(["JsonDocument", "Credential"]) {
        index.insert(lower_first(name), json!({"$ref": format!("#/definitions/{name}")}));
    }
    let root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "DatabrainTypes",
        "description": "An index of the generated types (every definition is reachable from it, so each generator emits all of them).",
        "type": "object",
        "properties": index,
        "x-operations": operations,
        "additionalProperties": false,
        "definitions": definitions,
    });
    println!("{}", serde_json::to_string_pretty(&root).expect("a schema is JSON"));
}

fn add_property(definitions: &mut serde_json::Map<String, Value>, model: &str, name: &str, schema: Value) {
    let properties = definitions
        .get_mut(model)
        .and_then(|m| m.get_mut("properties"))
        .and_then(Value::as_object_mut)
        .expect("the model has properties");
    properties.insert(name.to_owned(), schema);
}

/// The object shapes of `FilterValue` (an untagged enum) are inlined by schemars; give each a
/// definition of its own, so generated code names them (`SqlFilterValue`, ...) instead of
/// numbering them.
fn name_filter_shapes(definitions: &mut serde_json::Map<String, Value>) {
    let names = [("sql", "SqlFilterValue"), ("startDate", "DateRangeFilterValue"), ("min", "NumberRangeFilterValue")];
    let Some(Value::Array(shapes)) = definitions.get_mut("FilterValue").and_then(|f| f.get_mut("anyOf")) else {
        panic!("FilterValue is an anyOf");
    };
    let mut named = Vec::new();
    for shape in shapes.iter_mut() {
        let Some(properties) = shape.get("properties").and_then(Value::as_object) else { continue };
        let (_, name) = names.iter().find(|(key, _)| properties.contains_key(*key)).expect("a known filter shape");
        let mut definition = std::mem::replace(shape, json!({"$ref": format!("#/definitions/{name}")}));
        definition["title"] = json!(name);
        named.push((name.to_string(), definition));
    }
    definitions.extend(named);
}

/// Registers every management model; the names are the `request`/`response` names the
/// `OPERATIONS` rows give (`operation_index` refuses a row naming a model not listed here).
fn management_models(generator: &mut SchemaGenerator) -> Vec<String> {
    macro_rules! models {
        ($($module:ident :: $model:ident),* $(,)?) => {{
            $(generator.subschema_for::<$module::$model>();)*
            vec![$(stringify!($model).to_owned()),*]
        }};
    }
    models![
        data_apps::DataApp, data_apps::DataAppName, data_apps::CreateDataApp, data_apps::RenameDataApp,
        data_apps::DeleteDataApp, api_tokens::ApiToken, api_tokens::ApiKey, api_tokens::ListApiTokens,
        api_tokens::RotateApiToken, embeds::CreateEmbed, embeds::UpdateEmbed, embeds::DeleteEmbed,
        embeds::RenameEmbed, embeds::ExportEmbed, embeds::CreateDashboardEmbed, embeds::ListReports,
        embeds::EmbedId, embeds::NamedEmbed, embeds::Embed, embeds::Report, discovery::ListDashboards,
        discovery::AppDashboard, discovery::ListMetrics, discovery::Metric, discovery::QueryMetric,
        discovery::QueryResult, discovery::ExportDashboard, discovery::ImportDashboard, discovery::ImportResult,
        workspaces::Workspace, workspaces::WorkspaceRequest, workspaces::DeleteWorkspace,
        workspaces::DeletedWorkspace, workspaces::WorkspaceDashboards, workspaces::WorkspaceMetrics,
        workspaces::WorkspaceDashboard, workspaces::WorkspaceMetric, datamarts::CreateDatamart,
        datamarts::UpdateDatamart, datamarts::DeleteDatamart, datamarts::DatamartId, datamarts::Datamart,
        semantic_layer::GetSemanticLayer, semantic_layer::CreateSemanticLayer, semantic_layer::UpdateSemanticLayer,
        semantic_layer::DeleteSemanticLayer, semantic_layer::SemanticLayerId, semantic_layer::DatamartSemanticLayer,
        management::NoInput,
    ]
}

/// `x-operations`: one entry per row of `OPERATIONS`, in its order. Also writes each row's
/// one-of choices (`embedType`, `joinModel`, ...) into the request models' schemas, so the
/// generated types refuse what the core refuses.
fn operation_index(models: &[String], definitions: &mut serde_json::Map<String, Value>) -> Vec<Value> {
    let known = |name: &str| {
        assert!(models.iter().any(|m| m == name) || name == "JsonDocument", "OPERATIONS names {name}, which json_schema does not emit");
        name.to_owned()
    };
    OPERATIONS
        .iter()
        .map(|op| {
            let (family, method) = op.name().split_once('.').expect("a row name is family.method");
            let (response, item) = match op.response.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
                Some(item) => (None, Some(known(item))),
                None if op.response == "serde_json::Value" => (Some(known("JsonDocument")), None),
                None => (Some(known(op.response)), None),
            };
            constrain(definitions, &known(op.request), op.fields);
            // The bindings take `extraBody` on every call with a JSON body (the typed Rust
            // requests do not: they have no such field).
            if op.carries_body(false) && op.request != "NoInput" {
                add_property(definitions, op.request, "extraBody", extra_body());
            }
            json!({
                "name": op.name(),
                "family": family,
                "familyCamel": snake_to_camel(family),
                "method": method,
                "methodCamel": snake_to_camel(method),
                "request": op.request,
                // A list's item model (`paginated`: read page by page; otherwise one answer).
                "response": response,
                "item": item,
                "paginated": op.paginated,
                "body": op.carries_body(false),
                // What the call does beyond its name (empty when the name says it).
                "summary": op.summary,
                "fields": op.fields.iter().map(|f| json!({"name": f.name, "required": f.required})).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Puts the one-of choices of `fields` on `model`'s properties, down nested objects and lists.
fn constrain(definitions: &mut serde_json::Map<String, Value>, model: &str, fields: &[Field]) {
    for field in fields {
        let Some(property) = definitions.get(model).and_then(|m| m.pointer(&format!("/properties/{}", field.name))).cloned() else {
            panic!("{model} has no property {} (its row names it)", field.name);
        };
        match field.kind {
            Kind::OneOf(values) => {
                let target = definitions[model].pointer_mut(&format!("/properties/{}", field.name)).expect("checked above");
                let description = target.get("description").cloned();
                *target = json!({"type": "string", "enum": values});
                if let Some(description) = description {
                    target["description"] = description;
                }
            }
            Kind::Object(inner) | Kind::OpenObject(inner) | Kind::List { item: inner, .. } => {
                if let Some(nested) = referenced(&property) {
                    constrain(definitions, &nested, inner);
                }
            }
            _ => {}
        }
    }
}

/// The definition a property schema refers to (directly, through `Option`'s `anyOf`, or as a
/// list's items).
fn referenced(schema: &Value) -> Option<String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().map(str::to_owned);
    }
    if let Some(items) = schema.get("items") {
        return referenced(items);
    }
    for key in ["anyOf", "oneOf", "type"] {
        if let Some(Value::Array(choices)) = schema.get(key) {
            if let Some(found) = choices.iter().find_map(referenced) {
                return Some(found);
            }
        }
    }
    None
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn extra_body() -> Value {
    json!({
        "type": "object",
        "additionalProperties": true,
        "description": "Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated."
    })
}

/// Drops the keys next to a `$ref` (draft 07 ignores them; json-schema-to-typescript would
/// otherwise declare a numbered copy of the referenced type for each, `AccessSettings1`, ...).
fn bare_refs(schema: &mut Value) {
    match schema {
        Value::Object(map) if map.contains_key("$ref") => map.retain(|key, _| key == "$ref"),
        Value::Object(map) => map.values_mut().for_each(bare_refs),
        Value::Array(items) => items.iter_mut().for_each(bare_refs),
        _ => {}
    }
}
