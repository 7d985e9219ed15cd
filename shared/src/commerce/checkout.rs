//! Buying: a cart priced against the catalog and a coupon (the quote), and turned into an order
//! exactly once per `Idempotency-Key`. A quote is one round trip (the cart's reads go with the
//! session check); an order two (the same, then one transaction).

use super::cart::{Cart, CartRequest};
use super::emails;
use super::order::{Order, OrderStatus, OrderView};
use super::pricing::{self, LineInput, Quote};
use super::spend::{self, Ledger};
use super::subscription::{Subscription, SubscriptionDiscount, SubscriptionStatus};
use super::table::{self, CartContext, IdempotencyRecord, OrderRefusal, OrderWrite, SpendCharge};
use crate::app::App;
use crate::catalog::{Coupon, CouponContext};
use crate::change::Change;
use crate::error::{AppError, AppResult, CouponRefusal, FieldError};
use crate::identity::{table as people_table, Bearer, Company, UserRecord, ADMIN};
use crate::ids::{CompanyId, OrderId, ProductId, SubscriptionId, UserId};
use crate::observe::{count, Metric};
use time::{Duration, OffsetDateTime};

/// A priced cart: the quote and what the order needs to be written.
pub struct Priced {
    pub quote: Quote,
    pub coupon: Option<Coupon>,
    pub context: CartContext,
}

