//! Products and coupons, the operator's catalog. The public product list is one query on one
//! index partition (`GSI1PK = CATALOG`), read-mostly and cacheable; coupons are listed through
//! `GSI1PK = COUPONS`.

use super::items::{from_item, key, n, s, to_item, Item};
use super::pages::Page;
use super::Store;
use crate::domain::{Coupon, Product};
use crate::error::{AppError, AppResult};
use std::collections::HashMap;

pub const CATALOG: &str = "CATALOG";
pub const COUPONS: &str = "COUPONS";

pub fn product_pk(id: &str) -> String {
    format!("PRODUCT#{id}")
}

pub fn coupon_pk(code: &str) -> String {
    format!("COUPON#{}", code.to_uppercase())
}

fn catalog_sort_key(product: &Product) -> String {
    format!("{}#{}", product.name.to_lowercase(), product.id)
}

impl Store {
    fn product_item(&self, product: &Product) -> AppResult<Item> {
        let mut item = to_item(product_pk(&product.id), "META", "product", product)?;
        if product.active {
            item.insert("GSI1PK".into(), s(CATALOG));
            item.insert("GSI1SK".into(), s(catalog_sort_key(product)));
        }
        Ok(item)
    }

    /// Stores a new product (`replace: false`) or replaces an existing one; `NotFound` when
    /// replacing a product that does not exist.
    pub async fn put_product(&self, product: &Product, replace: bool) -> AppResult<()> {
        let condition = if replace { "attribute_exists(PK)" } else { "attribute_not_exists(PK)" };
        let item = self.product_item(product)?;
        self.transact(vec![self.put(item, Some((condition, Item::new())))?]).await?.map_err(|_| {
            if replace {
                AppError::NotFound
            } else {
                AppError::Conflict
            }
        })
    }

    pub async fn get_product(&self, id: &str) -> AppResult<Option<Product>> {
        self.get(key(product_pk(id), "META")).await?.map(from_item).transpose()
    }

    /// Takes a product out of the catalog; its subscriptions keep working.
    pub async fn archive_product(&self, id: &str) -> AppResult<()> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(product_pk(id), "META")))
            .update_expression("SET active = :no REMOVE GSI1PK, GSI1SK")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":no", aws_sdk_dynamodb::types::AttributeValue::Bool(false))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Err(AppError::NotFound),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// One page of an index partition (`CATALOG` or `COUPONS`), by its sort key.
    async fn index_page<T: serde::de::DeserializeOwned>(
        &self,
        partition: &str,
        limit: u32,
        after: Option<&str>,
        table_key: impl Fn(&str) -> Option<(String, String)>,
    ) -> AppResult<Page<T>> {
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :p")
            .expression_attribute_values(":p", s(partition))
            .limit(limit as i32);
        if let Some(after) = after {
            let (pk, sk) = table_key(after).ok_or_else(|| AppError::field("cursor", "El cursor no es válido."))?;
            let start: Item = HashMap::from([
                ("PK".to_string(), s(pk)),
                ("SK".to_string(), s(sk)),
                ("GSI1PK".to_string(), s(partition)),
                ("GSI1SK".to_string(), s(after)),
            ]);
            query = query.set_exclusive_start_key(Some(start));
        }
        let out = query.send().await.map_err(AppError::internal)?;
        let next = out.last_evaluated_key.as_ref().and_then(|k| k.get("GSI1SK")).and_then(|v| v.as_s().ok()).cloned();
        let items = out.items.unwrap_or_default().into_iter().map(from_item).collect::<AppResult<Vec<T>>>()?;
        Ok(Page { items, next })
    }

    /// The active products, by name.
    pub async fn list_products(&self, limit: u32, after: Option<&str>) -> AppResult<Page<Product>> {
        self.index_page(CATALOG, limit, after, |sk| sk.rsplit_once('#').map(|(_, id)| (product_pk(id), "META".to_string()))).await
    }

    /// Every coupon, by code.
    pub async fn list_coupons(&self, limit: u32, after: Option<&str>) -> AppResult<Page<Coupon>> {
        self.index_page(COUPONS, limit, after, |code| Some((coupon_pk(code), "META".to_string()))).await
    }

    fn coupon_item(&self, coupon: &Coupon) -> AppResult<Item> {
        let mut item = to_item(coupon_pk(&coupon.code), "META", "coupon", coupon)?;
        item.insert("GSI1PK".into(), s(COUPONS));
        item.insert("GSI1SK".into(), s(&coupon.code));
        Ok(item)
    }

    /// Creates a coupon; `false` when the code exists.
    pub async fn create_coupon(&self, coupon: &Coupon) -> AppResult<bool> {
        let item = self.coupon_item(coupon)?;
        Ok(self.transact(vec![self.put(item, Some(("attribute_not_exists(PK)", Item::new())))?]).await?.is_ok())
    }

    pub async fn get_coupon(&self, code: &str) -> AppResult<Option<Coupon>> {
        self.get(key(coupon_pk(code), "META")).await?.map(from_item).transpose()
    }

    /// Replaces a coupon read as `before`, provided nobody redeemed it meanwhile (so discount terms
    /// never change under a redemption). `Conflict` when it was redeemed in between.
    pub async fn update_coupon(&self, before: &Coupon, after: &Coupon) -> AppResult<()> {
        let item = self.coupon_item(after)?;
        let values = HashMap::from([(":t".to_string(), n(before.times_redeemed))]);
        self.transact(vec![self.put(item, Some(("times_redeemed = :t", values)))?]).await?.map_err(|_| AppError::Conflict)
    }
}
