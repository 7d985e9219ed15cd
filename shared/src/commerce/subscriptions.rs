//! The company's subscriptions: listed with the session check in one round trip, and their seats
//! changed (never below those assigned).

use super::cart::parse_seats;
use super::subscription::{SubscriptionStatus, SubscriptionView};
use super::table;
use crate::app::App;
use crate::db::read_if;
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, ADMIN};
use crate::ids::SubscriptionId;
use crate::views::{List, PageRequest};
use serde::Deserialize;

/// `GET /subscriptions`: oldest first.
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<SubscriptionView>> {
    let page = bearer.admit(app, ADMIN, page).await?;
    let (_, subs) = bearer.with(app, ADMIN, table::list_subscriptions(&app.db, bearer.company_id(), &page)).await?;
    let now = app.now();
    Ok(List::page(subs, |s| SubscriptionView::new(&s, now)))
}

/// The body of `PATCH /subscriptions/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatsRequest {
    /// 1 to 10,000, never below the seats assigned.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000))]
    pub seats: i64,
}

/// `PATCH /subscriptions/{id}`: the new number of seats; below those assigned is `seats_in_use`.
pub async fn change_seats(app: &App, bearer: &Bearer, id: &str, request: AppResult<SeatsRequest>) -> AppResult<SubscriptionView> {
    let seats = bearer.admit(app, ADMIN, request.and_then(|r| Ok(parse_seats(r.seats, "seats")?))).await?;
    let id = SubscriptionId::parse(id);
    let read = read_if(id.as_ref().map(|id| table::get_subscription(&app.db, bearer.company_id(), id)));
    let (_, sub) = bearer.with(app, ADMIN, read).await?;
    let sub = sub.ok_or(AppError::NotFound)?;
    let cancelled = || AppError::field("seats", "La suscripción está cancelada.");
    if sub.status == SubscriptionStatus::Cancelled {
        return Err(cancelled());
    }
    if !table::set_seats(&app.db, &sub, seats).await? {
        let now = table::get_subscription(&app.db, &sub.company_id, &sub.id).await?.ok_or(AppError::NotFound)?;
        return Err(if now.status == SubscriptionStatus::Cancelled { cancelled() } else { AppError::SeatsInUse });
    }
    let updated = super::subscription::Subscription { seats, ..sub };
    Ok(SubscriptionView::new(&updated, app.now()))
}
