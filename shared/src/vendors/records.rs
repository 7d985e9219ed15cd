//! A vendor as the operator's list keeps it.

use crate::db::{Entity, Record};
use crate::ids::{CompanyId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// `VENDOR#v / PROFILE`: the vendor's name and its first person, copied when the account opens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VendorProfile {
    pub id: CompanyId,
    pub name: String,
    pub admin: VendorAdmin,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Record for VendorProfile {
    const ENTITY: Entity = Entity::Vendor;
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VendorAdmin {
    pub id: UserId,
    pub name: String,
    pub email: String,
}
