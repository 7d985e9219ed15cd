//! Licences given many at a time.
//!
//! `POST /subscriptions/{id}/licences/bulk` gives one subscription's seats to many users in one
//! request. The seats for all of them must be free when it is read (else nothing is written);
//! then the users go in chunks of `BULK_CHUNK`, one transaction each, all or nothing per chunk:
//! the chunk's seats counted once on the subscription (conditioned on that many being free), and
//! each user's licence and record entry. A transaction never names a key twice and stays under
//! DynamoDB's 100 items. Users who hold the licence already are answered as such, so a request
//! that stopped half-way (a seat taken meanwhile) is simply sent again.

use super::emails;
use super::table;
use super::views::Assigned;
use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::catalog::Product;
use crate::change::Change;
use crate::commerce::{table as commerce, Subscription};
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::user::MAX_LICENCES_PER_USER;
use crate::identity::{table as identity, Bearer, UserRecord, ADMIN};
use crate::ids::{CompanyId, SubscriptionId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Most users one bulk request names.
pub(crate) const BULK_MAX: usize = 500;
/// Users per transaction: four items each (the licence, the user's entry, the audit entry and the
/// email's outbox item), plus the subscription's seat count: 97 of DynamoDB's 100.
pub(crate) const BULK_CHUNK: usize = 24;

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
    let (caller, (sub, users, snapshot, company_record)) = bearer.with(app, ADMIN, reads).await?;
    let sub = sub.ok_or(AppError::NotFound)?;
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
    let mut batch = Batch {
        app,
        caller: caller.user_id(),
        company,
        sub,
        users,
        product,
        // The licence emails name the company (an admin triggered them).
        company_name: company_record.map(|c| c.name).unwrap_or_default(),
        now: app.now(),
    };
    let mut answer = BulkAssigned { assigned: Vec::new(), already_assigned: Vec::new() };
    let pending = batch.sort(&ids, &mut answer)?;
    for chunk in pending.chunks(BULK_CHUNK) {
        batch.give_chunk(chunk.to_vec(), &mut answer).await?;
    }
    Ok(answer)
}

/// What a bulk assignment works with once read: the subscription and the users as last read, and
/// what the licence emails say.
struct Batch<'a> {
    app: &'a App,
    caller: &'a UserId,
    company: &'a CompanyId,
    sub: Subscription,
    users: HashMap<UserId, UserRecord>,
    product: Option<Product>,
    company_name: String,
    now: OffsetDateTime,
}

impl Batch<'_> {
    /// Answers who still needs the licence (those who hold it already go to `answer`), or refuses
    /// the whole request: someone at the most licences, the subscription closed, too few seats.
    fn sort(&self, ids: &[UserId], answer: &mut BulkAssigned) -> AppResult<Vec<UserId>> {
        let mut pending: Vec<UserId> = Vec::new();
        for id in ids {
            let user = &self.users[id];
            if user.licences.contains_key(&self.sub.id) {
                answer.already_assigned.push(id.clone());
            } else if user.licences.len() >= MAX_LICENCES_PER_USER {
                return Err(AppError::field(
                    "user_ids",
                    format!("{} ya tiene {MAX_LICENCES_PER_USER} aplicaciones, el máximo.", user.name),
                ));
            } else {
                pending.push(id.clone());
            }
        }
        if !self.sub.is_live() {
            return Err(cancelled());
        }
        if rest_needs_room(&self.sub, pending.len()) {
            return Err(AppError::NoSeatsAvailable);
        }
        Ok(pending)
    }

    /// Gives one chunk its licences: one transaction, tried again (at most four times) with what is
    /// still missing after a refusal.
    async fn give_chunk(&mut self, mut chunk: Vec<UserId>, answer: &mut BulkAssigned) -> AppResult<()> {
        for _ in 0..4 {
            if chunk.is_empty() {
                return Ok(());
            }
            match self.try_chunk(&chunk).await? {
                Ok(given) => {
                    answer.assigned.extend(given);
                    return Ok(());
                }
                Err(refusal) => chunk = self.read_again(chunk, refusal, answer).await?,
            }
        }
        if chunk.is_empty() {
            Ok(())
        } else {
            Err(AppError::Conflict)
        }
    }

    /// One transaction: the chunk's seats counted once, each user's licence, audit entry and email.
    async fn try_chunk(&self, chunk: &[UserId]) -> AppResult<Result<Vec<Assigned>, Refusal>> {
        let mut change = Change::new(Refusal::Changed);
        table::take_seats(&mut change.tx, &self.sub, chunk.len() as u32, Refusal::Full);
        let mut given = Vec::with_capacity(chunk.len());
        for id in chunk {
            let user = &self.users[id];
            let licence = table::give(&mut change.tx, &self.sub, user, self.now, Refusal::Changed)?;
            let detail = serde_json::json!({ "subscription_id": self.sub.id, "user_id": user.id, "email": user.email });
            let entry = AuditEntry::new(self.now, self.caller, Action::LicenceAssigned, &self.sub.id, detail);
            crate::audit::record(&mut change.tx, self.company, &entry)?;
            if let Some(product) = &self.product {
                change.send(emails::licence_assigned(user, product, &self.company_name)?);
            }
            given.push(Assigned::new(&licence, user));
        }
        Ok(change.run(self.app).await?.map(|()| given))
    }

    /// After a refusal, reads the subscription and the chunk's users again: whoever got the licence
    /// meanwhile is answered as already assigned; answers who still needs one.
    async fn read_again(&mut self, chunk: Vec<UserId>, refusal: Refusal, answer: &mut BulkAssigned) -> AppResult<Vec<UserId>> {
        let id_refs: Vec<&UserId> = chunk.iter().collect();
        let (now_sub, fresh) = tokio::try_join!(
            commerce::get_subscription(&self.app.db, self.company, &self.sub.id),
            identity::users_by_id(&self.app.db, self.company, &id_refs)
        )?;
        self.sub = now_sub.ok_or(AppError::NotFound)?;
        self.users.extend(fresh);
        let (held, rest): (Vec<UserId>, Vec<UserId>) =
            chunk.into_iter().partition(|id| self.users.get(id).is_none_or(|u| u.licences.contains_key(&self.sub.id)));
        answer.already_assigned.extend(held.into_iter().filter(|id| self.users.contains_key(id)));
        if matches!(refusal, Refusal::Full) && rest_needs_room(&self.sub, rest.len()) {
            return Err(if self.sub.is_live() { AppError::NoSeatsAvailable } else { cancelled() });
        }
        Ok(rest)
    }
}

/// The refusal of a licence on a subscription that closed.
pub(super) fn cancelled() -> AppError {
    AppError::field("subscription", "La suscripción está cancelada.")
}

fn rest_needs_room(sub: &Subscription, wanted: usize) -> bool {
    !sub.is_live() || wanted > sub.seats.saturating_sub(sub.seats_assigned) as usize
}
