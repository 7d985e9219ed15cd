//! Reading the caller's own endpoint and writing it back changed, with its audit entry.

use super::record::EndpointRecord;
use super::table;
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::db::{read_if, Tx};
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, Caller, VENDOR};
use crate::ids::EndpointId;
use serde_json::Value;

/// The caller's endpoint `id`, read alongside the session check; `not_found` when the vendor has
/// none by that id (another vendor's included).
pub(super) async fn read(app: &App, bearer: &Bearer, id: &str) -> AppResult<(Caller, EndpointRecord)> {
    let id = EndpointId::parse(id);
    let vendor = bearer.company_id();
    let (caller, found) = bearer.with(app, VENDOR, read_if(id.as_ref().map(|id| table::get(&app.db, vendor, id)))).await?;
    Ok((caller, found.ok_or(AppError::NotFound)?))
}

/// Writes `endpoint` changed from the version read, with its audit entry.
pub(super) async fn save(app: &App, by: &Caller, endpoint: &mut EndpointRecord, action: Action, detail: Value) -> AppResult<()> {
    endpoint.version += 1;
    let mut tx = Tx::new(AppError::Conflict);
    table::replace(&mut tx, endpoint)?;
    record(&mut tx, by, action, endpoint, detail, app)?;
    tx.commit(&app.db).await
}

pub(super) fn record(
    tx: &mut Tx<AppError>,
    by: &Caller,
    action: Action,
    endpoint: &EndpointRecord,
    detail: Value,
    app: &App,
) -> AppResult<()> {
    let entry = AuditEntry::new(app.now(), by.user_id(), action, &endpoint.id, detail);
    audit::record(tx, by.company_id(), &entry)
}
