//! The operator's staff (sales reps and operators, users of the operator's own company): creating
//! them, listing them, and enabling a disabled one. Disabling is [`super::handover`].

use super::requests::{StaffParams, StaffRequest};
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::read_if;
use crate::domain::fold;
use crate::error::{AppError, AppResult};
use crate::identity::accounts::{add_pending_user, add_reactivation, parse_person};
use crate::identity::table::ItsCompany;
use crate::identity::table::{self as identity, UserRefusals};
use crate::identity::{ActivationReason, Bearer, ProfileEdit, Role, User, UserStatus, OPERATOR};
use crate::ids::UserId;
use crate::views::{List, PageParams};
use serde_json::json;

/// `POST /operator/users`: a sales rep or operator of the operator's own company, activated by
/// email like everyone (the email names the operator's company, read with the session check).
pub async fn create_staff(app: &App, bearer: &Bearer, request: AppResult<StaffRequest>) -> AppResult<User> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let (caller, company) = bearer.with(app, OPERATOR, identity::get_company(&app.db, bearer.company_id())).await?;
    let company = company.ok_or(AppError::Unauthorized)?;
    let (name, email) = parse_person(&request.name, &request.email, "name", "email")?;
    let mut change = Change::new(AppError::Conflict);
    let user = add_pending_user(app, &mut change, (&company, ItsCompany::Exists), name, email, Role::from(request.role))?;
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::StaffCreated, &user.id, json!({ "email": user.email, "role": user.role }));
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    change.commit(app).await?;
    Ok(User::from(&user))
}

/// `GET /operator/users?query=&role=&limit=&cursor=`: the staff, in creation order, read with
/// the session check (one round trip). The search (name or email, folded) and the role filter
/// apply to each page read, so a page may come back short; its cursor goes on.
pub async fn list_staff(app: &App, bearer: &Bearer, params: AppResult<StaffParams>) -> AppResult<List<User>> {
    let parsed = params.and_then(|p| {
        let text = crate::domain::search_query(p.query.as_deref())?;
        let page = PageParams { limit: p.limit, cursor: p.cursor }.parse()?;
        Ok((text, p.role.map(Role::from), page))
    });
    let (text, role, page) = bearer.admit(app, OPERATOR, parsed).await?;
    let read = identity::list_users(&app.db, bearer.company_id(), &page, None);
    let (_, users) = bearer.with(app, OPERATOR, read).await?;
    let wanted = |u: &crate::identity::UserRecord| {
        role.is_none_or(|r| u.role == r) && (text.is_empty() || fold(&u.name).contains(&text) || u.email.contains(&text))
    };
    Ok(List { items: users.items.iter().filter(|u| wanted(u)).map(User::from).collect(), next_cursor: users.next })
}

/// `POST /operator/users/{id}/enable`: a disabled staff member comes back: `active` with the
/// password they had, or, if they never chose one, `pending_activation` with a new link emailed.
/// An operator counts again among the operators. Enabling someone not disabled changes nothing.
pub async fn enable_staff(app: &App, bearer: &Bearer, id: &str) -> AppResult<User> {
    let id = UserId::parse(id);
    let read = read_if(id.as_ref().map(|id| identity::get_user(&app.db, bearer.company_id(), id)));
    let (caller, user) = bearer.with(app, OPERATOR, read).await?;
    let user = user.ok_or(AppError::NotFound)?;
    if user.status != UserStatus::Disabled {
        return Ok(User::from(&user));
    }
    let mut change = Change::new(AppError::Conflict);
    if user.role == Role::Operator {
        identity::operator_count(&mut change.tx, caller.company_id(), 1, AppError::Conflict);
    }
    let after = if user.password_hash.is_some() {
        let update = user.enable();
        identity::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
        update.into_after()
    } else {
        add_reactivation(app, &mut change, &user, ActivationReason::NewAccount, ProfileEdit::default(), None)?.into_after()
    };
    let entry = AuditEntry::new(
        app.now(),
        caller.user_id(),
        Action::StaffEnabled,
        &user.id,
        json!({ "email": user.email, "status": after.status }),
    );
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    change.commit(app).await?;
    Ok(User::from(&after))
}
