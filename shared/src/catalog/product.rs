//! Products of the catalog ("fichas de producto") and their monthly plans: the record (which is
//! also the contract's `Product`) and the operator's request that writes one.

use crate::db::{Entity, Record};
use crate::domain::Money;
use crate::error::{AppError, FieldError};
use crate::ids::{CompanyId, PlanId, ProductId};
use serde::{Deserialize, Serialize};

/// A plan of a product: a monthly price per seat and, when `trial_days > 0`, the welcome promotion.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: PlanId,
    pub name: String,
    /// Monthly price of one seat.
    pub price: Money,
    /// Over 0 is the welcome promotion: a company's first subscription to this plan is free for
    /// that many days.
    pub trial_days: u32,
}

/// A product as stored and as the contract shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    pub features: Vec<String>,
    pub screenshots: Vec<String>,
    pub manual_url: String,
    pub help_url: String,
    pub launch_url: String,
    pub icon_url: String,
    pub plans: Vec<Plan>,
    /// Archived products are out of the catalog; existing subscriptions keep working.
    pub active: bool,
    /// The vendor whose application this is (`GET /operator/vendors`); absent when the store
    /// sells it without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<CompanyId>,
}

impl Record for Product {
    const ENTITY: Entity = Entity::Product;
}

impl Product {
    pub fn plan(&self, plan_id: &PlanId) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == *plan_id)
    }
}

/// The body of `POST /products` and `PUT /products/{id}`: a whole product. Text is trimmed
/// (lengths count what is left); links are http(s), and an optional one left empty means none.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    vendor: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    category: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    summary: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    description: String,
    /// Up to 30, each 1 to 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    features: Vec<String>,
    /// Up to 10 images the store serves (each a `media_url` of `POST /media`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    screenshots: Vec<String>,
    /// An http(s) address, or empty for none (as is `help_url`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    manual_url: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    help_url: String,
    /// Where "Abrir aplicación" goes: an http(s) address.
    #[cfg_attr(feature = "openapi", schema(format = "uri", max_length = 2048))]
    launch_url: String,
    /// An image the store serves (a `media_url` of `POST /media`), or empty for none; an address
    /// anywhere else is `validation_failed`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    icon_url: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 10))]
    plans: Vec<PlanRequest>,
    /// The vendor whose application this is (an id of `GET /operator/vendors`); absent, `null`
    /// or empty for none. Any other id is `validation_failed` on `vendor_id`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    vendor_id: Option<String>,
}

/// A plan of a [`ProductRequest`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRequest {
    /// Unique within the product, no spaces; generated when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    name: String,
    /// Monthly, per seat: 0 to 1 000 000 000 000 centavos.
    price: Money,
    /// Free days of the welcome promotion, 0 to 365.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 365, default = 0))]
    trial_days: u32,
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool, max: usize) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.push(FieldError::new(field, "Es obligatorio."));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("No puede superar {max} caracteres.")));
    }
    value.to_string()
}

fn link(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool) -> String {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(field, "Es obligatorio."));
        }
        return String::new();
    }
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && value.len() <= 2048 => value.to_string(),
        _ => {
            errors.push(FieldError::new(field, "Debe ser una dirección http(s) válida."));
            String::new()
        }
    }
}

/// An image of the sheet (`icon_url`, `screenshots[i]`): empty, or a file the store serves, that
/// is an address under `MEDIA_BASE_URL`'s `media/` (an upload through `POST /media`, or the demo
/// media). An image anywhere else would be refused by the panel's CSP (`img-src`) and by a real
/// network alike: every visitor would get a broken image.
fn store_image(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool, media_base: Option<&str>, button: &str) -> String {
    let value = link(errors, field, value, required);
    if value.is_empty() || errors.iter().any(|e| e.field == field) {
        return value;
    }
    let served = media_base
        .and_then(|base| value.strip_prefix(base.trim_end_matches('/')))
        .and_then(|rest| rest.strip_prefix("/media/"))
        .is_some_and(|key| {
            !key.is_empty()
                && key.split('/').all(|segment| !segment.is_empty() && segment != "." && segment != "..")
                && !key.contains(['?', '#', '\\'])
        });
    if served {
        value
    } else {
        errors.push(FieldError::new(field, format!("Las imágenes tienen que estar subidas a la tienda: usá «{button}».")));
        String::new()
    }
}

