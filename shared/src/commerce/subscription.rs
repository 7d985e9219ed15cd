//! Subscriptions: a company's seats of a product's plan, the price and discount they keep from
//! their order, and their life cycle (`trial` → `active` → `cancellation_requested` → `cancelled`).

use crate::catalog::Duration;
use crate::db::{Entity, Record, StoredStr};
use crate::domain::{Money, Month};
use crate::ids::{CompanyId, CouponCode, OrderId, PlanId, ProductId, SubscriptionId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SubscriptionStatus {
    Trial,
    Active,
    CancellationRequested,
    Cancelled,
}

impl SubscriptionStatus {
    /// The value stored (and answered) for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Trial => "trial",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::CancellationRequested => "cancellation_requested",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }
}

impl StoredStr for SubscriptionStatus {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

/// The discount terms a subscription keeps from the coupon it was bought with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubscriptionDiscount {
    pub code: CouponCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_off_bp: Option<i64>,
    /// For amount coupons: the part of the amount this line took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Money>,
    pub duration: Duration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_in_months: Option<u32>,
}

impl SubscriptionDiscount {
    /// Months the discount lasts (`None`: forever).
    pub fn months(&self) -> Option<u32> {
        match self.duration {
            Duration::Once => Some(1),
            Duration::Repeating => Some(self.duration_in_months.unwrap_or(1)),
            Duration::Forever => None,
        }
    }
}

/// Seats bought at one monthly price. A subscription's seats are lots, oldest first: an increase
/// adds a lot at the plan's price of the day, a decrease gives back the newest seats first.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct SeatLot {
    pub seats: u32,
    pub unit_price: Money,
}

/// A subscription as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub company_id: CompanyId,
    pub order_id: OrderId,
    pub product_id: ProductId,
    pub plan_id: PlanId,
    pub product_name: String,
    pub seats: u32,
    pub seats_assigned: u32,
    pub status: SubscriptionStatus,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub trial_ends_at: Option<OffsetDateTime>,
    /// Monthly price of one seat when bought.
    pub unit_price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<SubscriptionDiscount>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<OffsetDateTime>,
    /// The seats by the price they were bought at (empty: all `seats` at `unit_price`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<SeatLot>,
    /// Moved by every seat change and the cancellation, whose writes are conditioned on it.
    #[serde(default)]
    pub version: u64,
    /// The last month that has a billing record of it (`commerce::billing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_through: Option<Month>,
}

impl Record for Subscription {
    const ENTITY: Entity = Entity::Subscription;
}

/// Calendar months from `start`'s month to `now`'s (0 in the month of `start`): billing is by
/// calendar month, so a coupon's months are the calendar months from the purchase on.
pub(crate) fn months_between(start: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let months = (now.year() - start.year()) * 12 + (now.month() as i32 - start.month() as i32);
    months.max(0) as u32
}

impl Subscription {
    /// Its seats by price, oldest first.
    pub fn lots(&self) -> Vec<SeatLot> {
        if self.lots.is_empty() {
            vec![SeatLot { seats: self.seats, unit_price: self.unit_price }]
        } else {
            self.lots.clone()
        }
    }

    /// The monthly price of all its seats (each lot at its own price).
    pub fn price(&self) -> Money {
        crate::domain::money::sum(self.lots().iter().map(|l| l.unit_price.times(i64::from(l.seats))))
    }

    /// Its lots once it has `seats`: seats added are one more lot at `unit_price` (merged into the
    /// newest lot when the price is the same); seats given back are the newest first.
    pub fn lots_for(&self, seats: u32, unit_price: Money) -> Vec<SeatLot> {
        let mut lots = self.lots();
        let held: u32 = lots.iter().map(|l| l.seats).sum();
        if seats > held {
            let added = seats - held;
            match lots.last_mut() {
                Some(last) if last.unit_price == unit_price => last.seats += added,
                _ => lots.push(SeatLot { seats: added, unit_price }),
            }
        } else {
            let mut give_back = held - seats;
            while give_back > 0 {
                let Some(last) = lots.last_mut() else { break };
                let taken = give_back.min(last.seats);
                last.seats -= taken;
                give_back -= taken;
                if last.seats == 0 {
                    lots.pop();
                }
            }
        }
        lots
    }

