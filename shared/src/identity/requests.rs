//! The identity slice's request bodies, as the contract shapes them; unknown fields are refused.

#[cfg(feature = "openapi")]
use crate::domain::{CompanyName, Email, Password, PersonName, TaxId};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    pub company: SignupCompany,
    pub admin: SignupAdmin,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupCompany {
    #[cfg_attr(feature = "openapi", schema(value_type = CompanyName))]
    pub name: String,
    /// The company's CUIT; blank means none.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<TaxId>))]
    pub tax_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupAdmin {
    #[cfg_attr(feature = "openapi", schema(value_type = PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /activation` and `POST /password-reset/confirm`: the emailed link's token and the new
/// password, twice (a mismatch is `validation_failed` on `password_confirmation`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPasswordRequest {
    /// The `token` of the emailed link (URL-safe).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, pattern = "^[A-Za-z0-9_-]+$"))]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Password))]
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Password))]
    pub password: String,
    pub password_confirmation: String,
}
