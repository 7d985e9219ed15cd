//! Licensing: an admin gives the seats of a subscription to the company's users, who are emailed
//! and see an "Abrir aplicación" icon per application; seats come back when a licence is released,
//! its holder deleted or its subscription cancelled. Seat limits hold under any number of
//! concurrent requests: each assignment is one transaction conditioned on the seats left. Every
//! assignment, release and cancellation by an admin is an audit entry in its own transaction.

pub mod bulk;
pub(crate) mod emails;
pub mod moves;
pub(crate) mod table;
pub mod views;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::commerce::billing::table::{catch_up, GAP_IN_CHANGE};
use crate::commerce::{seats, table as commerce, Subscription, SubscriptionStatus};
use crate::db::read_if;
use crate::domain::Month;
use crate::error::{AppError, AppResult};
use crate::identity::user::MAX_LICENCES_PER_USER;
use crate::identity::{table as identity, Bearer, ADMIN, ANYONE};
use crate::ids::{CompanyId, SubscriptionId, UserId};
use crate::observe::{count, Metric};
use crate::views::{List, SearchRequest};
use serde::Deserialize;
use views::{AppIcon, Apps, Assigned, LicenceHolder};

/// Licences released per transaction (two writes each, under the 100-item limit).
pub(crate) const RELEASE_CHUNK: u32 = 40;

/// `GET /subscriptions/{id}/licences?query=`: one page (with `query`, the holders whose name or
/// email holds every word), read with the subscription and the session check in one round trip.
pub async fn list(app: &App, bearer: &Bearer, sub: &str, search: AppResult<SearchRequest>) -> AppResult<List<LicenceHolder>> {
    let search = bearer.admit(app, ADMIN, search).await?;
    let sub = SubscriptionId::parse(sub);
    let company = bearer.company_id();
    let reads = async {
        let Some(sub) = &sub else { return Ok(None) };
        let (found, licences) = tokio::try_join!(
            commerce::get_subscription(&app.db, company, sub),
            table::list(&app.db, company, sub, &search.page, search.words())
        )?;
        Ok(found.map(|_| licences))
    };
    let (_, licences) = bearer.with(app, ADMIN, reads).await?;
    Ok(List::page(licences.ok_or(AppError::NotFound)?, LicenceHolder::from))
}

/// The body of `POST /subscriptions/{id}/licences`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ids::UserId))]
    pub user_id: String,
}

/// How an assignment's transaction was refused.
enum Refusal {
    /// No seat left, or the subscription closed meanwhile.
    Full,
    /// The user holds a seat of it already.
    Held,
    /// The user changed meanwhile: read again.
    Changed,
}

