//! A cart turned into a purchase, the same way for an admin's order and an approved delegated one:
//! priced against what was read for it, checked against the total the buyer saw and the spend
//! limits, and made into the order, the subscriptions it starts and the seats it adds.

use super::billing::table::catch_up;
use super::cart::Cart;
use super::order::{Order, OrderStatus};
use super::pricing::{self, LineInput, Quote};
use super::spend::Ledger;
use super::subscription::{SeatLot, Subscription, SubscriptionDiscount, SubscriptionStatus};
use super::table::{CartContext, Increase};
use crate::app::App;
use crate::catalog::{Coupon, CouponContext};
use crate::domain::{Money, Month};
use crate::error::{AppError, AppResult, CouponRefusal, FieldError};
use crate::identity::Company;
use crate::ids::{CompanyId, OrderId, ProductId, SubscriptionId, UserId};
use time::{Duration, OffsetDateTime};

/// A priced cart: the quote and what the order needs to be written.
pub struct Priced {
    pub quote: Quote,
    pub coupon: Option<Coupon>,
    pub context: CartContext,
}

/// The line `line` of a cart, priced, or what is wrong with it.
fn line_input(context: &CartContext, cart: &Cart, i: usize, errors: &mut Vec<FieldError>) -> Option<LineInput> {
    let line = &cart.lines[i];
    let at = |f: &str| format!("items[{i}].{f}");
    let existing = match &line.subscription_id {
        None => None,
        Some(id) => match context.subscriptions.get(id) {
            None => {
                errors.push(FieldError::new(at("subscription_id"), "Esa suscripción no es de la empresa."));
                return None;
            }
            Some(sub) if !sub.is_live() => {
                errors.push(FieldError::new(at("subscription_id"), "La suscripción está cancelada."));
                return None;
            }
            Some(sub) if sub.product_id != line.product_id || sub.plan_id != line.plan_id => {
                let field = if sub.product_id != line.product_id { "product_id" } else { "plan_id" };
                errors.push(FieldError::new(at(field), "No es el producto y plan de la suscripción."));
                return None;
            }
            Some(sub) => Some(sub),
        },
    };
    // Seats added to a subscription may be of a product no longer in the catalog's list.
    let Some(product) = context.products.get(&line.product_id).filter(|p| p.active || existing.is_some()) else {
        errors.push(FieldError::new(at("product_id"), "Ese producto no está en el catálogo."));
        return None;
    };
    let Some(plan) = product.plan(&line.plan_id) else {
        errors.push(FieldError::new(at("plan_id"), "Ese plan no existe para el producto."));
        return None;
    };
    if existing.is_some_and(|s| s.seats + line.seats > super::cart::MAX_SEATS) {
        errors.push(FieldError::new(at("seats"), format!("Una suscripción tiene hasta {} licencias.", super::cart::MAX_SEATS)));
        return None;
    }
    let first_of_product = existing.is_none() && !context.trials_used.contains(&line.product_id);
    Some(LineInput {
        product_id: line.product_id.clone(),
        plan_id: line.plan_id.clone(),
        seats: line.seats,
        unit_price: plan.price,
        trial_days: if first_of_product { plan.trial_days } else { 0 },
        subscription_id: line.subscription_id.clone(),
    })
}

/// Prices `cart` against what `table::load_cart` read for it: every product must be in the
/// catalog with that plan (seats added to a subscription: that subscription's, live); the coupon,
/// if any, must pass every rule; trials go to the company's first subscription of each product.
pub fn price(context: CartContext, cart: &Cart, now: OffsetDateTime) -> AppResult<Priced> {
    let mut errors = Vec::new();
    let lines: Vec<LineInput> = (0..cart.lines.len()).filter_map(|i| line_input(&context, cart, i, &mut errors)).collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let coupon = match &cart.coupon_code {
        None => None,
        Some(_) => {
            let coupon = context.coupon.clone().ok_or(AppError::Coupon(CouponRefusal::Invalid))?;
            let subtotal = crate::domain::money::sum(lines.iter().map(|l| l.unit_price.times(i64::from(l.seats))));
            coupon
                .check(&CouponContext {
                    now,
                    order_subtotal: subtotal,
                    product_ids: &cart.product_ids(),
                    already_redeemed: context.coupon_redeemed_by_company,
                    first_purchase: context.company.as_ref().is_none_or(|c| c.orders_count == 0),
                })
                .map_err(AppError::Coupon)?;
            Some(coupon)
        }
    };
    let quote = pricing::price(lines, coupon.as_ref());
    Ok(Priced { quote, coupon, context })
}

