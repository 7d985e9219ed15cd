//! `approvals`: delegated purchases. A company's sales rep orders on its behalf
//! (`POST /companies/{company_id}/orders`); the company's admins decide under "Gestionar procesos
//! delegados" (`GET /approvals`, `GET /approvals/{id}`, approve, reject).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cloudstore::commerce::CartRequest;
use cloudstore::delegation::{self, ApproveRequest, RejectRequest};
use cloudstore::http::{self, ApiJson, ApiJsonOrEmpty, ApiPath, IdempotencyKey};
use cloudstore::identity::Bearer;
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/companies/{company_id}/orders", post(delegated_order))
        .route("/approvals", get(list))
        .route("/approvals/{order_id}", get(read))
        .route("/approvals/{order_id}/approve", post(approve))
        .route("/approvals/{order_id}/reject", post(reject));
    http::finish(routes, state)
}

async fn delegated_order(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(company_id): ApiPath<String>,
    key: Result<IdempotencyKey, AppError>,
    body: Result<ApiJson<CartRequest>, AppError>,
) -> AppResult<Response> {
    let key = key.and_then(IdempotencyKey::required);
    delegation::place(&app, &bearer, &company_id, key, http::body(body)).await.map(http::created)
}

async fn list(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    delegation::list(&app, &bearer).await.map(http::ok)
}

async fn read(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    delegation::read(&app, &bearer, &id).await.map(http::ok)
}

async fn approve(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJsonOrEmpty<ApproveRequest>, AppError>,
) -> AppResult<Response> {
    delegation::approve(&app, &bearer, &id, http::optional_body(body)).await.map(http::ok)
}

async fn reject(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJsonOrEmpty<RejectRequest>, AppError>,
) -> AppResult<Response> {
    delegation::reject(&app, &bearer, &id, http::optional_body(body)).await.map(http::ok)
}
