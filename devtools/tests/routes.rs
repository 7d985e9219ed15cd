//! Every place a route is written agrees with its declaration (`cloudstore::routes::ROUTES`): the
//! contract's routes (`docs/api.md`), the SAM template's HTTP API routes and the function serving
//! each, the `cargo lambda watch` router in Cargo.toml, the OpenAPI document and the sample events
//! of `events/`, each exactly the declared set; and every template function is one crate of
//! `functions/` (and every crate there is deployed).

use serde_yaml_ng::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Routes = BTreeSet<(String, String)>;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `METHOD /path` pairs quoted in the contract (query strings dropped).
fn contract_routes() -> Routes {
    let path = root().join("docs/api.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Only the endpoint tables: "Running locally" quotes the SES emulator's own routes.
    let start = text.find("## Endpoints").expect("an Endpoints section");
    let end = text[start..].find("## Running locally").map_or(text.len(), |e| start + e);
    let mut routes = Routes::new();
    for quoted in text[start..end].split('`').skip(1).step_by(2) {
        let mut words = quoted.split_whitespace();
        if let (Some(method), Some(route)) = (words.next(), words.next()) {
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) && route.starts_with('/') {
                routes.insert((method.to_string(), route.split('?').next().unwrap().to_string()));
            }
        }
    }
    routes
}

/// The template's HTTP API routes, each with the crate its function is built from.
fn template_routes() -> (BTreeMap<(String, String), String>, BTreeSet<String>) {
    let template: Value = serde_yaml_ng::from_str(cloudstore_dev::table::TEMPLATE).unwrap();
    let mut routes = BTreeMap::new();
    let mut crates = BTreeSet::new();
    for (_, resource) in template["Resources"].as_mapping().unwrap() {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        // `sam build` builds `CodeUri: ../functions/<crate>` with cargo-lambda, binary <crate>.
        let code = resource["Properties"]["CodeUri"].as_str().unwrap();
        let krate = code.strip_prefix("../functions/").unwrap_or_else(|| panic!("CodeUri {code} is not ../functions/<crate>")).to_string();
        crates.insert(krate.clone());
        let Some(events) = resource["Properties"]["Events"].as_mapping() else { continue };
        for (_, event) in events {
            if event["Type"].as_str() == Some("HttpApi") {
                let props = &event["Properties"];
                let key = (props["Method"].as_str().unwrap().to_uppercase(), props["Path"].as_str().unwrap().to_string());
                assert!(routes.insert(key.clone(), krate.clone()).is_none(), "{key:?} twice in the template");
            }
        }
    }
    (routes, crates)
}

/// The `cargo lambda watch` router of the workspace manifest.
fn watch_routes() -> BTreeMap<(String, String), String> {
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let router = manifest["workspace"]["metadata"]["lambda"]["watch"]["router"].as_table().unwrap();
    let mut routes = BTreeMap::new();
    for (path, targets) in router {
        for target in targets.as_array().unwrap() {
            let method = target["method"].as_str().unwrap().to_string();
            routes.insert((method, path.clone()), target["function"].as_str().unwrap().to_string());
        }
    }
    routes
}

/// The declared routes, each with the function serving it.
fn declared() -> BTreeMap<(String, String), String> {
    let mut routes = BTreeMap::new();
    for route in cloudstore::routes::ROUTES {
        let key = (route.method.as_str().to_string(), route.path.to_string());
        assert!(routes.insert(key.clone(), route.function.to_string()).is_none(), "{key:?} declared twice");
    }
    routes
}

fn declared_set() -> Routes {
    declared().into_keys().collect()
}

/// What `found` has and the declarations don't, and the other way round.
fn differences(found: &Routes) -> (Vec<String>, Vec<String>) {
    let declared = declared_set();
    let show = |d: std::collections::btree_set::Difference<'_, (String, String)>| d.map(|(m, p)| format!("{m} {p}")).collect();
    (show(found.difference(&declared)), show(declared.difference(found)))
}

#[test]
fn the_contract_documents_exactly_the_declared_routes() {
    assert_eq!(differences(&contract_routes()), (vec![], vec![]), "(in docs/api.md only, declared only)");
}

#[test]
fn the_template_and_the_local_router_serve_each_declared_route_from_its_function() {
    let (template, _) = template_routes();
    assert_eq!(template, declared(), "the template's routes and functions");
    assert_eq!(watch_routes(), declared(), "the cargo lambda watch router's routes and functions");
}

#[test]
fn every_template_function_is_one_workspace_crate_and_every_crate_is_deployed() {
    let (_, crates) = template_routes();
    let on_disk: BTreeSet<String> =
        std::fs::read_dir(root().join("functions")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(crates, on_disk);
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let members: BTreeSet<String> = manifest["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str()?.strip_prefix("functions/").map(String::from))
        .collect();
    assert_eq!(crates, members);
    for krate in &crates {
        let package: toml::Table =
            toml::from_str(&std::fs::read_to_string(root().join("functions").join(krate).join("Cargo.toml")).unwrap()).unwrap();
        assert_eq!(package["package"]["name"].as_str(), Some(krate.as_str()), "the package is named after its function");
    }
}

/// The operations of the OpenAPI document the front end reads.
fn openapi_routes() -> Routes {
    let text = std::fs::read_to_string(root().join("openapi/openapi.yaml")).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
    let mut routes = Routes::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, _) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap().to_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                routes.insert((method, path.as_str().unwrap().to_string()));
            }
        }
    }
    routes
}

#[test]
fn the_openapi_document_describes_exactly_the_declared_routes() {
    assert_eq!(differences(&openapi_routes()), (vec![], vec![]), "(in openapi.yaml only, declared only)");
}

/// The sample events of `events/` that are not HTTP requests: the scheduled functions', the
/// outbox sender's (a stream record and SES feedback through SNS) and the setup custom resource's.
const OTHER_EVENTS: &[&str] = &[
    "expire-activations",
    "expire-orders",
    "reminders",
    "send-email",
    "send-email-feedback",
    "send-email-stream",
    "setup-create",
    "setup-delete",
    "setup-update",
];

#[test]
fn every_declared_route_has_its_own_sample_event_and_every_event_is_known() {
    let mut names = BTreeSet::new();
    let mut found = Routes::new();
    for entry in std::fs::read_dir(root().join("events")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        names.insert(name.clone());
        if OTHER_EVENTS.contains(&name.as_str()) {
            continue;
        }
        let event: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let key = event["routeKey"].as_str().unwrap_or_else(|| panic!("{name}.json has no routeKey"));
        let (method, route) = key.split_once(' ').unwrap();
        let declared = cloudstore::routes::ROUTES.iter().find(|r| r.method.as_str() == method && r.path == route);
        assert_eq!(declared.map(|r| r.event), Some(name.as_str()), "{name}.json is the sample of {key}");
        found.insert((method.to_string(), route.to_string()));
    }
    assert_eq!(differences(&found), (vec![], vec![]), "(an event of an undeclared route, a route without its event)");
    let expected: BTreeSet<String> =
        cloudstore::routes::ROUTES.iter().map(|r| r.event).chain(OTHER_EVENTS.iter().copied()).map(String::from).collect();
    assert_eq!(names, expected, "the files of events/");
}
