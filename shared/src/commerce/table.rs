//! Orders and subscriptions in the table. Everything an order depends on is read in one batch
//! ([`load_cart`]: the products, the coupon and this company's redemption of it, the company, its
//! trials, the idempotency record), and everything it changes is written in one transaction
//! ([`write_order`]: the order, its subscriptions, the coupon's count and the company's mark, the
//! trials, the company's order count, the idempotency record, the spend ledger), so a limited
//! coupon is never over-redeemed and a failure leaves nothing behind.

use super::billing::table as billing;
use super::keys;
use super::order::{Order, OrderStatus, RedemptionMark, TrialUsed};
pub use super::order::{OrderStep, Purchase};
use super::spend::{self, Ledger};
use super::subscription::{SeatLot, Subscription};
use crate::audit::{self, AuditEntry};
use crate::catalog::{table as catalog, Coupon, Product};
use crate::db::{from_item, to_item, with_index, with_ttl, Db, Entity, Expr, Page, Query, Record, Tx};
use crate::domain::Money;
use crate::error::{AppError, AppResult};
use crate::identity::Company;
use crate::ids::{CompanyId, CouponCode, OrderId, ProductId, SubscriptionId};
use crate::views::PageRequest;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, OffsetDateTime};

/// How long an `Idempotency-Key` is remembered.
pub const IDEMPOTENCY_TTL_SECS: i64 = 48 * 3600;

/// The record behind an `Idempotency-Key`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub request_hash: String,
    pub order_id: OrderId,
}

impl Record for IdempotencyRecord {
    const ENTITY: Entity = Entity::Idempotency;
}

/// What pricing an order needs, read at once.
#[derive(Default, Debug)]
pub struct CartContext {
    pub products: HashMap<ProductId, Product>,
    pub coupon: Option<Coupon>,
    pub coupon_redeemed_by_company: bool,
    pub company: Option<Company>,
    pub trials_used: HashSet<ProductId>,
    pub idempotency: Option<IdempotencyRecord>,
    /// The company's subscriptions the cart adds seats to.
    pub subscriptions: HashMap<SubscriptionId, Subscription>,
}

#[derive(Deserialize)]
struct TrialMark {
    product_id: ProductId,
}

/// What a cart names: its products, the subscriptions it adds seats to, and its coupon.
#[derive(Default, Clone, Copy)]
pub struct CartKeys<'a> {
    pub products: &'a [&'a ProductId],
    pub subscriptions: &'a [&'a SubscriptionId],
    pub coupon: Option<&'a CouponCode>,
}

/// Reads everything an order of these products (with this coupon and key) depends on.
pub async fn load_cart(db: &Db, company: &CompanyId, cart: CartKeys<'_>, idempotency_key: Option<&str>) -> AppResult<CartContext> {
    let CartKeys { products, subscriptions, coupon } = cart;
    let mut wanted = vec![crate::identity::keys::company(company)];
    wanted.extend(subscriptions.iter().map(|s| keys::subscription(company, s)));
    for id in products {
        wanted.push(catalog::product(id));
        wanted.push(keys::trial(company, id));
    }
    if let Some(code) = coupon {
        wanted.push(catalog::coupon(code));
        wanted.push(keys::redemption(code, company));
    }
    if let Some(k) = idempotency_key {
        wanted.push(keys::idempotency(company, k));
    }
    let mut ctx = CartContext::default();
    for item in db.batch_get(wanted).await? {
        match Entity::of(&item) {
            Some(Entity::Company) => ctx.company = Some(from_item(item)?),
            Some(Entity::Product) => {
                let product: Product = from_item(item)?;
                ctx.products.insert(product.id.clone(), product);
            }
            Some(Entity::Trial) => {
                ctx.trials_used.insert(from_item::<TrialMark>(item)?.product_id);
            }
            Some(Entity::Coupon) => ctx.coupon = Some(from_item(item)?),
            Some(Entity::Redemption) => ctx.coupon_redeemed_by_company = true,
            Some(Entity::Idempotency) => ctx.idempotency = Some(from_item(item)?),
            Some(Entity::Subscription) => {
                let sub: Subscription = from_item(item)?;
                ctx.subscriptions.insert(sub.id.clone(), sub);
            }
            _ => {}
        }
    }
    Ok(ctx)
}

