//! A span per use case: every public async function of a slice that takes the store's state first
//! (`app: &App`) runs inside its own `tracing` span, so a log line or an internal error names the
//! use case as well as the request (whose span `http::finish` opens). Table modules, `db`, `http`
//! and the state itself are the layer below the use cases and are left out.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn below_the_use_cases(relative: &Path) -> bool {
    let name = relative.file_name().unwrap().to_string_lossy();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
    ["db", "http"].contains(&first.as_ref())
        || ["app.rs", "aws.rs", "lib.rs", "observe.rs", "table.rs"].contains(&name.as_ref())
        || name.ends_with("_table.rs")
        || name.ends_with("tests.rs")
}

/// The names of the use cases in `text` that have no span of their own.
fn use_cases_without_span(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("pub async fn ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let parameters = rest.split_once('(').map_or("", |(_, p)| p.trim());
        let first = if parameters.is_empty() { lines.get(i + 1).map_or("", |l| l.trim()) } else { parameters };
        if !first.starts_with("app: &App") {
            continue;
        }
        let attributes = lines[..i].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///"));
        if !attributes.clone().any(|l| l.starts_with("#[tracing::instrument")) {
            missing.push(name);
        }
    }
    missing
}

#[test]
fn the_check_sees_a_use_case_without_a_span() {
    let text = "/// Lists.\n#[tracing::instrument(skip_all)]\npub async fn list(app: &App) {}\n\n/// Saves.\npub async fn save(\n    app: &App,\n) {}\n\npub async fn helper(db: &Db) {}\n";
    assert_eq!(use_cases_without_span(text), vec!["save".to_string()]);
}

#[test]
fn every_use_case_runs_in_its_own_span() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/src"));
    let mut files = Vec::new();
    sources(root, &mut files);
    files.sort();
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in files {
        let relative = file.strip_prefix(root).unwrap();
        if below_the_use_cases(relative) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        seen += text.matches("#[tracing::instrument").count();
        missing.extend(use_cases_without_span(&text).into_iter().map(|name| format!("{}: {name}", relative.display())));
    }
    assert!(missing.is_empty(), "use cases without #[tracing::instrument(skip_all)]:\n{}", missing.join("\n"));
    // The check reads the library as it is laid out: if it stopped finding the use cases (a new
    // signature style), it would pass on nothing.
    assert_eq!(seen, 81, "use cases with a span (update when one is added or removed)");
}
