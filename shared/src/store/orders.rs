//! Checkout: everything an order depends on is read in one `BatchGetItem` (products, the coupon
//! and this company's redemption of it, the company, its trials, the idempotency record), and
//! everything an order changes is written in one transaction (the order, its subscriptions, the
//! coupon's global count and the per-company mark, the trials, the company's order count, the
//! idempotency record), so a limited coupon is never over-redeemed and a failure leaves nothing.

use super::catalog::{coupon_pk, product_pk};
use super::items::{from_item, key, n, s, to_item, Item};
use super::pages::Page;
use super::{keys, Store};
use crate::domain::{Company, Coupon, Order, Product, Subscription};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::{KeysAndAttributes, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// How long an `Idempotency-Key` is remembered.
pub const IDEMPOTENCY_TTL_SECS: i64 = 48 * 3600;

/// The record behind an `Idempotency-Key`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub request_hash: String,
    pub order_id: String,
}

/// What pricing an order needs, read at once.
#[derive(Default)]
pub struct CartContext {
    pub products: HashMap<String, Product>,
    pub coupon: Option<Coupon>,
    pub coupon_redeemed_by_company: bool,
    pub company: Option<Company>,
    pub trials_used: HashSet<String>,
    pub idempotency: Option<IdempotencyRecord>,
}

/// Why an order's transaction was refused.
#[derive(Debug, PartialEq)]
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

/// The day's charge an order adds to the company's spend ledger.
pub struct SpendCharge<'a> {
    pub company: &'a Company,
    /// The ledger read for this order (`None` when the company has no limits).
    pub ledger: Option<&'a super::spend::Ledger>,
    pub today: time::Date,
}

/// Everything one order writes.
pub struct OrderWrite<'a> {
    pub order: &'a Order,
    pub subscriptions: &'a [Subscription],
    /// The coupon to redeem (its global count and this company's mark).
    pub redeem: Option<&'a Coupon>,
    /// Products whose welcome trial this order uses.
    pub trials: &'a [String],
    pub idempotency: Option<(&'a str, &'a IdempotencyRecord)>,
    /// Whether the order counts towards the company's purchases (and must still be its first).
    pub count_purchase: bool,
    pub must_be_first: bool,
    /// The order replaces a pending delegated order (approval) instead of being new.
    pub approves_pending: bool,
    /// Charge the order's total to the spend ledger (with limit conditions).
    pub spend: Option<SpendCharge<'a>>,
}

/// GSI1 partition of delegated orders waiting for a decision, sorted by creation.
pub const PENDING_ORDERS: &str = "PENDING_ORDERS";

/// Sort key of a pending order in [`PENDING_ORDERS`].
pub fn pending_sort_key(order: &Order) -> String {
    format!("{:012}#{}#{}", order.created_at.unix_timestamp(), order.company_id, order.id)
}

fn trial_sk(product_id: &str) -> String {
    format!("TRIAL#{product_id}")
}

fn idempotency_sk(key: &str) -> String {
    format!("IDEMPOTENCY#{key}")
}

