//! `catalog`: the public product sheets (`GET /products`, `GET /products/{id}`, cacheable) and the
//! operator's catalog and coupon management.

mod coupons;
mod products;

use axum::routing::{get, patch};
use axum::Router;
use cloudstore::AppState;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/products", get(products::list).post(products::create))
        .route("/products/{id}", get(products::read).put(products::replace).delete(products::archive))
        .route("/coupons", get(coupons::list).post(coupons::create))
        .route("/coupons/{code}", patch(coupons::update));
    cloudstore::http::finish(routes, state)
}
