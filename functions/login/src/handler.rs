//! `login`: sessions. `POST /login` checks a password (with brute-force protection and the same
//! answer for unknown emails), `POST /token/refresh` rotates refresh tokens, `POST /logout` ends a
//! session.

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::http::{self, ApiJson, SourceIp};
use cloudstore::identity::requests::{LoginRequest, RefreshRequest};
use cloudstore::identity::{self, Bearer};
use cloudstore::{AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/login", post(login)).route("/token/refresh", post(refresh)).route("/logout", post(logout));
    http::finish(routes, state)
}

async fn login(State(app): State<AppState>, SourceIp(ip): SourceIp, ApiJson(body): ApiJson<LoginRequest>) -> AppResult<Response> {
    identity::login(&app, &ip, body).await.map(http::ok)
}

async fn refresh(State(app): State<AppState>, ApiJson(body): ApiJson<RefreshRequest>) -> AppResult<Response> {
    identity::refresh(&app, body).await.map(http::ok)
}

async fn logout(State(app): State<AppState>, bearer: Bearer, ApiJson(body): ApiJson<RefreshRequest>) -> AppResult<Response> {
    identity::logout(&app, &bearer, body).await.map(|()| http::no_content())
}
