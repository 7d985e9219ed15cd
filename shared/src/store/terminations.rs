//! Account termination requests: the last admin asks to close the company's account; the operator
//! finishes it later. One open request per company, so asking twice answers the same request.

use super::items::{from_item, key, n, s, to_item, Item};
use super::{keys, Store};
use crate::domain::{AuditEntry, UserRecord};
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;

/// A termination request as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TerminationRequest {
    pub id: String,
    pub company_id: String,
    pub requested_by: String,
    /// `requested` until the operator completes it, then `completed`.
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<String>,
}

/// GSI1 partition listing open termination requests for the operator.
pub const TERMINATIONS: &str = "TERMINATIONS";

impl Store {
    /// Records the request of the company's last admin, or answers the one already open.
    /// Refused (`Conflict`) if the requester is no longer the last admin when it is written.
    pub async fn request_termination(&self, admin: &UserRecord, audit: &AuditEntry) -> AppResult<(TerminationRequest, bool)> {
        let request = TerminationRequest {
            id: crate::domain::ids::new_id(),
            company_id: admin.company_id.clone(),
            requested_by: admin.id.clone(),
            status: "requested".into(),
            created_at: OffsetDateTime::now_utc(),
            completed_at: None,
            completed_by: None,
        };
        let mut item = to_item(keys::company(&admin.company_id), "TERMINATION", "termination", &request)?;
        item.insert("GSI1PK".into(), s(TERMINATIONS));
        item.insert("GSI1SK".into(), s(format!("{}#{}", request.created_at.unix_timestamp(), request.id)));
        let items = vec![
            self.put(item, Some(("attribute_not_exists(PK)", Item::new())))?,
            self.check(
                key(keys::company(&admin.company_id), keys::META),
                "admin_count = :one",
                &[],
                HashMap::from([(":one".to_string(), n(1))]),
            )?,
            self.check(
                key(keys::company(&admin.company_id), &keys::user(&admin.id)),
                "#role = :admin",
                &[("#role", "role")],
                HashMap::from([(":admin".to_string(), s("admin"))]),
            )?,
            self.audit_put(&admin.company_id, audit)?,
        ];
        let mut pointer: Item =
            HashMap::from([("company_id".to_string(), s(&admin.company_id)), ("entity".to_string(), s("termination_pointer"))]);
        pointer.extend(key(super::operator::termination_pointer(&request.id), "TERMINATION"));
        let mut items = items;
        items.push(self.put(pointer, None)?);
        match self.transact(items).await? {
            Ok(()) => Ok((request, true)),
            Err(failed) if failed[0] => {
                let existing = self
                    .get(key(keys::company(&admin.company_id), "TERMINATION"))
                    .await?
                    .map(from_item::<TerminationRequest>)
                    .transpose()?
                    .ok_or(AppError::Conflict)?;
                Ok((existing, false))
            }
            Err(_) => Err(AppError::Conflict),
        }
    }
}
