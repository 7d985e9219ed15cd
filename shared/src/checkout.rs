//! Buying: the cart a front end sends, priced against the catalog and a coupon, and turned into an
//! order exactly once per `Idempotency-Key`. Used by an admin's own purchases and, with approval,
//! by a sales rep's delegated ones.

use crate::app::App;
use crate::domain::coupon::CouponContext;
use crate::domain::order::SubscriptionDiscount;
use crate::domain::pricing::{self, LineInput, Quote};
use crate::domain::{ids, Company, Coupon, Order, OrderStatus, Subscription, SubscriptionStatus, UserRecord};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::orders::{CartContext, IdempotencyRecord, OrderRefusal, OrderWrite, SpendCharge};
use crate::store::spend::{self, Ledger};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// Most lines one order may have (keeps the order's transaction well under 100 items).
pub const MAX_LINES: usize = 20;
/// Most seats of one line.
pub const MAX_SEATS: u32 = 10_000;

/// The body of `POST /checkout/quote` and `POST /orders`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CartBody {
    pub items: Vec<CartItem>,
    #[serde(default)]
    pub coupon_code: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CartItem {
    pub product_id: String,
    pub plan_id: String,
    pub seats: i64,
}

/// A cart whose shape is valid (not yet checked against the catalog).
#[derive(Debug, Clone, Serialize)]
pub struct Cart {
    pub items: Vec<(String, String, u32)>,
    /// Upper-cased.
    pub coupon_code: Option<String>,
}

impl TryFrom<CartBody> for Cart {
    type Error = AppError;

