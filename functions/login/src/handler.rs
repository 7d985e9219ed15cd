//! `login`: sessions. `POST /login` checks a password (with brute-force protection and the same
//! answer for unknown emails), `POST /token/refresh` rotates refresh tokens, `POST /logout` ends a
//! session.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::auth::{passwords, tokens, SecretToken};
use cloudstore::domain::{Email, UserStatus};
use cloudstore::flows;
use cloudstore::http::{json, no_content, ApiJson, Caller};
use cloudstore::store::RefreshOutcome;
use cloudstore::{AppError, AppState};
use serde::Deserialize;
use time::OffsetDateTime;

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/login", post(login)).route("/token/refresh", post(refresh)).route("/logout", post(logout));
    cloudstore::http::finish(routes, state)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    email: String,
    password: String,
}

/// Two reads at once (the attempt counted, the claim), the hash, one write: two round trips.
async fn login(State(app): State<AppState>, ApiJson(body): ApiJson<LoginBody>) -> Result<Response, AppError> {
    let email = Email::parse(&body.email, "email").map_err(|e| AppError::Validation(vec![e]))?;
    if body.password.is_empty() || body.password.len() > 1024 {
        return Err(AppError::InvalidCredentials);
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let (attempt, claim) = tokio::try_join!(app.store.begin_attempt(email.as_str(), now), app.store.login_claim(email.as_str()))?;
    let failures = attempt.failures()?;
    let stored_hash = claim.as_ref().and_then(|u| u.password_hash.as_deref());
    if !passwords::verify_password(stored_hash, &body.password).await? {
        app.store.attempt_failed(email.as_str(), failures, now).await?;
        return Err(AppError::InvalidCredentials);
    }
    let user = claim.ok_or(AppError::InvalidCredentials)?;
    if user.status != UserStatus::Active {
        return Err(AppError::AccountNotActive);
    }
    let answer = flows::start_session(&app, &user).await?;
    tracing::info!(user_id = %user.id, "login");
    Ok(json(StatusCode::OK, &answer))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshBody {
    refresh_token: String,
}

async fn refresh(State(app): State<AppState>, ApiJson(body): ApiJson<RefreshBody>) -> Result<Response, AppError> {
    if !tokens::is_well_formed(&body.refresh_token) {
        return Err(AppError::Unauthorized);
    }
    let next = SecretToken::generate()?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    match app.store.rotate_refresh(&tokens::hash_token(&body.refresh_token), &next.hash, now).await? {
        RefreshOutcome::Rotated { user, session_id } => {
            Ok(json(StatusCode::OK, &flows::token_response(&app, &user, &session_id, next.plain)?))
        }
        RefreshOutcome::ReuseDetected => {
            tracing::warn!("spent refresh token presented again; session revoked");
            Err(AppError::Unauthorized)
        }
        RefreshOutcome::Refused => Err(AppError::Unauthorized),
    }
}

async fn logout(State(app): State<AppState>, caller: Caller, ApiJson(body): ApiJson<RefreshBody>) -> Result<Response, AppError> {
    if tokens::is_well_formed(&body.refresh_token) {
        if let Some((session_id, user_id)) = app.store.refresh_owner(&tokens::hash_token(&body.refresh_token)).await? {
            if user_id == caller.user.id && session_id != caller.session_id {
                app.store.revoke_session(&session_id).await?;
            }
        }
    }
    app.store.revoke_session(&caller.session_id).await?;
    Ok(no_content())
}
