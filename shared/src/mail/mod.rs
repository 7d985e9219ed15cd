//! Outgoing email through SES v2: Spanish (es-AR) text and HTML bodies rendered by askama from
//! `shared/templates/`, with links built from `APP_BASE_URL` only.

mod templates;

pub use templates::{ActivationReason, Notice};

use crate::domain::UserRecord;
use crate::error::{AppError, AppResult};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use std::sync::OnceLock;

/// A rendered email, ready to send.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

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

    /// Sends, and logs instead of failing: the change the email reports is already stored, and the
    /// person can always ask for a new link.
    pub async fn send_logged(&self, to: &str, mail: &Rendered) {
        if let Err(err) = self.send(to, mail).await {
            tracing::error!(error = ?err, subject = %mail.subject, "email not sent");
        }
    }

    /// The activation email: a link to choose a password.
    pub fn activation(&self, name: &str, token: &str, reason: ActivationReason, valid_hours: u64) -> AppResult<Rendered> {
        templates::activation(name, &self.link("activate", token), reason, valid_hours)
    }

    /// A notice email (termination requests, purchases, licences, decisions).
    pub fn notice(&self, notice: &Notice<'_>) -> AppResult<Rendered> {
        templates::notice(notice)
    }

    /// The same notice to each of `people`, greeted by name, all sent at once; one that does not
    /// render or send is logged and the others still go.
    pub async fn notify_each(&self, people: &[UserRecord], subject: &str, paragraphs: &[String], action: Option<(&str, String)>) {
        let sends = people.iter().filter_map(|person| {
            let notice = Notice { subject, name: &person.name, paragraphs: paragraphs.to_vec(), action: action.clone() };
            match self.notice(&notice) {
                Ok(mail) => Some(async move { self.send_logged(&person.email, &mail).await }),
                Err(err) => {
                    tracing::error!(error = ?err, subject, "email not rendered");
                    None
                }
            }
        });
        futures_util::future::join_all(sends).await;
    }

    /// A front-end page, e.g. `{APP_BASE_URL}/approvals`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The password-reset email.
    pub fn reset(&self, name: &str, token: &str, valid_minutes: u64) -> AppResult<Rendered> {
        templates::reset(name, &self.link("reset-password", token), valid_minutes)
    }
}
