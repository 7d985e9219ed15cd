//! `openapi/openapi.yaml` is what the route table and the request and response types generate
//! today (`make openapi` writes it), and deployed functions never carry the schema derives.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_committed_document_is_the_one_the_types_generate() {
    let committed = std::fs::read_to_string(root().join(cloudstore_dev::openapi::PATH)).expect("openapi/openapi.yaml");
    let generated = cloudstore_dev::openapi::yaml();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(generated.lines().count()));
        let at = |text: &str| text.lines().nth(line).unwrap_or("(end of file)").to_string();
        panic!(
            "openapi/openapi.yaml is not what the request and response types and the route table in \
             devtools/src/openapi/ generate: run `make openapi` and commit the result.\n\
             First difference, line {}:\n  committed: {}\n  generated: {}",
            line + 1,
            at(&committed),
            at(&generated)
        );
    }
}

#[test]
fn every_problem_code_is_listed_and_every_operation_answers_its_own() {
    let doc = cloudstore_dev::openapi::document();
    let listed: Vec<&str> = doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    // Every kind the code can answer (`ProblemKind::ALL`, generated with the enum), in the committed
    // document too; `last_operator` (the last operator's 409) was once missing from a hand list.
    let codes: Vec<&str> = cloudstore::http::problem::codes().into_iter().map(|(_, code)| code).collect();
    assert_eq!(listed, codes);
    assert_eq!(codes.len(), cloudstore::http::problem::ProblemKind::ALL.len());
    let committed = std::fs::read_to_string(root().join(cloudstore_dev::openapi::PATH)).expect("openapi/openapi.yaml");
    let committed: serde_yaml_ng::Value = serde_yaml_ng::from_str(&committed).expect("openapi/openapi.yaml parses");
    let committed_codes: Vec<&str> = committed["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_sequence()
        .expect("the committed Problem lists its codes")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert_eq!(committed_codes, codes, "openapi/openapi.yaml lists every problem code the code can answer");
    let conflict = committed["components"]["responses"]["Conflict"]["description"].as_str().unwrap_or_default();
    assert!(conflict.contains("`last_operator`"), "the 409 names last_operator: {conflict}");
    let disable = &committed["paths"]["/operator/users/{id}/disable"]["post"]["responses"]["409"];
    assert!(disable.is_mapping(), "disabling the last operator answers 409, and the document says so");
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, operation) in item.as_mapping().unwrap() {
            let responses = operation["responses"].as_mapping().unwrap();
            let public = operation.get("security").is_some_and(|s| s.as_sequence().is_some_and(|s| s.is_empty()));
            assert!(responses.contains_key("500"), "{method:?} {path:?} does not document 500");
            assert!(public || responses.contains_key("401"), "{method:?} {path:?} needs a token but does not document 401");
        }
    }
}

#[test]
fn answers_are_closed_and_optional_fields_are_absent_rather_than_null() {
    let doc = cloudstore_dev::openapi::document();
    let order = &doc["components"]["schemas"]["Order"];
    assert_eq!(order["additionalProperties"].as_bool(), Some(false));
    assert_eq!(order["properties"]["reason"]["type"].as_str(), Some("string"), "skipped when None: never null");
    assert!(!order["required"].as_sequence().unwrap().iter().any(|r| r.as_str() == Some("reason")));
    let list = &doc["components"]["schemas"]["OrderList"];
    assert!(
        list["required"].as_sequence().unwrap().iter().any(|r| r.as_str() == Some("next_cursor")),
        "always sent, null on the last page"
    );
    let me = &doc["components"]["schemas"]["Me"];
    assert!(me.get("allOf").is_none() && me["properties"].get("email").is_some() && me["properties"].get("company").is_some());
    let update = &doc["components"]["schemas"]["UpdateUserRequest"];
    assert_eq!(update["additionalProperties"].as_bool(), Some(false));
    assert!(update["properties"]["role"]["oneOf"].as_sequence().is_some(), "a request's Option may be null");
}

#[test]
fn deployed_functions_never_carry_the_schema_derives() {
    for entry in std::fs::read_dir(root().join("functions")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        let package: toml::Table = toml::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
        let deps = package["dependencies"].as_table().unwrap();
        assert!(!deps.contains_key("utoipa") && !deps.contains_key("cloudstore-dev"), "{}", manifest.display());
        let features = deps["cloudstore"].get("features").and_then(|f| f.as_array()).cloned().unwrap_or_default();
        assert!(!features.iter().any(|f| f.as_str() == Some("openapi")), "{} turns on cloudstore/openapi", manifest.display());
    }
}
