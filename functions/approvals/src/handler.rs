//! `approvals`: delegated purchases. A company's sales rep orders on its behalf
//! (`POST /companies/{company_id}/orders`); the company's admins decide under "Gestionar procesos
//! delegados" (`GET /approvals`, `GET /approvals/{id}`, approve, reject).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cloudstore::approvals;
use cloudstore::checkout::{Cart, CartBody};
use cloudstore::domain::{ids, Order, Role};
use cloudstore::http::{json, page, ApiJson, ApiJsonOrEmpty, ApiPath, Bearer, Caller};
use cloudstore::{App, AppError, AppState};
use serde::Deserialize;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/companies/{company_id}/orders", post(delegated_order))
        .route("/approvals", get(list))
        .route("/approvals/{order_id}", get(read))
        .route("/approvals/{order_id}/approve", post(approve))
        .route("/approvals/{order_id}/reject", post(reject));
    cloudstore::http::finish(routes, state)
}

/// Only the sales rep assigned to the company may buy for it.
async fn delegated_order(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(company_id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CartBody>,
) -> Result<Response, AppError> {
    caller.require(Role::SalesRep)?;
    let company = match ids::looks_like_id(&company_id) {
        true => app.store.get_company(&company_id).await?,
        false => None,
    };
    let company = company.ok_or(AppError::NotFound)?;
    if company.sales_rep_id.as_deref() != Some(caller.user.id.as_str()) || company.status != "active" {
        return Err(AppError::Forbidden);
    }
    let key = cloudstore::http::idempotency_key(&headers)?;
    let cart = Cart::try_from(body)?;
    let order = approvals::place_delegated_order(&app, &company.id, &caller.user, &cart, &key).await?;
    Ok(json(StatusCode::CREATED, &order.view()))
}

async fn list(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    caller.require_admin()?;
    let pending = app.store.pending_orders(caller.company_id()).await?;
    let items: Vec<serde_json::Value> = pending.iter().map(Order::view).collect();
    Ok(page(&items, None))
}

/// A delegated order of the admin's company, read in the same round trip as the session check;
/// 404 for anything else.
async fn delegated(app: &App, bearer: &Bearer, id: &str) -> Result<(Caller, Order), AppError> {
    let id = bearer.admin_input(app, Some(id).filter(|id| ids::looks_like_id(id)).ok_or(AppError::NotFound)).await?;
    let (caller, order) = bearer.admin_with(app, app.store.get_order(bearer.company_id(), id)).await?;
    let order = order.filter(|o| o.status != cloudstore::domain::OrderStatus::Completed).ok_or(AppError::NotFound)?;
    Ok((caller, order))
}

async fn read(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    let (_, order) = delegated(&app, &bearer, &id).await?;
    Ok(json(StatusCode::OK, &order.view()))
}

async fn approve(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    let (caller, order) = delegated(&app, &bearer, &id).await?;
    let approved = approvals::approve(&app, &order, &caller.user).await?;
    Ok(json(StatusCode::OK, &approved.view()))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    #[serde(default)]
    reason: Option<String>,
}

async fn reject(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJsonOrEmpty<RejectBody>, AppError>,
) -> Result<Response, AppError> {
    let reason = body.and_then(|ApiJsonOrEmpty(body)| {
        let reason = body.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            return Err(AppError::field("reason", "El motivo no puede superar 500 caracteres."));
        }
        Ok(reason)
    });
    let reason = bearer.admin_input(&app, reason).await?;
    let (caller, order) = delegated(&app, &bearer, &id).await?;
    let rejected = approvals::reject(&app, &order, &caller.user, reason).await?;
    Ok(json(StatusCode::OK, &rejected.view()))
}
