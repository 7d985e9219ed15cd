//! Coupons, managed by the operator. Codes compare case-insensitively; a coupon's discount terms
//! cannot change once it has been redeemed.

use super::coupon::{Coupon, CouponView, Duration};
use super::table;
use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::db::read_if;
use crate::domain::Money;
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::{Bearer, OPERATOR};
use crate::ids::{CouponCode, ProductId};
use crate::views::{List, PageRequest};
use serde::Deserialize;
use time::OffsetDateTime;

/// Every field of a coupon; on `PATCH` all are optional and `code` is not accepted. A new coupon
/// needs `code`, `duration` and one of `percent_off` / `amount_off`; fields left out of a `PATCH`
/// keep their value.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponRequest {
    /// 3 to 32 letters, digits, `-` or `_`; stored upper-cased.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{3,32}$"))]
    code: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    description: Option<String>,
    /// A percentage over 0 and up to 100, with up to two decimals (e.g. 12.5).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0, maximum = 100))]
    percent_off: Option<f64>,
    /// A fixed amount off each month, over 0.
    #[serde(default)]
    amount_off: Option<Money>,
    #[serde(default)]
    duration: Option<Duration>,
    /// How many calendar months a `repeating` coupon discounts: 1 to 36.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 36))]
    duration_in_months: Option<u32>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    valid_from: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    valid_until: Option<OffsetDateTime>,
    /// Store-wide; never below the times already redeemed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    max_redemptions: Option<u32>,
    /// The products the coupon discounts (1 to 50); all when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<ProductId>>, min_items = 1, max_items = 50))]
    product_ids: Option<Vec<String>>,
    /// The least order subtotal the coupon applies to.
    #[serde(default)]
    min_order_amount: Option<Money>,
    #[serde(default)]
    first_purchase_only: Option<bool>,
    #[serde(default)]
    active: Option<bool>,
}

/// Applies the body onto `coupon` and checks the result as a whole.
fn apply(body: CouponRequest, mut c: Coupon) -> Result<Coupon, AppError> {
    let mut e = Vec::new();
    if let Some(d) = &body.description {
        if d.chars().count() > 300 {
            e.push(FieldError::new("description", "Hasta 300 caracteres."));
        }
        c.description = d.trim().to_string();
    }
    apply_discount(&body, &mut c, &mut e);
    apply_duration(&body, &mut c, &mut e);
    apply_limits(body, &mut c, &mut e);
    if e.is_empty() {
        Ok(c)
    } else {
        Err(AppError::Validation(e))
    }
}

/// What the coupon takes off: a percentage or an amount, exactly one.
fn apply_discount(body: &CouponRequest, c: &mut Coupon, e: &mut Vec<FieldError>) {
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
}

/// For how long it discounts (`once`, `repeating` for some months, `forever`) and when it can be
/// redeemed.
fn apply_duration(body: &CouponRequest, c: &mut Coupon, e: &mut Vec<FieldError>) {
    if let Some(d) = body.duration {
        c.duration = d;
    }
    if body.duration_in_months.is_some() {
        c.duration_in_months = body.duration_in_months;
    }
    // 1 to 36 whenever given (a duration other than `repeating` then ignores it), and needed with
    // `repeating`.
    let months_out_of_range = body.duration_in_months.is_some_and(|m| !(1..=36).contains(&m));
    if c.duration != Duration::Repeating {
        c.duration_in_months = None;
    }
    if months_out_of_range || (c.duration == Duration::Repeating && c.duration_in_months.is_none()) {
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
}

/// Who and what it applies to: redemptions, products, the least order, first purchases, active.
fn apply_limits(body: CouponRequest, c: &mut Coupon, e: &mut Vec<FieldError>) {
    if let Some(max) = body.max_redemptions {
        if max == 0 || max < c.times_redeemed {
            e.push(FieldError::new("max_redemptions", "Debe ser al menos 1 y no menor que los canjes hechos."));
        }
        c.max_redemptions = Some(max);
    }
    if let Some(ids) = body.product_ids {
        let parsed: Vec<ProductId> = ids.iter().filter_map(|i| ProductId::parse(i)).collect();
        if ids.is_empty() || ids.len() > 50 || parsed.len() != ids.len() {
            e.push(FieldError::new("product_ids", "De 1 a 50 ids de producto."));
        }
        c.product_ids = Some(parsed);
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
}

/// `GET /coupons`: every coupon, by code.
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<CouponView>> {
    let page = bearer.admit(app, OPERATOR, page).await?;
    let (_, coupons) = bearer.with(app, OPERATOR, table::list_coupons(&app.db, &page)).await?;
    Ok(List::page(coupons, |c| CouponView::from(&c)))
}

/// `POST /coupons`.
pub async fn create(app: &App, bearer: &Bearer, request: AppResult<CouponRequest>) -> AppResult<CouponView> {
    let mut request = bearer.admit(app, OPERATOR, request).await?;
    let caller = bearer.caller_as(app, OPERATOR).await?;
    let code = request
        .code
        .take()
        .and_then(|c| CouponCode::parse_new(&c))
        .ok_or_else(|| AppError::field("code", "De 3 a 32 letras, números, - o _."))?;
    let Some(duration) = request.duration else {
        return Err(AppError::field("duration", "Es obligatoria: once, repeating o forever."));
    };
    let coupon = apply(request, Coupon::new(code, duration))?;
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::CouponCreated, &coupon.code, serde_json::json!(CouponView::from(&coupon)));
    table::create_coupon(&app.db, &coupon, Some((caller.company_id(), &entry))).await?;
    Ok(CouponView::from(&coupon))
}

/// `PATCH /coupons/{code}`: every field optional but the code, which never changes.
pub async fn update(app: &App, bearer: &Bearer, code: &str, request: AppResult<CouponRequest>) -> AppResult<CouponView> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    if request.code.is_some() {
        bearer.caller_as(app, OPERATOR).await?;
        return Err(AppError::field("code", "El código de un cupón no cambia."));
    }
    let code = CouponCode::parse_new(code);
    let (caller, before) = bearer.with(app, OPERATOR, read_if(code.as_ref().map(|c| table::get_coupon(&app.db, c)))).await?;
    let before = before.ok_or(AppError::NotFound)?;
    let after = apply(request, before.clone())?;
    if before.times_redeemed > 0 && !before.same_terms(&after) {
        return Err(AppError::field("percent_off", "El cupón ya se usó: sus condiciones de descuento no pueden cambiar."));
    }
    let detail = serde_json::json!({ "from": CouponView::from(&before), "to": CouponView::from(&after) });
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::CouponUpdated, &after.code, detail);
    table::update_coupon(&app.db, &before, &after, Some((caller.company_id(), &entry))).await?;
    Ok(CouponView::from(&after))
}
