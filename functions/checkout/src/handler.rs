//! `checkout`: an admin prices a cart (`POST /checkout/quote`), buys it exactly once per
//! `Idempotency-Key` (`POST /orders`), reads the company's orders, and manages its subscriptions.

mod orders;
mod subscriptions;

use axum::routing::{get, post};
use axum::Router;
use cloudstore::AppState;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/checkout/quote", post(orders::quote))
        .route("/orders", get(orders::list).post(orders::create))
        .route("/orders/{id}", get(orders::read))
        .route("/subscriptions", get(subscriptions::list))
        .route("/subscriptions/{id}", axum::routing::patch(subscriptions::update).delete(subscriptions::cancel));
    cloudstore::http::finish(routes, state)
}
