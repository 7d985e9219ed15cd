//! `licences`: an admin assigns the seats of a subscription to the company's users, one or many
//! at a time, and moves a seat from one person to another; each holder is emailed and sees an
//! "Abrir Aplicación" icon per application (`GET /me/apps`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::licensing::bulk::{self, BulkAssignRequest};
use cloudstore::licensing::moves::{self, ReassignRequest};
use cloudstore::licensing::{self, AssignRequest};
use cloudstore::views::SearchParams;
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/subscriptions/{id}/licences", get(list).post(assign))
        .route("/subscriptions/{id}/licences/bulk", post(assign_many))
        .route("/subscriptions/{id}/licences/{user_id}", delete(release))
        .route("/subscriptions/{id}/licences/{user_id}/reassign", post(reassign))
        .route("/me/apps", get(my_apps));
    http::finish(routes, state)
}

async fn list(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    search: Result<ApiQuery<SearchParams>, AppError>,
) -> AppResult<Response> {
    licensing::list(&app, &bearer, &id, http::search(search)).await.map(http::ok)
}

/// 201 for a new licence, 200 when the user already had one.
async fn assign(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<AssignRequest>, AppError>,
) -> AppResult<Response> {
    match licensing::assign(&app, &bearer, &id, http::body(body)).await? {
        (true, licence) => Ok(http::created(licence)),
        (false, licence) => Ok(http::ok(licence)),
    }
}

async fn assign_many(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<BulkAssignRequest>, AppError>,
) -> AppResult<Response> {
    bulk::assign_many(&app, &bearer, &id, http::body(body)).await.map(http::ok)
}

async fn reassign(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath((id, user_id)): ApiPath<(String, String)>,
    body: Result<ApiJson<ReassignRequest>, AppError>,
) -> AppResult<Response> {
    moves::reassign(&app, &bearer, &id, &user_id, http::body(body)).await.map(http::ok)
}

async fn release(State(app): State<AppState>, bearer: Bearer, ApiPath((id, user_id)): ApiPath<(String, String)>) -> AppResult<Response> {
    licensing::release(&app, &bearer, &id, &user_id).await.map(|()| http::no_content())
}

async fn my_apps(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    licensing::my_apps(&app, &bearer).await.map(http::ok)
}
