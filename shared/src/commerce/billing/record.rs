//! What billing reads: for each subscription and calendar month it was live in, one record of its
//! seats — the state the month opened with and every dated seat event inside it (purchase,
//! increase, decrease, cancellation), each carrying the state after it. Records are written in
//! the same transaction as the change they describe and never rewritten, so a past month's figures
//! never change; a month in which nothing happened gets its record, a copy of the opening state,
//! when the next change comes (or is read from the subscription itself while none has).

use crate::commerce::subscription::{Subscription, SubscriptionDiscount};
use crate::db::{Entity, Record};
use crate::domain::{Money, Month};
use crate::ids::{CompanyId, PlanId, ProductId, SubscriptionId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a subscription holds at a moment: its seats and the monthly price of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatState {
    pub seats: u32,
    pub monthly: Money,
}

impl SeatState {
    /// Nothing held (before a purchase, after a cancellation).
    pub const NONE: SeatState = SeatState { seats: 0, monthly: Money::zero() };

    /// A live subscription's seats as they stand.
    pub fn of(sub: &Subscription) -> SeatState {
        SeatState { seats: sub.seats, monthly: sub.price() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatEventKind {
    Purchased,
    Increased,
    Decreased,
    Cancelled,
}

/// A dated change of seats and the state after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatEvent {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub kind: SeatEventKind,
    pub seats: u32,
    pub monthly: Money,
}

impl SeatEvent {
    pub fn new(at: OffsetDateTime, kind: SeatEventKind, after: SeatState) -> SeatEvent {
        SeatEvent { at, kind, seats: after.seats, monthly: after.monthly }
    }

    pub fn state(&self) -> SeatState {
        SeatState { seats: self.seats, monthly: self.monthly }
    }
}

/// The terms a subscription is billed by, fixed at its purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terms {
    pub subscription_id: SubscriptionId,
    pub company_id: CompanyId,
    pub product_id: ProductId,
    pub product_name: String,
    pub plan_id: PlanId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub trial_ends_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<SubscriptionDiscount>,
}

impl Terms {
    pub fn of(sub: &Subscription) -> Terms {
        Terms {
            subscription_id: sub.id.clone(),
            company_id: sub.company_id.clone(),
            product_id: sub.product_id.clone(),
            product_name: sub.product_name.clone(),
            plan_id: sub.plan_id.clone(),
            created_at: sub.created_at,
            trial_ends_at: sub.trial_ends_at,
            discount: sub.discount.clone(),
        }
    }

    /// The coupon discount in effect in `month`: its calendar months count from the purchase.
    pub fn discount_in(&self, month: Month) -> Option<&SubscriptionDiscount> {
        let since = Month::of(self.created_at).months_until(month);
        self.discount.as_ref().filter(|d| d.months().is_none_or(|m| since < m))
    }
}

/// One subscription's seats in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRecord {
    pub month: Month,
    pub terms: Terms,
    /// The state at the month's first instant (none in the month of the purchase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<SeatState>,
    /// The month's seat events, in the order they happened.
    #[serde(default)]
    pub events: Vec<SeatEvent>,
}

impl Record for MonthRecord {
    const ENTITY: Entity = Entity::BillingMonth;
}

impl MonthRecord {
    /// The record of a month in which nothing happened to `sub`: its seats as they stand, all month.
    pub fn quiet(month: Month, sub: &Subscription) -> MonthRecord {
        MonthRecord { month, terms: Terms::of(sub), opening: Some(SeatState::of(sub)), events: Vec::new() }
    }
}

/// The months between the last one with a record and `now`'s, which a change in `now` first gives
/// a quiet record each (a subscription with no record months at all has none).
pub fn gap(billed_through: Option<Month>, now: Month) -> Vec<Month> {
    match billed_through {
        Some(last) if last < now => last.next().through(now.previous()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_is_the_months_strictly_between() {
        let m = |s: &str| Month::parse(s).unwrap();
        let names = |months: Vec<Month>| months.iter().map(Month::to_string).collect::<Vec<_>>();
        assert_eq!(names(gap(Some(m("2026-09")), m("2026-12"))), ["2026-10", "2026-11"]);
        assert!(gap(Some(m("2026-11")), m("2026-12")).is_empty());
        assert!(gap(Some(m("2026-12")), m("2026-12")).is_empty());
        assert!(gap(None, m("2026-12")).is_empty());
        assert_eq!(gap(Some(m("2025-12")), m("2027-01")).len(), 12);
    }
}
