//! Orders and the subscriptions they create.

use super::coupon::Duration;
use super::money::Money;
use super::pricing::QuoteLine;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Completed,
    PendingApproval,
    Approved,
    Rejected,
    /// A delegated order nobody decided within 30 days.
    Expired,
}

/// The contract's `Order`, as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Order {
    pub id: String,
    pub company_id: String,
    pub status: OrderStatus,
    pub lines: Vec<QuoteLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<String>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub subscription_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Internal: where the decision on a delegated order is emailed (the sales rep who placed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_email: Option<String>,
}

impl Order {
    /// The contract's `Order` (internal fields left out).
    pub fn view(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(map) = v.as_object_mut() {
            map.remove("notify_email");
        }
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trial,
    Active,
    CancellationRequested,
    Cancelled,
}

/// The discount terms a subscription keeps from the coupon it was bought with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubscriptionDiscount {
    pub code: String,
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
    pub id: String,
    pub company_id: String,
    pub order_id: String,
    pub product_id: String,
    pub plan_id: String,
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

    /// The contract's `Subscription` view.
    pub fn view(&self, now: OffsetDateTime) -> serde_json::Value {
        let mut v = serde_json::json!({
            "id": self.id,
            "product_id": self.product_id,
            "plan_id": self.plan_id,
            "product_name": self.product_name,
            "seats": self.seats,
            "seats_assigned": self.seats_assigned,
            "status": self.status_at(now),
            "price": self.price(),
            "discount": self.discount_at(now),
            "created_at": self.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        });
        if let Some(end) = self.trial_ends_at {
            v["trial_ends_at"] = serde_json::json!(end.format(&time::format_description::well_known::Rfc3339).unwrap_or_default());
        }
        v
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