/// `price_changed` when the buyer expected another total than the priced one.
pub fn check_expected(expected: Option<Money>, priced: &Priced) -> AppResult<()> {
    match expected {
        Some(e) if e != priced.quote.total => Err(AppError::PriceChanged { expected: e.amount, current: priced.quote.total.amount }),
        _ => Ok(()),
    }
}

/// `SpendLimitExceeded` when the priced total would pass one of the company's limits as of the
/// ledger read (the purchase's transaction re-checks it atomically).
pub fn spend_check(company: &Company, ledger: &Ledger, priced: &Priced) -> AppResult<()> {
    if ledger.fits(company, priced.quote.total) {
        Ok(())
    } else {
        Err(AppError::SpendLimitExceeded)
    }
}

/// A new order from a priced cart; a completed order gets its subscription ids now (a new one per
/// new subscription, the existing one where seats are added).
pub fn new_order(company: &CompanyId, created_by: &UserId, status: OrderStatus, priced: &Priced, now: OffsetDateTime) -> Order {
    let quote = &priced.quote;
    let subscription_ids = if status == OrderStatus::Completed {
        quote.lines.iter().map(|l| l.subscription_id.clone().unwrap_or_else(SubscriptionId::new)).collect()
    } else {
        Vec::new()
    };
    Order {
        id: OrderId::new(),
        company_id: company.clone(),
        status,
        lines: quote.lines.clone(),
        subtotal: quote.subtotal,
        discount: quote.discount,
        total: quote.total,
        coupon_code: priced.coupon.as_ref().map(|c| c.code.clone()),
        created_by: created_by.clone(),
        created_at: now,
        subscription_ids,
        decided_by: None,
        decided_at: None,
        reason: None,
        notify_email: None,
    }
}

/// The new subscriptions an order's lines start.
pub fn subscriptions_for(order: &Order, priced: &Priced, now: OffsetDateTime) -> Vec<Subscription> {
    order
        .lines
        .iter()
        .zip(&order.subscription_ids)
        .filter(|(line, _)| line.subscription_id.is_none())
        .map(|(line, id)| {
            let product_name = priced.context.products.get(&line.product_id).map(|p| p.name.clone()).unwrap_or_default();
            let discount = priced.coupon.as_ref().filter(|_| line.discount.amount > 0).map(|c| SubscriptionDiscount {
                code: c.code.clone(),
                percent_off_bp: c.percent_off_bp,
                amount_off: c.percent_off_bp.is_none().then_some(line.discount),
                duration: c.duration,
                duration_in_months: c.duration_in_months,
            });
            Subscription {
                id: id.clone(),
                company_id: order.company_id.clone(),
                order_id: order.id.clone(),
                product_id: line.product_id.clone(),
                plan_id: line.plan_id.clone(),
                product_name,
                seats: line.seats,
                seats_assigned: 0,
                status: if line.trial_days > 0 { SubscriptionStatus::Trial } else { SubscriptionStatus::Active },
                trial_ends_at: (line.trial_days > 0).then(|| now + Duration::days(i64::from(line.trial_days))),
                unit_price: line.unit_price,
                discount,
                created_at: now,
                cancelled_at: None,
                lots: vec![SeatLot { seats: line.seats, unit_price: line.unit_price }],
                version: 0,
                billed_through: Some(Month::of(now)),
            }
        })
        .collect()
}

/// The seats an order's lines add to existing subscriptions, each subscription's quiet months
/// recorded first so that the order's transaction only adds this month's events.
pub(crate) async fn increases_for(app: &App, order: &Order, priced: &Priced, now: OffsetDateTime) -> AppResult<Vec<Increase>> {
    let mut increases = Vec::new();
    for line in &order.lines {
        let Some(sub) = line.subscription_id.as_ref().and_then(|id| priced.context.subscriptions.get(id)) else { continue };
        let before = catch_up(&app.db, sub.clone(), Month::of(now), 0).await?;
        increases.push(Increase { seats: before.seats + line.seats, before, unit_price: line.unit_price, at: now });
    }
    Ok(increases)
}

/// The products of an order whose welcome trial it uses.
pub fn trials_of(order: &Order) -> Vec<ProductId> {
    order.lines.iter().filter(|l| l.trial_days > 0).map(|l| l.product_id.clone()).collect()
}

/// What an order's audit entry says: the order, its lines and its total.
pub fn audit_detail(order: &Order) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = order
        .lines
        .iter()
        .map(|l| serde_json::json!({ "product_id": l.product_id, "plan_id": l.plan_id, "seats": l.seats, "subscription_id": l.subscription_id, "total": l.total }))
        .collect();
    serde_json::json!({ "lines": lines, "total": order.total, "coupon_code": order.coupon_code })
}
