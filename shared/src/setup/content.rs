//! What the first deploy and its updates load: the settings read from the custom resource's
//! properties, and the report of what was created.

use super::operator::{first_operator, FirstOperator};
use crate::app::App;
use crate::domain::Email;
use crate::error::{AppError, AppResult, FieldError};
use std::collections::BTreeMap;
use std::time::Duration;

/// The custom resource's properties, checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The canonical form of the first operator's address.
    pub first_operator_email: String,
    pub seed_demo_catalog: bool,
}

impl Settings {
    /// Reads `FirstOperatorEmail` (an address) and `SeedDemoCatalog` ("true" or "false", as
    /// CloudFormation passes every parameter as text; absent is "false").
    pub fn from_properties(properties: &serde_json::Value) -> AppResult<Settings> {
        let mut errors = Vec::new();
        let email = match properties.get("FirstOperatorEmail").and_then(|v| v.as_str()) {
            Some(raw) => Email::parse(raw, "FirstOperatorEmail").map_err(|e| errors.push(e)).ok(),
            None => {
                errors.push(FieldError::new("FirstOperatorEmail", "Falta: la dirección del primer operador."));
                None
            }
        };
        let seed = match properties.get("SeedDemoCatalog") {
            None | Some(serde_json::Value::Null) => Some(false),
            Some(serde_json::Value::Bool(b)) => Some(*b),
            Some(serde_json::Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
            Some(_) => {
                errors.push(FieldError::new("SeedDemoCatalog", "Tiene que ser \"true\" o \"false\"."));
                None
            }
        };
        match (email, seed) {
            (Some(email), Some(seed)) if errors.is_empty() => {
                Ok(Settings { first_operator_email: email.as_str().to_string(), seed_demo_catalog: seed })
            }
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// What a run did, for CloudFormation's `Data` and the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub first_operator: Option<FirstOperator>,
    pub help_articles_written: usize,
    pub demo_products_written: usize,
    pub media_files_uploaded: usize,
}

impl Report {
    /// The attributes the resource answers (`Fn::GetAtt FirstContent.<name>`), all text.
    pub fn data(&self) -> BTreeMap<String, String> {
        let mut data = BTreeMap::new();
        if let Some(operator) = &self.first_operator {
            let (outcome, id) = match operator {
                FirstOperator::Created { user_id } => ("created", user_id),
                FirstOperator::Existing { user_id, .. } => ("existing", user_id),
            };
            data.insert("FirstOperator".into(), outcome.into());
            data.insert("FirstOperatorId".into(), id.to_string());
        }
        data.insert("HelpArticlesWritten".into(), self.help_articles_written.to_string());
        data.insert("DemoProductsWritten".into(), self.demo_products_written.to_string());
        data.insert("MediaFilesUploaded".into(), self.media_files_uploaded.to_string());
        data
    }
}

/// The stack is created: the first operator, the help articles, and the demo catalog if asked.
pub async fn create(app: &App, http: &reqwest::Client, settings: &Settings) -> AppResult<Report> {
    let mut report = Report { first_operator: Some(first_operator(app, &settings.first_operator_email).await?), ..Report::default() };
    report.help_articles_written = crate::help::seed(app, &crate::help::starter::articles(app.now())?).await?;
    if settings.seed_demo_catalog {
        load_demo_catalog(app, http, &mut report).await?;
    }
    Ok(report)
}

/// The stack's parameters changed: what changed is acted on, nothing that exists is touched.
pub async fn update(app: &App, http: &reqwest::Client, settings: &Settings, previous: Option<&Settings>) -> AppResult<Report> {
    let mut report = Report { first_operator: Some(first_operator(app, &settings.first_operator_email).await?), ..Report::default() };
    if settings.seed_demo_catalog && !previous.is_some_and(|p| p.seed_demo_catalog) {
        load_demo_catalog(app, http, &mut report).await?;
    }
    Ok(report)
}

/// How long a presigned upload of a demo file stays valid.
const UPLOAD_TTL: Duration = Duration::from_secs(300);

/// Uploads the demo media (first, so no product points at a missing file), then writes the
/// products and the welcome coupon that are missing.
async fn load_demo_catalog(app: &App, http: &reqwest::Client, report: &mut Report) -> AppResult<()> {
    let media = app.media.as_ref().ok_or_else(|| AppError::internal("SeedDemoCatalog needs the media bucket (MEDIA_BUCKET)"))?;
    for file in super::demo::media_files() {
        let presigned = media.presign_put(&file.key, file.content_type, file.bytes.len() as u64, UPLOAD_TTL).await?;
        upload(http, &presigned, &file.key, file.bytes).await?;
        report.media_files_uploaded += 1;
    }
    let base = media.public_url("");
    let products = super::demo::demo_products(base.trim_end_matches('/'))?;
    report.demo_products_written = crate::catalog::seed(app, &products, &[super::demo::welcome_coupon()]).await?;
    Ok(())
}

/// One presigned PUT. A refused connection or a 5xx (the bucket's own trouble, which S3 asks
/// clients to retry) is tried again, up to three times in all, a quarter second apart; a 4xx is not.
async fn upload(http: &reqwest::Client, presigned: &crate::media::Presigned, key: &str, bytes: &'static [u8]) -> AppResult<()> {
    let mut failure = String::new();
    for attempt in 0..3 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let mut put = http.put(&presigned.url).body(bytes);
        for (name, value) in &presigned.headers {
            put = put.header(name, value);
        }
        failure = match put.send().await {
            Ok(answer) if answer.status().is_success() => return Ok(()),
            Ok(answer) if answer.status().is_server_error() => format!("the bucket answered {}", answer.status()),
            Ok(answer) => return Err(AppError::internal(format!("uploading {key}: the bucket answered {}", answer.status()))),
            Err(e) => e.to_string(),
        };
    }
    Err(AppError::internal(format!("uploading {key}: {failure}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn properties_are_checked_before_anything_is_written() {
        let ok = Settings::from_properties(
            &json!({ "ServiceToken": "arn", "FirstOperatorEmail": " Ana@Example.COM ", "SeedDemoCatalog": "true" }),
        );
        assert_eq!(ok.unwrap(), Settings { first_operator_email: "ana@example.com".into(), seed_demo_catalog: true });
        let default = Settings::from_properties(&json!({ "FirstOperatorEmail": "ana@example.com" })).unwrap();
        assert!(!default.seed_demo_catalog);
        let Err(AppError::Validation(errors)) =
            Settings::from_properties(&json!({ "FirstOperatorEmail": "not an address", "SeedDemoCatalog": "yes" }))
        else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["FirstOperatorEmail", "SeedDemoCatalog"]);
        assert!(Settings::from_properties(&json!({})).is_err());
    }
}
