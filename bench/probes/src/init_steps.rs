//! Where a function's init goes: the steps `cloudstore::App::from_env` and a router take, each
//! timed from the start of `main`, printed as one JSON line of `[step, microseconds]` pairs. Release profile, the
//! functions' environment; `make bench` runs it many times and reports the medians.

use std::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mut steps: Vec<(&str, u128)> = Vec::new();
    let mut mark = |name, at: &Instant| steps.push((name, at.elapsed().as_micros()));
    cloudstore::observe::init_tracing();
    mark("tracing subscriber", &start);
    let config = cloudstore::config::Config::from_env().expect("the functions' environment");
    mark("configuration from the environment", &start);
    let sdk = cloudstore::aws::sdk_config().await;
    mark("AWS SDK configuration (region, credentials, HTTPS client and its TLS roots)", &start);
    let keys = config.local_keys().expect("the signing keys").expect("JWT_SECRET or JWT_KEYS");
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
    let ses = aws_sdk_sesv2::Client::new(&sdk);
    let app = cloudstore::App::with_clients(config, dynamodb, ses, Some(&keys)).expect("the state");
    mark("DynamoDB client, JWT keys (the SES client waits for the first email)", &start);
    let router = users::router(app);
    mark("the users function's router (6 paths, 9 routes)", &start);
    std::hint::black_box(&router);
    let mut previous = 0;
    let line: Vec<String> = steps
        .iter()
        .map(|(name, at)| {
            let took = at - previous;
            previous = *at;
            format!("[{name:?},{took}]")
        })
        .collect();
    println!("[{}]", line.join(","));
}
