//! The local demo catalog (`data/demo-catalog.json`): believable products across categories,
//! Spanish texts, ARS prices, some with a welcome trial, each with an icon, two screenshots and a
//! manual (`media/<slug>/`), and the contract's `BIENVENIDA20` coupon. Fixed ids keep seeding
//! idempotent.

use cloudstore::catalog::{Coupon, Duration, Plan, Product};
use cloudstore::domain::Money;
use cloudstore::ids::{CouponCode, PlanId, ProductId};
use cloudstore::{App, AppError};
use serde::Deserialize;

/// The demo coupon of the contract: 20 % off the first month, once per company.
pub const WELCOME_COUPON: &str = "BIENVENIDA20";

/// The demo products as data, shared with the generator of their images (`media/generate.mjs`).
pub const CATALOG_JSON: &str = include_str!("../data/demo-catalog.json");

#[derive(Deserialize)]
struct Demo {
    id: String,
    slug: String,
    name: String,
    vendor: String,
    category: String,
    summary: String,
    features: Vec<String>,
    plans: Vec<DemoPlan>,
}

#[derive(Deserialize)]
struct DemoPlan {
    id: String,
    name: String,
    /// Monthly, in centavos.
    price: i64,
    trial_days: u32,
}

/// The files of each demo product's media, under `media/<slug>/` in the checkout and
/// bucket at `media/demo/<slug>/`: its icon, two screenshots and a manual.
pub const MEDIA_FILES: [(&str, &str); 4] =
    [("icon.png", "image/png"), ("captura-1.png", "image/png"), ("captura-2.png", "image/png"), ("manual.pdf", "application/pdf")];

fn product(demo: &Demo, media_base: &str) -> Product {
    let media = |file: &str| format!("{}/media/demo/{}/{file}", media_base.trim_end_matches('/'), demo.slug);
    Product {
        id: ProductId::parse(&demo.id).expect("a demo product id"),
        name: demo.name.clone(),
        vendor: demo.vendor.clone(),
        category: demo.category.clone(),
        summary: demo.summary.clone(),
        description: format!("{} Soporte en español y facturación en pesos con tu factura de telefonía.", demo.summary),
        features: demo.features.clone(),
        screenshots: vec![media("captura-1.png"), media("captura-2.png")],
        manual_url: media("manual.pdf"),
        help_url: format!("https://apps.cloudstore.test/{}/ayuda", demo.slug),
        launch_url: format!("https://apps.cloudstore.test/{}/", demo.slug),
        icon_url: media("icon.png"),
        plans: demo
            .plans
            .iter()
            .map(|p| Plan {
                id: PlanId::parse(&p.id).expect("a demo plan id"),
                name: p.name.clone(),
                price: Money::ars(p.price),
                trial_days: p.trial_days,
            })
            .collect(),
        active: true,
    }
}

fn demos() -> Vec<Demo> {
    serde_json::from_str(CATALOG_JSON).expect("data/demo-catalog.json")
}

/// The slugs of the demo products (their media folders).
pub fn demo_slugs() -> Vec<String> {
    demos().into_iter().map(|d| d.slug).collect()
}

/// The demo products (also used by the tests), their media served from `media_base`.
pub fn demo_products(media_base: &str) -> Vec<Product> {
    demos().iter().map(|d| product(d, media_base)).collect()
}

/// The contract's welcome coupon.
pub fn welcome_coupon() -> Coupon {
    Coupon {
        description: "20 % de descuento en el primer mes, una vez por empresa.".into(),
        percent_off_bp: Some(2_000),
        ..Coupon::new(CouponCode::parse(WELCOME_COUPON).expect("the welcome code"), Duration::Once)
    }
}

/// Seeds what is missing of the demo catalog (its media served from `media_base`) and the
/// welcome coupon.
pub async fn seed_catalog(app: &App, media_base: &str) -> Result<(), AppError> {
    cloudstore::catalog::seed(app, &demo_products(media_base), &[welcome_coupon()]).await
}
