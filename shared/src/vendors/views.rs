//! The operator's answers about vendors.

use super::records::VendorProfile;
use crate::ids::CompanyId;
use serde::Serialize;

/// `POST /operator/vendors`: the new vendor.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VendorCreated {
    pub vendor_id: CompanyId,
}

/// `GET /operator/vendors`: a vendor and who to talk to.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vendor {
    pub id: CompanyId,
    pub name: String,
    pub admin: VendorContact,
    /// How many of its webhook endpoints are disabled or failing (none until vendors have
    /// endpoints).
    pub failing_endpoints: u32,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VendorContact {
    pub name: String,
    pub email: String,
}

impl From<VendorProfile> for Vendor {
    fn from(p: VendorProfile) -> Self {
        Vendor { id: p.id, name: p.name, admin: VendorContact { name: p.admin.name, email: p.admin.email }, failing_endpoints: 0 }
    }
}
