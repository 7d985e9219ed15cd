//! Products and coupons in the table. The public product list is one query on one index partition
//! (`GSI1PK = CATALOG`, by name), read-mostly and cacheable; coupons are listed through
//! `GSI1PK = COUPONS`, by code.

use super::coupon::Coupon;
use super::product::Product;
use crate::audit::{self, AuditEntry};
use crate::db::{from_item, to_item, with_index, Db, Expr, Key, Page, Query, Tx};
use crate::domain::Money;
use crate::error::{AppError, AppResult};
use crate::identity::vendor_company::check_vendor;
use crate::ids::{CompanyId, CouponCode, PlanId, ProductId};
use crate::views::PageRequest;
use std::collections::HashMap;

pub const CATALOG: &str = "CATALOG";
pub const COUPONS: &str = "COUPONS";

pub fn product(id: &ProductId) -> Key {
    Key::new(format!("PRODUCT#{id}"), "META")
}

pub fn coupon_partition(code: &CouponCode) -> String {
    format!("COUPON#{code}")
}

pub fn coupon(code: &CouponCode) -> Key {
    Key::new(coupon_partition(code), "META")
}

fn product_item(product: &Product) -> AppResult<crate::db::Item> {
    let item = to_item(&self::product(&product.id), product)?;
    Ok(if product.active { with_index(item, CATALOG, format!("{}#{}", product.name.to_lowercase(), product.id)) } else { item })
}

/// Who changed the catalog: the operator's audit entry and the company it is recorded in.
pub type Audited<'a> = Option<(&'a CompanyId, &'a AuditEntry)>;

fn audited<R>(tx: &mut Tx<R>, audit: Audited<'_>) -> AppResult<()> {
    match audit {
        Some((company, entry)) => audit::record(tx, company, entry),
        None => Ok(()),
    }
}

/// The product's vendor, if it names one, must be a vendor's company (checked with the write).
fn vendor_exists(tx: &mut Tx<AppError>, product: &Product) {
    if let Some(vendor) = &product.vendor_id {
        check_vendor(tx, vendor, AppError::field("vendor_id", super::product::NO_SUCH_VENDOR));
    }
}

/// Stores a new product.
pub async fn insert_product(db: &Db, product: &Product, audit: Audited<'_>) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(product_item(product)?).unless_exists(AppError::Conflict);
    vendor_exists(&mut tx, product);
    audited(&mut tx, audit)?;
    tx.commit(db).await
}

/// Replaces an existing product; `not_found` when there is none.
pub async fn replace_product(db: &Db, product: &Product, audit: Audited<'_>) -> AppResult<()> {
    let mut tx = Tx::new(AppError::NotFound);
    tx.put(product_item(product)?).if_exists(AppError::NotFound);
    vendor_exists(&mut tx, product);
    audited(&mut tx, audit)?;
    tx.commit(db).await
}

/// A condition on a product's item: its plan `plan` costs `price` a month (a product has at most
/// ten plans, so the plan is looked for at each position).
pub fn plan_price_is(plan: &PlanId, price: Money) -> Expr {
    let clauses: Vec<String> = (0..10).map(|i| format!("(#plans[{i}].#id = :plan AND #plans[{i}].#price.#amount = :price)")).collect();
    Expr::new(clauses.join(" OR "))
        .name("#plans", "plans")
        .name("#id", "id")
        .name("#price", "price")
        .name("#amount", "amount")
        .value(":plan", plan.as_str())
        .value(":price", price.amount)
}

pub async fn get_product(db: &Db, id: &ProductId) -> AppResult<Option<Product>> {
    db.get(&product(id)).await
}

/// Takes a product out of the catalog; its subscriptions keep working.
pub async fn archive_product(db: &Db, id: &ProductId, audit: Audited<'_>) -> AppResult<()> {
    let update = Expr::new("SET active = :no REMOVE GSI1PK, GSI1SK").value(":no", false);
    let mut tx = Tx::new(AppError::NotFound);
    tx.update(product(id), update).if_exists(AppError::NotFound);
    audited(&mut tx, audit)?;
    tx.commit(db).await
}

/// One page of the active products, by name.
pub async fn list_products(db: &Db, page: &PageRequest) -> AppResult<Page<Product>> {
    db.query(&Query::index(CATALOG).page(page)?).await
}

/// Every active product.
pub async fn whole_catalog(db: &Db) -> AppResult<Vec<Product>> {
    db.query_all(Query::index(CATALOG)).await
}

/// Products by id, in one batched read (archived ones included).
pub async fn products_by_id(db: &Db, ids: &[&ProductId]) -> AppResult<HashMap<ProductId, Product>> {
    let wanted = ids.iter().map(|id| product(id)).collect();
    db.batch_get(wanted).await?.into_iter().map(|item| from_item::<Product>(item).map(|p| (p.id.clone(), p))).collect()
}

fn coupon_item(coupon: &Coupon) -> AppResult<crate::db::Item> {
    Ok(with_index(to_item(&self::coupon(&coupon.code), coupon)?, COUPONS, coupon.code.as_str()))
}

/// Creates a coupon; a taken code is `validation_failed` on `code`.
pub async fn create_coupon(db: &Db, coupon: &Coupon, audit: Audited<'_>) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(coupon_item(coupon)?).unless_exists(AppError::field("code", "Ya existe un cupón con ese código."));
    audited(&mut tx, audit)?;
    tx.commit(db).await
}

pub async fn get_coupon(db: &Db, code: &CouponCode) -> AppResult<Option<Coupon>> {
    db.get(&coupon(code)).await
}

/// Replaces a coupon read as `before`, provided nobody redeemed it meanwhile (so discount terms
/// never change under a redemption); `conflict` when it was redeemed in between.
pub async fn update_coupon(db: &Db, before: &Coupon, after: &Coupon, audit: Audited<'_>) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(coupon_item(after)?).when_fallback(Expr::new("times_redeemed = :t").value(":t", before.times_redeemed));
    audited(&mut tx, audit)?;
    tx.commit(db).await
}

/// One page of the coupons, by code.
pub async fn list_coupons(db: &Db, page: &PageRequest) -> AppResult<Page<Coupon>> {
    db.query(&Query::index(COUPONS).page(page)?).await
}
