//! The audit trail: every change an admin (and later every actor) makes, who made it, when, and
//! what changed. An entry is always written in the same transaction as the change it records
//! ([`record`]), so the trail can't miss a change or record one that did not happen.

use crate::db::{to_item, Key, Query, Tx};
use crate::error::AppResult;
use crate::identity::keys::company_partition;
use crate::identity::{Bearer, ADMIN};
use crate::ids::{AuditId, CompanyId, UserId};
use crate::views::{List, PageRequest};
use crate::App;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Action {
    #[serde(rename = "user.created")]
    UserCreated,
    #[serde(rename = "user.updated")]
    UserUpdated,
    #[serde(rename = "user.role_changed")]
    UserRoleChanged,
    #[serde(rename = "user.email_changed")]
    UserEmailChanged,
    #[serde(rename = "user.deleted")]
    UserDeleted,
    #[serde(rename = "user.password_change_requested")]
    UserPasswordChangeRequested,
    #[serde(rename = "account.termination_requested")]
    AccountTerminationRequested,
    #[serde(rename = "account.terminated")]
    AccountTerminated,
    #[serde(rename = "staff.created")]
    StaffCreated,
    #[serde(rename = "staff.disabled")]
    StaffDisabled,
    #[serde(rename = "staff.enabled")]
    StaffEnabled,
    /// A chunk of a disabled rep's companies handed to another rep (or to no rep).
    #[serde(rename = "staff.companies_reassigned")]
    StaffCompaniesReassigned,
    /// A sales rep opened the company's account.
    #[serde(rename = "company.onboarded")]
    CompanyOnboarded,
    #[serde(rename = "company.sales_rep_assigned")]
    CompanySalesRepAssigned,
}

/// One entry, in the contract's `GET /audit` shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub actor_id: UserId,
    pub action: Action,
    /// The record the action was done to (a user, a company…).
    pub target_id: String,
    /// What changed: before and after where it matters.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
}

impl AuditEntry {
    pub fn new(at: OffsetDateTime, actor: &UserId, action: Action, target: impl ToString, detail: serde_json::Value) -> Self {
        AuditEntry { at, actor_id: actor.clone(), action, target_id: target.to_string(), detail }
    }
}

const PREFIX: &str = "AUDIT#";

/// Adds the entry to the change's transaction; its key sorts by time (a ULID), newest last.
pub fn record<R>(tx: &mut Tx<R>, company: &CompanyId, entry: &AuditEntry) -> AppResult<()> {
    let key = Key::new(company_partition(company), format!("{PREFIX}{}", AuditId::new()));
    tx.put(to_item(&key, "audit", entry)?).always();
    Ok(())
}

/// `GET /audit`: the company's trail, newest first, read with the session check in one round trip.
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<AuditEntry>> {
    let query = page.and_then(|p| Query::table(company_partition(bearer.company_id())).prefix(PREFIX).newest_first().page(&p));
    let query = bearer.admit(app, ADMIN, query).await?;
    let (_, entries) = bearer.with(app, ADMIN, app.db.query::<AuditEntry>(&query)).await?;
    Ok(List::page(entries, |e| e))
}
