//! Licences given many at a time, and moved from one person to another ("Gestionar por usuario").
//!
//! `POST /subscriptions/{id}/licences/bulk` gives one subscription's seats to many users in one
//! request. The seats for all of them must be free when it is read (else nothing is written);
//! then the users go in chunks of [`BULK_CHUNK`], one transaction each, all or nothing per chunk:
//! the chunk's seats counted once on the subscription (conditioned on that many being free), and
//! each user's licence and record entry. A transaction never names a key twice and stays under
//! DynamoDB's 100 items. Users who hold the licence already are answered as such, so a request
//! that stopped half-way (a seat taken meanwhile) is simply sent again.
//!
//! `POST /subscriptions/{id}/licences/{user_id}/reassign` moves a licence to another user in one
//! transaction (the seat stays counted): what an admin does before deleting someone.

use super::emails;
use super::table::{self, Licence};
use super::views::Assigned;
use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::change::Change;
use crate::commerce::{table as commerce, Subscription};
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::user::MAX_LICENCES_PER_USER;
use crate::identity::{table as identity, Bearer, UserRecord, ADMIN};
use crate::ids::{SubscriptionId, UserId};
use serde::{Deserialize, Serialize};

/// Most users one bulk request names.
pub const BULK_MAX: usize = 500;
/// Users per transaction: four items each (the licence, the user's entry, the audit entry and the
/// email's outbox item), plus the subscription's seat count: 97 of DynamoDB's 100.
pub const BULK_CHUNK: usize = 24;

/// The body of `POST /subscriptions/{id}/licences/bulk`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkAssignRequest {
    /// 1 to 500 users of the company.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::ids::UserId>, min_items = 1, max_items = 500))]
    pub user_ids: Vec<String>,
}

/// The answer of `POST /subscriptions/{id}/licences/bulk`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkAssigned {
    /// The licences given now (each holder was emailed).
    pub assigned: Vec<Assigned>,
    /// Users who held the licence already.
    pub already_assigned: Vec<UserId>,
}

fn parse_ids(sub: &str, request: AppResult<BulkAssignRequest>) -> AppResult<(SubscriptionId, Vec<UserId>)> {
    let request = request?;
    let sub = SubscriptionId::parse(sub).ok_or(AppError::NotFound)?;
    if request.user_ids.is_empty() || request.user_ids.len() > BULK_MAX {
        return Err(AppError::field("user_ids", format!("Elegí de 1 a {BULK_MAX} usuarios.")));
    }
    let mut ids: Vec<UserId> = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in request.user_ids.iter().enumerate() {
        match UserId::parse(raw) {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => errors.push(FieldError::new(format!("user_ids[{i}]"), "No es un usuario de tu empresa.")),
        }
    }
    if errors.is_empty() {
        Ok((sub, ids))
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Why a chunk's transaction was refused.
enum Refusal {
    /// Not enough seats left, or the subscription closed.
    Full,
    /// Someone of the chunk got the licence, or changed, meanwhile: read again.
    Changed,
}

/// `POST /subscriptions/{id}/licences/bulk`.
pub async fn assign_many(app: &App, bearer: &Bearer, sub: &str, request: AppResult<BulkAssignRequest>) -> AppResult<BulkAssigned> {
    let (sub_id, ids) = bearer.admit(app, ADMIN, parse_ids(sub, request)).await?;
    let company = bearer.company_id();
    let reads = async {
        let id_refs: Vec<&UserId> = ids.iter().collect();
        tokio::try_join!(
            commerce::get_subscription(&app.db, company, &sub_id),
            identity::users_by_id(&app.db, company, &id_refs),
            app.catalog.snapshot(&app.db),
            identity::get_company(&app.db, company)
        )
    };
    let (caller, (sub, mut users, snapshot, company_record)) = bearer.with(app, ADMIN, reads).await?;
    // The licence emails name the company (an admin triggered them).
    let company_name = company_record.map(|c| c.name).unwrap_or_default();
    let mut sub = sub.ok_or(AppError::NotFound)?;
    let unknown: Vec<FieldError> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !users.contains_key(*id))
        .map(|(i, _)| FieldError::new(format!("user_ids[{i}]"), "No es un usuario de tu empresa."))
        .collect();
    if !unknown.is_empty() {
        return Err(AppError::Validation(unknown));
    }
    let product = app.catalog.products(&app.db, &snapshot, &[&sub.product_id]).await?.remove(&sub.product_id);
    let mut answer = BulkAssigned { assigned: Vec::new(), already_assigned: Vec::new() };
    let mut pending: Vec<UserId> = Vec::new();
    for id in &ids {
        let user = &users[id];
        if user.licences.contains_key(&sub.id) {
            answer.already_assigned.push(id.clone());
        } else if user.licences.len() >= MAX_LICENCES_PER_USER {
            return Err(AppError::field("user_ids", format!("{} ya tiene {MAX_LICENCES_PER_USER} aplicaciones, el máximo.", user.name)));
        } else {
            pending.push(id.clone());
        }
    }
    if !sub.is_live() {
        return Err(AppError::field("subscription", "La suscripción está cancelada."));
    }
    if pending.len() > sub.seats.saturating_sub(sub.seats_assigned) as usize {
        return Err(AppError::NoSeatsAvailable);
    }
    let now = app.now();
    for chunk in pending.chunks(BULK_CHUNK) {
        let mut chunk: Vec<UserId> = chunk.to_vec();
        for _ in 0..4 {
            if chunk.is_empty() {
                break;
            }
            let mut change = Change::new(Refusal::Changed);
            table::take_seats(&mut change.tx, &sub, chunk.len() as u32, Refusal::Full);
            let mut given: Vec<(Licence, &UserRecord)> = Vec::new();
            for id in &chunk {
                let user = &users[id];
                let licence = table::give(&mut change.tx, &sub, user, now, Refusal::Changed)?;
                let detail = serde_json::json!({ "subscription_id": sub.id, "user_id": user.id, "email": user.email });
                let entry = AuditEntry::new(now, caller.user_id(), Action::LicenceAssigned, &sub.id, detail);
                crate::audit::record(&mut change.tx, company, &entry)?;
                given.push((licence, user));
                if let Some(product) = &product {
                    change.send(emails::licence_assigned(user, product, &company_name)?);
                }
            }
            match change.run(app).await? {
                Ok(()) => {
                    answer.assigned.extend(given.into_iter().map(|(licence, user)| Assigned::new(&licence, user)));
                    chunk.clear();
                }
                Err(refusal) => {
                    // Read the subscription and the chunk's users again; whoever got the licence
                    // meanwhile is answered as already assigned.
                    let id_refs: Vec<&UserId> = chunk.iter().collect();
                    let (now_sub, fresh) = tokio::try_join!(
                        commerce::get_subscription(&app.db, company, &sub.id),
                        identity::users_by_id(&app.db, company, &id_refs)
                    )?;
                    sub = now_sub.ok_or(AppError::NotFound)?;
                    users.extend(fresh);
                    let (held, rest): (Vec<UserId>, Vec<UserId>) =
                        chunk.into_iter().partition(|id| users.get(id).is_none_or(|u| u.licences.contains_key(&sub.id)));
                    answer.already_assigned.extend(held.into_iter().filter(|id| users.contains_key(id)));
                    chunk = rest;
                    let no_room = rest_needs_room(&sub, chunk.len());
                    if matches!(refusal, Refusal::Full) && no_room {
                        return Err(if sub.is_live() {
                            AppError::NoSeatsAvailable
                        } else {
                            AppError::field("subscription", "La suscripción está cancelada.")
                        });
                    }
                }
            }
        }
        if !chunk.is_empty() {
            return Err(AppError::Conflict);
        }
    }
    Ok(answer)
}

fn rest_needs_room(sub: &Subscription, wanted: usize) -> bool {
    !sub.is_live() || wanted > sub.seats.saturating_sub(sub.seats_assigned) as usize
}

/// The body of `POST /subscriptions/{id}/licences/{user_id}/reassign`: who gets the licence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReassignRequest {
    /// The user who gets the licence.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ids::UserId))]
    pub user_id: String,
}

