//! No function of the library runs over 60 lines (issue 22 asked it of the money paths; it holds
//! for all of `shared/src`), so a use case reads as the steps it names. Counted from the `fn` line
//! to its closing brace, as `cargo fmt` lays them out; `#[cfg(test)]` items and test files are
//! left out, and what follows a test item is read.

use std::path::{Path, PathBuf};

const MOST_LINES: usize = 60;

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

/// The indentation and name of a line that starts a function with a body.
fn function_start(line: &str) -> Option<(usize, String)> {
    let indent = line.len() - line.trim_start().len();
    let mut words = line.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word {
            w if w == "pub" || w.starts_with("pub(") => {}
            "async" | "const" | "unsafe" | "extern" => {}
            "fn" => {
                let name: String = words.next()?.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                return (!line.trim_end().ends_with(';')).then_some((indent, name));
            }
            _ => return None,
        }
    }
    None
}

/// The lines of `text` with every `#[cfg(test)]` item blanked out (so line numbers stay): a block
/// item (`mod tests {`) to its closing brace at the same indentation, a one-line item (a `use`)
/// alone. What follows a test item is still counted.
fn without_test_items(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "#[cfg(test)]" {
            i += 1;
            continue;
        }
        let indent = lines[i].len() - lines[i].trim_start().len();
        let mut end = i + 1;
        while end < lines.len() && lines[end].trim_start().starts_with("#[") {
            end += 1;
        }
        if lines.get(end).is_some_and(|l| l.trim_end().ends_with('{')) {
            let close = format!("{}}}", " ".repeat(indent));
            end = lines[end + 1..].iter().position(|l| l.starts_with(&close)).map_or(lines.len() - 1, |e| end + 1 + e);
        }
        let last = end.min(lines.len() - 1);
        for line in &mut lines[i..=last] {
            *line = "";
        }
        i = end + 1;
    }
    lines
}

/// Every function over `MOST_LINES` lines in `text`: (name, first line, length).
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines = without_test_items(text);
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((indent, name)) = function_start(line) else { continue };
        let close = format!("{}}}", " ".repeat(indent));
        let end = lines[i + 1..].iter().position(|l| l.starts_with(&close) && l.trim_start().starts_with('}'));
        let length = end.map_or(lines.len() - i, |e| e + 2);
        if length > MOST_LINES {
            long.push((name, i + 1, length));
        }
    }
    long
}

#[test]
fn the_counter_finds_a_long_function_and_passes_short_ones() {
    let body = "        step();\n".repeat(MOST_LINES);
    let text = format!("impl A {{\n    pub async fn long(&self) {{\n{body}    }}\n\n    fn short() {{\n        one();\n    }}\n}}\n");
    assert_eq!(long_functions(&text), vec![("long".to_string(), 2, MOST_LINES + 2)]);
    let fits = format!("fn fits() {{\n{}}}\n", "    step();\n".repeat(MOST_LINES - 2));
    assert_eq!(long_functions(&fits), vec![]);
    let test_module = format!("#[cfg(test)]\nmod tests {{\n    fn long() {{\n{body}    }}\n}}\n");
    assert_eq!(long_functions(&test_module), vec![]);
    // Code after a test-only item is still read.
    let after = format!("#[cfg(test)]\nuse helper::Thing;\n\nfn late() {{\n{body}}}\n");
    assert_eq!(long_functions(&after), vec![("late".to_string(), 4, MOST_LINES + 2)]);
    let after_module = format!("#[cfg(test)]\nmod tests {{\n    fn t() {{}}\n}}\n\nfn late() {{\n{body}}}\n");
    assert_eq!(long_functions(&after_module), vec![("late".to_string(), 6, MOST_LINES + 2)]);
}

#[test]
fn no_function_of_the_library_runs_over_sixty_lines() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/src"));
    let mut files = Vec::new();
    sources(root, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (function, line, length) in long_functions(&text) {
            found.push(format!("{}:{line} {function}: {length} lines", file.strip_prefix(root).unwrap().display()));
        }
    }
    assert!(found.is_empty(), "functions over {MOST_LINES} lines (split them into named steps):\n{}", found.join("\n"));
}
