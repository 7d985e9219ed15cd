//! `catalog`: the public product sheets (`GET /products`, `GET /products/{id}`, cacheable) and the
//! operator's catalog and coupon management, with the uploads of product media (`POST /media`:
//! the only function that presigns S3 uploads).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Router;
use cloudstore::catalog::coupons::{self, CouponRequest};
use cloudstore::catalog::media::{self, UploadRequest};
use cloudstore::catalog::{self, ProductRequest};
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::views::PageParams;
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/products", get(list_products).post(create_product))
        .route("/products/{id}", get(read_product).put(replace_product).delete(archive_product))
        .route("/coupons", get(list_coupons).post(create_coupon))
        .route("/coupons/{code}", patch(update_coupon))
        .route("/media", post(upload_media));
    http::finish(routes, state)
}

async fn list_products(State(app): State<AppState>, ApiQuery(page): ApiQuery<PageParams>) -> AppResult<Response> {
    catalog::list_products(&app, page.parse()?).await.map(|list| http::cacheable(http::ok(list)))
}

async fn read_product(State(app): State<AppState>, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    catalog::get_product(&app, &id).await.map(|product| http::cacheable(http::ok(product)))
}

async fn create_product(
    State(app): State<AppState>,
    bearer: Bearer,
    body: Result<ApiJson<ProductRequest>, AppError>,
) -> AppResult<Response> {
    catalog::create_product(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn replace_product(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<ProductRequest>, AppError>,
) -> AppResult<Response> {
    catalog::replace_product(&app, &bearer, &id, http::body(body)).await.map(http::ok)
}

async fn archive_product(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    catalog::archive_product(&app, &bearer, &id).await.map(|()| http::no_content())
}

async fn list_coupons(State(app): State<AppState>, bearer: Bearer, page: Result<ApiQuery<PageParams>, AppError>) -> AppResult<Response> {
    coupons::list(&app, &bearer, http::page(page)).await.map(http::ok)
}

async fn create_coupon(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<CouponRequest>, AppError>) -> AppResult<Response> {
    coupons::create(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn update_coupon(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(code): ApiPath<String>,
    body: Result<ApiJson<CouponRequest>, AppError>,
) -> AppResult<Response> {
    coupons::update(&app, &bearer, &code, http::body(body)).await.map(http::ok)
}

async fn upload_media(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<UploadRequest>, AppError>) -> AppResult<Response> {
    media::upload(&app, &bearer, http::body(body)).await.map(http::created)
}
