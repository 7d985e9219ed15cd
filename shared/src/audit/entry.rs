//! An audit entry: what was done ([`Action`]), by whom, to what, and how it is written beside its
//! change ([`record`]).

use crate::db::{to_item, with_index, Entity, Key, Record, Tx};
use crate::domain::Month;
use crate::error::AppResult;
use crate::identity::keys::company_partition;
use crate::ids::{CompanyId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Declares the actions once: the [`Action`] enum (stored and shown by its dotted name) and its
/// [`Action::ALL`] list, so an action can't be missing from the `kind` filter's check or the
/// document.
macro_rules! actions {
    ($($(#[doc = $doc:tt])* $variant:ident = $name:tt,)*) => {
        /// What was done. Its family (the part before the dot) is the `kind` the trail filters by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum Action {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)*
        }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// Its name as stored and shown (`order.placed`).
            pub fn name(self) -> String {
                match self {
                    $(Action::$variant => $name,)*
                }
                .to_string()
            }
        }
    };
}

actions! {
    UserCreated = "user.created",
    UserUpdated = "user.updated",
    UserRoleChanged = "user.role_changed",
    UserEmailChanged = "user.email_changed",
    UserDeleted = "user.deleted",
    UserPasswordChangeRequested = "user.password_change_requested",
    AccountTerminationRequested = "account.termination_requested",
    AccountTerminated = "account.terminated",
    StaffCreated = "staff.created",
    OrderPlaced = "order.placed",
    OrderRequested = "order.requested",
    OrderApproved = "order.approved",
    OrderRejected = "order.rejected",
    SubscriptionSeatsChanged = "subscription.seats_changed",
    SubscriptionCancelled = "subscription.cancelled",
    LicenceAssigned = "licence.assigned",
    LicenceReleased = "licence.released",
    CompanySalesRepAssigned = "company.sales_rep_assigned",
    CompanySpendLimitsChanged = "company.spend_limits_changed",
    ProductCreated = "product.created",
    ProductUpdated = "product.updated",
    ProductArchived = "product.archived",
    CouponCreated = "coupon.created",
    CouponUpdated = "coupon.updated",
    StaffDisabled = "staff.disabled",
    StaffEnabled = "staff.enabled",
    /// A chunk of a disabled rep's companies handed to another rep (or to no rep).
    StaffCompaniesReassigned = "staff.companies_reassigned",
    /// A sales rep opened the company's account.
    CompanyOnboarded = "company.onboarded",
    /// An admin changed the company's name, CUIT or billing account.
    CompanyUpdated = "company.updated",
    /// The operator opened a vendor's account (its company and first person).
    VendorCreated = "vendor.created",
    /// A vendor's webhook endpoint: added, edited (URL, events, enabled), removed, its secret
    /// replaced, or switched off by the store (the endpoint answered 410).
    EndpointCreated = "endpoint.created",
    EndpointUpdated = "endpoint.updated",
    EndpointDeleted = "endpoint.deleted",
    EndpointSecretRotated = "endpoint.secret_rotated",
    EndpointDisabled = "endpoint.disabled",
}

/// One entry, in the contract's `GET /audit` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub actor_id: UserId,
    pub action: Action,
    /// The record the action was done to (a user, an order, a subscription, a company…).
    pub target_id: String,
    /// What changed: before and after where it matters.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
    /// The company the entry concerns (set when it is recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<CompanyId>,
}

impl Record for AuditEntry {
    const ENTITY: Entity = Entity::Audit;
}

impl AuditEntry {
    pub fn new(at: OffsetDateTime, actor: &UserId, action: Action, target: impl ToString, detail: serde_json::Value) -> Self {
        AuditEntry { at, actor_id: actor.clone(), action, target_id: target.to_string(), detail, company_id: None }
    }
}

pub(super) const PREFIX: &str = "AUDIT#";

/// The platform-wide index partition of a month's entries.
pub(super) fn month_partition(month: Month) -> String {
    format!("AUDITLOG#{month}")
}

/// A ULID of the entry's own time (so a time range is a key range) and fresh randomness.
fn entry_id(at: OffsetDateTime) -> String {
    let ms = (at.unix_timestamp_nanos() / 1_000_000).clamp(0, i128::from(u64::MAX >> 16)) as u64;
    ulid::Ulid::from_parts(ms, ulid::Ulid::new().random()).to_string()
}

/// Adds the entry, about `company`, to the change's transaction: in the company's trail and in the
/// month's platform-wide partition, both sorted by time.
pub fn record<R>(tx: &mut Tx<R>, company: &CompanyId, entry: &AuditEntry) -> AppResult<()> {
    let id = entry_id(entry.at);
    let entry = AuditEntry { company_id: Some(company.clone()), ..entry.clone() };
    let key = Key::new(company_partition(company), format!("{PREFIX}{id}"));
    let item = with_index(to_item(&key, &entry)?, month_partition(Month::of(entry.at)), id);
    tx.put(item).always();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_family_and_is_listed_once() {
        let names: std::collections::BTreeSet<String> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names.len(), Action::ALL.len());
        assert!(names.iter().all(|n| n.split_once('.').is_some_and(|(f, a)| !f.is_empty() && !a.is_empty())), "{names:?}");
    }

    #[test]
    fn entry_ids_sort_by_the_entrys_time() {
        let early = entry_id(time::macros::datetime!(2026-10-05 12:00 UTC));
        let late = entry_id(time::macros::datetime!(2026-11-20 12:00 UTC));
        assert!(early < late);
        assert_eq!(early.len(), 26);
    }
}
