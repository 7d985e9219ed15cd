//! Outgoing email through SES v2. [`render`] lays the Spanish (es-AR) text and HTML bodies out from
//! `shared/templates/`; each slice writes its own emails (its `emails` module, one typed function
//! per email) on top of it, and [`Mailer`] builds their links from `APP_BASE_URL` only. Emails
//! leave through the outbox (`crate::outbox`), whose sender is the only caller of SES.

mod letter;
mod render;
mod sender;

pub use letter::Letter;
#[cfg(test)]
pub(crate) use letter::Rendered;
pub use render::{link_email, notice, LinkEmail, Notice};
pub use sender::{Mailer, SendError, SesClient};

/// A mailer for tests that render emails (it never sends).
#[cfg(test)]
pub(crate) fn test_mailer() -> Mailer {
    let sdk = aws_config::SdkConfig::builder().behavior_version(aws_config::BehaviorVersion::latest()).build();
    Mailer::new(
        SesClient::on_first_email(&sdk),
        aws_config::timeout::TimeoutConfig::builder().build(),
        "x@y.test".into(),
        None,
        "https://app.test".into(),
    )
}
