//! `users`: the signed-in person (`GET /me`). Company user management joins here.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use cloudstore::domain::User;
use cloudstore::http::{json, Caller};
use cloudstore::{AppError, AppState};
use serde_json::json as j;

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/me", get(me));
    cloudstore::http::finish(routes, state)
}

async fn me(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let company = app.store.get_company(caller.company_id()).await?.ok_or(AppError::Unauthorized)?;
    let mut body = serde_json::to_value(User::from(&caller.user)).map_err(AppError::internal)?;
    body["company"] = j!({ "id": company.id, "name": company.name });
    Ok(json(StatusCode::OK, &body))
}
