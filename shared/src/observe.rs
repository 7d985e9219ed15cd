//! What an engineer on call sees: JSON log lines that carry the request id, the same id in every
//! problem+json answer, and business metrics as CloudWatch embedded-metric (EMF) documents, one
//! JSON line each on standard output, which Lambda turns into metrics without an API call.

use std::sync::{Mutex, OnceLock};

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served (API Gateway's `requestId`), if any.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Runs `f` as the request `id`: its log lines and error answers carry the id.
pub(crate) async fn with_request_id<F: std::future::Future>(id: String, f: F) -> F::Output {
    use tracing::Instrument;
    let span = tracing::info_span!("request", request_id = %id);
    REQUEST_ID.scope(id, f.instrument(span)).await
}

/// The business events the store counts (namespace `CloudStore`, dimension `Function`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Signups,
    Activations,
    Orders,
    SeatsAdded,
    LicencesAssigned,
    LoginFailures,
    Lockouts,
    EmailsSent,
    EmailsFailed,
    ColdStarts,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Signups => "Signups",
            Metric::Activations => "Activations",
            Metric::Orders => "Orders",
            Metric::SeatsAdded => "SeatsAdded",
            Metric::LicencesAssigned => "LicencesAssigned",
            Metric::LoginFailures => "LoginFailures",
            Metric::Lockouts => "Lockouts",
            Metric::EmailsSent => "EmailsSent",
            Metric::EmailsFailed => "EmailsFailed",
            Metric::ColdStarts => "ColdStarts",
        }
    }
}

/// Where EMF documents go: standard output, or a test's capture.
static CAPTURE: OnceLock<Mutex<Vec<String>>> = OnceLock::new();

/// The EMF document of one count.
pub(crate) fn emf(metric: Metric, value: u64, function: &str, timestamp_ms: i128) -> String {
    serde_json::json!({
        "_aws": {
            "Timestamp": timestamp_ms as i64,
            "CloudWatchMetrics": [{
                "Namespace": "CloudStore",
                "Dimensions": [["Function"]],
                "Metrics": [{ "Name": metric.name(), "Unit": "Count" }],
            }],
        },
        "Function": function,
        metric.name(): value,
        "request_id": request_id(),
    })
    .to_string()
}

/// Counts a business event.
pub fn count(metric: Metric, value: u64) {
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "local".into());
    let now = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    let line = emf(metric, value, &function, now);
    match CAPTURE.get() {
        Some(capture) => capture.lock().unwrap_or_else(|e| e.into_inner()).push(line),
        None => println!("{line}"),
    }
}

/// From now on, keeps EMF documents in memory instead of printing them (tests); answers those
/// recorded so far on each call.
pub fn captured_metrics() -> Vec<String> {
    CAPTURE.get_or_init(|| Mutex::new(Vec::new())).lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// A log sink that keeps what [`json_logs`] writes to it, for tests that read the lines back
/// (`json_logs(move || sink.clone(), …)`).
#[cfg(any(test, feature = "tooling"))]
#[derive(Clone, Default)]
pub struct CapturedLogs(std::sync::Arc<Mutex<Vec<u8>>>);

#[cfg(any(test, feature = "tooling"))]
impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(any(test, feature = "tooling"))]
impl CapturedLogs {
    /// The lines written so far, each a JSON object.
    pub fn lines(&self) -> Vec<serde_json::Value> {
        let text = String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
        text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
    }
}

/// Structured JSON logs for CloudWatch, each line with the request's id. The level comes from
/// `AWS_LAMBDA_LOG_LEVEL` (the template's `LoggingConfig`), else `RUST_LOG` as `level` or
/// `target=level,…` directives; default `info`, and an unreadable value means `info`.
pub fn init_tracing() {
    use tracing_subscriber::util::SubscriberInitExt;
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().or_else(|| std::env::var("RUST_LOG").ok());
    json_logs(std::io::stdout, level.as_deref()).init();
}

/// The JSON log subscriber, writing to `writer` (tests capture it).
pub fn json_logs<W>(writer: W, level: Option<&str>) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> tracing_subscriber::fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::Layer;
    let logs = tracing_subscriber::fmt::layer()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .without_time()
        .with_writer(writer);
    tracing_subscriber::registry().with(logs.with_filter(log_filter(level)))
}

/// The log levels asked for; `info` when unset or unreadable.
fn log_filter(directives: Option<&str>) -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    directives
        .map(str::to_lowercase)
        .and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn the_log_level_directives_set_the_levels_and_anything_unreadable_means_info() {
        let debug = log_filter(Some("cloudstore=debug,warn"));
        assert!(debug.would_enable("cloudstore::db", &Level::DEBUG));
        assert!(!debug.would_enable("hyper", &Level::INFO));
        assert!(log_filter(Some("WARN")).would_enable("x", &Level::WARN));
        for unset in [None, Some("=%!")] {
            let filter = log_filter(unset);
            assert!(filter.would_enable("anything", &Level::INFO), "{unset:?}");
            assert!(!filter.would_enable("anything", &Level::DEBUG), "{unset:?}");
        }
    }

    #[test]
    fn an_emf_document_names_its_metric_dimension_and_value() {
        let doc: serde_json::Value = serde_json::from_str(&emf(Metric::Orders, 2, "checkout", 1_700_000_000_000)).unwrap();
        assert_eq!(doc["_aws"]["CloudWatchMetrics"][0]["Namespace"], "CloudStore");
        assert_eq!(doc["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Name"], "Orders");
        assert_eq!(doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0][0], "Function");
        assert_eq!((doc["Function"].as_str(), doc["Orders"].as_u64()), (Some("checkout"), Some(2)));
    }
}
