//! Cold starts against a local Lambda Runtime API: the time from `exec` to the function's first
//! `GET /2018-06-01/runtime/invocation/next` (its init), and from there to its response (the first
//! request, with fresh connections), for every function and for the hello-world floor.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::{get, post, put};
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// One function's medians, in milliseconds.
pub struct ColdStart {
    pub function: String,
    pub init_ms: f64,
    pub first_request_ms: f64,
    /// The process's peak resident memory after its first request (`VmHWM`), in MiB.
    pub peak_rss_mib: f64,
    pub errors: usize,
}

/// A process's peak resident set (`VmHWM` in `/proc/<pid>/status`), in MiB.
fn peak_rss_mib(pid: Option<u32>) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[derive(Default)]
struct Run {
    event: String,
    next_at: Option<Instant>,
    done_at: Option<Instant>,
    failed: bool,
}

#[derive(Clone, Default)]
struct Shared {
    run: Arc<Mutex<Run>>,
    done: Arc<Notify>,
}

async fn next(State(s): State<Shared>) -> (HeaderMap, String) {
    let first = {
        let mut run = s.run.lock().unwrap();
        if run.next_at.is_none() {
            run.next_at = Some(Instant::now());
            Some(run.event.clone())
        } else {
            None
        }
    };
    let Some(event) = first else {
        // The function asks for its second event: it waits here until it is stopped.
        std::future::pending::<()>().await;
        unreachable!()
    };
    let mut headers = HeaderMap::new();
    let deadline = (std::time::SystemTime::now() + Duration::from_secs(30)).duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
    headers.insert("lambda-runtime-aws-request-id", HeaderValue::from_static("bench-request"));
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from_str(&deadline.to_string()).unwrap());
    headers.insert("lambda-runtime-invoked-function-arn", HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:bench"));
    headers.insert("lambda-runtime-trace-id", HeaderValue::from_static("Root=1-00000000-000000000000000000000000"));
    (headers, event)
}

async fn response(State(s): State<Shared>) -> &'static str {
    s.run.lock().unwrap().done_at = Some(Instant::now());
    s.done.notify_one();
    "{}"
}

async fn error(State(s): State<Shared>) -> &'static str {
    {
        let mut run = s.run.lock().unwrap();
        run.failed = true;
        run.done_at = Some(Instant::now());
    }
    s.done.notify_one();
    "{}"
}

/// Where `setup` answers CloudFormation in these runs: this server, instead of a presigned S3 URL.
async fn custom_resource_answer() -> &'static str {
    ""
}

/// The event each function gets: an API Gateway request of its own, the scheduled event, or
/// (`setup`) CloudFormation's `Delete`, which writes nothing and is answered at `ResponseURL`.
fn event_for(function: &str, token: &str, runtime: std::net::SocketAddr) -> String {
    let file = match function {
        "signup" => "events/signup.json",
        "login" => "events/login.json",
        "password-reset" => "events/password-reset.json",
        "users" => "events/me.json",
        "catalog" => "events/products-list.json",
        "checkout" => "events/subscriptions-list.json",
        "licences" => "events/me-apps.json",
        "approvals" => "events/approvals-list.json",
        "operator" => "events/operator-terminations.json",
        "expire-activations" | "expire-orders" => "events/expire-activations.json",
        "help" => "events/help-list.json",
        "vendors" => "events/vendor-endpoints-list.json",
        "setup" => "events/setup-delete.json",
        _ => return "{}".into(),
    };
    let text = std::fs::read_to_string(file).unwrap_or_else(|_| "{}".into());
    let text = text.replace("REPLACE_WITH_AN_ACCESS_TOKEN", token);
    let text = text.replace(
        "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/REPLACE_WITH_THE_PRESIGNED_RESPONSE_URL",
        &format!("http://{runtime}/custom-resource-answer"),
    );
    // A fresh address per signup, so every run signs a company up.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    text.replace("ana@acme.test", &format!("bench.{nanos}@acme.test"))
}

/// The label of login's run with `WARM_UP=true`.
pub const WARM_LOGIN: &str = "login (WARM_UP=true)";

