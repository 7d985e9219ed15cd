//! The company's subscriptions: list, change seats (never below those assigned), cancel.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::domain::{ids, Subscription, SubscriptionStatus};
use cloudstore::http::{json, no_content, page, ApiJson, ApiPath, ApiQuery, Caller, PageParams};
use cloudstore::{App, AppError, AppState};
use serde::Deserialize;
use time::OffsetDateTime;

async fn target(app: &App, caller: &Caller, id: &str) -> Result<Subscription, AppError> {
    caller.require_admin()?;
    if !ids::looks_like_id(id) {
        return Err(AppError::NotFound);
    }
    app.store.get_subscription(caller.company_id(), id).await?.ok_or(AppError::NotFound)
}

pub async fn list(State(app): State<AppState>, caller: Caller, ApiQuery(params): ApiQuery<PageParams>) -> Result<Response, AppError> {
    caller.require_admin()?;
    let (limit, cursor) = params.parse()?;
    let subs = app.store.list_subscriptions(caller.company_id(), limit, cursor.as_deref()).await?;
    let now = OffsetDateTime::now_utc();
    let items: Vec<serde_json::Value> = subs.items.iter().map(|s| s.view(now)).collect();
    Ok(page(&items, subs.next.as_deref()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatsBody {
    seats: i64,
}

pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SeatsBody>,
) -> Result<Response, AppError> {
    let sub = target(&app, &caller, &id).await?;
    if !(1..=cloudstore::checkout::MAX_SEATS as i64).contains(&body.seats) {
        return Err(AppError::field("seats", format!("Las licencias van de 1 a {}.", cloudstore::checkout::MAX_SEATS)));
    }
    if sub.status == SubscriptionStatus::Cancelled {
        return Err(AppError::field("seats", "La suscripción está cancelada."));
    }
    let seats = body.seats as u32;
    if !app.store.set_seats(&sub, seats).await? {
        let now = app.store.get_subscription(caller.company_id(), &id).await?.ok_or(AppError::NotFound)?;
        return Err(if now.status == SubscriptionStatus::Cancelled {
            AppError::field("seats", "La suscripción está cancelada.")
        } else {
            AppError::SeatsInUse
        });
    }
    let updated = Subscription { seats, ..sub };
    Ok(json(StatusCode::OK, &updated.view(OffsetDateTime::now_utc())))
}

/// Cancels a subscription and releases its licences. Cancelling twice is harmless.
pub async fn cancel(State(app): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    let sub = target(&app, &caller, &id).await?;
    app.store.set_subscription_status(&sub, SubscriptionStatus::Cancelled).await?;
    app.store.release_subscription_licences(&sub).await?;
    Ok(no_content())
}
