//! No function of the library runs over 60 lines (issue 22 asked it of the money paths; it holds
//! for all of `shared/src`), so a use case reads as the steps it names. Counted from the `fn` line
//! to its closing brace, as `cargo fmt` lays them out; test modules and test files are left out.

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

/// Every function over `MOST_LINES` lines in `text`: (name, first line, length).
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().take_while(|l| l.trim() != "#[cfg(test)]").collect();
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