/// `POST /subscriptions/{id}/licences`: `(true, licence)` for a new licence (the user is emailed),
/// `(false, licence)` when the user had one already. Two round trips: the subscription and the
/// user with the session check, then one transaction.
pub async fn assign(app: &App, bearer: &Bearer, sub: &str, request: AppResult<AssignRequest>) -> AppResult<(bool, Assigned)> {
    let ids = request
        .and_then(|r| Ok((SubscriptionId::parse(sub).ok_or(AppError::NotFound)?, UserId::parse(&r.user_id).ok_or(AppError::NotFound)?)));
    let (sub_id, user_id) = bearer.admit(app, ADMIN, ids).await?;
    let company = bearer.company_id();
    let read = || async {
        tokio::try_join!(commerce::get_subscription(&app.db, company, &sub_id), identity::get_user(&app.db, company, &user_id))
    };
    // The catalog (for the email's product) and the company (the email names it) are read
    // alongside, so the email costs no round trip.
    let first = async {
        tokio::try_join!(read(), app.catalog.snapshot(&app.db), identity::get_company(&app.db, company)).map(|(pair, _, c)| (pair, c))
    };
    let (caller, ((mut sub, mut user), company_record)) = bearer.with(app, ADMIN, first).await?;
    let company_name = company_record.map(|c| c.name).unwrap_or_default();
    for _ in 0..4 {
        let (Some(s), Some(u)) = (&sub, &user) else { return Err(AppError::NotFound) };
        if !s.is_live() {
            return Err(AppError::field("subscription", "La suscripción está cancelada."));
        }
        if u.licences.contains_key(&s.id) {
            return existing(app, s, u).await;
        }
        if u.licences.len() >= MAX_LICENCES_PER_USER {
            return Err(AppError::field("user_id", format!("Un usuario puede tener hasta {MAX_LICENCES_PER_USER} aplicaciones.")));
        }
        let mut change = Change::new(Refusal::Changed);
        let licence = table::assign(&mut change.tx, s, u, app.now(), Refusal::Full, Refusal::Held)?;
        let detail = serde_json::json!({ "subscription_id": s.id, "user_id": u.id, "email": u.email });
        audit::record(
            &mut change.tx,
            company,
            &AuditEntry::new(licence.assigned_at, caller.user_id(), Action::LicenceAssigned, &s.id, detail),
        )?;
        let snapshot = app.catalog.snapshot(&app.db).await?;
        if let Some(product) = app.catalog.products(&app.db, &snapshot, &[&s.product_id]).await?.get(&s.product_id) {
            change.send(emails::licence_assigned(u, product, &company_name)?);
        }
        match change.run(app).await? {
            Ok(()) => {
                count(Metric::LicencesAssigned, 1);
                return Ok((true, Assigned::new(&licence, u)));
            }
            Err(Refusal::Held) => return existing(app, s, u).await,
            Err(Refusal::Full) => return Err(why_full(app, company, &sub_id).await?),
            Err(Refusal::Changed) => (sub, user) = read().await?,
        }
    }
    Err(AppError::Conflict)
}

/// Why a licence found no seat: the subscription closed meanwhile, or its seats were taken.
async fn why_full(app: &App, company: &CompanyId, sub: &SubscriptionId) -> AppResult<AppError> {
    Ok(match commerce::get_subscription(&app.db, company, sub).await? {
        Some(now) if !now.is_live() => AppError::field("subscription", "La suscripción está cancelada."),
        _ => AppError::NoSeatsAvailable,
    })
}

async fn existing(app: &App, sub: &Subscription, user: &crate::identity::UserRecord) -> AppResult<(bool, Assigned)> {
    let licence = table::get(&app.db, &sub.company_id, &sub.id, &user.id).await?.ok_or(AppError::Conflict)?;
    Ok((
        false,
        Assigned {
            subscription_id: sub.id.clone(),
            user_id: user.id.clone(),
            email: user.email.clone(),
            name: user.name.clone(),
            assigned_at: licence.assigned_at,
        },
    ))
}

/// `DELETE /subscriptions/{id}/licences/{user_id}`: the seat comes back; `not_found` when the user
/// held none of it.
pub async fn release(app: &App, bearer: &Bearer, sub: &str, user: &str) -> AppResult<()> {
    let (sub, user) = (SubscriptionId::parse(sub), UserId::parse(user));
    let company = bearer.company_id();
    let read = |sub: Option<SubscriptionId>, user: Option<UserId>| async move {
        match (sub, user) {
            (Some(s), Some(u)) => table::get(&app.db, company, &s, &u).await,
            _ => Ok(None),
        }
    };
    let (caller, mut licence) = bearer.with(app, ADMIN, read(sub.clone(), user.clone())).await?;
    for _ in 0..4 {
        let Some(found) = &licence else { return Err(AppError::NotFound) };
        let mut change = Change::new(false);
        table::release(&mut change.tx, found, true);
        let detail = serde_json::json!({ "subscription_id": found.subscription_id, "user_id": found.user_id, "email": found.holder.email });
        let entry = AuditEntry::new(app.now(), caller.user_id(), Action::LicenceReleased, &found.subscription_id, detail);
        audit::record(&mut change.tx, company, &entry)?;
        match change.run(app).await? {
            Ok(()) => return Ok(()),
            Err(true) => return Err(AppError::NotFound),
            Err(false) => licence = read(sub.clone(), user.clone()).await?,
        }
    }
    Err(AppError::Conflict)
}

