//! `password-reset`: anyone can ask for a reset link by email (`POST /password-reset`, always 202,
//! so it reveals nothing), and set a new password with it (`POST /password-reset/confirm`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::auth::SecretToken;
use cloudstore::domain::{Email, UserStatus};
use cloudstore::flows;
use cloudstore::http::{json, ApiJson};
use cloudstore::mail::ActivationReason;
use cloudstore::store::{LinkKind, LinkToken};
use cloudstore::{AppError, AppState};
use serde::Deserialize;
use serde_json::json as j;
use time::{Duration, OffsetDateTime};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/password-reset", post(request_reset)).route("/password-reset/confirm", post(confirm_reset));
    cloudstore::http::finish(routes, state)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    email: String,
}

async fn request_reset(State(app): State<AppState>, ApiJson(body): ApiJson<ResetBody>) -> Result<Response, AppError> {
    let email = Email::parse(&body.email, "email").map_err(|e| AppError::Validation(vec![e]))?;
    let claim = app.store.login_claim(email.as_str()).await?;
    match claim {
        Some(user) if user.status == UserStatus::Active => {
            let secret = SecretToken::generate()?;
            let link = LinkToken {
                hash: secret.hash.clone(),
                kind: LinkKind::Reset,
                user_id: user.id.clone(),
                company_id: user.company_id.clone(),
                expires_at: OffsetDateTime::now_utc() + Duration::seconds(app.config.reset_ttl_seconds as i64),
                session_epoch: Some(user.session_epoch),
            };
            app.store.put_reset_link(&link).await?;
            let mail = app.mailer.reset(&user.name, &secret.plain, app.config.reset_ttl_seconds / 60)?;
            app.mailer.send_logged(&user.email, &mail).await;
        }
        Some(user) if matches!(user.status, UserStatus::PendingActivation | UserStatus::ActivationExpired) => {
            // A concurrent change of the user (another request, the expiry sweep) loses this one
            // a new link, but the answer must stay the 202 every other email gets: a 409 here
            // would tell that the address has an account.
            if let Err(err) = flows::send_new_activation(&app, &user, ActivationReason::Requested, |_| {}, None).await {
                tracing::warn!(error = ?err, user_id = %user.id, "no new activation link for a reset request");
            }
        }
        _ => {}
    }
    Ok(json(StatusCode::ACCEPTED, &j!({ "message": "Si el email corresponde a una cuenta, enviamos un enlace para continuar." })))
}

async fn confirm_reset(State(app): State<AppState>, ApiJson(body): ApiJson<flows::LinkPasswordBody>) -> Result<Response, AppError> {
    let user = body.redeem(&app, LinkKind::Reset).await?;
    tracing::info!(user_id = %user.id, "password reset; every session revoked");
    Ok(json(StatusCode::OK, &j!({ "user_id": user.id, "email": user.email })))
}
