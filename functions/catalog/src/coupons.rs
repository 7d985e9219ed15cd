//! Coupons, managed by the operator. Codes compare case-insensitively; a coupon's discount terms
//! cannot change once it has been redeemed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::domain::coupon::Duration;
use cloudstore::domain::{Coupon, Money, Role};
use cloudstore::http::{json, page, ApiJson, ApiPath, ApiQuery, Caller, PageParams};
use cloudstore::{AppError, AppState, FieldError};
use serde::Deserialize;
use serde_json::{json as j, Value};
use time::OffsetDateTime;

/// The contract's `Coupon` shape (`percent_off` as a number with up to two decimals).
pub fn view(c: &Coupon) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(map) = v.as_object_mut() {
        map.remove("percent_off_bp");
        if let Some(bp) = c.percent_off_bp {
            map.insert("percent_off".into(), j!(bp as f64 / 100.0));
        }
    }
    v
}

pub async fn list(State(app): State<AppState>, caller: Caller, ApiQuery(params): ApiQuery<PageParams>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let (limit, cursor) = params.parse()?;
    let coupons = app.store.list_coupons(limit, cursor.as_deref()).await?;
    let items: Vec<Value> = coupons.items.iter().map(view).collect();
    Ok(page(&items, coupons.next.as_deref()))
}

/// Every field of a coupon; on `PATCH` all are optional and `code` is not accepted.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CouponBody {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    percent_off: Option<f64>,
    #[serde(default)]
    amount_off: Option<Money>,
    #[serde(default)]
    duration: Option<Duration>,
    #[serde(default)]
    duration_in_months: Option<u32>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    valid_from: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    valid_until: Option<OffsetDateTime>,
    #[serde(default)]
    max_redemptions: Option<u32>,
    #[serde(default)]
    product_ids: Option<Vec<String>>,
    #[serde(default)]
    min_order_amount: Option<Money>,
    #[serde(default)]
    first_purchase_only: Option<bool>,
    #[serde(default)]
    active: Option<bool>,
}

fn valid_code(code: &str) -> bool {
    (3..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Applies the body onto `coupon` and checks the result as a whole.
fn apply(body: CouponBody, mut c: Coupon) -> Result<Coupon, AppError> {
    let mut e = Vec::new();
    if let Some(d) = body.description {
        if d.chars().count() > 300 {
            e.push(FieldError::new("description", "Hasta 300 caracteres."));
        }
        c.description = d.trim().to_string();
    }
    if let Some(p) = body.percent_off {
        let bp = (p * 100.0).round();
        if !(p > 0.0 && p <= 100.0) || bp < 1.0 || (bp - p * 100.0).abs() > 1e-6 {
            e.push(FieldError::new("percent_off", "Un porcentaje mayor que 0 y hasta 100, con hasta dos decimales."));
        }
        c.percent_off_bp = Some(bp as i64);
        c.amount_off = None;
    }
    if let Some(a) = body.amount_off {
        if a.amount <= 0 || !a.is_valid_price() {
            e.push(FieldError::new("amount_off.amount", "Un monto mayor que cero."));
        }
        c.amount_off = Some(a);
        c.percent_off_bp = None;
    }
    if body.percent_off.is_some() && body.amount_off.is_some() {
        e.push(FieldError::new("amount_off", "Un cupón descuenta un porcentaje o un monto, no ambos."));
    }
    if c.percent_off_bp.is_none() && c.amount_off.is_none() {
        e.push(FieldError::new("percent_off", "Falta el descuento: percent_off o amount_off."));
    }
    if let Some(d) = body.duration {
        c.duration = d;
    }
    if body.duration_in_months.is_some() {
        c.duration_in_months = body.duration_in_months;
    }
    if c.duration != Duration::Repeating {
        c.duration_in_months = None;
    } else if !c.duration_in_months.is_some_and(|m| (1..=36).contains(&m)) {
        e.push(FieldError::new("duration_in_months", "Con duración repeating, de 1 a 36 meses."));
    }
    if body.valid_from.is_some() {
        c.valid_from = body.valid_from;
    }
    if body.valid_until.is_some() {
        c.valid_until = body.valid_until;
    }
    if let (Some(from), Some(until)) = (c.valid_from, c.valid_until) {
        if until <= from {
            e.push(FieldError::new("valid_until", "Debe ser posterior a valid_from."));
        }
    }
    if let Some(max) = body.max_redemptions {
        if max == 0 || max < c.times_redeemed {
            e.push(FieldError::new("max_redemptions", "Debe ser al menos 1 y no menor que los canjes hechos."));
        }
        c.max_redemptions = Some(max);
    }
    if let Some(ids) = body.product_ids {
        if ids.is_empty() || ids.len() > 50 || ids.iter().any(|i| i.is_empty() || i.len() > 64) {
            e.push(FieldError::new("product_ids", "De 1 a 50 ids de producto."));
        }
        c.product_ids = Some(ids);
    }
    if let Some(min) = body.min_order_amount {
        if !min.is_valid_price() {
            e.push(FieldError::new("min_order_amount.amount", "Un monto de 0 en adelante."));
        }
        c.min_order_amount = Some(min);
    }
    if let Some(first) = body.first_purchase_only {
        c.first_purchase_only = first;
    }
    if let Some(active) = body.active {
        c.active = active;
    }
    if e.is_empty() {
        Ok(c)
    } else {
        Err(AppError::Validation(e))
    }
}

pub async fn create(State(app): State<AppState>, caller: Caller, ApiJson(mut body): ApiJson<CouponBody>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let code = body.code.take().map(|c| c.trim().to_uppercase()).unwrap_or_default();
    if !valid_code(&code) {
        return Err(AppError::field("code", "De 3 a 32 letras, números, - o _."));
    }
    let Some(duration) = body.duration else {
        return Err(AppError::field("duration", "Es obligatoria: once, repeating o forever."));
    };
    let coupon = apply(body, Coupon::new(&code, duration))?;
    if !app.store.create_coupon(&coupon).await? {
        return Err(AppError::field("code", "Ya existe un cupón con ese código."));
    }
    Ok(json(StatusCode::CREATED, &view(&coupon)))
}

pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<CouponBody>,
) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if body.code.is_some() {
        return Err(AppError::field("code", "El código de un cupón no cambia."));
    }
    if !valid_code(&code) {
        return Err(AppError::NotFound);
    }
    let before = app.store.get_coupon(&code).await?.ok_or(AppError::NotFound)?;
    let after = apply(body, before.clone())?;
    if before.times_redeemed > 0 && !before.same_terms(&after) {
        return Err(AppError::field("percent_off", "El cupón ya se usó: sus condiciones de descuento no pueden cambiar."));
    }
    app.store.update_coupon(&before, &after).await?;
    Ok(json(StatusCode::OK, &view(&after)))
}
