//! The signed-in person: who they are, and changing their own password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::auth::passwords;
use cloudstore::domain::{Password, User};
use cloudstore::http::{json, no_content, ApiJson, Caller};
use cloudstore::{AppError, AppState, FieldError};
use serde::Deserialize;
use serde_json::json as j;
use time::OffsetDateTime;

pub async fn me(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let company = app.store.get_company(caller.company_id()).await?.ok_or(AppError::Unauthorized)?;
    let mut body = serde_json::to_value(User::from(&caller.user)).map_err(AppError::internal)?;
    body["company"] = j!({ "id": company.id, "name": company.name });
    Ok(json(StatusCode::OK, &body))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordBody {
    current_password: String,
    password: String,
    password_confirmation: String,
}

/// Checks the current password (failures count towards the login lock), sets the new one and
/// ends every other session; this one stays signed in.
pub async fn change_password(
    State(app): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ChangePasswordBody>,
) -> Result<Response, AppError> {
    let password = Password::parse_confirmed(&body.password, &body.password_confirmation).map_err(AppError::Validation)?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let failures = app.store.begin_attempt(&caller.user.email, now).await?.failures()?;
    if !passwords::verify_password(caller.user.password_hash.as_deref(), &body.current_password).await? {
        app.store.attempt_failed(&caller.user.email, failures, now).await?;
        return Err(AppError::Validation(vec![FieldError::new("current_password", "La contraseña actual no es correcta.")]));
    }
    let hash = passwords::hash_password(&password).await?;
    app.store.change_own_password(&caller.user, hash, &caller.session_id).await?;
    Ok(no_content())
}
