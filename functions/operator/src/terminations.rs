//! Account terminations: the list of requests, and finishing one (every subscription cancelled
//! and its licences released, every user signed out and disabled, the company closed). Finishing
//! is idempotent: each step skips what is already done, so a retry completes an interrupted run.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::domain::{Role, SubscriptionStatus, UserStatus};
use cloudstore::http::{json, page, ApiPath, Caller};
use cloudstore::store::{TerminationRequest, UserChange};
use cloudstore::{App, AppError, AppState};
use time::OffsetDateTime;

pub async fn list(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let requests = app.store.list_terminations().await?;
    Ok(page(&requests, None))
}

pub async fn complete(State(app): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    if !cloudstore::domain::ids::looks_like_id(&id) {
        return Err(AppError::NotFound);
    }
    let request = app.store.get_termination(&id).await?.ok_or(AppError::NotFound)?;
    if request.status == "completed" {
        return Ok(json(StatusCode::OK, &request));
    }
    shut_down(&app, &request.company_id).await?;
    let done = TerminationRequest {
        status: "completed".into(),
        completed_at: Some(OffsetDateTime::now_utc()),
        completed_by: Some(caller.user.id.clone()),
        ..request
    };
    app.store.save_termination(&done).await?;
    Ok(json(StatusCode::OK, &done))
}

async fn shut_down(app: &App, company_id: &str) -> Result<(), AppError> {
    for sub in app.store.all_subscriptions(company_id).await? {
        if sub.status != SubscriptionStatus::Cancelled {
            app.store.set_subscription_status(&sub, SubscriptionStatus::Cancelled).await?;
        }
        app.store.release_subscription_licences(&sub).await?;
    }
    let mut after: Option<String> = None;
    loop {
        let users = app.store.list_users(company_id, 100, after.as_deref()).await?;
        for user in users.items.iter().filter(|u| u.status != UserStatus::Disabled) {
            let mut after = user.clone();
            after.status = UserStatus::Disabled;
            // An unused activation link must not outlive the account.
            after.activation_token = None;
            after.session_epoch += 1;
            after.version += 1;
            app.store.update_user(UserChange { before: user, after, new_link: None, audit: None }).await?;
        }
        match users.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    app.store.close_company(company_id).await?;
    Ok(())
}