/// Measures `runs` cold starts of every function binary in `bin_dir`, plus `hello-lambda`.
pub async fn measure_with(
    bin_dir: &str,
    runs: usize,
    env: &[(String, String)],
    token: &str,
) -> Result<Vec<ColdStart>, Box<dyn std::error::Error>> {
    let shared = Shared::default();
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(error))
        .route("/custom-resource-answer", put(custom_resource_answer))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut binaries: Vec<String> = std::fs::read_dir("functions")?.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    binaries.sort();
    binaries.insert(0, "hello-lambda".into());
    // (label, binary, extra environment): every function as configured locally, and login once
    // more with the warm-up the template turns on.
    type Measurement<'a> = (String, String, Vec<(&'a str, &'a str)>);
    let mut runs_of: Vec<Measurement> = binaries.into_iter().map(|b| (b.clone(), b, vec![])).collect();
    runs_of.push((WARM_LOGIN.into(), "login".into(), vec![("WARM_UP", "true")]));
    // Samples per measurement, taken round by round (every function once per round) so that a
    // slow stretch of the machine falls on all of them alike.
    #[derive(Default)]
    struct Samples {
        init: Vec<f64>,
        first: Vec<f64>,
        rss: Vec<f64>,
        errors: usize,
    }
    let mut samples: Vec<Samples> = runs_of.iter().map(|_| Samples::default()).collect();
    for _ in 0..runs {
        for ((_, binary, extra), taken) in runs_of.iter().zip(samples.iter_mut()) {
            *shared.run.lock().unwrap() = Run { event: event_for(binary, token, address), ..Run::default() };
            let started = Instant::now();
            let mut child = tokio::process::Command::new(format!("{bin_dir}/{binary}"))
                .envs(env.iter().cloned())
                .envs(extra.iter().copied())
                .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
                .env("AWS_LAMBDA_FUNCTION_NAME", binary)
                .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
                .env("AWS_LAMBDA_LOG_GROUP_NAME", "bench")
                .env("RUST_LOG", "warn")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .kill_on_drop(true)
                .spawn()?;
            let finished = tokio::time::timeout(Duration::from_secs(15), shared.done.notified()).await.is_ok();
            taken.rss.extend(peak_rss_mib(child.id()));
            child.kill().await.ok();
            let run = shared.run.lock().unwrap();
            match (finished, run.next_at, run.done_at) {
                (true, Some(next_at), Some(done_at)) if !run.failed => {
                    taken.init.push((next_at - started).as_secs_f64() * 1e3);
                    taken.first.push((done_at - next_at).as_secs_f64() * 1e3);
                }
                _ => taken.errors += 1,
            }
        }
    }
    let results = runs_of
        .into_iter()
        .zip(samples)
        .map(|((function, _, _), mut taken)| ColdStart {
            function,
            init_ms: crate::median(&mut taken.init),
            first_request_ms: crate::median(&mut taken.first),
            peak_rss_mib: crate::median(&mut taken.rss),
            errors: taken.errors,
        })
        .collect();
    Ok(results)
}

/// The medians of `init-steps` (each step of `App::from_env`, timed inside the process), in
/// milliseconds, in the order the steps run.
pub fn init_steps(bin_dir: &str, runs: usize, env: &[(String, String)]) -> Vec<(String, f64)> {
    let mut steps: Vec<(String, Vec<f64>)> = Vec::new();
    for _ in 0..runs {
        let Ok(out) =
            std::process::Command::new(format!("{bin_dir}/init-steps")).envs(env.iter().cloned()).env("RUST_LOG", "warn").output()
        else {
            continue;
        };
        let Ok(line) = serde_json::from_slice::<Vec<(String, f64)>>(&out.stdout) else { continue };
        for (name, micros) in line {
            let ms = micros / 1e3;
            match steps.iter_mut().find(|(n, _)| *n == name) {
                Some((_, taken)) => taken.push(ms),
                None => steps.push((name, vec![ms])),
            }
        }
    }
    steps.into_iter().map(|(name, mut taken)| (name, crate::median(&mut taken))).collect()
}
