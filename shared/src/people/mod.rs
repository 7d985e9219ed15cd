//! People: an admin manages the company's users ("Gestionar › Gestionar por usuario"): lists
//! them, adds them (free and unlimited; each activates from an emailed link), changes their name,
//! role or email, asks them to choose a new password, and deletes them (their licences come
//! back). Every id is looked up inside the admin's company, so another company's id answers
//! `not_found` exactly as an unknown one; every change is audited in its own transaction; the
//! company always keeps an admin.

pub mod company;
pub mod requests;
pub mod views;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::read_if;
use crate::domain::{Email, PersonName};
use crate::error::{AppError, AppResult, Fields};
use crate::identity::accounts::{add_pending_user, add_reactivation, parse_person};
use crate::identity::table::ItsCompany;
use crate::identity::table::{self as identity, UserRefusals};
use crate::identity::{ActivationReason, Bearer, Caller, Company, ProfileEdit, Role, User, UserRecord, ADMIN};
use crate::ids::UserId;
use crate::licensing::table as licensing;
use crate::limits::{self, Limit};
use crate::views::{List, SearchRequest};
use requests::{CreateUserRequest, DeleteParams, UpdateUserRequest};
use serde_json::json;
use views::{Deletion, TerminationRequested, UserDetail};

/// `GET /users?query=`: one page, in creation order, queried with the session check in one round
/// trip; with `query`, the users whose name or email holds every word of it.
pub async fn list(app: &App, bearer: &Bearer, search: AppResult<SearchRequest>) -> AppResult<List<User>> {
    let search = bearer.admit(app, ADMIN, search).await?;
    let (_, users) = bearer.with(app, ADMIN, identity::list_users(&app.db, bearer.company_id(), &search.page, search.words())).await?;
    Ok(List::page(users, |u| User::from(&u)))
}

/// `POST /users`: a new user, pending activation, emailed their link (which names the company,
/// read with the session check). Creations count against the company's hourly ceiling, and so do
/// refusals for a taken email (an admin can't probe the store's addresses without bound).
pub async fn create(app: &App, bearer: &Bearer, request: AppResult<CreateUserRequest>) -> AppResult<User> {
    let request = bearer.admit(app, ADMIN, request).await?;
    let (caller, company) = bearer.with(app, ADMIN, identity::get_company(&app.db, bearer.company_id())).await?;
    let company = company.ok_or(AppError::Unauthorized)?;
    let (name, email) = parse_person(&request.name, &request.email, "name", "email")?;
    let role = Role::from(request.role);
    let mut change = Change::new(AppError::Conflict);
    let user = add_pending_user(app, &mut change, (&company, ItsCompany::Exists), name, email, role)?;
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::UserCreated, &user.id, json!({ "email": user.email, "role": user.role }));
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    let created = change.commit(app).await;
    if let Err(AppError::EmailTaken) = created {
        let creations = Limit::per_company(&company.id, app.config.users_per_company_per_hour);
        let _counted_or_over = limits::hit(&app.db, &creations, app.now().unix_timestamp()).await;
    }
    created.map(|()| User::from(&user))
}

/// The user `id` of the caller's company, read with the session check; `not_found` otherwise.
async fn target(app: &App, bearer: &Bearer, id: &str) -> AppResult<(Caller, UserRecord)> {
    let id = UserId::parse(id);
    let (caller, user) =
        bearer.with(app, ADMIN, read_if(id.as_ref().map(|id| identity::get_user(&app.db, bearer.company_id(), id)))).await?;
    Ok((caller, user.ok_or(AppError::NotFound)?))
}

/// The same, with the caller's company (for the emails that name it), in the same round trip.
async fn target_and_company(app: &App, bearer: &Bearer, id: &str) -> AppResult<(Caller, UserRecord, Company)> {
    let id = UserId::parse(id);
    let user = read_if(id.as_ref().map(|id| identity::get_user(&app.db, bearer.company_id(), id)));
    let reads = async { tokio::try_join!(user, identity::get_company(&app.db, bearer.company_id())) };
    let (caller, (user, company)) = bearer.with(app, ADMIN, reads).await?;
    Ok((caller, user.ok_or(AppError::NotFound)?, company.ok_or(AppError::Unauthorized)?))
}

/// `GET /users/{id}`: the user and the applications they hold a licence of, in one round trip
/// (the products come from the catalog the function keeps, read alongside).
pub async fn read(app: &App, bearer: &Bearer, id: &str) -> AppResult<UserDetail> {
    let id = UserId::parse(id);
    let read = async {
        let user = read_if(id.as_ref().map(|id| identity::get_user(&app.db, bearer.company_id(), id)));
        tokio::try_join!(user, app.catalog.snapshot(&app.db))
    };
    let (_, (user, snapshot)) = bearer.with(app, ADMIN, read).await?;
    let user = user.ok_or(AppError::NotFound)?;
    let products = app.catalog.products(&app.db, &snapshot, &user.licences.values().collect::<Vec<_>>()).await?;
    Ok(UserDetail::new(&user, &products))
}

