//! The operator's request bodies and query strings; unknown fields are refused.

use crate::domain::Money;
use crate::identity::Role;
use serde::Deserialize;

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StaffRole {
    SalesRep,
    Operator,
}

impl From<StaffRole> for Role {
    fn from(role: StaffRole) -> Role {
        match role {
            StaffRole::SalesRep => Role::SalesRep,
            StaffRole::Operator => Role::Operator,
        }
    }
}

/// `POST /operator/users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::Email))]
    pub email: String,
    pub role: StaffRole,
}

/// `PUT /operator/companies/{company_id}/sales-rep`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesRepRequest {
    /// A sales rep of the operator's company.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ids::UserId))]
    pub user_id: String,
}

/// `PUT /operator/companies/{company_id}/spend-limits`: both limits at once; one left out (or
/// `null`) is lifted.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendLimitsRequest {
    #[serde(default)]
    pub daily: Option<Money>,
    #[serde(default)]
    pub rolling_30_days: Option<Money>,
}

/// `POST /operator/users/{id}/disable`: who takes over a rep's companies (none: the operator).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisableRequest {
    /// A sales rep of the operator's company.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::ids::UserId>))]
    pub reassign_to: Option<String>,
}

/// `?query=&role=&limit=&cursor=` of `GET /operator/users`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffParams {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub role: Option<StaffRole>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
}
