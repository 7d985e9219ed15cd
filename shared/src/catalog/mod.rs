//! The catalog: products with their monthly plans (public, cacheable) and discount coupons, both
//! run by the operator.

pub(crate) mod cache;
pub mod coupon;
pub mod coupons;
#[cfg(feature = "media")]
pub mod media;
pub(crate) mod product;
pub(crate) mod table;

pub use cache::CatalogCache;
pub use coupon::{Coupon, CouponContext, CouponView, Duration};
pub use product::{Plan, Product, ProductRequest};

use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::db::read_if;
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, OPERATOR};
use crate::ids::ProductId;
use crate::views::{List, PageRequest};

/// `GET /products`: the active products, by name (public).
pub async fn list_products(app: &App, page: PageRequest) -> AppResult<List<Product>> {
    Ok(List::page(table::list_products(&app.db, &page).await?, |p| p))
}

/// `GET /products/{id}` (public): archived products too, for the subscriptions that keep them.
pub async fn get_product(app: &App, id: &str) -> AppResult<Product> {
    let id = ProductId::parse(id).ok_or(AppError::NotFound)?;
    table::get_product(&app.db, &id).await?.ok_or(AppError::NotFound)
}

/// `POST /products`.
pub async fn create_product(app: &App, bearer: &Bearer, request: AppResult<ProductRequest>) -> AppResult<Product> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let caller = bearer.caller_as(app, OPERATOR).await?;
    let product = request.into_product(ProductId::new(), true, app.config().media_base_url.as_deref())?;
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::ProductCreated, &product.id, sheet(&product));
    table::insert_product(&app.db, &product, Some((caller.company_id(), &entry))).await?;
    Ok(product)
}

/// `PUT /products/{id}`: a new sheet for an existing product (it keeps its id and whether it is
/// in the catalog).
pub async fn replace_product(app: &App, bearer: &Bearer, id: &str, request: AppResult<ProductRequest>) -> AppResult<Product> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let id = ProductId::parse(id);
    let (caller, current) = bearer.with(app, OPERATOR, read_if(id.as_ref().map(|id| table::get_product(&app.db, id)))).await?;
    let current = current.ok_or(AppError::NotFound)?;
    let product = request.into_product(current.id.clone(), current.active, app.config().media_base_url.as_deref())?;
    let detail = serde_json::json!({ "from": sheet(&current), "to": sheet(&product) });
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::ProductUpdated, &product.id, detail);
    table::replace_product(&app.db, &product, Some((caller.company_id(), &entry))).await?;
    Ok(product)
}

/// `DELETE /products/{id}`: archives it.
pub async fn archive_product(app: &App, bearer: &Bearer, id: &str) -> AppResult<()> {
    let caller = bearer.caller_as(app, OPERATOR).await?;
    let id = ProductId::parse(id).ok_or(AppError::NotFound)?;
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::ProductArchived, &id, serde_json::json!({}));
    table::archive_product(&app.db, &id, Some((caller.company_id(), &entry))).await
}

/// What a product's audit entry keeps of it: its name and plans (with their prices).
fn sheet(product: &Product) -> serde_json::Value {
    serde_json::json!({ "name": product.name, "plans": product.plans, "vendor_id": product.vendor_id })
}

/// Writes the demo catalog's products and coupons that are missing (a new stack's first content,
/// local seeding): one that exists, edited or archived by the operator, is left as it is. Answers
/// how many products were written.
#[cfg(feature = "first-content")]
pub async fn seed(app: &App, products: &[Product], coupons: &[Coupon]) -> AppResult<usize> {
    let mut written = 0;
    for product in products {
        if table::get_product(&app.db, &product.id).await?.is_none() {
            table::insert_product(&app.db, product, None).await?;
            written += 1;
        }
    }
    for coupon in coupons {
        if table::get_coupon(&app.db, &coupon.code).await?.is_none() {
            table::create_coupon(&app.db, coupon, None).await?;
        }
    }
    Ok(written)
}