/// `GET /me/apps`: the signed-in user's applications, one "Abrir aplicación" icon each, from their
/// record and the catalog: one round trip.
pub async fn my_apps(app: &App, bearer: &Bearer) -> AppResult<Apps> {
    let (caller, snapshot) = bearer.with(app, ANYONE, app.catalog.snapshot(&app.db)).await?;
    let product_ids: Vec<_> = caller.user.licences.values().collect();
    let products = app.catalog.products(&app.db, &snapshot, &product_ids).await?;
    let items = caller.user.licences.iter().filter_map(|(sub, product)| products.get(product).map(|p| AppIcon::new(sub, p))).collect();
    Ok(Apps { items })
}

/// `DELETE /subscriptions/{id}`: cancels it and releases its licences, in one transaction for a
/// subscription of up to `RELEASE_CHUNK` licences (read with the session check). Cancelling twice
/// is harmless.
pub async fn cancel_subscription(app: &App, bearer: &Bearer, id: &str) -> AppResult<()> {
    let id = SubscriptionId::parse(id);
    let company = bearer.company_id();
    let read = read_if(id.as_ref().map(|id| async move {
        let (sub, licences) =
            tokio::try_join!(commerce::get_subscription(&app.db, company, id), table::first(&app.db, company, id, RELEASE_CHUNK))?;
        Ok(sub.map(|sub| (sub, licences)))
    }));
    let (caller, found) = bearer.with(app, ADMIN, read).await?;
    let (sub, licences) = found.ok_or(AppError::NotFound)?;
    let detail = serde_json::json!({ "seats": sub.seats, "licences_released": sub.seats_assigned, "price": sub.price() });
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::SubscriptionCancelled, &sub.id, detail);
    // Cancelling twice is harmless, and records nothing the second time.
    let audit = (sub.status != SubscriptionStatus::Cancelled).then_some(&entry);
    cancel(app, sub, Some(licences), audit).await
}

/// Cancels a subscription (unless it already is) and releases every licence of it, a chunk per
/// transaction, the first with the cancellation, its billing event and `audit` (the entry of the
/// person who cancelled it, if one did); a chunk that lost a race with a single release is read
/// again. Safe to run again after an interruption.
pub(crate) async fn cancel(
    app: &App,
    mut sub: Subscription,
    first: Option<Vec<table::Licence>>,
    audit: Option<&AuditEntry>,
) -> AppResult<()> {
    let mut cancelled = sub.status == SubscriptionStatus::Cancelled;
    let mut licences = match first {
        Some(licences) => licences,
        None => table::first(&app.db, &sub.company_id, &sub.id, RELEASE_CHUNK).await?,
    };
    for _ in 0..1_000 {
        if cancelled && licences.is_empty() {
            return Ok(());
        }
        let now = app.now();
        let mut change = Change::new(());
        if !cancelled {
            sub = catch_up(&app.db, sub, Month::of(now), GAP_IN_CHANGE).await?;
            seats::cancel(&mut change.tx, &sub, now, licences.len())?;
            if let Some(entry) = audit {
                audit::record(&mut change.tx, &sub.company_id, entry)?;
            }
        }
        table::release_many(&mut change.tx, &sub, &licences, (), !cancelled);
        if change.run(app).await?.is_ok() {
            cancelled = true;
            if licences.len() < RELEASE_CHUNK as usize {
                return Ok(());
            }
        } else {
            sub = commerce::get_subscription(&app.db, &sub.company_id, &sub.id).await?.ok_or(AppError::NotFound)?;
            cancelled = sub.status == SubscriptionStatus::Cancelled;
        }
        licences = table::first(&app.db, &sub.company_id, &sub.id, RELEASE_CHUNK).await?;
    }
    Err(AppError::Conflict)
}
