//! Disabling a staff member: their sessions end at once (the identity transition moves their
//! session epoch), an operator leaves the count of operators (never the last one, even when two
//! operators disable each other at once: the count's condition decides), and a rep's companies go
//! to another rep, or to no rep (the operator), in the same request.
//!
//! The handover moves the rep's companies in chunks of [`CHUNK`], each one transaction: per
//! company, its record (conditioned on still naming the leaving rep), the old copy out, the new
//! copy in; plus the chunk's audit entry. The first chunk travels with the disabling itself, so a
//! rep with up to [`CHUNK`] companies is disabled and handed over in two round trips. A chunk that
//! loses a race (an assignment meanwhile) is read again. A request cut short leaves the person
//! disabled and the rest of their companies where they were: repeating it carries on.

use super::requests::DisableRequest;
use super::views::DisabledStaff;
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::Page;
use crate::directory::{self, RepCompany};
use crate::error::{AppError, AppResult};
use crate::identity::table::{self as identity, UserRefusals};
use crate::identity::{links, Bearer, Caller, Role, User, UserRecord, UserStatus, OPERATOR};
use crate::ids::UserId;
use serde_json::json;

/// Companies handed over per transaction (three writes each, with the chunk's audit entry and the
/// disabling under DynamoDB's 100).
pub const CHUNK: u32 = 25;

enum Refusal {
    /// The operator is the last one not disabled.
    LastOperator,
    /// Something changed since it was read (the person, or a company's rep): read again.
    Changed,
}

/// `POST /operator/users/{id}/disable`.
pub async fn disable_staff(app: &App, bearer: &Bearer, id: &str, request: AppResult<DisableRequest>) -> AppResult<DisabledStaff> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let own = bearer.company_id();
    let target = UserId::parse(id);
    let heir = request.reassign_to.as_deref().map(UserId::parse);
    let reads = async {
        let ids: Vec<&UserId> = target.iter().chain(heir.iter().flatten()).collect();
        let first = async {
            match &target {
                Some(target) => directory::rep_companies_chunk(&app.db, target, CHUNK).await,
                None => Ok(Page { items: Vec::new(), next: None }),
            }
        };
        tokio::try_join!(identity::users_by_id(&app.db, own, &ids), first)
    };
    let (caller, (mut users, first)) = bearer.with(app, OPERATOR, reads).await?;
    let user = target.as_ref().and_then(|t| users.remove(t)).ok_or(AppError::NotFound)?;
    if &user.id == caller.user_id() {
        return Err(AppError::field("id", "No podés deshabilitar tu propia cuenta: pedíselo a otro operador."));
    }
    let heir = match heir {
        None => None,
        Some(heir) => {
            let heir = heir.and_then(|h| users.remove(&h));
            let ok = user.role == Role::SalesRep
                && heir.as_ref().is_some_and(|h| h.role == Role::SalesRep && h.status != UserStatus::Disabled && h.id != user.id);
            if !ok {
                return Err(AppError::field("reassign_to", "Elegí otro comercial activo (solo un comercial tiene empresas para pasar)."));
            }
            heir
        }
    };
    hand_over(app, &caller, user, heir.as_ref(), first).await
}

async fn hand_over(
    app: &App,
    caller: &Caller,
    mut user: UserRecord,
    heir: Option<&UserRecord>,
    first: Page<RepCompany>,
) -> AppResult<DisabledStaff> {
    let mut chunk = first;
    let mut moved = 0u32;
    let mut lost = 0;
    loop {
        let disabling = user.status != UserStatus::Disabled;
        if !disabling && chunk.items.is_empty() {
            return Ok(DisabledStaff { user: User::from(&user), companies_reassigned: moved });
        }
        let mut change = Change::new(Refusal::Changed);
        let disabled = if disabling { Some(disable(app, &mut change, caller, &user)?) } else { None };
        for company in &chunk.items {
            directory::reassign(&mut change.tx, company, Some(&user.id), heir, Refusal::Changed)?;
        }
        if !chunk.items.is_empty() {
            let companies: Vec<_> = chunk.items.iter().map(|c| &c.company_id).collect();
            let detail = json!({ "from": user.id, "to": heir.map(|h| &h.id), "companies": companies });
            let entry = AuditEntry::new(app.now(), caller.user_id(), Action::StaffCompaniesReassigned, &user.id, detail);
            audit::record(&mut change.tx, caller.company_id(), &entry)?;
        }
        match change.run(app).await? {
            Ok(()) => {
                moved += chunk.items.len() as u32;
                if let Some(after) = disabled {
                    user = after;
                }
                if chunk.next.is_none() {
                    return Ok(DisabledStaff { user: User::from(&user), companies_reassigned: moved });
                }
            }
            Err(Refusal::LastOperator) => return Err(AppError::LastOperator),
            Err(Refusal::Changed) => {
                lost += 1;
                if lost > 5 {
                    return Err(AppError::Conflict);
                }
                user = identity::get_user(&app.db, caller.company_id(), &user.id).await?.ok_or(AppError::NotFound)?;
            }
        }
        chunk = directory::rep_companies_chunk(&app.db, &user.id, CHUNK).await?;
    }
}

/// Adds the disabling of `user` to `change`: the operator count first (its refusal is the one that
/// tells), then the user and their claim (conditioned on the version read), their link, the audit
/// entry. Answers the user as they will be.
fn disable(app: &App, change: &mut Change<Refusal>, caller: &Caller, user: &UserRecord) -> AppResult<UserRecord> {
    if user.role == Role::Operator {
        identity::operator_count(&mut change.tx, caller.company_id(), -1, Refusal::LastOperator);
    }
    let update = user.disable();
    links::void_current(&mut change.tx, user);
    identity::save_user(&mut change.tx, &update, UserRefusals { email_taken: Refusal::Changed, last_admin: Refusal::Changed })?;
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::StaffDisabled, &user.id, json!({ "email": user.email, "role": user.role }));
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    Ok(update.into_after())
}
