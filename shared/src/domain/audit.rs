//! The audit trail: every change an admin makes to the company's people, who made it and when.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One entry, in the contract's `GET /audit` shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_id: String,
    /// e.g. `user.created`, `user.role_changed`, `user.deleted`.
    pub action: String,
    pub target_id: String,
    /// What changed, in words or a small JSON object.
    pub detail: serde_json::Value,
}

impl AuditEntry {
    pub fn new(actor_id: &str, action: &str, target_id: &str, detail: serde_json::Value) -> Self {
        AuditEntry {
            at: OffsetDateTime::now_utc(),
            actor_id: actor_id.to_string(),
            action: action.to_string(),
            target_id: target_id.to_string(),
            detail,
        }
    }
}
