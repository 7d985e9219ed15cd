//! `users`: the signed-in person (`GET /me`, `POST /me/password`) and, for the company's admins,
//! the management of its people ("Gestionar por usuario"): list, create, read, change, delete,
//! ask for a password change, and the audit trail.

mod manage;
mod me;

use axum::routing::{get, post};
use axum::Router;
use cloudstore::AppState;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/me", get(me::me))
        .route("/me/password", post(me::change_password))
        .route("/users", get(manage::list).post(manage::create))
        .route("/users/{id}", get(manage::read).patch(manage::update).delete(manage::delete))
        .route("/users/{id}/password-reset", post(manage::request_password_change))
        .route("/audit", get(manage::audit));
    cloudstore::http::finish(routes, state)
}
