//! Quotes and orders of the caller's company.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cloudstore::checkout::{self, Cart, CartBody};
use cloudstore::domain::ids;
use cloudstore::http::{json, page, ApiJson, ApiPath, ApiQuery, Caller, PageParams};
use cloudstore::{AppError, AppState};

pub async fn quote(State(app): State<AppState>, caller: Caller, ApiJson(body): ApiJson<CartBody>) -> Result<Response, AppError> {
    caller.require_admin()?;
    let cart = Cart::try_from(body)?;
    let priced = checkout::price_cart(&app, caller.company_id(), &cart).await?;
    Ok(json(StatusCode::OK, &priced.quote))
}

pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CartBody>,
) -> Result<Response, AppError> {
    caller.require_admin()?;
    let key = cloudstore::http::idempotency_key(&headers)?;
    let cart = Cart::try_from(body)?;
    let order = checkout::place_direct_order(&app, caller.company_id(), &caller.user.id, &cart, &key).await?;
    Ok(json(StatusCode::CREATED, &order.view()))
}

pub async fn list(State(app): State<AppState>, caller: Caller, ApiQuery(params): ApiQuery<PageParams>) -> Result<Response, AppError> {
    caller.require_admin()?;
    let (limit, cursor) = params.parse()?;
    let orders = app.store.list_orders(caller.company_id(), limit, cursor.as_deref()).await?;
    let items: Vec<serde_json::Value> = orders.items.iter().map(|o| o.view()).collect();
    Ok(page(&items, orders.next.as_deref()))
}

pub async fn read(State(app): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    caller.require_admin()?;
    if !ids::looks_like_id(&id) {
        return Err(AppError::NotFound);
    }
    let order = app.store.get_order(caller.company_id(), &id).await?.ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::OK, &order.view()))
}
