//! events/ holds a sample event for every route of the template (an API Gateway HTTP API v2
//! payload that matches its route), for every scheduled function (named after it) and for the
//! outbox sender's stream and SNS triggers (`<function>-stream.json`, `<function>-feedback.json`), and
//! for a function behind a CloudFormation custom resource its three requests
//! (`<function>-create.json`, `-update.json`, `-delete.json`): the ones the README's
//! `cargo lambda invoke <function> --data-file events/<route>.json` sends.

use crate::common::{functions, read, root, template};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn events() -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("events")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(name.ends_with(".json"), "events/{name}: only .json events here");
        let event = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("events/{name}: {e}"));
        out.insert(name, event);
    }
    out
}

/// Whether `path` is an instance of the route template `pattern` with these path parameters.
fn instance_of(pattern: &str, path: &str, parameters: &serde_json::Map<String, Value>) -> bool {
    let (pattern, path): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    let mut used = BTreeSet::new();
    let same = pattern.len() == path.len()
        && pattern.iter().zip(&path).all(|(p, s)| match p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                used.insert(name.to_string());
                parameters.get(name).and_then(Value::as_str) == Some(*s)
            }
            None => p == s,
        });
    same && used == parameters.keys().cloned().collect()
}

#[test]
fn every_route_and_every_schedule_has_a_sample_event_and_every_event_is_one() {
    let events = events();
    let mut unused: BTreeSet<String> = events.keys().cloned().collect();
    for f in functions() {
        let Some(triggers) = f.properties["Events"].as_mapping() else { continue };
        for (name, trigger) in triggers {
            let props = &trigger["Properties"];
            match trigger["Type"].as_str() {
                Some("HttpApi") => {
                    let (method, path) = (props["Method"].as_str().unwrap().to_uppercase(), props["Path"].as_str().unwrap());
                    let route = format!("{method} {path}");
                    let matching: Vec<&String> = events.keys().filter(|k| events[*k]["routeKey"] == route.as_str()).collect();
                    assert!(!matching.is_empty(), "no sample event for {route} ({}.{})", f.logical_id, name.as_str().unwrap());
                    for file in matching {
                        unused.remove(file);
                        let event = &events[file];
                        let context = &event["requestContext"];
                        assert_eq!(event["version"], "2.0", "{file}");
                        assert_eq!(context["routeKey"], route.as_str(), "{file}");
                        assert_eq!(context["http"]["method"], method.as_str(), "{file}");
                        assert_eq!(context["http"]["path"], event["rawPath"], "{file}");
                        assert_eq!(context["stage"], "$default", "{file}");
                        let parameters = event["pathParameters"].as_object().cloned().unwrap_or_default();
                        assert!(
                            instance_of(path, event["rawPath"].as_str().unwrap(), &parameters),
                            "{file}: rawPath and pathParameters fit {path}"
                        );
                        if let Some(body) = event["body"].as_str() {
                            assert_eq!(event["headers"]["content-type"], "application/json", "{file}");
                            serde_json::from_str::<Value>(body).unwrap_or_else(|e| panic!("{file}: the body is not JSON: {e}"));
                        }
                        if route == "POST /orders" || route == "POST /companies/{company_id}/orders" {
                            assert!(event["headers"]["idempotency-key"].is_string(), "{file}: the contract requires Idempotency-Key");
                        }
                    }
                }
                Some("Schedule") => {
                    // The README's invoke line names both after the function: `cargo lambda invoke
                    // expire-activations --data-file events/expire-activations.json`.
                    let file = format!("{}.json", f.krate);
                    let event = events.get(&file).unwrap_or_else(|| panic!("no events/{file} for the scheduled {}", f.logical_id));
                    assert_eq!(
                        (event["source"].as_str(), event["detail-type"].as_str()),
                        (Some("aws.events"), Some("Scheduled Event")),
                        "{file}"
                    );
                    unused.remove(&file);
                }
                // The outbox's sender: a record of the table's stream and an SES notification from
                // SNS, named after the function and the source.
                Some(kind @ ("DynamoDB" | "SNS")) => {
                    let (file, field, source) = match kind {
                        "DynamoDB" => (format!("{}-stream.json", f.krate), "eventSource", "aws:dynamodb"),
                        _ => (format!("{}-feedback.json", f.krate), "EventSource", "aws:sns"),
                    };
                    let event = events.get(&file).unwrap_or_else(|| panic!("no events/{file} for the {kind} trigger of {}", f.logical_id));
                    assert_eq!(event["Records"][0][field], source, "{file}");
                    unused.remove(&file);
                }
                other => panic!("{}: a trigger of type {other:?} needs its sample event here", f.logical_id),
            }
        }
    }
    // Functions with no trigger of their own serve a custom resource (`ServiceToken`): CloudFormation
    // sends them Create, Update and Delete, each answered at its ResponseURL.
    let template = template();
    for f in functions().iter().filter(|f| f.properties["Events"].is_null()) {
        let (logical_id, resource) = template["Resources"]
            .as_mapping()
            .unwrap()
            .iter()
            .find(|(_, r)| r["Properties"]["ServiceToken"]["Fn::GetAtt"][0] == f.logical_id.as_str())
            .unwrap_or_else(|| panic!("{}: no trigger and no custom resource invokes it", f.logical_id));
        let properties: BTreeSet<String> =
            resource["Properties"].as_mapping().unwrap().keys().filter_map(|k| k.as_str()).map(String::from).collect();
        for kind in ["Create", "Update", "Delete"] {
            let file = format!("{}-{}.json", f.krate, kind.to_lowercase());
            let event = events.get(&file).unwrap_or_else(|| panic!("no events/{file} for the custom resource of {}", f.logical_id));
            assert_eq!(event["RequestType"], kind, "{file}");
            assert_eq!(event["LogicalResourceId"].as_str(), logical_id.as_str(), "{file}");
            assert_eq!(event["ResourceType"].as_str(), resource["Type"].as_str(), "{file}");
            for field in ["ResponseURL", "StackId", "RequestId", "ServiceToken"] {
                assert!(event[field].is_string(), "{file}: {field}");
            }
            let given: BTreeSet<String> = event["ResourceProperties"].as_object().unwrap().keys().cloned().collect();
            assert_eq!(given, properties, "{file}: the template's properties");
            assert_eq!(event["PhysicalResourceId"].is_string(), kind != "Create", "{file}: only Create has no physical id yet");
            assert_eq!(event["OldResourceProperties"].is_object(), kind == "Update", "{file}");
            unused.remove(&file);
        }
    }
    assert!(unused.is_empty(), "events that match no route or schedule: {unused:?}");
}

#[test]
fn the_readme_shows_the_invoke_line_these_events_are_for() {
    assert!(read("README.md").contains("cargo lambda invoke <function> --data-file events/<route>.json"));
}
