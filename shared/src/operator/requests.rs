//! The operator's request bodies and query strings; unknown fields are refused.

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
    pub name: String,
    pub email: String,
    pub role: StaffRole,
}

/// `PUT /operator/companies/{company_id}/sales-rep`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesRepRequest {
    pub user_id: String,
}

/// `POST /operator/users/{id}/disable`: who takes over a rep's companies (none: the operator).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisableRequest {
    #[serde(default)]
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
