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
