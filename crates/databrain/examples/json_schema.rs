//! Prints the JSON Schema of the request models: the single source of the generated Python
//! `TypedDict`s and TypeScript declarations (`./scripts/gen-types`).
//!
//! `cargo run -q -p databrain --features schema --example json_schema`

use databrain::{ApiTokenRequest, GuestTokenRequest};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

fn main() {
    let mut generator = SchemaSettings::draft07().into_generator();
    generator.subschema_for::<GuestTokenRequest>();
    generator.subschema_for::<ApiTokenRequest>();
    let mut definitions: serde_json::Map<String, Value> =
        generator.definitions().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    // Input-only fields: read by the loose parser, never serialised as such (serde skips them).
    let extra_body = json!({
        "type": "object",
        "additionalProperties": true,
        "description": "Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated."
    });
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
        "ErrorCode".to_owned(),
        json!({
            "title": "ErrorCode",
            "description": "The codes an error's code is documented to take (a server may send others; compare against these).",
            "type": "string",
            "enum": databrain::DOCUMENTED_CODES,
        }),
    );
    let root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "DatabrainTypes",
        "description": "An index of the generated types (every definition is reachable from it, so each generator emits all of them).",
        "type": "object",
        "properties": {
            "guestTokenRequest": {"$ref": "#/definitions/GuestTokenRequest"},
            "apiTokenRequest": {"$ref": "#/definitions/ApiTokenRequest"},
            "errorCode": {"$ref": "#/definitions/ErrorCode"}
        },
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
