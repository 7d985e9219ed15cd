//! The identity slice's answers, in the contract's shapes.

use super::records::{Company, Role, UserStatus};
use super::user::UserRecord;
use crate::ids::{CompanyId, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// The contract's `User`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub company_id: CompanyId,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
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

/// A company as its own people see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRef {
    pub id: CompanyId,
    pub name: String,
}

/// `GET /me`: the signed-in person with their company.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    #[serde(flatten)]
    pub user: User,
    pub company: CompanyRef,
}

impl Me {
    pub fn new(user: &UserRecord, company: &Company) -> Me {
        Me { user: user.into(), company: CompanyRef { id: company.id.clone(), name: company.name.clone() } }
    }
}

/// The answer of a login or a refresh.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = TokenResponse))]
pub struct Tokens {
    pub access_token: String,
    /// Always `Bearer`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^Bearer$"))]
    pub token_type: &'static str,
    /// Seconds the access token lives.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub expires_in: i64,
    pub refresh_token: String,
    pub user: User,
}

/// `POST /signup`: the new company and its first admin.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SignupResponse))]
pub struct SignedUp {
    pub company_id: CompanyId,
    pub user_id: UserId,
}

/// A link followed (`POST /activation`, `POST /password-reset/confirm`): whose password it set.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UserRef))]
pub struct LinkFollowed {
    pub user_id: UserId,
    pub email: String,
}
