//! A vendor as the operator's list keeps it.

use crate::db::{Entity, Record};
use crate::identity::{Company, UserRecord};
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

impl VendorProfile {
    /// The profile of a new vendor's `company`, whose first person is `person`.
    pub fn new(company: &Company, person: &UserRecord) -> Self {
        let admin = VendorAdmin { id: person.id.clone(), name: person.name.clone(), email: person.email.clone() };
        VendorProfile { id: company.id.clone(), name: company.name.clone(), admin, created_at: company.created_at }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VendorAdmin {
    pub id: UserId,
    pub name: String,
    pub email: String,
}