    fn try_from(body: CartBody) -> Result<Cart, AppError> {
        let mut errors = Vec::new();
        if body.items.is_empty() || body.items.len() > MAX_LINES {
            errors.push(FieldError::new("items", format!("Un pedido lleva de 1 a {MAX_LINES} productos.")));
        }
        let mut items = Vec::new();
        for (i, item) in body.items.iter().enumerate() {
            let at = |f: &str| format!("items[{i}].{f}");
            if !(1..=MAX_SEATS as i64).contains(&item.seats) {
                errors.push(FieldError::new(at("seats"), format!("Las licencias van de 1 a {MAX_SEATS}.")));
            }
            for (name, value) in [("product_id", &item.product_id), ("plan_id", &item.plan_id)] {
                if value.trim().is_empty() || value.len() > 64 {
                    errors.push(FieldError::new(at(name), "Falta o no es válido."));
                }
            }
            if body.items[..i].iter().any(|o| o.product_id == item.product_id) {
                errors.push(FieldError::new(at("product_id"), "El producto está repetido en el pedido."));
            }
            items.push((item.product_id.clone(), item.plan_id.clone(), item.seats.clamp(0, MAX_SEATS as i64) as u32));
        }
        let coupon_code = body.coupon_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_uppercase);
        if coupon_code.as_ref().is_some_and(|c| c.len() > 64) {
            errors.push(FieldError::new("coupon_code", "El código es demasiado largo."));
        }
        if errors.is_empty() {
            Ok(Cart { items, coupon_code })
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

impl Cart {
    /// A stable fingerprint of the request, to tell a retry from another order under the same key.
    pub fn fingerprint(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        base64_url(&Sha256::digest(bytes))
    }

    fn product_ids(&self) -> Vec<&str> {
        self.items.iter().map(|(p, _, _)| p.as_str()).collect()
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A priced cart: the quote and what the order needs to be written.
pub struct Priced {
    pub quote: Quote,
    pub coupon: Option<Coupon>,
    pub context: CartContext,
}

/// Prices a cart for a company: every product must be in the catalog with that plan; the coupon,
/// if any, must pass every rule; trials go to the company's first subscription of each product.
pub async fn price_cart(app: &App, company_id: &str, cart: &Cart) -> AppResult<Priced> {
    price(load_cart(app, company_id, cart, None).await?, cart)
}

/// What pricing `cart` reads, in one batch: its products, its coupon, the company, and with a
/// `key` the record of an earlier order request under it.
pub async fn load_cart(app: &App, company_id: &str, cart: &Cart, key: Option<&str>) -> AppResult<CartContext> {
    app.store.load_cart(company_id, &cart.product_ids(), cart.coupon_code.as_deref(), key).await
}

/// What an order request answers, from what [`load_cart`] read under its key: the order an
/// earlier request with the key placed (checked before pricing, since that order's own coupon
/// redemption, or a product archived since, would refuse the retry), or the cart priced now.
pub async fn price_or_replay(
    app: &App,
    company_id: &str,
    cart: &Cart,
    context: CartContext,
    fingerprint: &str,
) -> AppResult<Result<Priced, Order>> {
    match &context.idempotency {
        Some(existing) => Ok(Err(replay(app, company_id, existing, fingerprint).await?)),
        None => Ok(Ok(price(context, cart)?)),
    }
}

/// Prices `cart` against what [`load_cart`] read for it.
pub fn price(context: CartContext, cart: &Cart) -> AppResult<Priced> {
    let product_ids = cart.product_ids();
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, (product_id, plan_id, seats)) in cart.items.iter().enumerate() {
        let product = context.products.get(product_id).filter(|p| p.active);
        let Some(product) = product else {
            errors.push(FieldError::new(format!("items[{i}].product_id"), "Ese producto no está en el catálogo."));
            continue;
        };
        let Some(plan) = product.plan(plan_id) else {
            errors.push(FieldError::new(format!("items[{i}].plan_id"), "Ese plan no existe para el producto."));
            continue;
        };
        let trial_days = if context.trials_used.contains(product_id) { 0 } else { plan.trial_days };
        lines.push(LineInput {
            product_id: product_id.clone(),
            plan_id: plan_id.clone(),
            seats: *seats,
            unit_price: plan.price,
            trial_days,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let undiscounted = pricing::price(lines, None);
    let coupon = match &cart.coupon_code {
        None => None,
        Some(_) => {
            let coupon = context.coupon.clone().ok_or(AppError::Coupon(crate::domain::coupon::CouponRefusal::Invalid))?;
            let first_purchase = context.company.as_ref().is_none_or(|c| c.orders_count == 0);
            coupon
                .check(&CouponContext {
                    now: OffsetDateTime::now_utc(),
                    order_subtotal: undiscounted.subtotal,
                    product_ids: &product_ids,
                    already_redeemed: context.coupon_redeemed_by_company,
                    first_purchase,
                })
                .map_err(AppError::Coupon)?;
            Some(coupon)
        }
    };
    let lines = undiscounted
        .lines
        .into_iter()
        .map(|l| LineInput {
            product_id: l.product_id,
            plan_id: l.plan_id,
            seats: l.seats,
            unit_price: l.unit_price,
            trial_days: l.trial_days,
        })
        .collect();
    let quote = pricing::price(lines, coupon.as_ref());
    Ok(Priced { quote, coupon, context })
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
                trial_ends_at: (line.trial_days > 0).then(|| now + Duration::days(line.trial_days as i64)),
                unit_price: line.unit_price,
                discount,
                created_at: now,
                cancelled_at: None,
            }
        })
        .collect()
}

/// A new order from a priced cart.
pub fn new_order(company_id: &str, created_by: &str, status: OrderStatus, priced: &Priced, now: OffsetDateTime) -> Order {
    let quote = &priced.quote;
    let subscription_ids = if status == OrderStatus::Completed { quote.lines.iter().map(|_| ids::new_id()).collect() } else { Vec::new() };
    Order {
        id: ids::new_id(),
        company_id: company_id.to_string(),
        status,
        lines: quote.lines.clone(),
        subtotal: quote.subtotal,
        discount: quote.discount,
        total: quote.total,
        coupon_code: priced.coupon.as_ref().map(|c| c.code.clone()),
        created_by: created_by.to_string(),
        created_at: now,
        subscription_ids,
        decided_by: None,
        decided_at: None,
        reason: None,
        notify_email: None,
    }
}

/// An admin's purchase, from what [`load_cart`] read under its key: priced, written once per key
/// (a retry answers the same order), and announced to the company's admins.
pub async fn place_direct_order(app: &App, buyer: &UserRecord, cart: &Cart, key: &str, context: CartContext) -> AppResult<Order> {
    let company_id = buyer.company_id.as_str();
    let fingerprint = cart.fingerprint();
    let priced = match price_or_replay(app, company_id, cart, context, &fingerprint).await? {
        Ok(priced) => priced,
        Err(placed) => return Ok(placed),
    };
    let now = OffsetDateTime::now_utc();
    let order = new_order(company_id, &buyer.id, OrderStatus::Completed, &priced, now);
    let (company, ledger) = spend_check(app, &priced, now).await?;
    let subscriptions = subscriptions_for(&order, &priced, now);
    let trials: Vec<String> = order.lines.iter().filter(|l| l.trial_days > 0).map(|l| l.product_id.clone()).collect();
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let write = OrderWrite {
        order: &order,
        subscriptions: &subscriptions,
        redeem: priced.coupon.as_ref(),
        trials: &trials,
        idempotency: Some((key, &record)),
        count_purchase: true,
        must_be_first: priced.coupon.as_ref().is_some_and(|c| c.first_purchase_only),
        approves_pending: false,
        spend: Some(SpendCharge { company: &company, ledger: ledger.as_ref(), today: now.date() }),
    };
    // Who to tell is read alongside the write, so the email costs no round trip of its own.
    let (placed, admins) = tokio::join!(app.store.place_order(write), app.store.company_admins(company_id));
    match placed? {
        Ok(()) => {}
        Err(OrderRefusal::KeyTaken) => {
            let again = app.store.load_cart(company_id, &[], None, Some(key)).await?;
            let existing = again.idempotency.ok_or(AppError::Conflict)?;
            return replay(app, company_id, &existing, &fingerprint).await;
        }
        Err(refusal) => return Err(refusal_error(refusal)),
    }
    announce_purchase(app, &order, &priced, admins).await;
    Ok(order)
}

/// The company, and its spend ledger when it has limits; `SpendLimitExceeded` if the priced order
/// would pass one as of now (the order's transaction re-checks it atomically).
pub async fn spend_check(app: &App, priced: &Priced, now: OffsetDateTime) -> AppResult<(Company, Option<Ledger>)> {
    let company = priced.context.company.clone().ok_or(AppError::NotFound)?;
    if company.spend_limit_daily.is_none() && company.spend_limit_30d.is_none() {
        return Ok((company, None));
    }
    let ledger = app.store.spend_ledger(&company.id, now.date()).await?;
    if !spend::fits(&company, &ledger, priced.quote.total) {
        return Err(AppError::SpendLimitExceeded);
    }
    Ok((company, Some(ledger)))
}

/// The error a refused order transaction means to the buyer.
pub fn refusal_error(refusal: OrderRefusal) -> AppError {
    use crate::domain::coupon::CouponRefusal;
    match refusal {
        OrderRefusal::CouponExhausted => AppError::Coupon(CouponRefusal::Exhausted),
        OrderRefusal::CouponAlreadyUsed => AppError::Coupon(CouponRefusal::AlreadyUsed),
        OrderRefusal::NotFirstPurchase => AppError::Coupon(CouponRefusal::NotApplicable),
        OrderRefusal::AlreadyDecided => AppError::AlreadyDecided,
        OrderRefusal::SpendLimitExceeded => AppError::SpendLimitExceeded,
        OrderRefusal::KeyTaken | OrderRefusal::Conflict => AppError::Conflict,
    }
}

pub async fn replay(app: &App, company_id: &str, record: &IdempotencyRecord, fingerprint: &str) -> AppResult<Order> {
    if record.request_hash != fingerprint {
        return Err(AppError::IdempotencyConflict);
    }
    app.store.get_order(company_id, &record.order_id).await?.ok_or(AppError::Conflict)
}

/// Emails the company's admins (as read with the purchase's write) what was bought and how their
/// users get access, all at once.
pub async fn announce_purchase(app: &App, order: &Order, priced: &Priced, admins: AppResult<Vec<UserRecord>>) {
    let admins = match admins {
        Ok(admins) => admins,
        Err(err) => {
            tracing::error!(error = ?err, order_id = %order.id, "order email: admins not read");
            return;
        }
    };
    let mut paragraphs = vec!["Tu empresa compró en Cloud Store:".to_string()];
    for line in &order.lines {
        let product = priced.context.products.get(&line.product_id);
        let name = product.map(|p| p.name.as_str()).unwrap_or(&line.product_id);
        let plan = product.and_then(|p| p.plan(&line.plan_id)).map(|p| p.name.as_str()).unwrap_or(&line.plan_id);
        let trial = if line.trial_days > 0 { format!(" Prueba gratis por {} días.", line.trial_days) } else { String::new() };
        paragraphs.push(format!("• {name} (plan {plan}): {} licencias, {} por mes.{trial}", line.seats, line.total));
    }
    paragraphs.push(format!("Total mensual: {}.", order.total));
    paragraphs.push("Para que tus usuarios accedan, asigná las licencias desde el panel de control: Suscripciones → Licencias. Cada usuario recibe un email y ve el ícono \"Abrir aplicación\" en su panel.".into());
    let action = Some(("Asignar licencias", app.mailer.page("/admin/subscriptions")));
    app.mailer.notify_each(&admins, "Compra confirmada en Cloud Store", &paragraphs, action).await;
}
