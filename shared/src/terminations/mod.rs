//! Account terminations: the company's last admin asks to close the account (instead of being
//! deleted); its subscriptions wait as `cancellation_requested`. The company's sales rep is
//! emailed to finish it from their own page (`/sales/terminations`), and the operator is told
//! either way (and finishes it when the company has no rep) from `/operator/terminations`, where
//! every request is listed. Finishing cancels every subscription (releasing its licences), signs
//! every user out for good, and closes the company (`closing`). One open request per company,
//! so asking twice answers the same request; finishing is idempotent.

mod closing;
pub(crate) mod emails;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::commerce::table as commerce;
use crate::db::{to_item, with_index, Entity, Expr, Key, Query, Record, Tx};
use crate::error::{AppError, AppResult};
use crate::identity::keys::{self as identity_keys, company_partition};
use crate::identity::table as identity;
use crate::identity::{Bearer, Caller, Company, Role, UserRecord, UserStatus, OPERATOR, SALES_REP};
use crate::ids::{CompanyId, TerminationId, UserId};
use crate::views::List;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TerminationStatus {
    Requested,
    Completed,
}

/// A termination request, as stored and as the operator sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminationRequest {
    pub id: TerminationId,
    pub company_id: CompanyId,
    /// The company's name when the request was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    pub requested_by: UserId,
    pub status: TerminationStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub completed_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<UserId>,
}

impl Record for TerminationRequest {
    const ENTITY: Entity = Entity::Termination;
}

/// GSI1 partition listing termination requests for the operator.
const TERMINATIONS: &str = "TERMINATIONS";

fn key(company: &CompanyId) -> Key {
    Key::new(company_partition(company), "TERMINATION")
}

fn pointer(id: &TerminationId) -> Key {
    Key::new(format!("TERMINATION#{id}"), "TERMINATION")
}

fn item(request: &TerminationRequest) -> AppResult<crate::db::Item> {
    let item = to_item(&key(&request.company_id), request)?;
    Ok(with_index(item, TERMINATIONS, format!("{}#{}", request.created_at.unix_timestamp(), request.id)))
}

#[derive(Serialize, Deserialize)]
struct Pointer {
    company_id: CompanyId,
}

impl Record for Pointer {
    const ENTITY: Entity = Entity::TerminationPointer;
}

/// Why recording a request was refused.
enum Refusal {
    /// The company has an open request already.
    Open,
    /// The requester is no longer the last admin.
    Changed,
}

/// Records the request of the company's last admin (`user`, read by `caller`), or answers the one
/// already open, and marks the company's live subscriptions `cancellation_requested` (on every
/// request, not only the first: a retry finishes what a failure half-way left).
pub async fn request(app: &App, caller: &Caller, user: &UserRecord) -> AppResult<TerminationId> {
    let company = identity::get_company(&app.db, caller.company_id()).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::Admin || company.admin_count != 1 {
        return Err(AppError::field("terminate_account", "La baja de la cuenta solo se pide al eliminar al último administrador."));
    }
    let now = app.now();
    let request = TerminationRequest {
        id: TerminationId::new(),
        company_id: company.id.clone(),
        company_name: Some(company.name.clone()),
        requested_by: user.id.clone(),
        status: TerminationStatus::Requested,
        created_at: now,
        completed_at: None,
        completed_by: None,
    };
    let entry = AuditEntry::new(
        now,
        caller.user_id(),
        Action::AccountTerminationRequested,
        &company.id,
        serde_json::json!({ "company": company.name }),
    );
    let mut change = Change::new(Refusal::Changed);
    change.tx.put(item(&request)?).unless_exists(Refusal::Open);
    identity::check_sole_admin(&mut change.tx, &company.id, Refusal::Changed);
    let still_admin = Expr::new("#role = :admin").name("#role", "role").value(":admin", Role::Admin.as_str());
    change.tx.check(identity_keys::user(&company.id, &user.id), still_admin, Refusal::Changed);
    audit::record(&mut change.tx, &company.id, &entry)?;
    change.tx.put(to_item(&pointer(&request.id), &Pointer { company_id: company.id.clone() })?).always();
    for letter in notices(app, &company, user).await? {
        change.send(letter);
    }
    let id = match change.run(app).await? {
        Ok(()) => request.id,
        Err(Refusal::Open) => app.db.get::<TerminationRequest>(&key(&company.id)).await?.ok_or(AppError::Conflict)?.id,
        Err(Refusal::Changed) => return Err(AppError::Conflict),
    };
    for sub in commerce::all_subscriptions(&app.db, &company.id).await? {
        if sub.is_live() {
            commerce::request_cancellation(&app.db, &sub).await?;
        }
    }
    Ok(id)
}

