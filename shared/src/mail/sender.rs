//! SES v2 delivery: one client per cold start (built on the first email), the configured sender
//! and configuration set, and the front-end base URL every link starts with.

use super::{Letter, Rendered};
use crate::error::{AppError, AppResult};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use std::sync::OnceLock;

/// The SES v2 client: given (tests), or built on the first email from the SDK configuration.
/// Building a client parses the SDK's endpoint rules, which most requests, sending nothing, should
/// not pay for at cold start.
#[derive(Clone)]
pub enum SesClient {
    Built(aws_sdk_sesv2::Client),
    OnFirstEmail(Box<aws_config::SdkConfig>, OnceLock<aws_sdk_sesv2::Client>),
}

impl SesClient {
    /// A client built on the first email, from `sdk`.
    pub fn on_first_email(sdk: &aws_config::SdkConfig) -> Self {
        SesClient::OnFirstEmail(Box::new(sdk.clone()), OnceLock::new())
    }

    fn get(&self) -> &aws_sdk_sesv2::Client {
        match self {
            SesClient::Built(client) => client,
            SesClient::OnFirstEmail(sdk, client) => client.get_or_init(|| aws_sdk_sesv2::Client::new(sdk)),
        }
    }
}

/// The SES v2 client and the sender settings, built once per cold start.
#[derive(Clone)]
pub struct Mailer {
    client: SesClient,
    from: String,
    configuration_set: Option<String>,
    base_url: String,
}

impl Mailer {
    pub fn new(client: SesClient, from: String, configuration_set: Option<String>, base_url: String) -> Self {
        Mailer { client, from, configuration_set, base_url }
    }

    /// The front-end link a token opens, e.g. `{APP_BASE_URL}/activate?token=…`.
    pub fn link(&self, page: &str, token: &str) -> String {
        format!("{}/{page}?token={token}", self.base_url)
    }

    /// A front-end page, e.g. `{APP_BASE_URL}/admin/approvals`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends one email.
    pub async fn send(&self, to: &str, mail: &Rendered) -> AppResult<()> {
        let content = |data: &str| Content::builder().data(data).charset("UTF-8").build().map_err(AppError::internal);
        let message = Message::builder()
            .subject(content(&mail.subject)?)
            .body(Body::builder().text(content(&mail.text)?).html(content(&mail.html)?).build())
            .build();
        self.client
            .get()
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(to).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(AppError::internal)?;
        Ok(())
    }

    /// Sends every letter at once, logging (not failing on) those that do not go: the change they
    /// report is already stored, and the person can always ask for a new link.
    pub async fn deliver(&self, letters: Vec<Letter>) {
        let sends = letters.iter().map(|letter| async move {
            match self.send(&letter.to, &letter.mail).await {
                Ok(()) => crate::observe::count(crate::observe::Metric::EmailsSent, 1),
                Err(err) => {
                    crate::observe::count(crate::observe::Metric::EmailsFailed, 1);
                    tracing::error!(error = ?err, subject = %letter.mail.subject, "email not sent");
                }
            }
        });
        futures_util::future::join_all(sends).await;
    }
}
