//! Account terminations: the company's last admin asks to close the account (instead of being
//! deleted); its subscriptions wait as `cancellation_requested` and its sales rep, or the
//! operator, is emailed to finish it; finishing cancels every subscription (releasing its
//! licences), signs every user out for good, and closes the company. One open request per
//! company, so asking twice answers the same request; finishing is idempotent.

pub mod emails;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::commerce::table as commerce;
use crate::db::{to_item, with_index, Expr, Key, Query, Tx};
use crate::error::{AppError, AppResult};
use crate::identity::keys::{self as identity_keys, company_partition};
use crate::identity::table::{self as identity, UserRefusals};
use crate::identity::{Bearer, Caller, Role, UserRecord, UserStatus, OPERATOR};
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

/// GSI1 partition listing termination requests for the operator.
const TERMINATIONS: &str = "TERMINATIONS";

fn key(company: &CompanyId) -> Key {
    Key::new(company_partition(company), "TERMINATION")
}

fn pointer(id: &TerminationId) -> Key {
    Key::new(format!("TERMINATION#{id}"), "TERMINATION")
}

fn item(request: &TerminationRequest) -> AppResult<crate::db::Item> {
    let item = to_item(&key(&request.company_id), "termination", request)?;
    Ok(with_index(item, TERMINATIONS, format!("{}#{}", request.created_at.unix_timestamp(), request.id)))
}

#[derive(Serialize, Deserialize)]
struct Pointer {
    company_id: CompanyId,
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
    change.tx.check(identity_keys::company(&company.id), Expr::new("admin_count = :one").value(":one", 1), Refusal::Changed);
    let still_admin = Expr::new("#role = :admin").name("#role", "role").value(":admin", Role::Admin.as_str());
    change.tx.check(identity_keys::user(&company.id, &user.id), still_admin, Refusal::Changed);
    audit::record(&mut change.tx, &company.id, &entry)?;
    change.tx.put(to_item(&pointer(&request.id), "termination_pointer", &Pointer { company_id: company.id.clone() })?).always();
    let to = company.sales_rep_email.clone().or_else(|| app.config.operator_email.clone());
    match &to {
        Some(to) => change.send(emails::requested(&app.mailer, to, &company.name, user)?),
        None => tracing::warn!(company_id = %company.id, "termination requested but no sales rep nor OPERATOR_EMAIL to notify"),
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

/// `GET /operator/terminations`: every request, oldest first.
pub async fn list(app: &App, bearer: &Bearer) -> AppResult<List<TerminationRequest>> {
    let (_, requests) = bearer.with(app, OPERATOR, app.db.query_all::<TerminationRequest>(Query::index(TERMINATIONS))).await?;
    Ok(List::all(requests))
}

async fn get(app: &App, id: &TerminationId) -> AppResult<Option<TerminationRequest>> {
    let Some(pointer) = app.db.get::<Pointer>(&pointer(id)).await? else { return Ok(None) };
    app.db.get(&key(&pointer.company_id)).await
}

/// `POST /operator/terminations/{id}/complete`: finishes the termination; finishing twice answers
/// the same completed request, and a retry completes an interrupted run.
pub async fn complete(app: &App, bearer: &Bearer, id: &str) -> AppResult<TerminationRequest> {
    let id = TerminationId::parse(id);
    let (caller, request) = bearer.with(app, OPERATOR, crate::db::read_if(id.as_ref().map(|id| get(app, id)))).await?;
    let request = request.ok_or(AppError::NotFound)?;
    if request.status == TerminationStatus::Completed {
        return Ok(request);
    }
    shut_down(app, &request.company_id).await?;
    let now = app.now();
    let done = TerminationRequest {
        status: TerminationStatus::Completed,
        completed_at: Some(now),
        completed_by: Some(caller.user_id().clone()),
        ..request
    };
    let entry = AuditEntry::new(
        now,
        caller.user_id(),
        Action::AccountTerminated,
        &done.company_id,
        serde_json::json!({ "termination_request_id": done.id }),
    );
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(item(&done)?).always();
    audit::record(&mut tx, &done.company_id, &entry)?;
    tx.commit(&app.db).await?;
    Ok(done)
}

/// Every subscription cancelled with its licences released, every user disabled, the company
/// closed. Each step skips what is already done.
async fn shut_down(app: &App, company: &CompanyId) -> AppResult<()> {
    for sub in commerce::all_subscriptions(&app.db, company).await? {
        crate::licensing::cancel(app, sub, None, None).await?;
    }
    for user in identity::all_users(&app.db, company).await? {
        if user.status == UserStatus::Disabled {
            continue;
        }
        let update = user.disable();
        let mut tx = Tx::new(AppError::Conflict);
        crate::identity::links::void_current(&mut tx, &user);
        identity::save_user(&mut tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
        tx.commit(&app.db).await?;
    }
    let close = Expr::new("SET #status = :closed").name("#status", "status").value(":closed", "closed");
    app.db.update(&identity_keys::company(company), close, Some(Expr::present())).await?.map_err(|_| AppError::NotFound)?;
    Ok(())
}
