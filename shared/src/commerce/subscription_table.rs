//! Subscriptions in the table: `COMPANY#c / SUB#s`, listed by the company's partition. Seat
//! changes and cancellations are written by [`super::seats`], with their billing events.

use super::keys;
use super::subscription::{Subscription, SubscriptionStatus};
use crate::db::{Db, Expr, Page, Query};
use crate::error::AppResult;
use crate::ids::{CompanyId, SubscriptionId};
use crate::views::PageRequest;

pub async fn get_subscription(db: &Db, company: &CompanyId, sub: &SubscriptionId) -> AppResult<Option<Subscription>> {
    db.get(&keys::subscription(company, sub)).await
}

/// One page of the company's subscriptions, oldest first.
pub async fn list_subscriptions(db: &Db, company: &CompanyId, page: &PageRequest) -> AppResult<Page<Subscription>> {
    db.query(&Query::table(keys::partition(company)).prefix(keys::SUB_PREFIX).page(page)?).await
}

/// Every subscription of the company (for account-wide changes).
pub async fn all_subscriptions(db: &Db, company: &CompanyId) -> AppResult<Vec<Subscription>> {
    db.query_all(Query::table(keys::partition(company)).prefix(keys::SUB_PREFIX)).await
}

/// Marks a live subscription `cancellation_requested` (its account is being terminated);
/// answers whether it moved.
pub async fn request_cancellation(db: &Db, sub: &Subscription) -> AppResult<bool> {
    let update =
        Expr::new("SET #status = :requested").name("#status", "status").value(":requested", SubscriptionStatus::CancellationRequested);
    let live = Expr::new("#status = :trial OR #status = :active")
        .value(":trial", SubscriptionStatus::Trial)
        .value(":active", SubscriptionStatus::Active);
    Ok(db.update(&keys::subscription(&sub.company_id, &sub.id), update, Some(live)).await?.is_ok())
}
