//! Discount coupons, with Stripe's well-understood rules: a percentage or a fixed amount off, for
//! one month, some months or forever, inside a validity window, up to a number of redemptions
//! store-wide, at most once per company, optionally only for some products, above a minimum order
//! or on a company's first purchase.

use crate::db::{Entity, Record};
use crate::domain::Money;
pub use crate::error::CouponRefusal;
use crate::ids::{CouponCode, ProductId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Duration {
    /// The first month only.
    Once,
    /// `duration_in_months` months.
    Repeating,
    Forever,
}

/// A coupon as stored. `percent_off` is kept in basis points (2 decimals of a percent).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coupon {
    /// Upper-cased: codes compare case-insensitively.
    pub code: CouponCode,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_off_bp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Money>,
    pub duration: Duration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_in_months: Option<u32>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_redemptions: Option<u32>,
    pub times_redeemed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<ProductId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_order_amount: Option<Money>,
    pub first_purchase_only: bool,
    pub active: bool,
}

impl Record for Coupon {
    const ENTITY: Entity = Entity::Coupon;
}

/// What the checks need to know about the company and the cart.
pub struct CouponContext<'a> {
    pub now: OffsetDateTime,
    pub order_subtotal: Money,
    pub product_ids: &'a [&'a ProductId],
    pub already_redeemed: bool,
    pub first_purchase: bool,
}

impl Coupon {
    /// A new, active coupon with no discount yet and no conditions.
    pub fn new(code: CouponCode, duration: Duration) -> Coupon {
        Coupon {
            code,
            description: String::new(),
            percent_off_bp: None,
            amount_off: None,
            duration,
            duration_in_months: None,
            valid_from: None,
            valid_until: None,
            max_redemptions: None,
            times_redeemed: 0,
            product_ids: None,
            min_order_amount: None,
            first_purchase_only: false,
            active: true,
        }
    }

    /// Runs every rule, in the order a person would want to hear about them.
    pub fn check(&self, ctx: &CouponContext<'_>) -> Result<(), CouponRefusal> {
        if !self.active {
            return Err(CouponRefusal::Invalid);
        }
        if self.valid_from.is_some_and(|from| ctx.now < from) || self.valid_until.is_some_and(|until| ctx.now > until) {
            return Err(CouponRefusal::Expired);
        }
        if self.max_redemptions.is_some_and(|max| self.times_redeemed >= max) {
            return Err(CouponRefusal::Exhausted);
        }
        if ctx.already_redeemed {
            return Err(CouponRefusal::AlreadyUsed);
        }
        let applies_to_cart = match &self.product_ids {
            Some(ids) => ctx.product_ids.iter().any(|p| ids.contains(p)),
            None => true,
        };
        let enough = self.min_order_amount.is_none_or(|min| ctx.order_subtotal.amount >= min.amount);
        if !applies_to_cart || !enough || (self.first_purchase_only && !ctx.first_purchase) {
            return Err(CouponRefusal::NotApplicable);
        }
        Ok(())
    }

    /// Whether the coupon discounts a line of this product.
    pub fn covers(&self, product_id: &ProductId) -> bool {
        self.product_ids.as_ref().is_none_or(|ids| ids.contains(product_id))
    }

    /// Whether two coupons give the same discount (the terms that cannot change once redeemed).
    pub fn same_terms(&self, other: &Coupon) -> bool {
        self.percent_off_bp == other.percent_off_bp
            && self.amount_off == other.amount_off
            && self.duration == other.duration
            && self.duration_in_months == other.duration_in_months
            && self.product_ids == other.product_ids
            && self.min_order_amount == other.min_order_amount
            && self.first_purchase_only == other.first_purchase_only
    }
}

/// The contract's `Coupon`: `percent_off` as a number with up to two decimals. Exactly one of
/// `percent_off` and `amount_off` is present.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Coupon))]
pub struct CouponView {
    pub code: CouponCode,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0, maximum = 100))]
    pub percent_off: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Money>,
    pub duration: Duration,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 36))]
    pub duration_in_months: Option<u32>,
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub valid_from: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub valid_until: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub max_redemptions: Option<u32>,
    pub times_redeemed: u32,
    /// The products it discounts; all when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub product_ids: Option<Vec<ProductId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_order_amount: Option<Money>,
    pub first_purchase_only: bool,
    pub active: bool,
}

impl From<&Coupon> for CouponView {
    fn from(c: &Coupon) -> Self {
        CouponView {
            code: c.code.clone(),
            description: c.description.clone(),
            percent_off: c.percent_off_bp.map(|bp| bp as f64 / 100.0),
            amount_off: c.amount_off,
            duration: c.duration,
            duration_in_months: c.duration_in_months,
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            max_redemptions: c.max_redemptions,
            times_redeemed: c.times_redeemed,
            product_ids: c.product_ids.clone(),
            min_order_amount: c.min_order_amount,
            first_purchase_only: c.first_purchase_only,
            active: c.active,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coupon() -> Coupon {
        Coupon {
            code: CouponCode::parse("X").unwrap(),
            description: String::new(),
            percent_off_bp: Some(2_000),
            amount_off: None,
            duration: Duration::Once,
            duration_in_months: None,
            valid_from: None,
            valid_until: None,
            max_redemptions: Some(3),
            times_redeemed: 0,
            product_ids: Some(vec![p1()]),
            min_order_amount: Some(Money::ars(1_000)),
            first_purchase_only: true,
            active: true,
        }
    }

    fn p1() -> ProductId {
        ProductId::parse("01KMR1CGMF3GWNFANHQBRYBPZJ").unwrap()
    }

    fn p2() -> ProductId {
        ProductId::parse("01KMR301Z6D7S9DX7VW94EDFBF").unwrap()
    }

    fn ctx<'a>(now: OffsetDateTime, products: &'a [&'a ProductId]) -> CouponContext<'a> {
        CouponContext { now, order_subtotal: Money::ars(5_000), product_ids: products, already_redeemed: false, first_purchase: true }
    }

    #[test]
    fn each_rule_has_its_own_refusal() {
        let now = OffsetDateTime::now_utc();
        let (p1, p2) = (p1(), p2());
        let (one, other) = ([&p1], [&p2]);
        let ctx = |now| ctx(now, &one);
        assert_eq!(coupon().check(&ctx(now)), Ok(()));
        assert_eq!(Coupon { active: false, ..coupon() }.check(&ctx(now)), Err(CouponRefusal::Invalid));
        let past = Coupon { valid_until: Some(now - time::Duration::days(1)), ..coupon() };
        assert_eq!(past.check(&ctx(now)), Err(CouponRefusal::Expired));
        let future = Coupon { valid_from: Some(now + time::Duration::days(1)), ..coupon() };
        assert_eq!(future.check(&ctx(now)), Err(CouponRefusal::Expired));
        assert_eq!(Coupon { times_redeemed: 3, ..coupon() }.check(&ctx(now)), Err(CouponRefusal::Exhausted));
        assert_eq!(coupon().check(&CouponContext { already_redeemed: true, ..ctx(now) }), Err(CouponRefusal::AlreadyUsed));
        assert_eq!(coupon().check(&CouponContext { product_ids: &other, ..ctx(now) }), Err(CouponRefusal::NotApplicable));
        assert_eq!(coupon().check(&CouponContext { order_subtotal: Money::ars(999), ..ctx(now) }), Err(CouponRefusal::NotApplicable));
        assert_eq!(coupon().check(&CouponContext { first_purchase: false, ..ctx(now) }), Err(CouponRefusal::NotApplicable));
    }
}
