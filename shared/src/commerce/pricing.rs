//! Pricing a cart: the quote the checkout page shows and the order charges, computed by one pure
//! function so both always agree to the cent. All amounts are per month.

use crate::catalog::Coupon;
use crate::domain::money::{sum, Money};
use crate::ids::{CouponCode, PlanId, ProductId, SubscriptionId};
use serde::{Deserialize, Serialize};

/// One priced line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteLine {
    pub product_id: ProductId,
    pub plan_id: PlanId,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub seats: u32,
    pub unit_price: Money,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    /// Free days of the welcome promotion this company gets on this line (0 if none).
    pub trial_days: u32,
    /// The subscription the line adds seats to (absent: a new subscription).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<SubscriptionId>,
}

/// The coupon part of a quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedCoupon {
    pub code: CouponCode,
    pub discount: Money,
}

/// The contract's `Quote`: all amounts per month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub subtotal: Money,
    pub discount: Money,
    /// Net of IVA, as catalog prices are.
    pub total: Money,
    /// `round_half_up(total × 21 %)`: what "Mi factura" will add on this total.
    pub iva: Money,
    /// `total + iva`.
    pub total_with_iva: Money,
    /// The coupon applied, `null` without one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub coupon: Option<AppliedCoupon>,
}

/// A line to price: the plan's monthly seat price, the seats, and the trial the company gets.
pub struct LineInput {
    pub product_id: ProductId,
    pub plan_id: PlanId,
    pub seats: u32,
    pub unit_price: Money,
    pub trial_days: u32,
    /// Seats added to an existing subscription (which keeps its own coupon terms: a new coupon
    /// never discounts them).
    pub subscription_id: Option<SubscriptionId>,
}

/// Prices the lines with an optional (already checked) coupon.
pub fn price(lines: Vec<LineInput>, coupon: Option<&Coupon>) -> Quote {
    let mut amount_left = coupon.and_then(|c| c.amount_off).unwrap_or(Money::zero());
    let lines: Vec<QuoteLine> = lines
        .into_iter()
        .map(|line| {
            let subtotal = line.unit_price.times(line.seats as i64);
            let discount = match coupon {
                Some(c) if c.covers(&line.product_id) && line.subscription_id.is_none() => match c.percent_off_bp {
                    Some(bp) => subtotal.percent_bp(bp),
                    None => {
                        let taken = amount_left.min(subtotal);
                        amount_left = amount_left.minus(taken);
                        taken
                    }
                },
                _ => Money::zero(),
            };
            QuoteLine {
                product_id: line.product_id,
                plan_id: line.plan_id,
                seats: line.seats,
                unit_price: line.unit_price,
                subtotal,
                discount,
                total: subtotal.minus(discount),
                trial_days: line.trial_days,
                subscription_id: line.subscription_id,
            }
        })
        .collect();
    let subtotal = sum(lines.iter().map(|l| l.subtotal));
    let discount = sum(lines.iter().map(|l| l.discount));
    let total = subtotal.minus(discount);
    let iva = super::billing::invoice::iva(total);
    Quote {
        subtotal,
        discount,
        total,
        iva,
        total_with_iva: total.plus(iva),
        coupon: coupon.map(|c| AppliedCoupon { code: c.code.clone(), discount }),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Duration;

    /// A product id for a one-letter name.
    fn pid(name: &str) -> ProductId {
        ProductId::parse(&format!("01KMR1CGMF3GWNFANHQBRYBPZ{name}")).unwrap()
    }

    fn line(product: &str, unit: i64, seats: u32) -> LineInput {
        LineInput {
            product_id: pid(product),
            plan_id: PlanId::parse("basic").unwrap(),
            seats,
            unit_price: Money::ars(unit),
            trial_days: 0,
            subscription_id: None,
        }
    }

    fn coupon(percent_bp: Option<i64>, amount: Option<i64>, products: Option<Vec<&str>>) -> Coupon {
        Coupon {
            code: CouponCode::parse("C").unwrap(),
            description: String::new(),
            percent_off_bp: percent_bp,
            amount_off: amount.map(Money::ars),
            duration: Duration::Once,
            duration_in_months: None,
            valid_from: None,
            valid_until: None,
            max_redemptions: None,
            times_redeemed: 0,
            product_ids: products.map(|p| p.into_iter().map(pid).collect()),
            min_order_amount: None,
            first_purchase_only: false,
            active: true,
        }
    }

    #[test]
    fn a_percentage_is_taken_per_line_and_totals_add_up() {
        let q = price(vec![line("A", 333, 3), line("B", 1_001, 1)], Some(&coupon(Some(2_000), None, None)));
        assert_eq!(q.lines[0].discount, Money::ars(200)); // 999 × 20 % = 199.8 → 200
        assert_eq!(q.lines[1].discount, Money::ars(200)); // 1001 × 20 % = 200.2 → 200
        assert_eq!(q.subtotal, Money::ars(2_000));
        assert_eq!(q.discount, Money::ars(400));
        assert_eq!(q.total, Money::ars(1_600));
        assert_eq!(q.coupon.unwrap().discount, Money::ars(400));
    }

    #[test]
    fn a_fixed_amount_is_spread_over_eligible_lines_and_never_exceeds_them() {
        let q = price(vec![line("A", 500, 1), line("B", 500, 1), line("C", 500, 1)], Some(&coupon(None, Some(800), Some(vec!["A", "C"]))));
        let discounts: Vec<i64> = q.lines.iter().map(|l| l.discount.amount).collect();
        assert_eq!(discounts, [500, 0, 300]);
        let huge = price(vec![line("A", 500, 1)], Some(&coupon(None, Some(10_000), None)));
        assert_eq!(huge.total, Money::zero());
    }

    #[test]
    fn without_a_coupon_nothing_is_discounted() {
        let q = price(vec![line("A", 1_234, 7)], None);
        assert_eq!((q.subtotal, q.discount, q.total), (Money::ars(8_638), Money::zero(), Money::ars(8_638)));
        assert!(q.coupon.is_none());
    }

    #[test]
    fn totals_are_always_the_sum_of_their_lines() {
        // A small exhaustive sweep in place of a property test: many prices, seats and percentages.
        for unit in [1, 7, 99, 1_001, 123_457] {
            for seats in [1, 2, 3, 17] {
                for bp in [1, 333, 1_250, 5_000, 9_999, 10_000] {
                    let q = price(vec![line("A", unit, seats), line("B", unit + 1, seats)], Some(&coupon(Some(bp), None, None)));
                    assert_eq!(q.total.amount, q.lines.iter().map(|l| l.total.amount).sum::<i64>());
                    assert!(q.lines.iter().all(|l| l.discount.amount <= l.subtotal.amount && l.total.amount >= 0));
                }
            }
        }
    }
}
