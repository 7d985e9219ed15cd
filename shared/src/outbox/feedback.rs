//! What SES tells about the emails it delivered. The configuration set publishes bounce and
//! complaint events to an SNS topic that feeds the `send-email` function; an address that bounced
//! for good (`Permanent`) or whose owner marked an email as spam is suppressed
//! (`EMAIL#<email> / SUPPRESSED`), and the sender never writes to it again. Sending on to such
//! addresses is how an SES account loses its reputation and gets paused, and with it every email
//! of the store. A transient bounce (a full mailbox) suppresses nothing.

use crate::db::{to_item, Db, Entity, Key, Record, Tx};
use crate::domain::Email;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};

/// The suppression mark of an address.
pub fn key(email: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), "SUPPRESSED")
}

/// Why an address is suppressed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Suppression {
    pub email: String,
    /// `bounce` or `complaint`.
    pub reason: String,
    /// Unix seconds.
    pub at: i64,
}

impl Record for Suppression {
    const ENTITY: Entity = Entity::Suppression;
}

/// Whether SES reported the address as bouncing for good or complaining.
pub async fn is_suppressed(db: &Db, email: &str) -> AppResult<bool> {
    Ok(db.get_item(&key(email)).await?.is_some())
}

/// An SES notification, as the configuration set's SNS destination publishes it (`eventType`;
/// identity notifications say `notificationType`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    #[serde(default)]
    event_type: Option<String>,
    #[serde(default)]
    notification_type: Option<String>,
    #[serde(default)]
    bounce: Option<Bounce>,
    #[serde(default)]
    complaint: Option<Complaint>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    #[serde(default)]
    bounce_type: String,
    #[serde(default)]
    bounced_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Complaint {
    #[serde(default)]
    complained_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: String,
}

/// The addresses a notification suppresses, with why.
fn suppressed_by(message: &str) -> AppResult<Vec<(String, &'static str)>> {
    let note: Notification =
        serde_json::from_str(message).map_err(|e| AppError::internal_at("reading SES's bounce or complaint notification", e))?;
    let kind = note.event_type.or(note.notification_type).unwrap_or_default();
    let (recipients, reason) = match (kind.as_str(), note.bounce, note.complaint) {
        ("Bounce", Some(bounce), _) if bounce.bounce_type == "Permanent" => (bounce.bounced_recipients, "bounce"),
        ("Complaint", _, Some(complaint)) => (complaint.complained_recipients, "complaint"),
        _ => (Vec::new(), ""),
    };
    // SES reports the address as it was sent: canonical already, but a display form is possible.
    let canonical = |raw: &str| Email::parse(raw, "email").map(|e| e.as_str().to_string()).unwrap_or_else(|_| raw.trim().to_lowercase());
    Ok(recipients.iter().map(|r| (canonical(&r.email_address), reason)).collect())
}

/// Records one SES notification (an SNS message's body); answers how many addresses it suppressed.
pub async fn record(db: &Db, message: &str, now: i64) -> AppResult<usize> {
    let suppressed = suppressed_by(message)?;
    for (email, reason) in &suppressed {
        let mut tx = Tx::new(AppError::Conflict);
        let mark = Suppression { email: email.clone(), reason: (*reason).to_string(), at: now };
        tx.put(to_item(&key(email), &mark)?).always();
        tx.commit(db).await?;
        tracing::warn!(reason, "address suppressed: no more emails go to it");
    }
    Ok(suppressed.len())
}

#[cfg(test)]
mod tests {
    use super::suppressed_by;

    #[test]
    fn permanent_bounces_and_complaints_suppress_and_transient_bounces_do_not() {
        let permanent =
            r#"{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"Ana@X.test"}]},"mail":{}}"#;
        assert_eq!(suppressed_by(permanent).unwrap(), [("ana@x.test".to_string(), "bounce")]);
        let complaint = r#"{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"b@x.test"}]}}"#;
        assert_eq!(suppressed_by(complaint).unwrap(), [("b@x.test".to_string(), "complaint")]);
        let transient = r#"{"eventType":"Bounce","bounce":{"bounceType":"Transient","bouncedRecipients":[{"emailAddress":"c@x.test"}]}}"#;
        assert!(suppressed_by(transient).unwrap().is_empty());
        assert!(suppressed_by(r#"{"eventType":"Delivery"}"#).unwrap().is_empty());
        assert!(suppressed_by("not json").is_err());
    }
}