impl Store {
    /// Reads everything an order of these products (with this coupon and key) depends on.
    pub async fn load_cart(
        &self,
        company_id: &str,
        product_ids: &[&str],
        coupon_code: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> AppResult<CartContext> {
        let company_pk = keys::company(company_id);
        let mut wanted: Vec<Item> = vec![key(company_pk.clone(), keys::META)];
        for id in product_ids {
            wanted.push(key(product_pk(id), "META"));
            wanted.push(key(company_pk.clone(), &trial_sk(id)));
        }
        if let Some(code) = coupon_code {
            wanted.push(key(coupon_pk(code), "META"));
            wanted.push(key(coupon_pk(code), &company_pk));
        }
        if let Some(k) = idempotency_key {
            wanted.push(key(company_pk.clone(), &idempotency_sk(k)));
        }
        let mut ctx = CartContext::default();
        for item in self.batch_get(wanted).await? {
            let entity = item.get("entity").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            match entity.as_str() {
                "company" => ctx.company = Some(from_item(item)?),
                "product" => {
                    let product: Product = from_item(item)?;
                    ctx.products.insert(product.id.clone(), product);
                }
                "trial" => {
                    if let Some(p) = item.get("product_id").and_then(|v| v.as_s().ok()) {
                        ctx.trials_used.insert(p.clone());
                    }
                }
                "coupon" => ctx.coupon = Some(from_item(item)?),
                "redemption" => ctx.coupon_redeemed_by_company = true,
                "idempotency" => ctx.idempotency = Some(from_item(item)?),
                _ => {}
            }
        }
        Ok(ctx)
    }

    /// A strongly consistent `BatchGetItem` of up to 100 keys, retrying unprocessed ones.
    pub(crate) async fn batch_get(&self, wanted: Vec<Item>) -> AppResult<Vec<Item>> {
        let mut found = Vec::new();
        let request = KeysAndAttributes::builder().set_keys(Some(wanted)).consistent_read(true).build().map_err(AppError::internal)?;
        let mut pending = Some(HashMap::from([(self.table.clone(), request)]));
        for attempt in 0..5 {
            let Some(request) = pending.take().filter(|r| !r.is_empty()) else { break };
            if attempt > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(20 << attempt)).await;
            }
            let out = self.client.batch_get_item().set_request_items(Some(request)).send().await.map_err(AppError::internal)?;
            found.extend(out.responses.unwrap_or_default().remove(&self.table).unwrap_or_default());
            pending = out.unprocessed_keys;
        }
        if pending.is_some_and(|r| !r.is_empty()) {
            return Err(AppError::internal("batch read left keys unprocessed"));
        }
        Ok(found)
    }

    /// Writes an order and everything it changes, in one transaction.
    pub async fn place_order(&self, w: OrderWrite<'_>) -> AppResult<Result<(), OrderRefusal>> {
        let company_id = &w.order.company_id;
        let company_pk = keys::company(company_id);
        let mut items: Vec<(TransactWriteItem, OrderRefusal)> = Vec::new();
        // First, so that a retry racing its twin is told the key is taken (and answers the order)
        // rather than whatever else the twin's write has since made fail.
        if let Some((k, record)) = w.idempotency {
            let mut item = to_item(company_pk.clone(), &idempotency_sk(k), "idempotency", record)?;
            item.insert("ttl".into(), n(w.order.created_at.unix_timestamp() + IDEMPOTENCY_TTL_SECS));
            items.push((self.put(item, Some(("attribute_not_exists(PK)", Item::new())))?, OrderRefusal::KeyTaken));
        }
        let mut order_item = to_item(company_pk.clone(), &format!("ORDER#{}", w.order.id), "order", w.order)?;
        if w.order.status == crate::domain::OrderStatus::PendingApproval {
            order_item.insert("GSI1PK".into(), s(PENDING_ORDERS));
            order_item.insert("GSI1SK".into(), s(pending_sort_key(w.order)));
        }
        if w.approves_pending {
            let put = aws_sdk_dynamodb::types::Put::builder()
                .table_name(&self.table)
                .set_item(Some(order_item))
                .condition_expression("#status = :pending")
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":pending", s("pending_approval"))
                .build()
                .map_err(AppError::internal)?;
            items.push((TransactWriteItem::builder().put(put).build(), OrderRefusal::AlreadyDecided));
        } else {
            items.push((self.put(order_item, Some(("attribute_not_exists(PK)", Item::new())))?, OrderRefusal::Conflict));
        }
        if let Some(charge) = &w.spend {
            for write in self.spend_writes(charge.company, charge.ledger, charge.today, w.order.total)? {
                items.push((write, OrderRefusal::SpendLimitExceeded));
            }
        }
        if w.count_purchase {
            let condition = if w.must_be_first {
                "attribute_exists(PK) AND (attribute_not_exists(orders_count) OR orders_count = :zero)"
            } else {
                "attribute_exists(PK)"
            };
            let mut update = Update::builder()
                .table_name(&self.table)
                .set_key(Some(key(company_pk.clone(), keys::META)))
                .update_expression("ADD orders_count :one")
                .condition_expression(condition)
                .expression_attribute_values(":one", n(1));
            if w.must_be_first {
                update = update.expression_attribute_values(":zero", n(0));
            }
            let update = update.build().map_err(AppError::internal)?;
            items.push((TransactWriteItem::builder().update(update).build(), OrderRefusal::NotFirstPurchase));
        }
        for sub in w.subscriptions {
            let item = to_item(company_pk.clone(), &format!("SUB#{}", sub.id), "subscription", sub)?;
            items.push((self.put(item, Some(("attribute_not_exists(PK)", Item::new())))?, OrderRefusal::Conflict));
        }
        if let Some(coupon) = w.redeem {
            let count = Update::builder()
                .table_name(&self.table)
                .set_key(Some(key(coupon_pk(&coupon.code), "META")))
                .update_expression("ADD times_redeemed :one")
                .condition_expression("active = :yes AND (attribute_not_exists(max_redemptions) OR times_redeemed < max_redemptions)")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":yes", aws_sdk_dynamodb::types::AttributeValue::Bool(true))
                .build()
                .map_err(AppError::internal)?;
            items.push((TransactWriteItem::builder().update(count).build(), OrderRefusal::CouponExhausted));
            let mut mark: Item = HashMap::from([("order_id".to_string(), s(&w.order.id)), ("entity".to_string(), s("redemption"))]);
            mark.extend(key(coupon_pk(&coupon.code), &company_pk));
            items.push((self.put(mark, Some(("attribute_not_exists(PK)", Item::new())))?, OrderRefusal::CouponAlreadyUsed));
        }
        for product_id in w.trials {
            let mut mark: Item = HashMap::from([("product_id".to_string(), s(product_id)), ("entity".to_string(), s("trial"))]);
            mark.extend(key(company_pk.clone(), &trial_sk(product_id)));
            items.push((self.put(mark, Some(("attribute_not_exists(PK)", Item::new())))?, OrderRefusal::Conflict));
        }
        let (writes, meanings): (Vec<_>, Vec<_>) = items.into_iter().unzip();
        match self.transact(writes).await? {
            Ok(()) => Ok(Ok(())),
            Err(failed) => {
                let first = failed.iter().zip(meanings).find(|(f, _)| **f).map(|(_, m)| m).unwrap_or(OrderRefusal::Conflict);
                Ok(Err(first))
            }
        }
    }

    /// The company's delegated orders waiting for a decision, oldest first.
    pub async fn pending_orders(&self, company_id: &str) -> AppResult<Vec<Order>> {
        let mut pending = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page: Page<Order> = self.query_prefix(keys::company(company_id), "ORDER#", 100, after.as_deref(), false).await?;
            pending.extend(page.items.into_iter().filter(|o| o.status == crate::domain::OrderStatus::PendingApproval));
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(pending),
            }
        }
    }

    /// Decides a pending order without subscriptions (rejection or expiry); `None` when it was
    /// no longer pending.
    pub async fn close_pending_order(&self, order: &Order) -> AppResult<Option<Order>> {
        let item = to_item(keys::company(&order.company_id), &format!("ORDER#{}", order.id), "order", order)?;
        let put = aws_sdk_dynamodb::types::Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("#status = :pending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", s("pending_approval"))
            .build()
            .map_err(AppError::internal)?;
        let done = self.transact(vec![TransactWriteItem::builder().put(put).build()]).await?;
        Ok(done.is_ok().then(|| order.clone()))
    }

    /// Pending delegated orders created before `before` (Unix seconds), oldest first.
    pub async fn stale_pending_orders(&self, before: i64, limit: i32) -> AppResult<Vec<Order>> {
        self.index_due(PENDING_ORDERS, format!("{before:012}"), limit).await
    }

    pub async fn get_order(&self, company_id: &str, order_id: &str) -> AppResult<Option<Order>> {
        self.get(key(keys::company(company_id), &format!("ORDER#{order_id}"))).await?.map(from_item).transpose()
    }

    /// The company's orders, newest first.
    pub async fn list_orders(&self, company_id: &str, limit: u32, after: Option<&str>) -> AppResult<Page<Order>> {
        self.query_prefix(keys::company(company_id), "ORDER#", limit, after, true).await
    }
}

impl Store {
    /// Products by id, in one batched read (ids are de-duplicated; at most 100).
    pub async fn products_by_id(&self, ids: &[&str]) -> AppResult<HashMap<String, Product>> {
        let unique: HashSet<&str> = ids.iter().copied().collect();
        if unique.is_empty() {
            return Ok(HashMap::new());
        }
        let wanted = unique.into_iter().map(|id| key(product_pk(id), "META")).collect();
        self.batch_get(wanted).await?.into_iter().map(|item| from_item::<Product>(item).map(|p| (p.id.clone(), p))).collect()
    }

    /// Users of a company by id, in one batched read (at most 100).
    pub async fn users_by_id(&self, company_id: &str, ids: &[&str]) -> AppResult<HashMap<String, crate::domain::UserRecord>> {
        let unique: HashSet<&str> = ids.iter().copied().collect();
        if unique.is_empty() {
            return Ok(HashMap::new());
        }
        let wanted = unique.into_iter().map(|id| key(keys::company(company_id), &keys::user(id))).collect();
        self.batch_get(wanted)
            .await?
            .into_iter()
            .map(|item| from_item::<crate::domain::UserRecord>(item).map(|u| (u.id.clone(), u)))
            .collect()
    }
}
