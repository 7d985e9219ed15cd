//! Users, their roles and the states of the activation life cycle.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    User,
    SalesRep,
    Operator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// "NO ACTIVO": waits for the person to follow an activation link.
    PendingActivation,
    Active,
    /// The activation link expired; an admin's password-change request starts over.
    ActivationExpired,
    /// Signed out for good (the company's account was terminated).
    Disabled,
}

/// A user as stored: the record behind both the company's user item and the email claim item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub company_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    /// Argon2id PHC string; absent until the first activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    /// Bumped whenever every session of the user must end (re-activation, reset, demotion).
    pub session_epoch: u64,
    /// Optimistic-concurrency version: every write is conditioned on the version it read.
    pub version: u64,
    /// Hash of the activation link currently valid for this user, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_token: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The contract's `User` shape.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub company_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<&UserRecord> for User {
    fn from(r: &UserRecord) -> Self {
        User {
            id: r.id.clone(),
            email: r.email.clone(),
            name: r.name.clone(),
            role: r.role,
            status: r.status,
            company_id: r.company_id.clone(),
            created_at: r.created_at,
        }
    }
}
