//! Function crates stay thin: they parse a request, call one use case of the `cloudstore` library
//! and answer its view. So no function crate names the table, the mailer, an AWS SDK type or the
//! local tooling, and none builds a contract body by hand.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
            found.push(path);
        }
    }
}

/// Identifiers a function crate must not name, and why.
const FORBIDDEN_WORDS: &[(&str, &str)] = &[
    ("store", "the table is reached only through use cases"),
    ("Store", "the table is reached only through use cases"),
    ("db", "the table is reached only through use cases"),
    ("Db", "the table is reached only through use cases"),
    ("Tx", "the table is reached only through use cases"),
    ("mail", "emails are sent only by use cases"),
    ("mailer", "emails are sent only by use cases"),
    ("Mailer", "emails are sent only by use cases"),
    ("tooling", "local tooling is for tools and tests"),
];

/// Text a function crate must not contain, and why.
const FORBIDDEN_TEXT: &[(&str, &str)] = &[
    ("aws_sdk", "no AWS SDK type outside the library"),
    ("aws-sdk", "no AWS SDK dependency outside the library"),
    ("json!", "contract bodies are typed views"),
    ("serde_json::Value", "contract bodies are typed views"),
];

fn words(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

#[test]
fn function_crates_reach_only_use_cases_and_views() {
    let mut files = Vec::new();
    sources(&root().join("functions"), &mut files);
    assert!(files.len() >= 20, "the function crates were not found");
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line_no, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let at = || format!("{}:{}", file.strip_prefix(root()).unwrap().display(), line_no + 1);
            for (word, why) in FORBIDDEN_WORDS {
                if words(code).any(|w| w == *word) {
                    offences.push(format!("{}: `{word}` ({why})", at()));
                }
            }
            for (text, why) in FORBIDDEN_TEXT {
                // The scheduled functions receive their EventBridge event as JSON.
                let scheduled_event = *text == "serde_json::Value" && code.contains("LambdaEvent<serde_json::Value>");
                if code.contains(text) && !scheduled_event {
                    offences.push(format!("{}: `{text}` ({why})", at()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "function crates reaching past the use cases:\n{}", offences.join("\n"));
}

#[test]
fn no_source_file_grows_past_three_hundred_lines() {
    let mut files = Vec::new();
    for dir in ["shared/src", "functions"] {
        sources(&root().join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > 300).then(|| format!("{} ({lines} lines)", f.strip_prefix(root()).unwrap().display()))
        })
        .collect();
    assert!(long.is_empty(), "files to split: {long:?}");
}

/// The files of `shared/src` each file names (`crate::a::b`, `super::x`, `self::y`, and the items
/// of a `use crate::a::{b, c}`), comments and `#[cfg(test)] mod tests` left out: its imports.
fn shared_imports() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    use std::collections::{BTreeMap, BTreeSet};
    let base = root().join("shared/src");
    let mut files = Vec::new();
    sources(&base, &mut files);
    let module_of = |rel: &str| -> Vec<String> {
        let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        parts
    };
    let rels: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.strip_prefix(&base).unwrap().display().to_string())
        .collect();
    let by_module: BTreeMap<Vec<String>, String> = rels.iter().map(|r| (module_of(r), r.clone())).collect();
    let resolve = |current: &str, path: &[&str]| -> Option<String> {
        let (start, rest): (Vec<String>, &[&str]) = match *path.first()? {
            "crate" => (vec![], &path[1..]),
            "self" => (module_of(current), &path[1..]),
            "super" => {
                let mut m = module_of(current);
                m.pop();
                let mut rest = &path[1..];
                while rest.first() == Some(&"super") {
                    m.pop();
                    rest = &rest[1..];
                }
                (m, rest)
            }
            _ => return None,
        };
        // The longest prefix that is a file: `crate::db::Key` is db/mod.rs.
        for len in (0..=rest.len()).rev() {
            let mut module = start.clone();
            module.extend(rest[..len].iter().map(|s| s.to_string()));
            if let Some(file) = by_module.get(&module) {
                return Some(file.clone());
            }
        }
        None
    };
    let mut imports = BTreeMap::new();
    for rel in &rels {
        let text = std::fs::read_to_string(base.join(rel)).unwrap();
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        let code: String = text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
        let mut found = BTreeSet::new();
        let is_path_char = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
        for (at, _) in code.match_indices(['c', 's']) {
            if at > 0 && code[..at].chars().next_back().is_some_and(is_path_char) {
                continue;
            }
            let path: String = code[at..].chars().take_while(|&c| is_path_char(c)).collect();
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            if segments.len() < 2 || !["crate", "self", "super"].contains(&segments[0]) {
                continue;
            }
            let mut targets = vec![resolve(rel, &segments)];
            // `use crate::a::{b, c::D}`: each item too.
            if path.ends_with("::") && code[at + path.len()..].starts_with('{') {
                let group = &code[at + path.len() + 1..];
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',').map(|i| i.trim()).filter(|i| !i.is_empty()) {
                    let mut full = segments.clone();
                    full.extend(item.split("::").take(1));
                    targets.push(resolve(rel, &full));
                }
            }
            found.extend(targets.into_iter().flatten().filter(|t| t != rel));
        }
        imports.insert(rel.clone(), found);
    }
    imports
}

/// The cycles of a graph: each strongly connected set of two or more nodes, sorted.
fn cycles(graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<Vec<String>> {
    use std::collections::BTreeSet;
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: std::collections::BTreeMap<&String, BTreeSet<String>> = graph.keys().map(|k| (k, reach(k))).collect();
    let mut out: BTreeSet<Vec<String>> = BTreeSet::new();
    for (node, from_node) in &reaches {
        let mut cycle: Vec<String> =
            from_node.iter().filter(|other| reaches.get(other).is_some_and(|r| r.contains(*node))).cloned().collect();
        if cycle.len() > 1 || (cycle.len() == 1 && cycle[0] != **node) {
            if !cycle.contains(node) {
                cycle.push((*node).clone());
            }
            cycle.sort();
            out.insert(cycle);
        }
    }
    out.into_iter().collect()
}

#[test]
fn no_two_files_of_the_library_import_each_other() {
    let imports = shared_imports();
    assert!(imports.len() > 100, "the library's files were not found");
    assert!(imports["app.rs"].contains("config/mod.rs"), "the import reader finds `use crate::config::…`: {:?}", imports["app.rs"]);
    assert_eq!(cycles(&imports), Vec::<Vec<String>>::new(), "files of shared/src that import each other, through the others");
}

#[test]
fn the_modules_of_the_library_import_each_other_only_where_known() {
    // The one known tangle: the state every use case receives (`app::App`) holds the catalog's
    // cache and identity's signing keys, and the configuration names identity's token settings,
    // while those slices (and audit, change and the outbox, which identity's use cases reach) take
    // `&App`. Until the cache and the keys move beneath `app`, these modules reach each other;
    // any other module cycle, or a new module in this one, fails here.
    let mut modules: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    let top = |file: &str| file.split('/').next().unwrap_or_default().trim_end_matches(".rs").to_string();
    for (file, targets) in shared_imports() {
        let entry = modules.entry(top(&file)).or_default();
        entry.extend(targets.iter().map(|t| top(t)).filter(|t| *t != top(&file)));
    }
    let known: Vec<Vec<String>> =
        vec![["app", "audit", "catalog", "change", "config", "identity", "media", "outbox"].map(String::from).to_vec()];
    assert_eq!(cycles(&modules), known, "modules of shared/src that import each other");
}
