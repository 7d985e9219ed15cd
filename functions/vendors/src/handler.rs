//! `vendors`: the vendor console. A vendor's webhook endpoints: added (the signing secret shown
//! once), listed, edited, removed, their secret rotated, pinged. A function of its own: with the
//! deliverer, the only one that holds the key the endpoints' secrets are sealed with, and the only
//! one that calls out to vendors' URLs.

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiPath};
use cloudstore::identity::Bearer;
use cloudstore::vendors::endpoints::{self, requests::EndpointPatch, requests::EndpointRequest};
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/vendor/endpoints", post(create_endpoint).get(list_endpoints))
        .route("/vendor/endpoints/{id}", axum::routing::patch(update_endpoint).delete(delete_endpoint))
        .route("/vendor/endpoints/{id}/secret", post(rotate_secret))
        .route("/vendor/endpoints/{id}/ping", post(ping_endpoint));
    http::finish(routes, state)
}

async fn create_endpoint(
    State(app): State<AppState>,
    bearer: Bearer,
    body: Result<ApiJson<EndpointRequest>, AppError>,
) -> AppResult<Response> {
    endpoints::create(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn list_endpoints(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    endpoints::list(&app, &bearer).await.map(http::ok)
}

async fn update_endpoint(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<EndpointPatch>, AppError>,
) -> AppResult<Response> {
    endpoints::update(&app, &bearer, &id, http::body(body)).await.map(http::ok)
}

async fn delete_endpoint(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    endpoints::delete(&app, &bearer, &id).await.map(|()| http::no_content())
}

async fn rotate_secret(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    endpoints::rotate_secret(&app, &bearer, &id).await.map(http::ok)
}

async fn ping_endpoint(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    endpoints::ping(&app, &bearer, &id).await.map(http::ok)
}
