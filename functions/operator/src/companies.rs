//! Staff accounts and per-company settings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::domain::{ids, Company, Money, Role, User};
use cloudstore::flows;
use cloudstore::http::{json, ApiJson, ApiPath, Caller};
use cloudstore::{AppError, AppState};
use serde::Deserialize;
use serde_json::json as j;

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    SalesRep,
    Operator,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffBody {
    name: String,
    email: String,
    role: StaffRole,
}

/// A sales rep or operator of the operator's own company, activated by email like everyone.
pub async fn create_staff(State(app): State<AppState>, caller: Caller, ApiJson(body): ApiJson<StaffBody>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let role = match body.role {
        StaffRole::SalesRep => Role::SalesRep,
        StaffRole::Operator => Role::Operator,
    };
    let user = flows::create_user(&app, caller.company_id(), &body.name, &body.email, role, &caller.user.id, "staff.created").await?;
    Ok(json(StatusCode::CREATED, &User::from(&user)))
}

/// The operator's view of a company.
fn company_view(c: &Company) -> serde_json::Value {
    j!({
        "id": c.id, "name": c.name, "status": c.status,
        "sales_rep": c.sales_rep_id.as_ref().map(|id| j!({ "id": id, "email": c.sales_rep_email })),
        "spend_limits": { "daily": c.spend_limit_daily, "rolling_30_days": c.spend_limit_30d },
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalesRepBody {
    user_id: String,
}

pub async fn assign_sales_rep(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(company_id): ApiPath<String>,
    ApiJson(body): ApiJson<SalesRepBody>,
) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if !ids::looks_like_id(&company_id) || company_id == caller.company_id() {
        return Err(AppError::NotFound);
    }
    let rep = match ids::looks_like_id(&body.user_id) {
        true => app.store.get_user(caller.company_id(), &body.user_id).await?,
        false => None,
    };
    let rep = rep.filter(|u| u.role == Role::SalesRep).ok_or_else(|| AppError::field("user_id", "No es un representante comercial."))?;
    let company = app.store.set_sales_rep(&company_id, &rep).await?;
    Ok(json(StatusCode::OK, &company_view(&company)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsBody {
    #[serde(default)]
    daily: Option<Money>,
    #[serde(default)]
    rolling_30_days: Option<Money>,
}

/// Sets both limits at once; a limit left out is lifted.
pub async fn spend_limits(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(company_id): ApiPath<String>,
    ApiJson(body): ApiJson<LimitsBody>,
) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if !ids::looks_like_id(&company_id) {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    for (field, limit) in [("daily", body.daily), ("rolling_30_days", body.rolling_30_days)] {
        if limit.is_some_and(|m| !m.is_valid_price()) {
            errors.push(cloudstore::FieldError::new(format!("{field}.amount"), "Un monto de 0 en adelante."));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let company = app.store.set_spend_limits(&company_id, body.daily, body.rolling_30_days).await?;
    Ok(json(StatusCode::OK, &company_view(&company)))
}
