//! The people slice's request bodies.

#[cfg(feature = "openapi")]
use crate::domain::{Email, PersonName};
use crate::identity::Role;
use serde::Deserialize;

/// The roles an admin may give: never operator or sales-rep accounts.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CompanyRole {
    Admin,
    User,
}

impl From<CompanyRole> for Role {
    fn from(role: CompanyRole) -> Role {
        match role {
            CompanyRole::Admin => Role::Admin,
            CompanyRole::User => Role::User,
        }
    }
}

/// `POST /users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
    pub role: CompanyRole,
}

/// `PATCH /users/{id}`: any of the three.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUserRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PersonName>))]
    pub name: Option<String>,
    /// A new address makes the user `pending_activation`, with a link sent there.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Email>))]
    pub email: Option<String>,
    #[serde(default)]
    pub role: Option<CompanyRole>,
}

/// `DELETE /users/{id}?terminate_account=`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteParams {
    #[serde(default)]
    pub terminate_account: bool,
}
