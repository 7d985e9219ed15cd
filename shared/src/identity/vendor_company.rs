//! A vendor's company item: written like a customer's (`COMPANY#v / META`, identity's alone) but
//! outside the operator's company list and the CUIT counts, and the check other slices add to
//! their transactions that an id names a vendor.

use super::keys;
use super::records::{Company, CompanyKind};
use crate::db::{to_item, Expr, Tx};
use crate::error::AppResult;
use crate::ids::CompanyId;

/// A new vendor company (`kind: vendor`); `taken` if the id exists.
pub fn insert_vendor_company<R>(tx: &mut Tx<R>, company: &Company, taken: R) -> AppResult<()> {
    debug_assert_eq!(company.kind, CompanyKind::Vendor);
    tx.put(to_item(&keys::company(&company.id), company)?).unless_exists(taken);
    Ok(())
}

/// Refuses the transaction with `refusal` unless `id` is a vendor's company.
pub fn check_vendor<R>(tx: &mut Tx<R>, id: &CompanyId, refusal: R) {
    tx.check(keys::company(id), Expr::new("kind = :vendor").value(":vendor", CompanyKind::Vendor), refusal);
}