/// Why a reassignment's transaction was refused.
enum Move {
    /// The licence was released meanwhile.
    Gone,
    /// The new holder got one meanwhile.
    Held,
    /// The subscription closed.
    Closed,
    /// The new holder changed: read again.
    Changed,
}

/// `POST /subscriptions/{id}/licences/{user_id}/reassign`: the licence of `from` goes to the user
/// named in the body, in one transaction; the new holder is emailed.
pub async fn reassign(app: &App, bearer: &Bearer, sub: &str, from: &str, request: AppResult<ReassignRequest>) -> AppResult<Assigned> {
    let ids = request.and_then(|r| {
        let to = UserId::parse(&r.user_id).ok_or_else(|| AppError::field("user_id", "No es un usuario de tu empresa."))?;
        Ok((SubscriptionId::parse(sub), UserId::parse(from), to))
    });
    let (sub_id, from_id, to_id) = bearer.admit(app, ADMIN, ids).await?;
    let company = bearer.company_id();
    let read = || async {
        let (Some(sub_id), Some(from_id)) = (&sub_id, &from_id) else { return Ok((None, None, None)) };
        tokio::try_join!(
            commerce::get_subscription(&app.db, company, sub_id),
            table::get(&app.db, company, sub_id, from_id),
            identity::get_user(&app.db, company, &to_id)
        )
    };
    let first = async { tokio::try_join!(read(), app.catalog.snapshot(&app.db), identity::get_company(&app.db, company)) };
    let (_, ((mut sub, mut licence, mut to), snapshot, company_record)) = bearer.with(app, ADMIN, first).await?;
    let company_name = company_record.map(|c| c.name).unwrap_or_default();
    for _ in 0..4 {
        let (Some(s), Some(l)) = (&sub, &licence) else { return Err(AppError::NotFound) };
        let Some(t) = &to else { return Err(AppError::field("user_id", "No es un usuario de tu empresa.")) };
        if t.id == l.user_id || t.licences.contains_key(&s.id) {
            return Err(AppError::field("user_id", format!("{} ya tiene esta aplicación.", t.name)));
        }
        if t.licences.len() >= MAX_LICENCES_PER_USER {
            return Err(AppError::field("user_id", format!("Un usuario puede tener hasta {MAX_LICENCES_PER_USER} aplicaciones.")));
        }
        let mut change = Change::new(Move::Changed);
        table::still_live(&mut change.tx, s, Move::Closed);
        let given = table::transfer(&mut change.tx, s, l, t, app.now(), Move::Gone, Move::Held)?;
        if let Some(product) = app.catalog.products(&app.db, &snapshot, &[&s.product_id]).await?.get(&s.product_id) {
            change.send(emails::licence_assigned(t, product, &company_name)?);
        }
        match change.run(app).await? {
            Ok(()) => return Ok(Assigned::new(&given, t)),
            Err(Move::Gone) => return Err(AppError::NotFound),
            Err(Move::Held) => return Err(AppError::field("user_id", format!("{} ya tiene esta aplicación.", t.name))),
            Err(Move::Closed) => return Err(AppError::field("subscription", "La suscripción está cancelada.")),
            Err(Move::Changed) => (sub, licence, to) = read().await?,
        }
    }
    Err(AppError::Conflict)
}
