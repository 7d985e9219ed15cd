//! `help`: the help centre ("Ayuda"). Its articles are public and cacheable (`GET /help`, with
//! `?query=` to search); the operator writes them (`POST /help`, `PUT /help/{id}`,
//! `DELETE /help/{id}`). A function of its own: its IAM policy reads and writes only articles'
//! shapes of access (no email, no other slice's writes).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use cloudstore::help::{self, ArticleRequest};
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::views::SearchParams;
use cloudstore::{AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/help", get(list).post(create)).route("/help/{id}", put(update).delete(delete));
    http::finish(routes, state)
}

async fn list(State(app): State<AppState>, ApiQuery(params): ApiQuery<SearchParams>) -> AppResult<Response> {
    help::list(&app, params.parse()?).await.map(|list| http::cacheable(http::ok(list)))
}

async fn create(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<ArticleRequest>, AppError>) -> AppResult<Response> {
    help::create(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn update(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<ArticleRequest>, AppError>,
) -> AppResult<Response> {
    help::update(&app, &bearer, &id, http::body(body)).await.map(http::ok)
}

async fn delete(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    help::delete(&app, &bearer, &id).await.map(|()| http::no_content())
}
