//! The rep's request bodies; unknown fields are refused.

use serde::Deserialize;

/// `POST /sales/companies`: the customer's company and its first administrator, as at sign-up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnboardRequest {
    pub company: NewCompany,
    pub admin: NewAdmin,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCompany {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::CompanyName))]
    pub name: String,
    /// The company's CUIT (its check digit must be right).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::domain::TaxId>))]
    pub tax_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAdmin {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::Email))]
    pub email: String,
}
