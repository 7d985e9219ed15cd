//! `checkout`: an admin prices a cart (`POST /checkout/quote`), buys it exactly once per
//! `Idempotency-Key` (`POST /orders`), reads the company's orders, manages its subscriptions, and
//! reads what the company is charged for a month (`GET /billing/statements/{month}`, JSON or CSV
//! with `Accept: text/csv`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Router;
use cloudstore::commerce::billing::statement;
use cloudstore::commerce::subscriptions::SeatsRequest;
use cloudstore::commerce::{self, orders, subscriptions, CartRequest};
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery, IdempotencyKey};
use cloudstore::identity::Bearer;
use cloudstore::views::PageParams;
use cloudstore::{licensing, AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/checkout/quote", post(quote))
        .route("/orders", get(list_orders).post(place_order))
        .route("/orders/{id}", get(read_order))
        .route("/subscriptions", get(list_subscriptions))
        .route("/subscriptions/{id}", patch(change_seats).delete(cancel))
        .route("/billing/statements/{month}", get(read_statement));
    http::finish(routes, state)
}

async fn quote(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<CartRequest>, AppError>) -> AppResult<Response> {
    commerce::quote(&app, &bearer, http::body(body)).await.map(http::ok)
}

async fn place_order(
    State(app): State<AppState>,
    bearer: Bearer,
    key: Result<IdempotencyKey, AppError>,
    body: Result<ApiJson<CartRequest>, AppError>,
) -> AppResult<Response> {
    let key = key.and_then(IdempotencyKey::required);
    commerce::place_order(&app, &bearer, key, http::body(body)).await.map(http::created)
}

async fn list_orders(State(app): State<AppState>, bearer: Bearer, page: Result<ApiQuery<PageParams>, AppError>) -> AppResult<Response> {
    orders::list(&app, &bearer, http::page(page)).await.map(http::ok)
}

async fn read_order(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    orders::read(&app, &bearer, &id).await.map(http::ok)
}

async fn list_subscriptions(
    State(app): State<AppState>,
    bearer: Bearer,
    page: Result<ApiQuery<PageParams>, AppError>,
) -> AppResult<Response> {
    subscriptions::list(&app, &bearer, http::page(page)).await.map(http::ok)
}

async fn change_seats(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    key: Result<IdempotencyKey, AppError>,
    body: Result<ApiJson<SeatsRequest>, AppError>,
) -> AppResult<Response> {
    subscriptions::change_seats(&app, &bearer, &id, key.map(|k| k.0), http::body(body)).await.map(http::ok)
}

async fn read_statement(
    State(app): State<AppState>,
    bearer: Bearer,
    headers: HeaderMap,
    ApiPath(month): ApiPath<String>,
) -> AppResult<Response> {
    let found = statement::statement(&app, &bearer, &month).await?;
    if !http::wants_csv(&headers) {
        return Ok(http::ok(found));
    }
    Ok(http::csv(statement::csv(&found)?, &format!("cloudstore-factura-{}.csv", found.month)))
}

async fn cancel(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    licensing::cancel_subscription(&app, &bearer, &id).await.map(|()| http::no_content())
}