/// Why an order's transaction was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderRefusal {
    /// Another request with the same key won the race.
    KeyTaken,
    CouponExhausted,
    CouponAlreadyUsed,
    /// The first-purchase condition no longer holds.
    NotFirstPurchase,
    /// A trial was taken by a concurrent order, or the order id collided.
    Conflict,
    /// The pending order was approved, rejected or expired meanwhile.
    AlreadyDecided,
    SpendLimitExceeded,
}

/// The day's charge a purchase adds to the company's spend ledger.
pub struct SpendCharge<'a> {
    pub company: &'a Company,
    /// The ledger read for this purchase (`None` when the company has no limits).
    pub ledger: Option<&'a Ledger>,
    pub today: Date,
}

/// Seats an order adds to a subscription of the company.
pub struct Increase {
    /// The subscription as read (its records caught up to last month).
    pub before: Subscription,
    /// Its seats afterwards.
    pub seats: u32,
    pub unit_price: Money,
    pub at: OffsetDateTime,
}

/// Everything one order writes.
pub struct OrderWrite<'a> {
    pub order: &'a Order,
    pub subscriptions: &'a [Subscription],
    pub increases: &'a [Increase],
    /// The coupon to redeem (its global count and this company's mark).
    pub redeem: Option<&'a Coupon>,
    /// Products whose welcome trial this order uses.
    pub trials: &'a [ProductId],
    pub idempotency: Option<(&'a str, &'a IdempotencyRecord)>,
    /// What the order's write is: a purchase, a sales rep's request, or an approval.
    pub step: OrderStep,
    /// Charge the order's total to the spend ledger (with limit conditions).
    pub spend: Option<SpendCharge<'a>>,
    /// The audit entry of the order (in the order's company).
    pub audit: Option<&'a AuditEntry>,
}

/// Sort key of a pending order in [`keys::PENDING_ORDERS`].
pub fn pending_sort_key(order: &Order) -> String {
    format!("{:012}#{}#{}", order.created_at.unix_timestamp(), order.company_id, order.id)
}

fn order_item(order: &Order) -> AppResult<crate::db::Item> {
    let item = to_item(&keys::order(&order.company_id, &order.id), order)?;
    Ok(if order.status == OrderStatus::PendingApproval { with_index(item, keys::PENDING_ORDERS, pending_sort_key(order)) } else { item })
}

fn still_pending() -> Expr {
    Expr::new("#status = :pending").name("#status", "status").value(":pending", OrderStatus::PendingApproval)
}

/// Adds an order and everything it changes to `tx`.
pub fn write_order(tx: &mut Tx<OrderRefusal>, w: &OrderWrite<'_>) -> AppResult<()> {
    let company = &w.order.company_id;
    // First, so that a retry racing its twin is told the key is taken (and answers the order)
    // rather than whatever else the twin's write has since made fail.
    if let Some((k, record)) = w.idempotency {
        let item = with_ttl(to_item(&keys::idempotency(company, k), record)?, w.order.created_at.unix_timestamp() + IDEMPOTENCY_TTL_SECS);
        tx.put(item).unless_exists(OrderRefusal::KeyTaken);
    }
    match w.step {
        OrderStep::Approved(_) => tx.put(order_item(w.order)?).when(still_pending(), OrderRefusal::AlreadyDecided),
        OrderStep::Placed(_) | OrderStep::Requested => tx.put(order_item(w.order)?).unless_exists(OrderRefusal::Conflict),
    };
    if let Some(charge) = &w.spend {
        spend::charge(tx, charge.company, charge.ledger, charge.today, w.order.total, OrderRefusal::SpendLimitExceeded);
    }
    let purchase = match w.step {
        OrderStep::Placed(purchase) | OrderStep::Approved(purchase) => Some(purchase),
        OrderStep::Requested => None,
    };
    if let Some(purchase) = purchase {
        count_purchase(tx, company, purchase);
    }
    for sub in w.subscriptions {
        tx.put(billing::subscription_item(sub)?).unless_exists(OrderRefusal::Conflict);
        billing::open(tx, sub)?;
    }
    for inc in w.increases {
        let lots: Vec<SeatLot> = inc.before.lots_for(inc.seats, inc.unit_price);
        super::seats::resize(tx, &inc.before, inc.seats, lots, inc.at, OrderRefusal::Conflict)?;
    }
    if let Some(coupon) = w.redeem {
        let count = Expr::new("ADD times_redeemed :one").value(":one", 1);
        let left =
            Expr::new("active = :yes AND (attribute_not_exists(max_redemptions) OR times_redeemed < max_redemptions)").value(":yes", true);
        tx.update(catalog::coupon(&coupon.code), count).when(left, OrderRefusal::CouponExhausted);
        let mark = RedemptionMark { order_id: &w.order.id };
        tx.put(to_item(&keys::redemption(&coupon.code, company), &mark)?).unless_exists(OrderRefusal::CouponAlreadyUsed);
    }
    mark_trials(tx, w)?;
    if let Some(entry) = w.audit {
        audit::record(tx, company, entry)?;
    }
    Ok(())
}

