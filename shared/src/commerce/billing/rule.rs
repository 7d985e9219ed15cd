//! The billing rule, pure: what one subscription costs in one calendar month, from its month record.
//!
//! - A UTC day bills the most the subscription held at any moment of it: the state the day opened
//!   with and the state after each of its events, the most seats and the highest monthly price
//!   among them. So seats added count from the day they were added, seats given back from the
//!   next day, and a cancelled subscription stops billing the day after its cancellation.
//! - A day of the welcome trial (before the day the trial ends) is free.
//! - A day costs its monthly price ÷ the days of the month, less the coupon's discount if it is in
//!   effect that month (a percentage of the day's price; a fixed amount per month, spread the same
//!   way, never more than the price).
//! - The month's amount is the sum of its days, rounded half up to the centavo once:
//!   `amount = round_half_up(Σ_days (price − discount) / days_in_month)`; `subtotal` is the same
//!   sum without the discount, rounded once, and `discount = subtotal − amount`.

use super::record::{MonthRecord, SeatState};
use crate::commerce::subscription::SubscriptionDiscount;
use crate::domain::Money;
use crate::ids::{PlanId, ProductId, SubscriptionId};
use serde::{Deserialize, Serialize};
use time::{Duration, Time};

/// One subscription's charge for a month: a line of the export and of the statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Charge {
    pub subscription_id: SubscriptionId,
    pub product_id: ProductId,
    pub product_name: String,
    pub plan_id: PlanId,
    /// The most seats held at any moment of the month.
    pub seats: u32,
    /// Σ over the billable days of the most seats held that day.
    pub seat_days: u64,
    /// The monthly price of a seat, when every seat of the month had the same; `null` otherwise.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub unit_price: Option<Money>,
    #[cfg_attr(feature = "openapi", schema(minimum = 28, maximum = 31))]
    pub days_in_month: u8,
    /// Days the subscription was live, in its welcome trial.
    pub trial_days_free: u8,
    /// Days the subscription was live and billed.
    pub billable_days: u8,
    /// `round_half_up(Σ_days price / days_in_month)`.
    pub subtotal: Money,
    /// `subtotal − amount`.
    pub discount: Money,
    /// `round_half_up(Σ_days (price − discount) / days_in_month)`.
    pub amount: Money,
}

/// `round_half_up(numerator / denominator)` for non-negative amounts.
pub fn round_half_up(numerator: i128, denominator: i128) -> i64 {
    if denominator <= 0 {
        return 0;
    }
    let (quotient, remainder) = (numerator / denominator, numerator % denominator);
    let rounded = if remainder * 2 >= denominator { quotient + 1 } else { quotient };
    rounded.clamp(0, i128::from(i64::MAX)) as i64
}

/// Basis-point scale of the discount arithmetic (a day's price is counted in 1/10 000 centavo).
const SCALE: i128 = 10_000;

/// What `record` costs in its month; `None` when the subscription held nothing in it.
pub fn charge(record: &MonthRecord) -> Option<Charge> {
    let first = record.month.first_day()?;
    let days = record.month.days();
    let discount = record.terms.discount_in(record.month);
    let free_before = record.terms.trial_ends_at.map(|end| end.date());
    let mut events = record.events.iter().peekable();
    let mut state = record.opening.unwrap_or(SeatState::NONE);
    let mut unit = UnitPrice::default();
    let mut tally = Tally::default();
    for offset in 0..days {
        let day = first.checked_add(Duration::days(i64::from(offset)))?;
        let (starts, ends) = (day.with_time(Time::MIDNIGHT).assume_utc(), day.next_day()?.with_time(Time::MIDNIGHT).assume_utc());
        // What happened by the day's first instant (at midnight exactly, or before the month)
        // is where the day starts.
        while let Some(e) = events.next_if(|e| e.at <= starts) {
            state = e.state();
        }
        let mut held = state;
        unit.see(state);
        while let Some(e) = events.next_if(|e| e.at < ends) {
            state = e.state();
            unit.see(state);
            held = SeatState { seats: held.seats.max(state.seats), monthly: Money::ars(held.monthly.amount.max(state.monthly.amount)) };
        }
        if held.seats == 0 {
            continue;
        }
        tally.peak = tally.peak.max(held.seats);
        if free_before.is_some_and(|end| day < end) {
            tally.trial += 1;
        } else {
            tally.bill(held, discount);
        }
    }
    tally.into_charge(record, unit, days)
}

/// What the days of a month add up to: the most seats held on a day, the seat-days and days billed,
/// the trial days, and the sum of the days' monthly prices before and after the discount (the
/// latter in 1/[`SCALE`] centavos).
#[derive(Default)]
struct Tally {
    peak: u32,
    seat_days: u64,
    trial: u8,
    billable: u8,
    gross: i128,
    net: i128,
}

impl Tally {
    /// A billed day holding `held`.
    fn bill(&mut self, held: SeatState, discount: Option<&SubscriptionDiscount>) {
        self.billable += 1;
        self.seat_days += u64::from(held.seats);
        let price = i128::from(held.monthly.amount);
        let off = match discount.map(|d| (d.percent_off_bp, d.amount_off)) {
            Some((Some(bp), _)) => price * i128::from(bp),
            Some((None, Some(amount))) => i128::from(amount.amount).min(price) * SCALE,
            _ => 0,
        };
        self.gross += price;
        self.net += price * SCALE - off.min(price * SCALE);
    }

    /// The month's charge: each sum divided by the month's days, rounded half up.
    fn into_charge(self, record: &MonthRecord, unit: UnitPrice, days: u8) -> Option<Charge> {
        if self.peak == 0 {
            return None;
        }
        let subtotal = round_half_up(self.gross, i128::from(days));
        let amount = round_half_up(self.net, SCALE * i128::from(days));
        let terms = &record.terms;
        Some(Charge {
            subscription_id: terms.subscription_id.clone(),
            product_id: terms.product_id.clone(),
            product_name: terms.product_name.clone(),
            plan_id: terms.plan_id.clone(),
            seats: self.peak,
            seat_days: self.seat_days,
            unit_price: unit.single(),
            days_in_month: days,
            trial_days_free: self.trial,
            billable_days: self.billable,
            subtotal: Money::ars(subtotal),
            discount: Money::ars(subtotal - amount),
            amount: Money::ars(amount),
        })
    }
}

/// The seat price the month's states share, if they share one.
#[derive(Default)]
enum UnitPrice {
    #[default]
    Unseen,
    One(Money),
    Mixed,
}

impl UnitPrice {
    fn see(&mut self, state: SeatState) {
        if state.seats == 0 {
            return;
        }
        let each = state.monthly.amount / i64::from(state.seats);
        let whole = each * i64::from(state.seats) == state.monthly.amount;
        *self = match self {
            _ if !whole => UnitPrice::Mixed,
            UnitPrice::Unseen => UnitPrice::One(Money::ars(each)),
            UnitPrice::One(u) if u.amount == each => UnitPrice::One(*u),
            _ => UnitPrice::Mixed,
        };
    }

    fn single(&self) -> Option<Money> {
        match self {
            UnitPrice::One(u) => Some(*u),
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "rule_tests.rs"]
mod tests;
