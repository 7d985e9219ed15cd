//! What the deploy tests share: the SAM template read as CloudFormation sees it, its functions
//! with their Globals applied, and small helpers for the intrinsic functions.

use serde_yaml_ng::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).canonicalize().unwrap()
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A YAML document with the short intrinsic tags (`!Ref X`, `!Sub s`, `!GetAtt A.B`) rewritten to
/// their long JSON forms (`{"Ref": X}`, `{"Fn::Sub": s}`, `{"Fn::GetAtt": [A, B]}`), so the source
/// template and the one `sam build` writes compare alike.
pub fn parse_template(text: &str) -> Value {
    long_form(serde_yaml_ng::from_str(text).unwrap())
}

fn long_form(value: Value) -> Value {
    match value {
        Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = long_form(tagged.value);
            let inner = match (name, inner) {
                ("GetAtt", Value::String(s)) => {
                    let (resource, attribute) = s.split_once('.').unwrap();
                    Value::Sequence(vec![resource.into(), attribute.into()])
                }
                (_, inner) => inner,
            };
            let key = if name == "Ref" || name == "Condition" { name.to_string() } else { format!("Fn::{name}") };
            let mut map = Mapping::new();
            map.insert(key.into(), inner);
            Value::Mapping(map)
        }
        Value::Mapping(map) => Value::Mapping(map.into_iter().map(|(k, v)| (k, long_form(v))).collect()),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(long_form).collect()),
        other => other,
    }
}

pub fn template() -> Value {
    parse_template(&read("infra/template.yaml"))
}

/// `{"Ref": name}`.
pub fn reference(name: &str) -> Value {
    let mut map = Mapping::new();
    map.insert("Ref".into(), name.into());
    Value::Mapping(map)
}

/// The text of an `Fn::Sub` (its first form), or of a plain string.
pub fn sub_text(value: &Value) -> Option<&str> {
    value.as_str().or_else(|| value["Fn::Sub"].as_str())
}

/// Every resource name a value refers to: `Ref`, `Fn::GetAtt`, and `${Name}` / `${Name.Attr}` in
/// `Fn::Sub` text.
pub fn referenced(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, inner) in map {
                match key.as_str() {
                    Some("Ref") => {
                        into.extend(inner.as_str().map(String::from));
                    }
                    Some("Fn::GetAtt") => {
                        into.extend(inner[0].as_str().map(String::from));
                    }
                    Some("Fn::Sub") => {
                        let text = inner.as_str().or_else(|| inner[0].as_str()).unwrap_or("");
                        for piece in text.split("${").skip(1) {
                            let name = piece.split('}').next().unwrap_or("");
                            if !name.starts_with('!') {
                                into.insert(name.split('.').next().unwrap().to_string());
                            }
                        }
                        if let Some(vars) = inner.get(1) {
                            referenced(vars, into);
                        }
                    }
                    _ => referenced(inner, into),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| referenced(item, into)),
        _ => {}
    }
}

/// One `AWS::Serverless::Function` with the template's Globals applied the way SAM applies them
/// (maps merged, everything else taken from the function when it sets it).
pub struct Function {
    pub logical_id: String,
    /// The crate, from `CodeUri: ../functions/<crate>`.
    pub krate: String,
    pub resource: Value,
    pub properties: Value,
    pub environment: BTreeMap<String, Value>,
}

impl Function {
    pub fn architecture(&self) -> &str {
        let list = &self.properties["Architectures"];
        assert_eq!(list.as_sequence().map(Vec::len), Some(1), "{}: one architecture", self.logical_id);
        list[0].as_str().unwrap()
    }

    pub fn policies(&self) -> &[Value] {
        self.properties["Policies"].as_sequence().map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has_policy(&self, policy: &Value) -> bool {
        self.policies().contains(policy)
    }

    /// The actions of the function's own inline policy statements.
    pub fn inline_actions(&self) -> BTreeSet<String> {
        let mut actions = BTreeSet::new();
        for policy in self.policies() {
            for statement in policy["Statement"].as_sequence().into_iter().flatten() {
                match &statement["Action"] {
                    Value::String(action) => {
                        actions.insert(action.clone());
                    }
                    Value::Sequence(list) => actions.extend(list.iter().filter_map(|a| a.as_str().map(String::from))),
                    _ => {}
                }
            }
        }
        actions
    }
}

fn merged(global: &Value, own: &Value) -> Value {
    match (global, own) {
        (Value::Mapping(g), Value::Mapping(o))
            if !o.contains_key("Ref") && !o.keys().any(|k| k.as_str().is_some_and(|k| k.starts_with("Fn::"))) =>
        {
            let mut out = g.clone();
            for (key, value) in o {
                let value = match g.get(key) {
                    Some(global_value) => merged(global_value, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), value);
            }
            Value::Mapping(out)
        }
        (_, Value::Null) => global.clone(),
        (_, own) => own.clone(),
    }
}

/// The functions of a template (source or built), in template order.
pub fn functions_of(template: &Value) -> Vec<Function> {
    let globals = &template["Globals"]["Function"];
    let mut out = Vec::new();
    for (name, resource) in template["Resources"].as_mapping().unwrap() {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let logical_id = name.as_str().unwrap().to_string();
        let properties = merged(globals, &resource["Properties"]);
        let code = properties["CodeUri"].as_str().unwrap_or_default();
        let krate = code.rsplit('/').next().unwrap().to_string();
        let environment = properties["Environment"]["Variables"]
            .as_mapping()
            .map(|vars| vars.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone())).collect())
            .unwrap_or_default();
        out.push(Function { logical_id, krate, resource: resource.clone(), properties, environment });
    }
    out
}

pub fn functions() -> Vec<Function> {
    functions_of(&template())
}