/// `PATCH /users/{id}`: renames, re-roles or re-addresses a user. A new email makes them
/// `pending_activation` with a link sent to the new address; a demotion or a new email ends their
/// sessions; demoting the last admin is `last_admin`.
pub async fn update(app: &App, bearer: &Bearer, id: &str, request: AppResult<UpdateUserRequest>) -> AppResult<User> {
    let request = bearer.admit(app, ADMIN, request).await?;
    let (caller, before, company) = target_and_company(app, bearer, id).await?;
    let mut fields = Fields::new();
    let name = request.name.as_deref().and_then(|n| fields.take(PersonName::parse(n, "name")));
    let email = request.email.as_deref().and_then(|e| fields.take(Email::parse(e, "email")));
    fields.finish(|| Some(()))?;
    let edit = ProfileEdit {
        name: name.map(PersonName::into_inner).filter(|n| *n != before.name),
        email: email.map(|e| e.as_str().to_string()).filter(|e| *e != before.email),
        role: request.role.map(Role::from).filter(|r| *r != before.role),
    };
    if edit.name.is_none() && edit.email.is_none() && edit.role.is_none() {
        return Ok(User::from(&before));
    }
    let entry = AuditEntry::new(app.now(), caller.user_id(), action_of(&edit), &before.id, changes(&before, &edit));
    let mut change = Change::new(AppError::Conflict);
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    let update = if edit.email.is_some() {
        add_reactivation(app, &mut change, &before, ActivationReason::EmailChanged, edit, Some(&company))?
    } else {
        let update = before.edit(edit);
        identity::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::EmailTaken, last_admin: AppError::LastAdmin })?;
        update
    };
    change.commit(app).await?;
    Ok(User::from(update.after()))
}

fn action_of(edit: &ProfileEdit) -> Action {
    if edit.role.is_some() {
        Action::UserRoleChanged
    } else if edit.email.is_some() {
        Action::UserEmailChanged
    } else {
        Action::UserUpdated
    }
}

/// Each change, from and to.
fn changes(before: &UserRecord, edit: &ProfileEdit) -> serde_json::Value {
    let mut changes = serde_json::Map::new();
    if let Some(n) = &edit.name {
        changes.insert("name".into(), json!({ "from": before.name, "to": n }));
    }
    if let Some(e) = &edit.email {
        changes.insert("email".into(), json!({ "from": before.email, "to": e }));
    }
    if let Some(r) = &edit.role {
        changes.insert("role".into(), json!({ "from": before.role, "to": r }));
    }
    serde_json::Value::Object(changes)
}

/// `DELETE /users/{id}`: the user, their claim, link and sessions go, and every licence they held
/// comes back, in one transaction (a licence assigned meanwhile makes it read again). The last
/// admin is `last_admin`; with `terminate_account=true` the last admin asks instead to terminate
/// the company's account.
pub async fn delete(app: &App, bearer: &Bearer, id: &str, params: AppResult<DeleteParams>) -> AppResult<Deletion> {
    let params = bearer.admit(app, ADMIN, params).await?;
    let (caller, mut user) = target(app, bearer, id).await?;
    if params.terminate_account {
        let id = crate::terminations::request(app, &caller, &user).await?;
        return Ok(Deletion::TerminationRequested(TerminationRequested { termination_request_id: id }));
    }
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::UserDeleted, &user.id, json!({ "email": user.email, "role": user.role }));
    for _ in 0..4 {
        let mut change = Change::new(AppError::Conflict);
        identity::delete_user(&mut change.tx, &user, AppError::LastAdmin);
        licensing::release_for_deletion(&mut change.tx, &user);
        audit::record(&mut change.tx, caller.company_id(), &entry)?;
        match change.commit(app).await {
            Err(AppError::Conflict) => {
                user = identity::get_user(&app.db, caller.company_id(), &user.id).await?.ok_or(AppError::NotFound)?
            }
            done => return done.map(|()| Deletion::Deleted),
        }
    }
    Err(AppError::Conflict)
}

/// `POST /users/{id}/password-reset`: the user becomes `pending_activation`, their sessions end,
/// and an activation link goes to their address.
pub async fn request_password_change(app: &App, bearer: &Bearer, id: &str) -> AppResult<User> {
    let (caller, user, company) = target_and_company(app, bearer, id).await?;
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::UserPasswordChangeRequested, &user.id, json!({}));
    let mut change = Change::new(AppError::Conflict);
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    let update =
        add_reactivation(app, &mut change, &user, ActivationReason::PasswordChangeRequested, ProfileEdit::default(), Some(&company))?;
    change.commit(app).await?;
    Ok(User::from(update.after()))
}
