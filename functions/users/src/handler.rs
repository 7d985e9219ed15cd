//! `users`: the signed-in person (`GET /me`, `POST /me/password`) and, for the company's admins,
//! the management of its people ("Gestionar › Gestionar por usuario"): list, create, read, change,
//! delete, ask for a password change, the audit trail, and the company's profile (name, CUIT,
//! the telecom invoice's account number).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery, SourceIp};
use cloudstore::identity::requests::ChangePasswordRequest;
use cloudstore::identity::{self, Bearer};
use cloudstore::people::company::{self, CompanyPatch};
use cloudstore::people::requests::{CreateUserRequest, DeleteParams, UpdateUserRequest};
use cloudstore::people::{self, views::Deletion};
use cloudstore::views::SearchParams;
use cloudstore::{audit, AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/me", get(me))
        .route("/me/password", post(change_password))
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(read).patch(update).delete(delete))
        .route("/users/{id}/password-reset", post(request_password_change))
        .route("/company", get(company).patch(update_company))
        .route("/audit", get(audit_trail));
    http::finish(routes, state)
}

async fn me(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    identity::me(&app, &bearer).await.map(http::ok)
}

async fn change_password(
    State(app): State<AppState>,
    bearer: Bearer,
    SourceIp(ip): SourceIp,
    body: Result<ApiJson<ChangePasswordRequest>, AppError>,
) -> AppResult<Response> {
    identity::change_own_password(&app, &bearer, &ip, http::body(body)).await.map(|()| http::no_content())
}

async fn list(State(app): State<AppState>, bearer: Bearer, search: Result<ApiQuery<SearchParams>, AppError>) -> AppResult<Response> {
    people::list(&app, &bearer, http::search(search)).await.map(http::ok)
}

async fn create(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<CreateUserRequest>, AppError>) -> AppResult<Response> {
    people::create(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn read(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    people::read(&app, &bearer, &id).await.map(http::ok)
}

async fn update(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<UpdateUserRequest>, AppError>,
) -> AppResult<Response> {
    people::update(&app, &bearer, &id, http::body(body)).await.map(http::ok)
}

async fn delete(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    params: Result<ApiQuery<DeleteParams>, AppError>,
) -> AppResult<Response> {
    match people::delete(&app, &bearer, &id, http::query(params)).await? {
        Deletion::Deleted => Ok(http::no_content()),
        Deletion::TerminationRequested(requested) => Ok(http::accepted(requested)),
    }
}

async fn request_password_change(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    people::request_password_change(&app, &bearer, &id).await.map(http::accepted)
}

async fn audit_trail(
    State(app): State<AppState>,
    bearer: Bearer,
    query: Result<ApiQuery<audit::AuditQuery>, AppError>,
) -> AppResult<Response> {
    audit::list(&app, &bearer, http::query(query)).await.map(http::ok)
}

async fn company(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    company::profile(&app, &bearer).await.map(http::ok)
}

async fn update_company(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<CompanyPatch>, AppError>) -> AppResult<Response> {
    company::update_profile(&app, &bearer, http::body(body)).await.map(http::ok)
}
