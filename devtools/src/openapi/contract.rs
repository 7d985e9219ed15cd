//! The contract's rules, applied to the schemas the types derive, so every type follows them
//! without an annotation each:
//!
//! 1. A flattened view (`#[serde(flatten)] user: User` in `Me`) is one object with the fields of
//!    both, not an `allOf` (whose parts could not each be closed).
//! 2. Every object is closed (`additionalProperties: false`): request bodies because they
//!    `deny_unknown_fields`, answers so that a field leaking into one (a password hash, an
//!    internal attribute) fails the contract fuzzing.
//! 3. In an answer, an `Option` field that may be left out (`skip_serializing_if`) is never
//!    `null`, so it is optional but not nullable. An `Option` an answer always carries (`null` or
//!    a value) says `#[schema(required = true)]` on its field and stays required and nullable.
//!    Request bodies keep utoipa's reading: an `Option` may be left out or sent as `null`.
//!
//! Doc comments become descriptions; rustdoc's links (``[`Type`]``) read as plain code there, and a
//! field's comment describes the field, not the type it refers to.

use serde_yaml_ng::{Mapping, Value};
use std::collections::BTreeSet;

const SCHEMA_REF: &str = "#/components/schemas/";

/// Applies the rules to the schemas of `doc` (an OpenAPI document as YAML values).
pub fn apply(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].as_mapping_mut().expect("components/schemas");
    merge_flattened(schemas);
    for (_, schema) in schemas.iter_mut() {
        close(schema);
        tidy(schema);
    }
    let requests = reachable(doc, |place| place == "requestBody" || place == "parameters");
    let answers = reachable(doc, |place| place == "responses");
    let schemas = doc["components"]["schemas"].as_mapping_mut().expect("components/schemas");
    let missing: Vec<&String> = requests.union(&answers).filter(|name| !schemas.contains_key(name.as_str())).collect();
    assert!(missing.is_empty(), "schemas referred to but not in components: {missing:?}");
    for name in answers.difference(&requests) {
        optional_means_absent(&mut schemas[name.as_str()]);
    }
}

/// Rule 1: `allOf` of a named object and the view's own fields becomes one object.
fn merge_flattened(schemas: &mut Mapping) {
    let named = schemas.clone();
    for (name, schema) in schemas.iter_mut() {
        let Some(parts) = schema.get("allOf").and_then(Value::as_sequence).cloned() else { continue };
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        for part in parts {
            let part = match part.get("$ref").and_then(Value::as_str) {
                Some(target) => named.get(target.trim_start_matches(SCHEMA_REF)).cloned().unwrap_or_else(|| panic!("{target} is missing")),
                None => part,
            };
            assert!(part.get("allOf").is_none(), "{name:?}: nested flattening");
            properties.extend(part.get("properties").and_then(Value::as_mapping).cloned().unwrap_or_default());
            required.extend(part.get("required").and_then(Value::as_sequence).cloned().unwrap_or_default());
        }
        let mut merged = Mapping::new();
        merged.insert("type".into(), "object".into());
        if let Some(description) = schema.get("description") {
            merged.insert("description".into(), description.clone());
        }
        merged.insert("required".into(), Value::Sequence(required));
        merged.insert("properties".into(), Value::Mapping(properties));
        *schema = Value::Mapping(merged);
    }
}

/// Rule 2, for `schema` and every object inside it.
fn close(schema: &mut Value) {
    match schema {
        Value::Mapping(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), false.into());
            }
            for (_, inner) in map.iter_mut() {
                close(inner);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}

/// The schemas named, directly or through other schemas, where `place` says (request bodies and
/// parameters, or responses) in the document's operations and shared responses.
fn reachable(doc: &Value, place: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut starts = Vec::new();
    for (_, item) in doc["paths"].as_mapping().expect("paths") {
        for (_, operation) in item.as_mapping().expect("a path item") {
            for (key, part) in operation.as_mapping().into_iter().flatten() {
                if key.as_str().is_some_and(&place) {
                    starts.push(part.clone());
                }
            }
        }
    }
    let mut pending: Vec<String> = Vec::new();
    for start in &starts {
        refs(doc, start, &mut pending);
    }
    while let Some(name) = pending.pop() {
        if found.insert(name.clone()) {
            refs(doc, &doc["components"]["schemas"][name.as_str()], &mut pending);
        }
    }
    found
}

/// The schema names `value` refers to, following shared responses and parameters.
fn refs(doc: &Value, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                let mut path = target.trim_start_matches("#/").split('/');
                match (path.next(), path.next(), path.next()) {
                    (Some("components"), Some("schemas"), Some(name)) => out.push(name.to_string()),
                    (Some("components"), Some(kind), Some(name)) => refs(doc, &doc["components"][kind][name], out),
                    _ => panic!("unexpected $ref {target}"),
                }
            }
            map.iter().for_each(|(_, inner)| refs(doc, inner, out));
        }
        Value::Sequence(items) => items.iter().for_each(|inner| refs(doc, inner, out)),
        _ => {}
    }
}

/// Rule 3, for an answer's schema and the objects inside it.
fn optional_means_absent(schema: &mut Value) {
    let Value::Mapping(map) = schema else { return };
    let required: BTreeSet<String> =
        map.get("required").and_then(Value::as_sequence).into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect();
    if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if !name.as_str().is_some_and(|n| required.contains(n)) {
                not_null(property);
            }
        }
    }
    for (key, inner) in map.iter_mut() {
        match key.as_str() {
            Some("properties") => inner.as_mapping_mut().into_iter().flat_map(|m| m.iter_mut()).for_each(|(_, p)| optional_means_absent(p)),
            Some("items") => optional_means_absent(inner),
            _ => {}
        }
    }
}

/// Drops `null` from what a property may be.
fn not_null(property: &mut Value) {
    let Value::Mapping(map) = property else { return };
    if let Some(Value::Sequence(types)) = map.get_mut("type") {
        types.retain(|t| t.as_str() != Some("null"));
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    let Some(Value::Sequence(choices)) = map.get("oneOf") else { return };
    let rest: Vec<Value> = choices.iter().filter(|c| c.get("type").and_then(Value::as_str) != Some("null")).cloned().collect();
    if rest.len() != 1 {
        map.insert("oneOf".into(), Value::Sequence(rest));
        return;
    }
    let Value::Mapping(only) = rest.into_iter().next().unwrap() else { return };
    map.remove("oneOf");
    let mut merged = only;
    for (key, value) in map.iter() {
        merged.insert(key.clone(), value.clone());
    }
    *map = merged;
}

/// Descriptions as a reader of the document sees them, in `schema` and everything inside it.
fn tidy(schema: &mut Value) {
    match schema {
        Value::Mapping(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = text.replace("[`", "`").replace("`]", "`");
            }
            let hoisted = match map.get_mut("oneOf") {
                Some(Value::Sequence(choices)) => choices.iter_mut().find_map(|c| c.as_mapping_mut()?.remove("description")),
                _ => None,
            };
            if let Some(description) = hoisted {
                map.entry("description".into()).or_insert(description);
            }
            map.iter_mut().for_each(|(_, inner)| tidy(inner));
        }
        Value::Sequence(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}
