//! `make bench`: measures what a Lambda's bill and its users' wait are made of, and writes
//! `docs/benchmarks.md`. Run by `scripts/bench.sh`, which starts the local stack, builds release
//! binaries and measures libsodium and the reference argon2 beside ours.

use cloudstore_bench::{coldstart, hashing, ops, report, routes};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(25);
    let bin_dir = std::env::var("BENCH_BIN_DIR").unwrap_or_else(|_| "target/release".into());
    let read_json = |path: &str| std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let others = read_json("target/bench/argon2.json");
    let argon2 = hashing::from_script(others.as_ref().unwrap_or(&serde_json::Value::Null));
    eprintln!("operations …");
    let bench = ops::Bench::new().await;
    let ops = bench.measure(runs).await;
    eprintln!("every route's round trips …");
    let routes = routes::walk(&bench).await;
    eprintln!("cold starts …");
    let cold = coldstart::measure_with(&bin_dir, runs, &bench.function_env(), &bench.operator_token).await?;
    let init_steps = coldstart::init_steps(&bin_dir, runs * 4, &bench.function_env());
    let measured = report::Measured {
        cold: &cold,
        init_steps: &init_steps,
        ops: &ops,
        routes: &routes,
        argon2: &argon2,
        others,
        sizes: std::fs::read_to_string("target/bench/zip-sizes.txt").ok(),
        baseline: read_json("bench/baseline.json"),
    };
    std::fs::write("docs/benchmarks.md", report::render(&measured))?;
    eprintln!("wrote docs/benchmarks.md");
    Ok(())
}
