//! Roles, statuses, companies and email claims as stored. Users and their transitions are in
//! `super::user`.

use crate::db::{Entity, Record, StoredStr};
use crate::domain::Money;
use crate::ids::{CompanyId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    User,
    SalesRep,
    Operator,
    /// The staff of a vendor company: the store sells its applications.
    Vendor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
            Role::SalesRep => "sales_rep",
            Role::Operator => "operator",
            Role::Vendor => "vendor",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UserStatus {
    /// "NO ACTIVO": waits for the person to follow an activation link.
    PendingActivation,
    Active,
    /// The activation link expired; an admin's password-change request starts over.
    ActivationExpired,
    /// Signed out for good (the company's account was terminated).
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::PendingActivation => "pending_activation",
            UserStatus::Active => "active",
            UserStatus::ActivationExpired => "activation_expired",
            UserStatus::Disabled => "disabled",
        }
    }
}

impl StoredStr for UserStatus {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CompanyStatus {
    Active,
    /// Its account was terminated.
    Closed,
}

impl CompanyStatus {
    /// The value stored (and answered) for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyStatus::Active => "active",
            CompanyStatus::Closed => "closed",
        }
    }
}

impl StoredStr for CompanyStatus {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

/// A customer company (the tenant every other record belongs to), the operator's own, or a
/// vendor's ([`CompanyKind`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    pub status: CompanyStatus,
    /// How many users of the company are admins, whatever their status: the last-admin rule is
    /// a condition on this counter.
    pub admin_count: u32,
    /// The operator's sales representative who serves the company, if one is assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_rep_id: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_rep_email: Option<String>,
    /// Spend limits set by the operator (order totals per day and per rolling 30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_limit_daily: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_limit_30d: Option<Money>,
    /// Orders placed so far (the first-purchase rule is a condition on it).
    #[serde(default)]
    pub orders_count: u32,
    /// The operator's own company: how many of its operators are not disabled (the rule that one
    /// always remains is a condition on it).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub operator_count: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The account number of the telecom invoice the company's charges go on (its admins set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_account: Option<String>,
    /// A customer (the default, and every company written before vendors existed) or a vendor.
    #[serde(default, skip_serializing_if = "CompanyKind::is_customer")]
    pub kind: CompanyKind,
}

/// What a company is to the store: a customer that buys, or a vendor whose applications it sells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyKind {
    #[default]
    Customer,
    Vendor,
}

impl CompanyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyKind::Customer => "customer",
            CompanyKind::Vendor => "vendor",
        }
    }

    fn is_customer(&self) -> bool {
        *self == CompanyKind::Customer
    }
}

impl StoredStr for CompanyKind {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

impl Record for Company {
    const ENTITY: Entity = Entity::Company;
}

impl Company {
    /// A new, active company.
    pub fn new(name: String, tax_id: Option<String>, admin_count: u32, created_at: OffsetDateTime) -> Self {
        Company {
            id: CompanyId::new(),
            name,
            tax_id,
            status: CompanyStatus::Active,
            admin_count,
            sales_rep_id: None,
            sales_rep_email: None,
            spend_limit_daily: None,
            spend_limit_30d: None,
            orders_count: 0,
            operator_count: 0,
            billing_account: None,
            created_at,
            kind: CompanyKind::Customer,
        }
    }

    /// A new vendor company, its first person to come (admin counts are a customer's rule).
    pub fn vendor(name: String, created_at: OffsetDateTime) -> Self {
        Company { kind: CompanyKind::Vendor, ..Company::new(name, None, 0, created_at) }
    }

    pub fn has_spend_limits(&self) -> bool {
        self.spend_limit_daily.is_some() || self.spend_limit_30d.is_some()
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The copy of a user under their email (`EMAIL#e / CLAIM`): it makes the email unique store-wide
/// and a login one read. It carries what a login needs, and is rewritten with every change of the
/// user (never by licence changes, which it does not carry).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailClaim {
    pub id: UserId,
    pub company_id: CompanyId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    pub session_epoch: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// See `UserRecord::locks_cleared_at_ms`: a login reads it with the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locks_cleared_at_ms: Option<i64>,
}

impl Record for EmailClaim {
    const ENTITY: Entity = Entity::EmailClaim;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_company_status_is_written_in_conditions_as_it_is_stored() {
        for status in [CompanyStatus::Active, CompanyStatus::Closed] {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    #[test]
    fn a_company_kind_and_a_role_are_written_in_conditions_as_they_are_stored() {
        for kind in [CompanyKind::Customer, CompanyKind::Vendor] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        for role in [Role::Admin, Role::User, Role::SalesRep, Role::Operator, Role::Vendor] {
            // No wildcard: a new role stops this compiling, a reminder to list it above.
            match role {
                Role::Admin | Role::User | Role::SalesRep | Role::Operator | Role::Vendor => {}
            }
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
    }

    #[test]
    fn a_user_status_is_written_in_conditions_as_it_is_stored() {
        let all = [UserStatus::PendingActivation, UserStatus::Active, UserStatus::ActivationExpired, UserStatus::Disabled];
        for status in all {
            // No wildcard: a new status stops this compiling, a reminder to list it above.
            match status {
                UserStatus::PendingActivation | UserStatus::Active | UserStatus::ActivationExpired | UserStatus::Disabled => {}
            }
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }
}
