//! SES v2 delivery: one client per cold start (built on the first email), the configured sender
//! and configuration set, and the front-end base URL every link starts with. Only the outbox's
//! sender (`crate::outbox::sender`) sends; use cases write their emails into the outbox.

use crate::error::AppError;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use std::sync::OnceLock;

/// The SES v2 client: given (tests), or built on the first email from the SDK configuration.
/// Building a client parses the SDK's endpoint rules, which most functions, sending nothing,
/// should not pay for at cold start. Either way its calls are bounded by `timeouts`.
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

    fn get(&self, timeouts: &TimeoutConfig) -> &aws_sdk_sesv2::Client {
        match self {
            SesClient::Built(client) => client,
            SesClient::OnFirstEmail(sdk, client) => client.get_or_init(|| {
                aws_sdk_sesv2::Client::from_conf(
                    aws_sdk_sesv2::config::Builder::from(sdk.as_ref()).timeout_config(timeouts.clone()).build(),
                )
            }),
        }
    }
}

/// Why an email did not go.
#[derive(Debug)]
pub enum SendError {
    /// SES will never take it (an address or content it refuses): retrying cannot help.
    Rejected(String),
    /// It may go later (SES unreachable, throttled, paused, timed out).
    Retry(AppError),
}

/// The SES v2 client and the sender settings, built once per cold start.
#[derive(Clone)]
pub struct Mailer {
    client: SesClient,
    timeouts: TimeoutConfig,
    from: String,
    configuration_set: Option<String>,
    base_url: String,
}

impl Mailer {
    pub fn new(client: SesClient, timeouts: TimeoutConfig, from: String, configuration_set: Option<String>, base_url: String) -> Self {
        let client = match client {
            SesClient::Built(built) => {
                SesClient::Built(aws_sdk_sesv2::Client::from_conf(built.config().to_builder().timeout_config(timeouts.clone()).build()))
            }
            lazy => lazy,
        };
        Mailer { client, timeouts, from, configuration_set, base_url }
    }

    /// The front-end link a token opens, e.g. `{APP_BASE_URL}/activate?token=…`.
    pub fn link(&self, page: &str, token: &str) -> String {
        format!("{}/{page}?token={token}", self.base_url)
    }

    /// A front-end page, e.g. `{APP_BASE_URL}/admin/approvals`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends one email (only the outbox's sender calls this); answers SES's message id.
    pub(crate) async fn send(&self, to: &str, subject: &str, text: &str, html: &str) -> Result<Option<String>, SendError> {
        use aws_sdk_sesv2::operation::send_email::SendEmailError;
        let content = |data: &str| Content::builder().data(data).charset("UTF-8").build();
        let built = (|| {
            let message = Message::builder()
                .subject(content(subject)?)
                .body(Body::builder().text(content(text)?).html(content(html)?).build())
                .build();
            Ok::<_, aws_sdk_sesv2::error::BuildError>(message)
        })();
        let message = built.map_err(|e| SendError::Rejected(e.to_string()))?;
        let sent = self
            .client
            .get(&self.timeouts)
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(to).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match sent {
            Ok(out) => Ok(out.message_id),
            Err(err) => match err.as_service_error() {
                Some(
                    SendEmailError::MessageRejected(_)
                    | SendEmailError::BadRequestException(_)
                    | SendEmailError::MailFromDomainNotVerifiedException(_)
                    | SendEmailError::NotFoundException(_),
                ) => Err(SendError::Rejected(aws_sdk_sesv2::error::DisplayErrorContext(&err).to_string())),
                _ => Err(SendError::Retry(AppError::internal_at("SES SendEmail", err))),
            },
        }
    }
}
