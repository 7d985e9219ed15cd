//! The CloudFormation side of the first content: a custom resource's request (`Create`, `Update`,
//! `Delete`) in, and always one answer out, a `PUT` of the response document to the request's
//! `ResponseURL` (a presigned S3 URL). CloudFormation waits up to an hour for that answer, so it
//! is sent whatever happens: a refused property, a failed write, a panic, a function that could
//! not start (its state is built inside the guarded run), or a run about to hit the Lambda
//! timeout all answer `FAILED` with the reason, which the stack's events show.
//!
//! The physical id is fixed for the stack (`<stack name>-first-content`) and echoed on updates, so
//! CloudFormation never replaces the resource (a replacement would send a `Delete` of the old one).

use super::{create, update, Report, Settings};
use crate::app::{App, AppState, Needs};
use crate::error::AppError;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::OnceCell;

/// Time kept back from the Lambda timeout to answer CloudFormation.
const ANSWER_MARGIN: Duration = Duration::from_secs(10);
/// One `PUT` of the answer, at most; three attempts.
const PUT_TIMEOUT: Duration = Duration::from_secs(10);
const PUT_ATTEMPTS: u32 = 3;

/// The function's state: the store's, built on first use inside the guarded run, and one HTTP
/// client (the answers to CloudFormation and the demo media uploads).
pub struct CustomResource {
    app: OnceCell<AppState>,
    http: reqwest::Client,
}

/// The answer sent to CloudFormation (for the log and the tests).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct Answered {
    pub status: &'static str,
    pub reason: String,
    pub physical_resource_id: String,
    pub stack_id: String,
    pub request_id: String,
    pub logical_resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<BTreeMap<String, String>>,
}

impl CustomResource {
    /// The deployed function: its state from the environment, on the first request.
    pub fn from_env() -> Arc<CustomResource> {
        Arc::new(CustomResource { app: OnceCell::new(), http: http_client() })
    }

    /// Over a state built by the caller (tests).
    pub fn with_app(app: AppState) -> Arc<CustomResource> {
        Arc::new(CustomResource { app: OnceCell::new_with(Some(app)), http: http_client() })
    }

    /// Serves one request and answers it at its `ResponseURL`. `deadline` is the invocation's;
    /// the work stops short of it so the answer still goes out. An error means no answer could
    /// be delivered (Lambda then retries the invocation, which is safe: nothing is written twice).
    pub async fn handle(self: &Arc<Self>, event: Value, deadline: Option<SystemTime>) -> Result<Answered, AppError> {
        let Some(url) = event.get("ResponseURL").and_then(Value::as_str).map(str::to_string) else {
            tracing::error!("a request without a ResponseURL: nobody to answer");
            return Err(AppError::internal("the request has no ResponseURL"));
        };
        let text = |name: &str| event.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
        let (kind, stack_id, request_id, logical_id) = (text("RequestType"), text("StackId"), text("RequestId"), text("LogicalResourceId"));
        let stack_name = stack_id.split('/').nth(1).filter(|n| !n.is_empty()).unwrap_or("cloudstore");
        let physical = match event.get("PhysicalResourceId").and_then(Value::as_str) {
            Some(id) if kind != "Create" => id.to_string(),
            _ => format!("{stack_name}-first-content"),
        };
        tracing::info!(request_type = %kind, physical_resource_id = %physical, "custom resource request");

        let me = self.clone();
        let request_type = kind.clone();
        let budget = deadline
            .and_then(|d| d.duration_since(SystemTime::now()).ok())
            .map_or(Duration::from_secs(600), |left| left.saturating_sub(ANSWER_MARGIN));
        let outcome = guarded(async move { me.run(&request_type, &event).await }, budget).await;
        let (status, reason, data) = match outcome {
            Ok(report) => ("SUCCESS", summary(&report), Some(report.data())),
            Err(reason) => ("FAILED", reason, None),
        };
        let answered = Answered {
            status,
            reason: reason.chars().take(1000).collect(),
            physical_resource_id: physical,
            stack_id,
            request_id,
            logical_resource_id: logical_id,
            data,
        };
        tracing::info!(status = answered.status, reason = %answered.reason, "answering CloudFormation");
        self.answer(&url, &answered).await?;
        Ok(answered)
    }

