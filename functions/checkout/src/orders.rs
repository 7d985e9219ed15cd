//! Quotes and orders of the caller's company.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cloudstore::checkout::{self, Cart, CartBody};
use cloudstore::domain::ids;
use cloudstore::http::{json, page, ApiJson, ApiPath, ApiQuery, Bearer, Caller, PageParams};
use cloudstore::{AppError, AppState};

/// The quote is read in the same round trip as the session check.
pub async fn quote(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<CartBody>, AppError>) -> Result<Response, AppError> {
    let cart = bearer.admin_input(&app, body.and_then(|ApiJson(body)| Cart::try_from(body))).await?;
    let (_, context) = bearer.admin_with(&app, checkout::load_cart(&app, bearer.company_id(), &cart, None)).await?;
    Ok(json(StatusCode::OK, &checkout::price(context, &cart)?.quote))
}

/// The cart (and an earlier request under the key) is read in the same round trip as the session
/// check; the order is then one transaction.
pub async fn create(
    State(app): State<AppState>,
    bearer: Bearer,
    headers: HeaderMap,
    body: Result<ApiJson<CartBody>, AppError>,
) -> Result<Response, AppError> {
    let input = body.and_then(|ApiJson(body)| Ok((cloudstore::http::idempotency_key(&headers)?, Cart::try_from(body)?)));
    let (key, cart) = bearer.admin_input(&app, input).await?;
    let (caller, context) = bearer.admin_with(&app, checkout::load_cart(&app, bearer.company_id(), &cart, Some(&key))).await?;
    let order = checkout::place_direct_order(&app, &caller.user, &cart, &key, context).await?;
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
