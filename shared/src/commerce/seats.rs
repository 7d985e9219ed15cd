//! The writes of a subscription's seat changes and of its cancellation, added to the caller's
//! transaction: the subscription, conditioned on the version it was read at, and the dated seat
//! event in its month's billing record (`billing::table::record`), so a change and what billing
//! will read of it are written together or not at all.

use super::billing::record::{SeatEvent, SeatEventKind, SeatState};
use super::billing::table::{self as billing, open_sort};
use super::keys;
use super::subscription::{SeatLot, Subscription, SubscriptionStatus};
use crate::db::{attr, Expr, Tx};
use crate::error::AppResult;
use time::OffsetDateTime;

/// Resizes `before` (the subscription as read) to `seats`, held in `lots`, at `at`: refused with
/// `refusal` when it changed since the read, is no longer live, or has more seats assigned than
/// `seats`. Answers the subscription as written.
pub fn resize<R>(
    tx: &mut Tx<R>,
    before: &Subscription,
    seats: u32,
    lots: Vec<SeatLot>,
    at: OffsetDateTime,
    refusal: R,
) -> AppResult<Subscription> {
    let kind = if seats > before.seats { SeatEventKind::Increased } else { SeatEventKind::Decreased };
    let resized = Subscription { seats, lots, version: before.version + 1, ..before.clone() };
    let month = billing::record(tx, before, &SeatEvent::new(at, kind, SeatState::of(&resized)))?;
    let after = Subscription { billed_through: Some(month), ..resized };
    let update = Expr::new("SET seats = :seats, lots = :lots, version = :next, billed_through = :month, GSI1PK = :gpk, GSI1SK = :gsk")
        .value(":seats", seats)
        .value(":lots", attr(&after.lots)?)
        .value(":next", after.version)
        .value(":month", month.to_string())
        .value(":gpk", keys::open_subscriptions(keys::billing_shard(&after.id)))
        .value(":gsk", open_sort(&after, month));
    let allowed = Expr::new("version = :read AND seats_assigned <= :seats AND (#status = :trial OR #status = :active)")
        .name("#status", "status")
        .value(":read", before.version)
        .value(":seats", seats)
        .value(":trial", SubscriptionStatus::Trial)
        .value(":active", SubscriptionStatus::Active);
    tx.update(keys::subscription(&before.company_id, &before.id), update).when(allowed, refusal);
    Ok(after)
}

/// Cancels `before` (as read, not cancelled yet) at `at`, giving back `released` seats whose
/// licences the same transaction releases; the subscription leaves the open billing index and its
/// month's record gets the cancellation (it still bills the day it happened). A subscription that
/// changed since the read makes the transaction fail with its fallback refusal.
pub fn cancel<R>(tx: &mut Tx<R>, before: &Subscription, at: OffsetDateTime, released: usize) -> AppResult<()> {
    let month = billing::record(tx, before, &SeatEvent::new(at, SeatEventKind::Cancelled, SeatState::NONE))?;
    let update = Expr::new(
        "SET #status = :cancelled, cancelled_at = :now, version = :next, billed_through = :month REMOVE GSI1PK, GSI1SK ADD seats_assigned :back",
    )
    .name("#status", "status")
    .value(":cancelled", SubscriptionStatus::Cancelled)
    .value(":now", crate::domain::rfc3339(at))
    .value(":next", before.version + 1)
    .value(":month", month.to_string())
    .value(":back", -(released as i64));
    let open = Expr::new("attribute_exists(PK) AND #status <> :cancelled AND version = :read").value(":read", before.version);
    tx.update(keys::subscription(&before.company_id, &before.id), update).when_fallback(open);
    Ok(())
}
