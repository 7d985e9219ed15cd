//! The operator's request bodies about vendors; unknown fields are refused.

use serde::Deserialize;

/// `POST /operator/vendors`: the vendor's name and the first person of its staff.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VendorRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::CompanyName))]
    pub name: String,
    pub admin: VendorAdminRequest,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VendorAdminRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::Email))]
    pub email: String,
}
