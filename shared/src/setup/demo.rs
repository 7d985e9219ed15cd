//! The demo catalog (`shared/data/demo-catalog.json`): believable products across categories,
//! Spanish texts, ARS prices, some with a welcome trial, each with an icon, two screenshots and a
//! manual (`shared/data/media/<slug>/`, compiled in), and the contract's `BIENVENIDA20` coupon.
//! Fixed ids keep loading it idempotent. A new stack loads it on its first deploy when asked
//! (`SeedDemoCatalog`); `make dev` and the tests always do.

use crate::catalog::{Coupon, Duration, Plan, Product};
use crate::domain::Money;
use crate::error::{AppError, AppResult};
use crate::ids::{CouponCode, PlanId, ProductId};
use serde::Deserialize;

/// The demo coupon of the contract: 20 % off the first month, once per company.
pub const WELCOME_COUPON: &str = "BIENVENIDA20";

/// The demo products as data, shared with the generator of their images
/// (`shared/data/media/generate.mjs`).
pub const CATALOG_JSON: &str = include_str!("../../data/demo-catalog.json");

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

/// The files of each demo product's media, under `shared/data/media/<slug>/` in the checkout and
/// in the bucket at `media/demo/<slug>/`: its icon, two screenshots and a manual.
pub const MEDIA_FILES: [(&str, &str); 4] =
    [("icon.png", "image/png"), ("captura-1.png", "image/png"), ("captura-2.png", "image/png"), ("manual.pdf", "application/pdf")];

/// One demo media file, as uploaded.
pub struct MediaFile {
    /// The object's key in the media bucket: `media/demo/<slug>/<file>`.
    pub key: String,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! product_media {
    ($($slug:literal),* $(,)?) => {
        /// Every demo product's media files, compiled in: (slug, file, bytes).
        const MEDIA: &[(&str, &str, &[u8])] = &[$(
            ($slug, "icon.png", include_bytes!(concat!("../../data/media/", $slug, "/icon.png"))),
            ($slug, "captura-1.png", include_bytes!(concat!("../../data/media/", $slug, "/captura-1.png"))),
            ($slug, "captura-2.png", include_bytes!(concat!("../../data/media/", $slug, "/captura-2.png"))),
            ($slug, "manual.pdf", include_bytes!(concat!("../../data/media/", $slug, "/manual.pdf"))),
        )*];
    };
}

product_media![
    "archivo-total",
    "escudo-endpoint",
    "factura-ya",
    "gestion-pyme-erp",
    "mesa-de-ayuda-360",
    "nube-oficina-pro",
    "reunion-plus"
];

/// Every media file of the demo products.
pub fn media_files() -> Vec<MediaFile> {
    MEDIA
        .iter()
        .map(|(slug, file, bytes)| {
            let content_type = MEDIA_FILES.iter().find(|(name, _)| name == file).map_or("application/octet-stream", |(_, t)| t);
            MediaFile { key: format!("media/demo/{slug}/{file}"), content_type, bytes }
        })
        .collect()
}

fn product(demo: &Demo, media_base: &str) -> AppResult<Product> {
    let media = |file: &str| format!("{}/media/demo/{}/{file}", media_base.trim_end_matches('/'), demo.slug);
    let bad = |what: &str| AppError::internal(format!("demo product {}: bad {what}", demo.slug));
    let plans = demo
        .plans
        .iter()
        .map(|p| {
            Ok(Plan {
                id: PlanId::parse(&p.id).ok_or_else(|| bad("plan id"))?,
                name: p.name.clone(),
                price: Money::ars(p.price),
                trial_days: p.trial_days,
            })
        })
        .collect::<AppResult<Vec<Plan>>>()?;
    Ok(Product {
        id: ProductId::parse(&demo.id).ok_or_else(|| bad("id"))?,
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
        plans,
        active: true,
        vendor_id: None,
    })
}

fn demos() -> AppResult<Vec<Demo>> {
    serde_json::from_str(CATALOG_JSON).map_err(|e| AppError::internal(format!("data/demo-catalog.json: {e}")))
}

/// The slugs of the demo products (their media folders).
pub fn demo_slugs() -> AppResult<Vec<String>> {
    Ok(demos()?.into_iter().map(|d| d.slug).collect())
}

/// The demo products, their media served from `media_base`.
pub fn demo_products(media_base: &str) -> AppResult<Vec<Product>> {
    demos()?.iter().map(|d| product(d, media_base)).collect()
}

/// The contract's welcome coupon.
pub fn welcome_coupon() -> Coupon {
    Coupon {
        description: "20 % de descuento en el primer mes, una vez por empresa.".into(),
        percent_off_bp: Some(2_000),
        ..Coupon::new(CouponCode::parse(WELCOME_COUPON).expect("the welcome code is a valid code"), Duration::Once)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_product_has_its_icon_screenshots_and_manual_compiled_in() {
        let files = media_files();
        for slug in demo_slugs().unwrap() {
            for (file, _) in MEDIA_FILES {
                let key = format!("media/demo/{slug}/{file}");
                let found = files.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("{key} is not compiled in"));
                assert!(found.bytes.len() > 500, "{key} is empty");
            }
        }
        assert_eq!(files.len(), demo_slugs().unwrap().len() * MEDIA_FILES.len(), "no media of a product that is not in the catalog");
        assert!(files.iter().all(|f| f.content_type != "application/octet-stream"));
    }

    #[test]
    fn the_demo_products_are_valid_and_point_at_their_media() {
        let products = demo_products("https://media.example.test/").unwrap();
        assert_eq!(products.len(), demo_slugs().unwrap().len());
        assert!(products.iter().all(|p| p.icon_url.starts_with("https://media.example.test/media/demo/") && !p.plans.is_empty()));
    }
}
