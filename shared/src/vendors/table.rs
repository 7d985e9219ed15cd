//! The vendors' profiles in the table.

use super::keys;
use super::records::VendorProfile;
use crate::db::{to_item, with_index, Db, Page, PageRequest, Query, Tx};
use crate::error::AppResult;

/// A new vendor's profile, in the operator's list; `taken` if the id exists.
pub fn insert_profile<R>(tx: &mut Tx<R>, profile: &VendorProfile, taken: R) -> AppResult<()> {
    let item = with_index(to_item(&keys::profile(&profile.id), profile)?, keys::VENDORS, profile.id.to_string());
    tx.put(item).unless_exists(taken);
    Ok(())
}

/// A page of the vendors, oldest first.
pub async fn list_profiles(db: &Db, page: &PageRequest) -> AppResult<Page<VendorProfile>> {
    db.query(&Query::index(keys::VENDORS).page(page)?).await
}
