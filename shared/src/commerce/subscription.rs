//! Subscriptions: a company's seats of a product's plan, the price and discount they keep from
//! their order, and their life cycle (`trial` → `active` → `cancellation_requested` → `cancelled`).

use crate::catalog::Duration;
use crate::domain::Money;
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
}

/// Calendar months from `start`'s month to `now`'s (0 in the month of `start`): billing is by
/// calendar month, so a coupon's months are the calendar months from the purchase on.
pub fn months_between(start: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let months = (now.year() - start.year()) * 12 + (now.month() as i32 - start.month() as i32);
    months.max(0) as u32
}

impl Subscription {
    /// The monthly price of all its seats.
    pub fn price(&self) -> Money {
        self.unit_price.times(self.seats as i64)
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
#[derive(Debug, Clone, Serialize)]
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
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
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
    fn months_count_calendar_months() {
        assert_eq!(months_between(datetime!(2026-01-31 10:00 UTC), datetime!(2026-01-01 10:00 UTC)), 0);
        assert_eq!(months_between(datetime!(2026-01-31 10:00 UTC), datetime!(2026-02-01 10:00 UTC)), 1);
        assert_eq!(months_between(datetime!(2026-11-25 10:00 UTC), datetime!(2027-11-24 10:00 UTC)), 12);
    }
}
