//! What the reminders read and write. Due work is found in two sparse index partitions, never by
//! a scan: `PENDING_ORDERS` (a delegated order is in it while it waits, by creation) and
//! `TRIAL_ENDS` (a product's trial mark is in it, naming its subscription, while the welcome trial
//! has not been reminded, by the trial's end; the subscription item's own index keys are
//! billing's). Each reminder is written as a mark on its record, conditioned on the mark being
//! absent, in the same change that sends it: a reminder goes out once, however often the
//! schedule runs or however many runs overlap.

use crate::commerce::keys;
use crate::commerce::{Order, OrderStatus, Subscription, SubscriptionStatus};
use crate::db::{Db, Expr, Query, Tx};
use crate::error::AppResult;
use crate::ids::{CompanyId, ProductId, SubscriptionId};
use serde::Deserialize;
use time::OffsetDateTime;

/// Pending delegated orders created before `before` (Unix seconds) whose admins were not
/// reminded yet, oldest first.
pub async fn orders_to_remind(db: &Db, before: i64) -> AppResult<Vec<Order>> {
    let not_yet = Expr::new("attribute_not_exists(reminded_at)");
    db.query_all(Query::index(keys::PENDING_ORDERS).below(format!("{before:012}")).filter(not_yet)).await
}

/// Marks `order` reminded: refused (the fallback) when it was reminded or decided meanwhile.
pub fn mark_order<R>(tx: &mut Tx<R>, order: &Order, now: OffsetDateTime) {
    let mark = Expr::new("SET reminded_at = :now").value(":now", crate::domain::rfc3339(now));
    let waiting = Expr::new("attribute_not_exists(reminded_at) AND #status = :pending")
        .name("#status", "status")
        .value(":pending", OrderStatus::PendingApproval);
    tx.update(keys::order(&order.company_id, &order.id), mark).when_fallback(waiting);
}

/// A welcome trial waiting for its reminder: the product's trial mark, naming its subscription.
#[derive(Debug, Clone, Deserialize)]
pub struct TrialMark {
    pub company_id: CompanyId,
    pub product_id: ProductId,
    #[serde(default)]
    pub subscription_id: Option<SubscriptionId>,
}

/// Trials ending before `before` (Unix seconds) and not reminded yet.
pub async fn trials_ending(db: &Db, before: i64) -> AppResult<Vec<TrialMark>> {
    db.query_all(Query::index(keys::TRIAL_ENDS).below(format!("{before:012}"))).await
}

/// Marks the trial of `sub` reminded and takes its mark out of [`keys::TRIAL_ENDS`]: refused (the
/// fallback) when it was reminded meanwhile or is no longer a trial.
pub fn mark_trial<R>(tx: &mut Tx<R>, sub: &Subscription, now: OffsetDateTime) {
    let mark = Expr::new("SET trial_reminded_at = :now").value(":now", crate::domain::rfc3339(now));
    let trial = Expr::new("attribute_not_exists(trial_reminded_at) AND #status = :trial")
        .name("#status", "status")
        .value(":trial", SubscriptionStatus::Trial);
    tx.update(keys::subscription(&sub.company_id, &sub.id), mark).when_fallback(trial);
    tx.update(keys::trial(&sub.company_id, &sub.product_id), Expr::new("REMOVE GSI1PK, GSI1SK")).when_fallback(Expr::present());
}

/// Takes a trial that needs no reminder (cancelled, or already over) out of [`keys::TRIAL_ENDS`].
pub async fn forget_trial(db: &Db, mark: &TrialMark) -> AppResult<()> {
    let unindex = Expr::new("REMOVE GSI1PK, GSI1SK");
    db.update(&keys::trial(&mark.company_id, &mark.product_id), unindex, Some(Expr::present())).await?.ok();
    Ok(())
}
