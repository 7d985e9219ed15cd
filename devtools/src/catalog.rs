//! The demo catalog for the local stack and the tests: the one a new stack loads on its first
//! deploy when asked (`cloudstore::setup::demo`, from `shared/data/demo-catalog.json`), and the
//! contract's `BIENVENIDA20` coupon.

use cloudstore::catalog::Product;
use cloudstore::{App, AppError};

pub use cloudstore::setup::demo::{welcome_coupon, CATALOG_JSON, MEDIA_FILES, WELCOME_COUPON};

/// The slugs of the demo products (their media folders).
pub fn demo_slugs() -> Vec<String> {
    cloudstore::setup::demo::demo_slugs().expect("shared/data/demo-catalog.json")
}

/// The demo products (also used by the tests), their media served from `media_base`. Locally they
/// are the demo vendor's (`seed::DEMO_VENDOR_ID`); a deployed store's first content names none.
pub fn demo_products(media_base: &str) -> Vec<Product> {
    let mut products = cloudstore::setup::demo::demo_products(media_base).expect("shared/data/demo-catalog.json");
    for product in &mut products {
        product.vendor_id = Some(crate::seed::demo_vendor_id());
    }
    products
}

/// Seeds what is missing of the demo catalog (its media served from `media_base`) and the
/// welcome coupon.
pub async fn seed_catalog(app: &App, media_base: &str) -> Result<(), AppError> {
    cloudstore::catalog::seed(app, &demo_products(media_base), &[welcome_coupon()]).await.map(|_| ())
}