/// Prices `cart` against what [`table::load_cart`] read for it: every product must be in the
/// catalog with that plan; the coupon, if any, must pass every rule; trials go to the company's
/// first subscription of each product.
pub fn price(context: CartContext, cart: &Cart, now: OffsetDateTime) -> AppResult<Priced> {
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in cart.lines.iter().enumerate() {
        let Some(product) = context.products.get(&line.product_id).filter(|p| p.active) else {
            errors.push(FieldError::new(format!("items[{i}].product_id"), "Ese producto no está en el catálogo."));
            continue;
        };
        let Some(plan) = product.plan(&line.plan_id) else {
            errors.push(FieldError::new(format!("items[{i}].plan_id"), "Ese plan no existe para el producto."));
            continue;
        };
        let trial_days = if context.trials_used.contains(&line.product_id) { 0 } else { plan.trial_days };
        lines.push(LineInput {
            product_id: line.product_id.clone(),
            plan_id: line.plan_id.clone(),
            seats: line.seats,
            unit_price: plan.price,
            trial_days,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let coupon = match &cart.coupon_code {
        None => None,
        Some(_) => {
            let coupon = context.coupon.clone().ok_or(AppError::Coupon(CouponRefusal::Invalid))?;
            let subtotal = pricing::price(copy_lines(&lines), None).subtotal;
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

fn copy_lines(lines: &[LineInput]) -> Vec<LineInput> {
    lines
        .iter()
        .map(|l| LineInput {
            product_id: l.product_id.clone(),
            plan_id: l.plan_id.clone(),
            seats: l.seats,
            unit_price: l.unit_price,
            trial_days: l.trial_days,
        })
        .collect()
}

/// `POST /checkout/quote`: what the cart costs this company now.
pub async fn quote(app: &App, bearer: &Bearer, request: AppResult<CartRequest>) -> AppResult<Quote> {
    let cart = bearer.admit(app, ADMIN, request.and_then(Cart::try_from)).await?;
    let products = cart.product_ids();
    let read = table::load_cart(&app.db, bearer.company_id(), &products, cart.coupon_code.as_ref(), None);
    let (_, context) = bearer.with(app, ADMIN, read).await?;
    Ok(price(context, &cart, app.now())?.quote)
}

/// A new order from a priced cart; a completed order gets its subscription ids now.
pub fn new_order(company: &CompanyId, created_by: &UserId, status: OrderStatus, priced: &Priced, now: OffsetDateTime) -> Order {
    let quote = &priced.quote;
    let subscription_ids =
        if status == OrderStatus::Completed { quote.lines.iter().map(|_| SubscriptionId::new()).collect() } else { Vec::new() };
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

/// The subscriptions an order's lines become.
pub fn subscriptions_for(order: &Order, priced: &Priced, now: OffsetDateTime) -> Vec<Subscription> {
    order
        .lines
        .iter()
        .zip(&order.subscription_ids)
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
            }
        })
        .collect()
}

/// The products of an order whose welcome trial it uses.
pub fn trials_of(order: &Order) -> Vec<ProductId> {
    order.lines.iter().filter(|l| l.trial_days > 0).map(|l| l.product_id.clone()).collect()
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

/// The order an earlier request under the same key placed: the same answer for the same body,
/// `idempotency_conflict` for another.
pub async fn replay(app: &App, company: &CompanyId, record: &IdempotencyRecord, fingerprint: &str) -> AppResult<Order> {
    if record.request_hash != fingerprint {
        return Err(AppError::IdempotencyConflict);
    }
    table::get_order(&app.db, company, &record.order_id).await?.ok_or(AppError::Conflict)
}

/// After a refusal because the key was taken by a concurrent twin: the order the twin placed.
pub async fn replay_twin(app: &App, company: &CompanyId, key: &str, fingerprint: &str) -> AppResult<Order> {
    let again = table::load_cart(&app.db, company, &[], None, Some(key)).await?;
    replay(app, company, &again.idempotency.ok_or(AppError::Conflict)?, fingerprint).await
}

/// What an order's first round trip reads besides the session, all at once: the cart (and an
/// earlier request under the key), the company's spend ledger and its admins (for the email).
pub async fn order_reads(
    app: &App,
    company: &CompanyId,
    cart: &Cart,
    key: &str,
    today: time::Date,
) -> AppResult<(CartContext, Ledger, Vec<UserRecord>)> {
    let products = cart.product_ids();
    tokio::try_join!(
        table::load_cart(&app.db, company, &products, cart.coupon_code.as_ref(), Some(key)),
        spend::ledger(&app.db, company, today),
        people_table::company_admins(&app.db, company),
    )
}

/// `POST /orders`: an admin's purchase, priced, written once per `Idempotency-Key` (a retry with
/// the same body answers the same order), and announced to the company's admins.
pub async fn place_order(app: &App, bearer: &Bearer, key: AppResult<String>, request: AppResult<CartRequest>) -> AppResult<OrderView> {
    let input = key.and_then(|k| Ok((k, Cart::try_from(request?)?)));
    let (key, cart) = bearer.admit(app, ADMIN, input).await?;
    let now = app.now();
    let (caller, (context, ledger, admins)) =
        bearer.with(app, ADMIN, order_reads(app, bearer.company_id(), &cart, &key, now.date())).await?;
    let company_id = caller.company_id().clone();
    let fingerprint = cart.fingerprint();
    if let Some(existing) = &context.idempotency {
        return replay(app, &company_id, existing, &fingerprint).await.map(|o| OrderView::from(&o));
    }
    let priced = price(context, &cart, now)?;
    let company = priced.context.company.clone().ok_or(AppError::NotFound)?;
    spend_check(&company, &ledger, &priced)?;
    let order = new_order(&company_id, caller.user_id(), OrderStatus::Completed, &priced, now);
    let subscriptions = subscriptions_for(&order, &priced, now);
    let trials = trials_of(&order);
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let mut change = Change::new(OrderRefusal::Conflict);
    table::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &order,
            subscriptions: &subscriptions,
            redeem: priced.coupon.as_ref(),
            trials: &trials,
            idempotency: Some((&key, &record)),
            count_purchase: true,
            must_be_first: priced.coupon.as_ref().is_some_and(|c| c.first_purchase_only),
            approves_pending: false,
            spend: Some(SpendCharge { company: &company, ledger: Some(&ledger), today: now.date() }),
        },
    )?;
    for letter in emails::purchase(&app.mailer, &company.name, &admins, &order, &priced.context.products)? {
        change.send(letter);
    }
    match change.run(app).await? {
        Ok(()) => {}
        Err(OrderRefusal::KeyTaken) => return replay_twin(app, &company_id, &key, &fingerprint).await.map(|o| OrderView::from(&o)),
        Err(refusal) => return Err(refusal.into()),
    }
    count(Metric::Orders, 1);
    count(Metric::SeatsAdded, order.lines.iter().map(|l| u64::from(l.seats)).sum());
    Ok(OrderView::from(&order))
}