/// Who hears of a request: the company's rep, to finish it from their page, and the operator's
/// mailbox, told who will (the rep, or the operator when the company has none, or only a
/// disabled one whose handover was cut short).
async fn notices(app: &App, company: &Company, admin: &UserRecord) -> AppResult<Vec<crate::mail::Letter>> {
    let rep = match &company.sales_rep_email {
        Some(email) => identity::claim(&app.db, email).await?.filter(|c| c.status != UserStatus::Disabled).map(|c| (c.name, c.email)),
        None => None,
    };
    let mut letters = Vec::new();
    if let Some((_, email)) = &rep {
        letters.push(emails::to_rep(&app.mailer, email, &company.name, admin)?);
    }
    match &app.config.operator_email {
        Some(mailbox) => letters.push(emails::to_operator(&app.mailer, mailbox, &company.name, admin, rep.as_ref())?),
        None if rep.is_none() => {
            tracing::warn!(company_id = %company.id, "termination requested but no sales rep nor OPERATOR_EMAIL to notify")
        }
        None => {}
    }
    Ok(letters)
}

/// `GET /operator/terminations`: every request, oldest first.
pub async fn list(app: &App, bearer: &Bearer) -> AppResult<List<TerminationRequest>> {
    let (_, requests) = bearer.with(app, OPERATOR, app.db.query_all::<TerminationRequest>(Query::index(TERMINATIONS))).await?;
    Ok(List::all(requests))
}

/// `GET /sales/terminations`: the requests of the companies the rep serves, oldest first. The
/// rep's company copies and every request are read together with the session check (one round
/// trip; requests are rare), then matched.
pub(crate) async fn list_for_rep(app: &App, bearer: &Bearer) -> AppResult<List<TerminationRequest>> {
    let reads = async {
        tokio::try_join!(
            crate::directory::all_rep_companies(&app.db, bearer.user_id()),
            app.db.query_all::<TerminationRequest>(Query::index(TERMINATIONS))
        )
    };
    let (_, (companies, requests)) = bearer.with(app, SALES_REP, reads).await?;
    let names: std::collections::HashMap<_, _> = companies.into_iter().map(|c| (c.company_id, c.name)).collect();
    let mine = requests
        .into_iter()
        .filter_map(|r| {
            names.get(&r.company_id).map(|name| TerminationRequest { company_name: r.company_name.clone().or(Some(name.clone())), ..r })
        })
        .collect();
    Ok(List::all(mine))
}

async fn get(app: &App, id: &TerminationId) -> AppResult<Option<TerminationRequest>> {
    let Some(pointer) = app.db.get::<Pointer>(&pointer(id)).await? else { return Ok(None) };
    app.db.get(&key(&pointer.company_id)).await
}

/// `POST /operator/terminations/{id}/complete`: the operator finishes any request.
pub async fn complete(app: &App, bearer: &Bearer, id: &str) -> AppResult<TerminationRequest> {
    let id = TerminationId::parse(id);
    let (caller, request) = bearer.with(app, OPERATOR, crate::db::read_if(id.as_ref().map(|id| get(app, id)))).await?;
    finish(app, &caller, request.ok_or(AppError::NotFound)?).await
}

/// `POST /sales/terminations/{id}/complete`: a rep finishes the requests of the companies they
/// serve; anyone else's is `not_found`.
pub(crate) async fn complete_for_rep(app: &App, bearer: &Bearer, id: &str) -> AppResult<TerminationRequest> {
    let id = TerminationId::parse(id);
    let read = crate::db::read_if(id.as_ref().map(|id| async move {
        let Some(request) = get(app, id).await? else { return Ok(None) };
        let company = identity::get_company(&app.db, &request.company_id).await?;
        Ok(Some((request, company)))
    }));
    let (caller, found) = bearer.with(app, SALES_REP, read).await?;
    let (request, company) = found.ok_or(AppError::NotFound)?;
    if company.and_then(|c| c.sales_rep_id).as_ref() != Some(caller.user_id()) {
        return Err(AppError::NotFound);
    }
    finish(app, &caller, request).await
}

/// Finishes a request: finishing twice answers the same completed request, and a retry completes
/// an interrupted run.
async fn finish(app: &App, caller: &Caller, request: TerminationRequest) -> AppResult<TerminationRequest> {
    if request.status == TerminationStatus::Completed {
        return Ok(request);
    }
    closing::shut_down(app, &request.company_id, caller.user_id()).await?;
    let now = app.now();
    let done = TerminationRequest {
        status: TerminationStatus::Completed,
        completed_at: Some(now),
        completed_by: Some(caller.user_id().clone()),
        ..request
    };
    // The closing's own transaction recorded `account.terminated` (closing.rs).
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(item(&done)?).always();
    tx.commit(&app.db).await?;
    Ok(done)
}
