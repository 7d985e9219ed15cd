//! A vendor's endpoints in the table: one item each in the vendor's partition, listed by one
//! query; how many there are is counted on the vendor's profile, in the same transaction as each
//! endpoint added or removed, so the ceiling holds however many requests come at once.

use super::record::EndpointRecord;
use crate::db::{to_item, Db, Expr, Query, Tx};
use crate::error::{AppError, AppResult};
use crate::ids::{CompanyId, EndpointId};
use crate::vendors::keys;

/// The most endpoints a vendor keeps.
pub const MAX_ENDPOINTS: u32 = 10;

pub async fn get(db: &Db, vendor: &CompanyId, id: &EndpointId) -> AppResult<Option<EndpointRecord>> {
    db.get(&keys::endpoint(vendor, id)).await
}

/// Every endpoint of `vendor`, oldest first (at most [`MAX_ENDPOINTS`]).
pub async fn list(db: &Db, vendor: &CompanyId) -> AppResult<Vec<EndpointRecord>> {
    db.query_all(Query::table(keys::vendor_partition(vendor)).prefix(keys::ENDPOINT_PREFIX)).await
}

/// A new endpoint, counted on the vendor's profile: refused past [`MAX_ENDPOINTS`].
pub fn insert(tx: &mut Tx<AppError>, endpoint: &EndpointRecord) -> AppResult<()> {
    tx.put(to_item(&keys::endpoint(&endpoint.vendor_id, &endpoint.id), endpoint)?).unless_exists(AppError::Conflict);
    let full = AppError::field("url", format!("Ya tenés {MAX_ENDPOINTS} endpoints: borrá uno antes de agregar otro."));
    let add = Expr::new("ADD endpoints :one").value(":one", 1);
    let room = Expr::new("attribute_exists(PK) AND (attribute_not_exists(endpoints) OR endpoints < :max)").value(":max", MAX_ENDPOINTS);
    tx.update(keys::profile(&endpoint.vendor_id), add).when(room, full);
    Ok(())
}

/// `endpoint` as changed from the version read (`version` is the one it now has); a change made
/// meanwhile, or the endpoint's removal, refuses it as `conflict`.
pub fn replace(tx: &mut Tx<AppError>, endpoint: &EndpointRecord) -> AppResult<()> {
    let item = to_item(&keys::endpoint(&endpoint.vendor_id, &endpoint.id), endpoint)?;
    tx.put(item).when(Expr::new("version = :read").value(":read", endpoint.version - 1), AppError::Conflict);
    Ok(())
}

/// Removes an endpoint (`not_found` when there is none) and uncounts it.
pub fn remove(tx: &mut Tx<AppError>, vendor: &CompanyId, id: &EndpointId) {
    tx.delete(keys::endpoint(vendor, id)).if_exists(AppError::NotFound);
    let take = Expr::new("ADD endpoints :minus").value(":minus", -1);
    tx.update(keys::profile(vendor), take).when(Expr::new("endpoints > :zero").value(":zero", 0), AppError::Conflict);
}
