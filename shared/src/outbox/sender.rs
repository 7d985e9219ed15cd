//! Delivering outbox items, one at a time, each as: take a lease on the item (a conditional write,
//! so of two senders that got the same item, from a stream retry and the sweep say, one sends
//! it), skip a suppressed address, hand it to SES, mark it done (its body removed). A failure that
//! may pass (SES unreachable, throttled, timed out) gives the lease back and is retried; one that
//! cannot (SES refuses the message for good) marks the item `rejected` and is logged.

use super::{feedback, key, OutboxItem, State, PENDING};
use crate::app::App;
use crate::db::{from_item, Expr, Query};
use crate::error::AppResult;
use crate::mail::SendError;
use crate::observe::{count, Metric};

/// How long a sender holds an item (well beyond one SES call with its retries).
const LEASE_SECS: i64 = 60;
/// The sweep sends what is still pending this long after it was written: by then the stream
/// has delivered it or given up on it.
pub(crate) const SWEEP_AFTER_SECS: i64 = 300;

/// What became of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Suppressed,
    Rejected,
    /// Nothing to do: already done, gone, or in another sender's hands.
    Done,
}

/// Delivers outbox item `id`. `Err` means "try again later"; the item stays pending.
pub async fn deliver(app: &App, id: &str) -> AppResult<Outcome> {
    let now = app.now().unix_timestamp();
    let Some(item) = take_lease(app, id, now).await? else { return Ok(Outcome::Done) };
    if feedback::is_suppressed(&app.db, &item.to).await? {
        tracing::info!(outbox_id = %item.id, "recipient suppressed (bounce or complaint): not sent");
        finish(app, &item, State::Suppressed, None).await?;
        return Ok(Outcome::Suppressed);
    }
    let (text, html) = (item.text.as_deref().unwrap_or_default(), item.html.as_deref().unwrap_or_default());
    match app.mailer.send(&item.to, &item.subject, text, html).await {
        Ok(message_id) => {
            count(Metric::EmailsSent, 1);
            finish(app, &item, State::Sent, message_id).await?;
            Ok(Outcome::Sent)
        }
        Err(SendError::Rejected(why)) => {
            count(Metric::EmailsFailed, 1);
            tracing::error!(outbox_id = %item.id, subject = %item.subject, error = %why, "SES refused the email for good");
            finish(app, &item, State::Rejected, None).await?;
            Ok(Outcome::Rejected)
        }
        Err(SendError::Retry(err)) => {
            count(Metric::EmailsFailed, 1);
            tracing::warn!(outbox_id = %item.id, error = ?err, "email not sent yet; it will be retried");
            release(app, &item).await;
            Err(err)
        }
    }
}

/// Takes the item for [`LEASE_SECS`] if it is pending and nobody holds it; `None` otherwise.
async fn take_lease(app: &App, id: &str, now: i64) -> AppResult<Option<OutboxItem>> {
    let update = Expr::new("SET lease_until = :until ADD attempts :one").value(":until", now + LEASE_SECS).value(":one", 1);
    let free = Expr::new("attribute_exists(PK) AND #state = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now)")
        .name("#state", "state")
        .value(":pending", State::Pending)
        .value(":now", now);
    match app.db.update(&key(id), update, Some(free)).await? {
        Ok(item) => Ok(Some(from_item(item)?)),
        Err(_) => Ok(None),
    }
}

/// Marks the item done: out of the pending index, its body (and any link in it) removed.
async fn finish(app: &App, item: &OutboxItem, state: State, message_id: Option<String>) -> AppResult<()> {
    let mut text = String::from("SET #state = :state, done_at = :now");
    let mut update = Expr::default()
        .name("#state", "state")
        .name("#text", "text")
        .value(":state", crate::db::attr(&state)?)
        .value(":now", app.now().unix_timestamp());
    if let Some(id) = message_id {
        text.push_str(", message_id = :mid");
        update = update.value(":mid", id);
    }
    text.push_str(" REMOVE GSI1PK, GSI1SK, #text, html, lease_until");
    // An item gone meanwhile (its TTL) has nothing left to mark.
    let _gone_or_marked = app.db.update(&key(&item.id), update.with_text(text), Some(Expr::present())).await?;
    Ok(())
}

/// Gives the lease back after a failure, so the next try need not wait for it to lapse.
async fn release(app: &App, item: &OutboxItem) {
    let mine = Expr::new("lease_until = :mine").value(":mine", item.lease_until.unwrap_or_default());
    if let Err(err) = app.db.update(&key(&item.id), Expr::new("REMOVE lease_until"), Some(mine)).await {
        tracing::warn!(outbox_id = %item.id, error = ?err, "lease not given back; it lapses by itself");
    }
}

/// Delivers `ids` (one stream batch, in order) at once; answers the position of the first one to
/// retry (the stream resumes there; those after it that went out are found done next time).
pub async fn deliver_all(app: &App, ids: &[String]) -> Option<usize> {
    let outcomes = futures_util::future::join_all(ids.iter().map(|id| deliver(app, id))).await;
    outcomes.iter().position(Result::is_err)
}

/// What one sweep did.
#[derive(Debug, Default, serde::Serialize)]
pub struct SweepReport {
    pub sent: usize,
    pub failed: usize,
}

/// Sends what is still pending [`SWEEP_AFTER_SECS`] after it was written (the stream gave up on
/// it, or its records aged out), oldest first, up to a hundred a run.
pub(crate) async fn sweep(app: &App) -> AppResult<SweepReport> {
    sweep_older_than(app, SWEEP_AFTER_SECS).await
}

/// `sweep` of what is pending `secs` after it was written (the local stack sweeps sooner).
pub async fn sweep_older_than(app: &App, secs: i64) -> AppResult<SweepReport> {
    let before = app.now().unix_timestamp() - secs;
    deliver_found(app, Query::index(PENDING).below(format!("{before:012}")).limit(100)).await
}

/// Sends every email pending now, whatever its age (the integration tests' sender: their tables
/// have no stream).
#[cfg(feature = "tooling")]
pub async fn deliver_pending(app: &App) -> AppResult<SweepReport> {
    deliver_found(app, Query::index(PENDING).limit(100)).await
}

/// Delivers the pending items `query` finds, one after the other.
async fn deliver_found(app: &App, query: Query) -> AppResult<SweepReport> {
    let stale = app.db.query::<OutboxItem>(&query).await?;
    let mut report = SweepReport::default();
    for item in stale.items {
        match deliver(app, &item.id).await {
            Ok(Outcome::Done) => {}
            Ok(_) => report.sent += 1,
            Err(_) => report.failed += 1,
        }
    }
    Ok(report)
}

/// Whether any email waits in the outbox (the tests wait for none before reading the emulator).
#[cfg(feature = "tooling")]
pub async fn any_pending(app: &App) -> AppResult<bool> {
    Ok(app.db.first::<OutboxItem>(&Query::index(PENDING).limit(1)).await?.is_some())
}

/// Every outbox item addressed to `to`, oldest first (tests: a scan of their small table).
#[cfg(feature = "tooling")]
pub async fn items_to(app: &App, to: &str) -> AppResult<Vec<OutboxItem>> {
    let mut items: Vec<OutboxItem> =
        app.db.scan_entity::<OutboxItem>(crate::db::Entity::Outbox).await?.into_iter().filter(|i| i.to == to).collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(items)
}
