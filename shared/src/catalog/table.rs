//! Products and coupons in the table. The public product list is one query on one index partition
//! (`GSI1PK = CATALOG`, by name), read-mostly and cacheable; coupons are listed through
//! `GSI1PK = COUPONS`, by code.

use super::coupon::Coupon;
use super::product::Product;
use crate::db::{from_item, to_item, with_index, Db, Expr, Key, Page, Query, Tx};
use crate::error::{AppError, AppResult};
use crate::ids::{CouponCode, ProductId};
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
    let item = to_item(&self::product(&product.id), "product", product)?;
    Ok(if product.active { with_index(item, CATALOG, format!("{}#{}", product.name.to_lowercase(), product.id)) } else { item })
}

/// Stores a new product.
pub async fn insert_product(db: &Db, product: &Product) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(product_item(product)?).unless_exists(AppError::Conflict);
    tx.commit(db).await
}

/// Replaces an existing product; `not_found` when there is none.
pub async fn replace_product(db: &Db, product: &Product) -> AppResult<()> {
    let mut tx = Tx::new(AppError::NotFound);
    tx.put(product_item(product)?).if_exists(AppError::NotFound);
    tx.commit(db).await
}

pub async fn get_product(db: &Db, id: &ProductId) -> AppResult<Option<Product>> {
    db.get(&product(id)).await
}

/// Takes a product out of the catalog; its subscriptions keep working.
pub async fn archive_product(db: &Db, id: &ProductId) -> AppResult<()> {
    let update = Expr::new("SET active = :no REMOVE GSI1PK, GSI1SK").value(":no", false);
    db.update(&product(id), update, Some(Expr::present())).await?.map(|_| ()).map_err(|_| AppError::NotFound)
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
    Ok(with_index(to_item(&self::coupon(&coupon.code), "coupon", coupon)?, COUPONS, coupon.code.as_str()))
}

/// Creates a coupon; a taken code is `validation_failed` on `code`.
pub async fn create_coupon(db: &Db, coupon: &Coupon) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(coupon_item(coupon)?).unless_exists(AppError::field("code", "Ya existe un cupón con ese código."));
    tx.commit(db).await
}

pub async fn get_coupon(db: &Db, code: &CouponCode) -> AppResult<Option<Coupon>> {
    db.get(&coupon(code)).await
}

/// Replaces a coupon read as `before`, provided nobody redeemed it meanwhile (so discount terms
/// never change under a redemption); `conflict` when it was redeemed in between.
pub async fn update_coupon(db: &Db, before: &Coupon, after: &Coupon) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(coupon_item(after)?).when_fallback(Expr::new("times_redeemed = :t").value(":t", before.times_redeemed));
    tx.commit(db).await
}

/// One page of the coupons, by code.
pub async fn list_coupons(db: &Db, page: &PageRequest) -> AppResult<Page<Coupon>> {
    db.query(&Query::index(COUPONS).page(page)?).await
}
