//! `signup`: a company signs up with its first administrator (`POST /signup`, `202` alike for new
//! and existing addresses), and anyone with an activation link chooses their password
//! (`POST /activation`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::http::{self, ApiJson, SourceIp};
use cloudstore::identity::{self, requests::LinkPasswordRequest, requests::SignupRequest, LinkKind};
use cloudstore::{AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/signup", post(signup)).route("/activation", post(activate));
    http::finish(routes, state)
}

async fn signup(State(app): State<AppState>, SourceIp(ip): SourceIp, ApiJson(body): ApiJson<SignupRequest>) -> AppResult<Response> {
    identity::signup(&app, &ip, body).await.map(http::accepted)
}

async fn activate(State(app): State<AppState>, ApiJson(body): ApiJson<LinkPasswordRequest>) -> AppResult<Response> {
    identity::follow_link(&app, body, LinkKind::Activation).await.map(http::ok)
}
