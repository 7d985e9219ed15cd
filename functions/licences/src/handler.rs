//! `licences`: an admin assigns the seats of a subscription to the company's users, who are
//! emailed and see an "Abrir aplicación" icon per application (`GET /me/apps`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::licensing::{self, AssignRequest};
use cloudstore::views::PageParams;
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/subscriptions/{id}/licences", get(list).post(assign))
        .route("/subscriptions/{id}/licences/{user_id}", delete(release))
        .route("/me/apps", get(my_apps));
    http::finish(routes, state)
}

async fn list(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    page: Result<ApiQuery<PageParams>, AppError>,
) -> AppResult<Response> {
    licensing::list(&app, &bearer, &id, http::page(page)).await.map(http::ok)
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

async fn release(State(app): State<AppState>, bearer: Bearer, ApiPath((id, user_id)): ApiPath<(String, String)>) -> AppResult<Response> {
    licensing::release(&app, &bearer, &id, &user_id).await.map(|()| http::no_content())
}

async fn my_apps(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    licensing::my_apps(&app, &bearer).await.map(http::ok)
}
