//! Products: read by anyone, written by the operator. Deleting archives: the product leaves the
//! catalog but existing subscriptions keep working.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use cloudstore::domain::{ids, Money, Plan, Product, Role};
use cloudstore::http::{json, no_content, page, ApiJson, ApiPath, ApiQuery, Caller, PageParams};
use cloudstore::{AppError, AppState, FieldError};
use serde::Deserialize;

/// Public answers may be cached briefly by browsers and CDNs.
fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

pub async fn list(State(app): State<AppState>, ApiQuery(params): ApiQuery<PageParams>) -> Result<Response, AppError> {
    let (limit, cursor) = params.parse()?;
    let products = app.store.list_products(limit, cursor.as_deref()).await?;
    Ok(cacheable(page(&products.items, products.next.as_deref())))
}

pub async fn read(State(app): State<AppState>, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    if !ids::looks_like_id(&id) {
        return Err(AppError::NotFound);
    }
    let product = app.store.get_product(&id).await?.ok_or(AppError::NotFound)?;
    Ok(cacheable(json(StatusCode::OK, &product)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductBody {
    name: String,
    vendor: String,
    category: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    features: Vec<String>,
    #[serde(default)]
    screenshots: Vec<String>,
    #[serde(default)]
    manual_url: String,
    #[serde(default)]
    help_url: String,
    launch_url: String,
    #[serde(default)]
    icon_url: String,
    plans: Vec<PlanBody>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    #[serde(default)]
    id: Option<String>,
    name: String,
    price: Money,
    #[serde(default)]
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

impl ProductBody {
    /// The product this body describes, keeping `id` and `active`.
    fn into_product(self, id: String, active: bool) -> Result<Product, AppError> {
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
        let screenshots = self.screenshots.iter().enumerate().map(|(i, s)| link(&mut e, &format!("screenshots[{i}]"), s, true)).collect();
        let manual_url = link(&mut e, "manual_url", &self.manual_url, false);
        let help_url = link(&mut e, "help_url", &self.help_url, false);
        let launch_url = link(&mut e, "launch_url", &self.launch_url, true);
        let icon_url = link(&mut e, "icon_url", &self.icon_url, false);
        if self.plans.is_empty() || self.plans.len() > 10 {
            e.push(FieldError::new("plans", "Un producto tiene de 1 a 10 planes."));
        }
        let mut plans: Vec<Plan> = Vec::new();
        for (i, plan) in self.plans.into_iter().enumerate() {
            let plan_id = plan.id.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).unwrap_or_else(|| ids::new_id().to_lowercase());
            if plan_id.len() > 64 || plans.iter().any(|p| p.id == plan_id) {
                e.push(FieldError::new(format!("plans[{i}].id"), "El id del plan debe ser único y corto."));
            }
            let plan_name = text(&mut e, &format!("plans[{i}].name"), &plan.name, true, 50);
            if !plan.price.is_valid_price() {
                e.push(FieldError::new(format!("plans[{i}].price.amount"), "El precio va de 0 a 10.000.000.000,00."));
            }
            if plan.trial_days > 365 {
                e.push(FieldError::new(format!("plans[{i}].trial_days"), "La prueba dura como mucho 365 días."));
            }
            plans.push(Plan { id: plan_id, name: plan_name, price: plan.price, trial_days: plan.trial_days });
        }
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
        })
    }
}

pub async fn create(State(app): State<AppState>, caller: Caller, ApiJson(body): ApiJson<ProductBody>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let product = body.into_product(ids::new_id(), true)?;
    app.store.put_product(&product, false).await?;
    Ok(json(StatusCode::CREATED, &product))
}

pub async fn replace(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ProductBody>,
) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if !ids::looks_like_id(&id) {
        return Err(AppError::NotFound);
    }
    let current = app.store.get_product(&id).await?.ok_or(AppError::NotFound)?;
    let product = body.into_product(current.id, current.active)?;
    app.store.put_product(&product, true).await?;
    Ok(json(StatusCode::OK, &product))
}

pub async fn archive(State(app): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if !ids::looks_like_id(&id) {
        return Err(AppError::NotFound);
    }
    app.store.archive_product(&id).await?;
    Ok(no_content())
}