    /// The monthly discount in effect in the month containing `now`.
    pub fn discount_at(&self, now: OffsetDateTime) -> Money {
        let Some(d) = &self.discount else { return Money::zero() };
        if d.months().is_some_and(|m| months_between(self.created_at, now) >= m) {
            return Money::zero();
        }
        match (d.percent_off_bp, d.amount_off) {
            (Some(bp), _) => self.price().percent_bp(bp),
            (None, Some(amount)) => amount.min(self.price()),
            _ => Money::zero(),
        }
    }

    /// The status as of `now`: a trial past its end is simply active.
    pub fn status_at(&self, now: OffsetDateTime) -> SubscriptionStatus {
        match (self.status, self.trial_ends_at) {
            (SubscriptionStatus::Trial, Some(end)) if end <= now => SubscriptionStatus::Active,
            (status, _) => status,
        }
    }

    /// Whether seats can still be assigned (or changed).
    pub fn is_live(&self) -> bool {
        matches!(self.status, SubscriptionStatus::Trial | SubscriptionStatus::Active)
    }
}

/// The contract's `Subscription`, as of a moment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Subscription))]
pub struct SubscriptionView {
    pub id: SubscriptionId,
    pub product_id: ProductId,
    pub plan_id: PlanId,
    pub product_name: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub seats: u32,
    pub seats_assigned: u32,
    pub status: SubscriptionStatus,
    /// When the subscription began with a free trial, the trial's end.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub trial_ends_at: Option<OffsetDateTime>,
    /// Monthly price of all its seats.
    pub price: Money,
    /// Monthly discount in effect now.
    pub discount: Money,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl SubscriptionView {
    pub fn new(s: &Subscription, now: OffsetDateTime) -> SubscriptionView {
        SubscriptionView {
            id: s.id.clone(),
            product_id: s.product_id.clone(),
            plan_id: s.plan_id.clone(),
            product_name: s.product_name.clone(),
            seats: s.seats,
            seats_assigned: s.seats_assigned,
            status: s.status_at(now),
            trial_ends_at: s.trial_ends_at,
            price: s.price(),
            discount: s.discount_at(now),
            created_at: s.created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn seats_added_are_a_new_lot_and_seats_given_back_are_the_newest() {
        let sub = Subscription {
            id: SubscriptionId::new(),
            company_id: CompanyId::new(),
            order_id: OrderId::new(),
            product_id: ProductId::new(),
            plan_id: PlanId::parse("p").unwrap(),
            product_name: "App".into(),
            seats: 2,
            seats_assigned: 0,
            status: SubscriptionStatus::Active,
            trial_ends_at: None,
            unit_price: Money::ars(100),
            discount: None,
            created_at: datetime!(2026-11-01 10:00 UTC),
            cancelled_at: None,
            lots: vec![],
            version: 0,
            billed_through: None,
        };
        let lot = |seats, price| SeatLot { seats, unit_price: Money::ars(price) };
        assert_eq!(sub.lots_for(5, Money::ars(100)), [lot(5, 100)]);
        let grown = Subscription { seats: 5, lots: sub.lots_for(5, Money::ars(150)), ..sub.clone() };
        assert_eq!(grown.lots, [lot(2, 100), lot(3, 150)]);
        assert_eq!(grown.price(), Money::ars(650));
        assert_eq!(grown.lots_for(3, Money::ars(999)), [lot(2, 100), lot(1, 150)]);
        assert_eq!(grown.lots_for(1, Money::ars(999)), [lot(1, 100)]);
    }

    #[test]
    fn a_status_is_written_in_conditions_as_it_is_stored() {
        use super::SubscriptionStatus as S;
        for status in [S::Trial, S::Active, S::CancellationRequested, S::Cancelled] {
            // No wildcard: a new status stops this compiling, a reminder to list it above.
            match status {
                S::Trial | S::Active | S::CancellationRequested | S::Cancelled => {}
            }
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    #[test]
    fn months_count_calendar_months() {
        assert_eq!(months_between(datetime!(2026-01-31 10:00 UTC), datetime!(2026-01-01 10:00 UTC)), 0);
        assert_eq!(months_between(datetime!(2026-01-31 10:00 UTC), datetime!(2026-02-01 10:00 UTC)), 1);
        assert_eq!(months_between(datetime!(2026-11-25 10:00 UTC), datetime!(2027-11-24 10:00 UTC)), 12);
    }
}