/// The button of the product sheet that uploads an icon (the refusal above names it).
pub const UPLOAD_ICON: &str = "Subir imagen";
/// The button that uploads screenshots.
pub const UPLOAD_SCREENSHOTS: &str = "Subir imágenes";

/// A product's 1 to 10 plans, each with an id unique in the product (made up when left out).
fn plans(e: &mut Vec<FieldError>, requests: Vec<PlanRequest>) -> Vec<Plan> {
    if requests.is_empty() || requests.len() > 10 {
        e.push(FieldError::new("plans", "Un producto tiene de 1 a 10 planes."));
    }
    let mut plans: Vec<Plan> = Vec::new();
    for (i, plan) in requests.into_iter().enumerate() {
        let given = plan.id.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        let plan_id = match given {
            Some(raw) => PlanId::parse(&raw),
            None => PlanId::parse(&ProductId::new().as_str().to_lowercase()),
        };
        let Some(plan_id) = plan_id.filter(|id| !plans.iter().any(|p| p.id == *id)) else {
            e.push(FieldError::new(format!("plans[{i}].id"), "El id del plan debe ser único y corto."));
            continue;
        };
        let plan_name = text(e, &format!("plans[{i}].name"), &plan.name, true, 50);
        if !plan.price.is_valid_price() {
            e.push(FieldError::new(format!("plans[{i}].price.amount"), "El precio va de 0 a 10.000.000.000,00."));
        }
        if plan.trial_days > 365 {
            e.push(FieldError::new(format!("plans[{i}].trial_days"), "La prueba dura como mucho 365 días."));
        }
        plans.push(Plan { id: plan_id, name: plan_name, price: plan.price, trial_days: plan.trial_days });
    }
    plans
}

/// The message of a `vendor_id` that names no vendor, here or when the transaction finds none.
pub const NO_SUCH_VENDOR: &str = "No hay un proveedor con ese id.";

fn vendor_id(errors: &mut Vec<FieldError>, raw: Option<&str>) -> Option<CompanyId> {
    match raw.map(str::trim) {
        None | Some("") => None,
        Some(raw) => CompanyId::parse(raw).or_else(|| {
            errors.push(FieldError::new("vendor_id", NO_SUCH_VENDOR));
            None
        }),
    }
}

impl ProductRequest {
    /// The product this body describes, keeping `id` and `active`. Images must be files the
    /// store serves from `media_base` (`MEDIA_BASE_URL`).
    pub fn into_product(self, id: ProductId, active: bool, media_base: Option<&str>) -> Result<Product, AppError> {
        let mut e = Vec::new();
        let name = text(&mut e, "name", &self.name, true, 100);
        let vendor = text(&mut e, "vendor", &self.vendor, true, 100);
        let category = text(&mut e, "category", &self.category, true, 50);
        let summary = text(&mut e, "summary", &self.summary, false, 300);
        let description = text(&mut e, "description", &self.description, false, 5000);
        if self.features.len() > 30 {
            e.push(FieldError::new("features", "Hasta 30 características."));
        }
        let features = self.features.iter().enumerate().map(|(i, f)| text(&mut e, &format!("features[{i}]"), f, true, 200)).collect();
        if self.screenshots.len() > 10 {
            e.push(FieldError::new("screenshots", "Hasta 10 capturas."));
        }
        let screenshots = self
            .screenshots
            .iter()
            .enumerate()
            .map(|(i, s)| store_image(&mut e, &format!("screenshots[{i}]"), s, true, media_base, UPLOAD_SCREENSHOTS))
            .collect();
        let manual_url = link(&mut e, "manual_url", &self.manual_url, false);
        let help_url = link(&mut e, "help_url", &self.help_url, false);
        let launch_url = link(&mut e, "launch_url", &self.launch_url, true);
        let icon_url = store_image(&mut e, "icon_url", &self.icon_url, false, media_base, UPLOAD_ICON);
        let plans = plans(&mut e, self.plans);
        let vendor_id = vendor_id(&mut e, self.vendor_id.as_deref());
        if !e.is_empty() {
            return Err(AppError::Validation(e));
        }
        Ok(Product {
            id,
            name,
            vendor,
            category,
            summary,
            description,
            features,
            screenshots,
            manual_url,
            help_url,
            launch_url,
            icon_url,
            plans,
            active,
            vendor_id,
        })
    }
}
