//! The scheduled expiry of activation links. Reads only what is due, through the expiry index
//! (`GSI1PK = LINKEXP#activation`, sorted by expiry), never a table scan; each link is expired by
//! one conditional transaction, so overlapping runs are harmless.

use super::links;
use super::table::{self, UserRefusals};
use crate::app::App;
use crate::db::Tx;
use crate::error::AppResult;
use serde::Serialize;

/// Links read per query.
const PAGE: u32 = 100;
/// Queries per run, so one run stays well inside the Lambda timeout; the next run continues.
const MAX_PAGES: usize = 50;

/// What one run did, returned as the invocation's result (and logged).
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct SweepReport {
    /// Due links taken out of the index.
    pub links: usize,
    /// Users turned `activation_expired` by this run.
    pub users_expired: usize,
}

/// Why expiring one link wrote nothing.
enum Skip {
    /// Another run took the link out of the index first.
    AlreadySwept,
    /// The user changed meanwhile: the next run looks again.
    Changed,
}

/// Expires every activation link due at `now` (Unix seconds): the link leaves the index (it stays
/// stored, so a late click answers `token_expired`), and a user still waiting on that very link
/// becomes `activation_expired`. A disabled user (a terminated account) stays disabled.
pub async fn expire_activations(app: &App, now: i64) -> AppResult<SweepReport> {
    let mut report = SweepReport::default();
    for _ in 0..MAX_PAGES {
        let due = links::due_activations(&app.db, now, PAGE).await?;
        if due.is_empty() {
            break;
        }
        for link in &due {
            // A user who changed meanwhile is read again (a few times at most).
            for _ in 0..3 {
                let user = table::get_user(&app.db, &link.company_id, &link.user_id).await?;
                let waiting = user.filter(|u| u.awaits_activation() && u.activation_token.as_deref() == Some(link.hash.as_str()));
                let update = waiting.map(|u| u.expire_activation());
                let mut tx = Tx::new(Skip::Changed);
                links::unindex(&mut tx, link, Skip::AlreadySwept);
                if let Some(update) = &update {
                    table::save_user(&mut tx, update, UserRefusals { email_taken: Skip::Changed, last_admin: Skip::Changed })?;
                }
                match tx.run(&app.db).await? {
                    Ok(()) => {
                        report.links += 1;
                        report.users_expired += usize::from(update.is_some());
                    }
                    Err(Skip::AlreadySwept) => {}
                    Err(Skip::Changed) => continue,
                }
                break;
            }
        }
    }
    Ok(report)
}
