//! The monthly billing export: what each subscription costs in a calendar month, for the
//! telecom's invoice.
//!
//! Prorating rule: a subscription is charged for the UTC days of the month on which it was live
//! (from the day it was bought to the day before it was cancelled; `cancellation_requested` still
//! counts), less the days of its welcome trial. The charge is
//! `round_half_up((price − discount) × billable_days / days_in_month)`, where the discount is the
//! coupon's, if still in effect in that month (`once`: the first month only; `repeating`: its
//! months; `forever`). Seats are those of the subscription when the export runs.

use crate::commerce::{Subscription, SubscriptionStatus};
use crate::domain::Money;
use crate::ids::{PlanId, ProductId, SubscriptionId};
use serde::Serialize;
use time::{Date, Duration, Month, OffsetDateTime, Time};

/// One subscription's charge for the month.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Charge {
    pub subscription_id: SubscriptionId,
    pub product_id: ProductId,
    pub product_name: String,
    pub plan_id: PlanId,
    pub seats: u32,
    pub unit_price: Money,
    /// Monthly price of all seats.
    pub price: Money,
    /// Monthly discount in effect that month.
    pub discount: Money,
    pub trial_days_free: u32,
    pub billable_days: u32,
    #[cfg_attr(feature = "openapi", schema(minimum = 28, maximum = 31))]
    pub days_in_month: u32,
    pub amount: Money,
}

/// The first day of a `YYYY-MM` month.
pub fn parse_month(raw: &str) -> Option<Date> {
    let (year, month) = raw.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, 1).ok()
}

fn overlap(a: (Date, Date), b: (Date, Date)) -> i64 {
    let start = a.0.max(b.0);
    let end = a.1.min(b.1);
    (end - start).whole_days().max(0)
}

/// What `sub` costs in the month starting `month_start`; `None` if it was not live that month.
pub fn charge(sub: &Subscription, month_start: Date) -> Option<Charge> {
    let days_in_month = month_start.month().length(month_start.year()) as i64;
    let month = (month_start, month_start + Duration::days(days_in_month));
    let live_until = match (sub.status, sub.cancelled_at) {
        (SubscriptionStatus::Cancelled, Some(at)) => at.date(),
        (SubscriptionStatus::Cancelled, None) => sub.created_at.date(),
        _ => Date::MAX,
    };
    let live = (sub.created_at.date(), live_until);
    let live_days = overlap(month, live);
    if live_days == 0 {
        return None;
    }
    let trial_days = sub.trial_ends_at.map(|end| overlap(month, (sub.created_at.date(), end.date())).min(live_days)).unwrap_or(0);
    let billable = live_days - trial_days;
    let first_live_day = month.0.max(live.0);
    let price = sub.price();
    let discount = sub.discount_at(OffsetDateTime::new_utc(first_live_day, Time::MIDNIGHT).max(sub.created_at));
    let monthly = price.minus(discount);
    let amount = ((monthly.amount as i128 * billable as i128 * 2 + days_in_month as i128) / (2 * days_in_month as i128)) as i64;
    Some(Charge {
        subscription_id: sub.id.clone(),
        product_id: sub.product_id.clone(),
        product_name: sub.product_name.clone(),
        plan_id: sub.plan_id.clone(),
        seats: sub.seats,
        unit_price: sub.unit_price,
        price,
        discount,
        trial_days_free: trial_days as u32,
        billable_days: billable as u32,
        days_in_month: days_in_month as u32,
        amount: Money::ars(amount),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Duration as CouponDuration;
    use crate::commerce::subscription::SubscriptionDiscount;
    use crate::ids::{CompanyId, CouponCode, OrderId};
    use time::macros::{date, datetime};

    fn sub(created: OffsetDateTime, trial_days: i64, percent_bp: Option<i64>) -> Subscription {
        Subscription {
            id: SubscriptionId::new(),
            company_id: CompanyId::new(),
            order_id: OrderId::new(),
            product_id: ProductId::new(),
            plan_id: PlanId::parse("p").unwrap(),
            product_name: "App".into(),
            seats: 2,
            seats_assigned: 0,
            status: if trial_days > 0 { SubscriptionStatus::Trial } else { SubscriptionStatus::Active },
            trial_ends_at: (trial_days > 0).then(|| created + Duration::days(trial_days)),
            unit_price: Money::ars(1_000),
            discount: percent_bp.map(|bp| SubscriptionDiscount {
                code: CouponCode::parse("X").unwrap(),
                percent_off_bp: Some(bp),
                amount_off: None,
                duration: CouponDuration::Once,
                duration_in_months: None,
            }),
            created_at: created,
            cancelled_at: None,
        }
    }

    #[test]
    fn the_first_month_is_prorated_with_its_discount_and_later_months_are_whole() {
        let s = sub(datetime!(2026-11-25 15:00 UTC), 0, Some(2_000));
        let nov = charge(&s, date!(2026 - 11 - 01)).unwrap();
        // 6 of 30 days of (2.000 − 400).
        assert_eq!((nov.billable_days, nov.discount.amount, nov.amount.amount), (6, 400, 320));
        let dec = charge(&s, date!(2026 - 12 - 01)).unwrap();
        assert_eq!((dec.billable_days, dec.discount.amount, dec.amount.amount), (31, 0, 2_000));
        assert!(charge(&s, date!(2026 - 10 - 01)).is_none());
    }

    #[test]
    fn trial_days_are_free() {
        let s = sub(datetime!(2026-11-25 15:00 UTC), 30, None);
        let nov = charge(&s, date!(2026 - 11 - 01)).unwrap();
        assert_eq!((nov.trial_days_free, nov.billable_days, nov.amount.amount), (6, 0, 0));
        let dec = charge(&s, date!(2026 - 12 - 01)).unwrap();
        // The trial ends on 25 December: 24 free days, 7 billable.
        assert_eq!((dec.trial_days_free, dec.billable_days), (24, 7));
        assert_eq!(dec.amount.amount, (2_000 * 7 * 2 + 31) / 62);
    }

    #[test]
    fn a_cancelled_subscription_is_charged_until_the_day_before_cancelling() {
        let mut s = sub(datetime!(2026-10-01 00:00 UTC), 0, None);
        s.status = SubscriptionStatus::Cancelled;
        s.cancelled_at = Some(datetime!(2026-11-11 09:00 UTC));
        assert_eq!(charge(&s, date!(2026 - 11 - 01)).unwrap().billable_days, 10);
        assert!(charge(&s, date!(2026 - 12 - 01)).is_none());
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(parse_month("2026-02"), Some(date!(2026 - 02 - 01)));
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "", "2026-00"] {
            assert!(parse_month(bad).is_none(), "{bad}");
        }
    }
}
