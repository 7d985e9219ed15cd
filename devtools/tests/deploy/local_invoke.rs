//! The README's `cargo lambda invoke <function> --data-file events/<route>.json`, as printed,
//! against the running local stack. cargo-lambda sends to [::1] unless told otherwise, while
//! `cargo lambda watch` listens on 127.0.0.1; scripts/lib.sh answers on both loopbacks. Runs where
//! `make test` has started the stack (CLOUDSTORE_API_URL; on another port than `make dev`'s 9000,
//! hence the added --invoke-port); skipped elsewhere.

use crate::common::{read, root};
use std::process::Command;

fn invoke(function: &str, event: &str) -> serde_json::Value {
    let line =
        read("README.md").lines().find(|l| l.contains("cargo lambda invoke <function>")).expect("the README's invoke line").to_string();
    let start = line.find("cargo lambda invoke").unwrap();
    let command = line[start..].split('`').next().unwrap().replace("<function>", function).replace("<route>", event);
    let url = std::env::var("CLOUDSTORE_API_URL").unwrap();
    let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
    let mut words = command.split_whitespace();
    assert_eq!((words.next(), words.next()), (Some("cargo"), Some("lambda")));
    let output = Command::new("cargo").arg("lambda").args(words).args(["--invoke-port", port]).current_dir(root()).output().unwrap();
    assert!(output.status.success(), "{command}: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{command}: {e}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn the_readme_invoke_line_reaches_the_local_stack() {
    if std::env::var_os("CLOUDSTORE_API_URL").is_none() {
        eprintln!("skipped: no local stack (make test starts one)");
        return;
    }
    invoke("expire-activations", "expire-activations");
    let answer = invoke("catalog", "products-list");
    assert_eq!(answer["statusCode"], 200, "{answer}");
}
