//! `expire-activations`: activation links past their expiry leave the expiry index and their users
//! become `activation_expired`. Reads only what is due (an index keyed by expiry), and is
//! idempotent when two runs overlap: each link is expired by one conditional transaction.

use cloudstore::store::Store;
use cloudstore::AppError;
use serde::Serialize;
use time::OffsetDateTime;

/// Links read per query.
const PAGE: i32 = 100;
/// Queries per run, so one run stays well inside the Lambda timeout; the next run continues.
const MAX_PAGES: usize = 50;

/// What one run did, returned as the invocation's result (and logged).
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Report {
    /// Due links taken out of the index.
    pub links: usize,
    /// Users turned `activation_expired` by this run.
    pub users_expired: usize,
}

/// Expires every link due at `now` (Unix seconds).
pub async fn sweep(store: &Store, now: i64) -> Result<Report, AppError> {
    let mut report = Report::default();
    for _ in 0..MAX_PAGES {
        let due = store.due_activation_links(now, PAGE).await?;
        if due.is_empty() {
            break;
        }
        for link in &due {
            if store.expire_activation(link).await? {
                report.users_expired += 1;
            }
            report.links += 1;
        }
    }
    Ok(report)
}

/// The scheduled invocation: sweeps what is due now.
pub async fn handle(store: &Store) -> Result<Report, AppError> {
    let report = sweep(store, OffsetDateTime::now_utc().unix_timestamp()).await?;
    tracing::info!(links = report.links, users_expired = report.users_expired, "activation links expired");
    Ok(report)
}