    async fn run(&self, kind: &str, event: &Value) -> Result<Report, AppError> {
        // Read the properties before the state: a refused property answers even if the state can't be built.
        let settings = || Settings::from_properties(event.get("ResourceProperties").unwrap_or(&Value::Null));
        match kind {
            "Create" => {
                let settings = settings()?;
                create(self.app().await, &self.http, &settings).await
            }
            "Update" => {
                let settings = settings()?;
                let previous = event.get("OldResourceProperties").and_then(|p| Settings::from_properties(p).ok());
                update(self.app().await, &self.http, &settings, previous.as_ref()).await
            }
            // The table outlives the stack (it is retained), and with it what was loaded.
            "Delete" => Ok(Report::default()),
            other => Err(AppError::internal(format!("unknown RequestType {other:?}"))),
        }
    }

    async fn app(&self) -> &App {
        self.app.get_or_init(|| App::from_env(Needs::NoTokens)).await
    }

    /// `PUT`s the response document, retrying twice. No content type: the URL is signed without one.
    async fn answer(&self, url: &str, answered: &Answered) -> Result<(), AppError> {
        let body = serde_json::to_vec(answered).map_err(|e| AppError::internal_at("the custom resource's answer as JSON", e))?;
        let mut last = String::new();
        for attempt in 1..=PUT_ATTEMPTS {
            match self.http.put(url).timeout(PUT_TIMEOUT).body(body.clone()).send().await {
                Ok(response) if response.status().is_success() => return Ok(()),
                Ok(response) => last = format!("answered {}", response.status()),
                Err(err) => last = err.to_string(),
            }
            tracing::warn!(attempt, error = %last, "answering CloudFormation failed");
            tokio::time::sleep(Duration::from_millis(500 * u64::from(attempt))).await;
        }
        Err(AppError::internal(format!("could not answer CloudFormation: {last}")))
    }
}

/// Runs `work` on its own task, so a panic is caught, for at most `budget`: the outcome, or why
/// there is none, in words for the stack's events.
async fn guarded(work: impl Future<Output = Result<Report, AppError>> + Send + 'static, budget: Duration) -> Result<Report, String> {
    match tokio::time::timeout(budget, tokio::spawn(work)).await {
        Ok(Ok(Ok(report))) => Ok(report),
        Ok(Ok(Err(err))) => Err(reason_of(&err)),
        Ok(Err(joined)) if joined.is_panic() => Err(format!("the setup function failed unexpectedly: {}", panic_text(joined))),
        Ok(Err(joined)) => Err(format!("the setup function was stopped: {joined}")),
        Err(_) => Err("the setup did not finish within the function's timeout; deploy again to finish it".into()),
    }
}

/// One HTTPS client on rustls, trusting only Amazon's roots, as the AWS clients do: the answer
/// goes to S3, and so do the demo media.
fn http_client() -> reqwest::Client {
    let mut builder = reqwest::Client::builder().tls_built_in_root_certs(false).connect_timeout(Duration::from_secs(5));
    for cert in reqwest::Certificate::from_pem_bundle(crate::aws::AWS_TRUST_ROOTS_PEM).expect("the bundled roots are PEM") {
        builder = builder.add_root_certificate(cert);
    }
    builder.build().expect("an HTTPS client")
}

/// What a person reading the stack's events needs to know.
fn reason_of(err: &AppError) -> String {
    match err {
        AppError::Validation(fields) => fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "),
        AppError::RateLimited { .. } => "too many emails to the first operator's address this hour; deploy again later".into(),
        other => other.to_string(),
    }
}

fn summary(report: &Report) -> String {
    let operator = match &report.first_operator {
        Some(super::FirstOperator::Created { .. }) => "first operator created, activation email sent; ",
        Some(super::FirstOperator::Existing { .. }) => "first operator already has an account; ",
        None => "",
    };
    format!(
        "{operator}{} help articles, {} demo products and {} media files added",
        report.help_articles_written, report.demo_products_written, report.media_files_uploaded
    )
}

fn panic_text(joined: tokio::task::JoinError) -> String {
    let payload = joined.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_a_refusal_or_a_run_past_its_time_still_gives_a_reason() {
        let panicked = guarded(async { panic!("the table is on fire") }, Duration::from_secs(5)).await;
        assert_eq!(panicked.unwrap_err(), "the setup function failed unexpectedly: the table is on fire");
        let refused =
            guarded(async { Err(AppError::field("FirstOperatorEmail", "No es una dirección de email válida.")) }, Duration::from_secs(5));
        assert_eq!(refused.await.unwrap_err(), "FirstOperatorEmail: No es una dirección de email válida.");
        let slow = guarded(
            async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(Report::default())
            },
            Duration::from_millis(50),
        );
        assert!(slow.await.unwrap_err().contains("did not finish within the function's timeout"));
        assert_eq!(guarded(async { Ok(Report::default()) }, Duration::from_secs(5)).await, Ok(Report::default()));
    }
}
