//! An outbox item: an email written with its change, pending until the sender delivers it.

use crate::db::{to_item, with_index, with_ttl, Entity, Key, Record, StoredStr, Tx};
use crate::error::AppResult;
use crate::mail::Letter;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// GSI1 partition of the items not yet delivered (the sweep reads it, the tests wait on it).
pub const PENDING: &str = "OUTBOX#pending";
/// Prefix of every outbox item's partition key (the stream's filter matches it).
pub const PREFIX: &str = "OUTBOX#";
/// How long a done item is kept (for support: who was sent what, and when).
const KEEP_DAYS: i64 = 14;

/// Where an outbox item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Written, not yet accepted by SES.
    Pending,
    /// SES accepted it.
    Sent,
    /// Not sent: the address bounced or complained before.
    Suppressed,
    /// SES refused it for good (an address or content it will never take).
    Rejected,
}

impl State {
    /// The value stored for the state.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sent => "sent",
            State::Suppressed => "suppressed",
            State::Rejected => "rejected",
        }
    }
}

impl StoredStr for State {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

/// An email waiting in (or done with) the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// The bodies, removed once the email is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    pub state: State,
    /// Unix seconds.
    pub created_at: i64,
    /// Sending attempts so far (each takes a lease).
    #[serde(default)]
    pub attempts: u32,
    /// Until when (Unix seconds) a sender holds it; another one leaves it alone meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<i64>,
    /// SES's message id, once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

impl Record for OutboxItem {
    const ENTITY: Entity = Entity::Outbox;
}

/// The key of outbox item `id`.
pub fn key(id: &str) -> Key {
    Key::new(format!("{PREFIX}{id}"), "OUTBOX")
}

/// The index sort key of a pending item: creation time first, so the sweep reads the oldest.
fn pending_sort_key(created_at: i64, id: &str) -> String {
    format!("{created_at:012}#{id}")
}

/// Writes `letter` into `tx` as a pending outbox item: it is delivered once (and only if) the
/// transaction is written.
pub fn enqueue<R>(tx: &mut Tx<R>, letter: &Letter, now: OffsetDateTime) -> AppResult<()> {
    let id = ulid::Ulid::new().to_string();
    let created_at = now.unix_timestamp();
    let item = OutboxItem {
        id: id.clone(),
        to: letter.to.clone(),
        subject: letter.mail.subject.clone(),
        text: Some(letter.mail.text.clone()),
        html: Some(letter.mail.html.clone()),
        state: State::Pending,
        created_at,
        attempts: 0,
        lease_until: None,
        done_at: None,
        message_id: None,
    };
    let stored = with_index(to_item(&key(&id), &item)?, PENDING, pending_sort_key(created_at, &id));
    tx.put(with_ttl(stored, created_at + KEEP_DAYS * 86_400)).always();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{Letter, Rendered};

    #[test]
    fn a_letter_becomes_one_pending_indexed_item() {
        let mut tx = Tx::new(());
        let letter = Letter::new("ana@x.test", Rendered { subject: "S".into(), text: "T".into(), html: "H".into() });
        enqueue(&mut tx, &letter, OffsetDateTime::now_utc()).unwrap();
        enqueue(&mut tx, &letter, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(tx.len(), 2, "two letters, two items with their own keys");
        assert!(pending_sort_key(1_700_000_000, "X") < pending_sort_key(1_800_000_000, "A"));
    }

    #[test]
    fn a_state_is_written_in_conditions_as_it_is_stored() {
        for state in [State::Pending, State::Sent, State::Suppressed, State::Rejected] {
            // No wildcard: a new state stops this compiling, a reminder to list it above.
            match state {
                State::Pending | State::Sent | State::Suppressed | State::Rejected => {}
            }
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
    }
}