/// One more purchase on the company's counter; a purchase that must be the company's first is
/// refused (`NotFirstPurchase`) when it has one already.
fn count_purchase(tx: &mut Tx<OrderRefusal>, company: &CompanyId, purchase: Purchase) {
    match purchase {
        Purchase::MustBeFirst => crate::identity::table::count_first_order(tx, company, OrderRefusal::NotFirstPurchase),
        Purchase::Any => crate::identity::table::count_order(tx, company, OrderRefusal::Conflict),
    }
}

/// The company's trial mark of each product tried (one trial per product and company).
fn mark_trials(tx: &mut Tx<OrderRefusal>, w: &OrderWrite<'_>) -> AppResult<()> {
    let company = &w.order.company_id;
    for product in w.trials {
        // The product's trial mark also indexes its trial's end under `TRIAL_ENDS` (the reminders'
        // work list): the subscription's own index keys belong to billing.
        let sub = w.subscriptions.iter().find(|s| &s.product_id == product && s.trial_ends_at.is_some());
        let mark = TrialUsed { product_id: product, company_id: company, subscription_id: sub.map(|s| &s.id) };
        let item = to_item(&keys::trial(company, product), &mark)?;
        let item = match sub.and_then(|s| s.trial_ends_at.map(|end| (s, end))) {
            Some((s, end)) => with_index(item, keys::TRIAL_ENDS, keys::trial_end_sort_key(end, company, &s.id)),
            None => item,
        };
        tx.put(item).unless_exists(OrderRefusal::Conflict);
    }
    Ok(())
}

/// Adds to `tx` the decision on a pending order that creates nothing (rejection or expiry); the
/// write is refused (`decided`) when the order was no longer pending.
pub fn close_pending<R>(tx: &mut Tx<R>, order: &Order, decided: R) -> AppResult<()> {
    tx.put(order_item(order)?).when(still_pending(), decided);
    Ok(())
}

pub async fn get_order(db: &Db, company: &CompanyId, order: &OrderId) -> AppResult<Option<Order>> {
    db.get(&keys::order(company, order)).await
}

/// One page of the company's orders, newest first.
pub async fn list_orders(db: &Db, company: &CompanyId, page: &PageRequest) -> AppResult<Page<Order>> {
    db.query(&Query::table(keys::partition(company)).prefix(keys::ORDER_PREFIX).newest_first().page(page)?).await
}

/// The company's delegated orders waiting for a decision, oldest first.
pub async fn pending_orders(db: &Db, company: &CompanyId) -> AppResult<Vec<Order>> {
    let pending = Expr::new("#status = :pending").name("#status", "status").value(":pending", OrderStatus::PendingApproval);
    db.query_all(Query::table(keys::partition(company)).prefix(keys::ORDER_PREFIX).filter(pending)).await
}

/// Pending delegated orders created before `before` (Unix seconds), oldest first.
pub async fn stale_pending_orders(db: &Db, before: i64, limit: u32) -> AppResult<Vec<Order>> {
    Ok(db.query(&Query::index(keys::PENDING_ORDERS).below(format!("{before:012}")).limit(limit)).await?.items)
}

pub use super::subscription_table::*;

/// The error a refused order transaction means to the buyer.
pub fn refusal_error(refusal: OrderRefusal) -> AppError {
    use crate::error::CouponRefusal;
    match refusal {
        OrderRefusal::CouponExhausted => AppError::Coupon(CouponRefusal::Exhausted),
        OrderRefusal::CouponAlreadyUsed => AppError::Coupon(CouponRefusal::AlreadyUsed),
        OrderRefusal::NotFirstPurchase => AppError::Coupon(CouponRefusal::NotApplicable),
        OrderRefusal::AlreadyDecided => AppError::AlreadyDecided,
        OrderRefusal::SpendLimitExceeded => AppError::SpendLimitExceeded,
        OrderRefusal::KeyTaken | OrderRefusal::Conflict => AppError::Conflict,
    }
}

impl From<OrderRefusal> for AppError {
    fn from(refusal: OrderRefusal) -> AppError {
        refusal_error(refusal)
    }
}
