//! Renders the measurements as `docs/benchmarks.md`.

use crate::coldstart::ColdStart;
use crate::cost;
use crate::hashing::Argon2Times;
use crate::ops::{Hashing, OpResult};
use std::fmt::Write;

/// The function an operation runs in.
fn function_of(op: &str) -> &'static str {
    match op {
        "signup" | "activation" => "signup",
        "login" | "refresh" => "login",
        "list users" | "create user" => "users",
        "quote" | "order" => "checkout",
        "assign licence" => "licences",
        _ => "approvals",
    }
}

pub fn render(cold: &[ColdStart], ops: &[OpResult], argon2: &Argon2Times, others: Option<&str>, sizes: Option<&str>) -> String {
    let mut md = String::new();
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let _ = writeln!(md, "# Benchmarks\n\nWritten by `make bench` ({machine}, {} cores; release builds; medians). Rerun it to refresh every figure here.\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));

    let floor = cold.iter().find(|c| c.function == "hello-lambda").map(|c| c.init_ms).unwrap_or(f64::NAN);
    let _ = writeln!(md, "## Cold start\n\nFrom `exec` to the first `GET /2018-06-01/runtime/invocation/next` against a local Runtime API (init), and from there to the response of the first request (fresh connections to DynamoDB Local). `hello-lambda` is the floor: a `lambda_runtime` function that answers `{{}}`, same profile.\n");
    let _ = writeln!(md, "| function | init (ms) | × floor | first request (ms) | failed runs |\n| --- | ---: | ---: | ---: | ---: |");
    for c in cold {
        let _ = writeln!(md, "| {} | {:.2} | {:.2} | {:.2} | {} |", c.function, c.init_ms, c.init_ms / floor, c.first_request_ms, c.errors);
    }

    let _ = writeln!(md, "\n## Per operation\n\nWarm, in-process against DynamoDB Local: each operation's DynamoDB calls and consumed capacity are recorded by a client interceptor that asks every request for `ReturnConsumedCapacity`. Authenticated operations include the session check (one `BatchGetItem`).\n");
    let _ = writeln!(md, "| operation | latency (ms) | DynamoDB calls | read units | write units | argon2 share |\n| --- | ---: | --- | ---: | ---: | ---: |");
    for op in ops {
        let calls: Vec<&str> = op.calls.iter().map(|c| c.operation).collect();
        let reads: f64 = op.calls.iter().map(|c| c.read_units).sum();
        let writes: f64 = op.calls.iter().map(|c| c.write_units).sum();
        let hashing = match op.hashing {
            Hashing::None => 0.0,
            Hashing::Hash => argon2.hash_ms,
            Hashing::Verify => argon2.verify_ms,
        };
        let _ = writeln!(md, "| {} | {:.1} | {} ({}) | {:.1} | {:.1} | {:.0} % |", op.name, op.latency_ms, calls.len(), calls.join(", "), reads, writes, 100.0 * hashing / op.latency_ms);
    }

    let _ = writeln!(md, "\n## argon2id (m = 19 MiB, t = 2, p = 1)\n\n| implementation | hash (ms) | verify (ms) |\n| --- | ---: | ---: |");
    let _ = writeln!(md, "| `argon2` crate (as the functions use it) | {:.1} | {:.1} |", argon2.hash_ms, argon2.verify_ms);
    if let Some(others) = others.and_then(|o| serde_json::from_str::<serde_json::Value>(o).ok()) {
        let f = |k: &str| others[k].as_f64().map(|v| format!("{v:.1}")).unwrap_or_else(|| "n/a".into());
        let _ = writeln!(md, "| libsodium (PyPI `pynacl`) | {} | {} |", f("libsodium_hash_ms"), f("libsodium_verify_ms"));
        let _ = writeln!(md, "| reference C (Debian `argon2` command, includes process start) | {} | — |", f("argon2_cli_ms"));
        if let Some(sodium) = others["libsodium_hash_ms"].as_f64() {
            let _ = writeln!(md, "\nOurs is {:.2}× libsodium on this machine.", argon2.hash_ms / sodium);
        }
    }
    let _ = writeln!(md, "\nOn arm64 (Graviton) the crate has no SIMD path, so hashing is slower per GHz; login and activation are the functions where that shows, which is why they get more memory (Lambda gives CPU in proportion to memory).");

    let memory = cost::memory_sizes();
    let _ = writeln!(md, "\n## Package size (arm64 zips from `make package`)\n");
    match sizes {
        Some(sizes) => {
            let _ = writeln!(md, "| function | zip (bytes) |\n| --- | ---: |");
            for line in sizes.lines().filter(|l| !l.trim().is_empty()) {
                let mut parts = line.split_whitespace();
                let _ = writeln!(md, "| {} | {} |", parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            }
        }
        None => {
            let _ = writeln!(md, "Not measured in this run (run `make package` first).");
        }
    }

    let _ = writeln!(md, "\n## Cost per million requests (AWS, arm64)\n\nPrices used: Lambda arm64 ${:.10} per GB-s and $0.20 per million requests, HTTP API $1.00 per million, DynamoDB on-demand $0.625 per million write units and $0.125 per million read units (us-east-1). Billed duration is the measured warm latency above (local x86, DynamoDB Local), a stand-in for the real one.\n", cost::LAMBDA_ARM64_GB_SECOND);
    let _ = writeln!(md, "| operation | function memory (MB) | USD per million |\n| --- | ---: | ---: |");
    let mut login_cost = f64::NAN;
    for op in ops {
        let function = function_of(op.name);
        let mb = memory.get(function).copied().unwrap_or(256);
        let reads: f64 = op.calls.iter().map(|c| c.read_units).sum();
        let writes: f64 = op.calls.iter().map(|c| c.write_units).sum();
        let usd = cost::per_million(op.latency_ms, mb, reads, writes);
        if op.name == "login" {
            login_cost = usd;
        }
        let _ = writeln!(md, "| {} | {} | {:.2} |", op.name, mb, usd);
    }
    let _ = writeln!(md, "\n### Against Amazon Cognito\n\nCognito user pools (Essentials) charge ${} per monthly active user past the free tier. Assuming each active user logs in 20 times a month, a million such users cost about ${:.0} a month in logins here, against ${:.0} in Cognito; refreshes and the session checks of other requests are extra here (see `refresh` above), and Cognito's free tier and Lite tier (${} per MAU) narrow the gap for small pools.", cost::COGNITO_ESSENTIALS_MAU, 20.0 * login_cost, 1e6 * cost::COGNITO_ESSENTIALS_MAU, 0.0055);
    md
}
