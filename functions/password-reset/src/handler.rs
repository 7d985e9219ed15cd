//! `password-reset`: anyone can ask for a reset link by email (`POST /password-reset`, always 202,
//! so it reveals nothing), and set a new password with it (`POST /password-reset/confirm`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::http::{self, ApiJson, SourceIp};
use cloudstore::identity::requests::{LinkPasswordRequest, ResetRequest};
use cloudstore::identity::{self, LinkKind};
use cloudstore::{AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/password-reset", post(request_reset)).route("/password-reset/confirm", post(confirm_reset));
    http::finish(routes, state)
}

async fn request_reset(State(app): State<AppState>, SourceIp(ip): SourceIp, ApiJson(body): ApiJson<ResetRequest>) -> AppResult<Response> {
    identity::request_reset(&app, &ip, body).await.map(http::accepted)
}

async fn confirm_reset(State(app): State<AppState>, ApiJson(body): ApiJson<LinkPasswordRequest>) -> AppResult<Response> {
    identity::follow_link(&app, body, LinkKind::Reset).await.map(http::ok)
}
