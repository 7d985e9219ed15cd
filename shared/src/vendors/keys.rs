//! Key shapes of the vendors slice. `docs/data-model.md` lists the access pattern behind each.

use crate::db::Key;
use crate::ids::CompanyId;

/// The partition of everything the store keeps about a vendor (beside its company item).
pub fn vendor_partition(vendor: &CompanyId) -> String {
    format!("VENDOR#{vendor}")
}

/// The vendor's profile: the operator's list entry.
pub fn profile(vendor: &CompanyId) -> Key {
    Key::new(vendor_partition(vendor), "PROFILE")
}

/// GSI1 partition of every vendor's profile, sorted by vendor id (creation order): the operator's
/// vendor list.
pub const VENDORS: &str = "VENDORS";

/// Sort-key prefix of a vendor's webhook endpoints.
#[cfg(feature = "webhooks")]
pub const ENDPOINT_PREFIX: &str = "ENDPOINT#";

/// One of a vendor's webhook endpoints.
#[cfg(feature = "webhooks")]
pub fn endpoint(vendor: &CompanyId, id: &crate::ids::EndpointId) -> Key {
    Key::new(vendor_partition(vendor), format!("{ENDPOINT_PREFIX}{id}"))
}
