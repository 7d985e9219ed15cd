//! An admin manages the company's users. Every id is looked up inside the caller's company, so
//! another company's id answers 404 exactly as an unknown one; every change is audited.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cloudstore::domain::{ids, AuditEntry, Email, PersonName, Role, SubscriptionStatus, User, UserRecord};
use cloudstore::flows;
use cloudstore::http::{json, no_content, page, ApiJson, ApiPath, ApiQuery, Bearer, Caller, PageParams};
use cloudstore::mail::{ActivationReason, Notice};
use cloudstore::store::UserChange;
use cloudstore::{App, AppError, AppState, FieldError};
use serde::Deserialize;
use serde_json::json as j;

/// The roles an admin may give: never operator or sales-rep accounts.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum CompanyRole {
    Admin,
    User,
}

impl From<CompanyRole> for Role {
    fn from(role: CompanyRole) -> Role {
        match role {
            CompanyRole::Admin => Role::Admin,
            CompanyRole::User => Role::User,
        }
    }
}

/// The target user, inside the admin's company; 404 for anything else.
async fn target(app: &App, caller: &Caller, id: &str) -> Result<UserRecord, AppError> {
    caller.require_admin()?;
    if !ids::looks_like_id(id) {
        return Err(AppError::NotFound);
    }
    app.store.get_user(caller.company_id(), id).await?.ok_or(AppError::NotFound)
}

/// The page is queried in the same round trip as the session check.
pub async fn list(
    State(app): State<AppState>,
    bearer: Bearer,
    params: Result<ApiQuery<PageParams>, AppError>,
) -> Result<Response, AppError> {
    let (limit, cursor) = bearer.admin_input(&app, params.and_then(|ApiQuery(p)| p.parse())).await?;
    let (_, users) = bearer.admin_with(&app, app.store.list_users(bearer.company_id(), limit, cursor.as_deref())).await?;
    let items: Vec<User> = users.items.iter().map(User::from).collect();
    Ok(page(&items, users.next.as_deref()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    name: String,
    email: String,
    role: CompanyRole,
}

pub async fn create(State(app): State<AppState>, caller: Caller, ApiJson(body): ApiJson<CreateBody>) -> Result<Response, AppError> {
    caller.require_admin()?;
    let user =
        flows::create_user(&app, caller.company_id(), &body.name, &body.email, body.role.into(), &caller.user.id, "user.created").await?;
    Ok(json(StatusCode::CREATED, &User::from(&user)))
}

pub async fn read(State(app): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    let user = target(&app, &caller, &id).await?;
    let mut body = serde_json::to_value(User::from(&user)).map_err(AppError::internal)?;
    body["licences"] = j!(app.store.licences_of_user(&user).await?);
    Ok(json(StatusCode::OK, &body))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    role: Option<CompanyRole>,
}

/// Renames, re-roles or re-addresses a user. A new email makes them `pending_activation` with a
/// link sent to the new address; a demotion or a new email ends their sessions.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Response, AppError> {
    let before = target(&app, &caller, &id).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    let name = body.name.as_deref().map(|n| PersonName::parse(n, "name")).transpose().map_err(|e| errors.push(e)).ok().flatten();
    let email = body.email.as_deref().map(|e| Email::parse(e, "email")).transpose().map_err(|e| errors.push(e)).ok().flatten();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let name = name.map(PersonName::into_inner).filter(|n| *n != before.name);
    let email = email.map(|e| e.as_str().to_string()).filter(|e| *e != before.email);
    let role = body.role.map(Role::from).filter(|r| *r != before.role);
    if name.is_none() && email.is_none() && role.is_none() {
        return Ok(json(StatusCode::OK, &User::from(&before)));
    }
    let mut changes = serde_json::Map::new();
    if let Some(n) = &name {
        changes.insert("name".into(), j!({ "from": before.name, "to": n }));
    }
    if let Some(e) = &email {
        changes.insert("email".into(), j!({ "from": before.email, "to": e }));
    }
    if let Some(r) = &role {
        changes.insert("role".into(), j!({ "from": before.role, "to": r }));
    }
    let action = if role.is_some() {
        "user.role_changed"
    } else if email.is_some() {
        "user.email_changed"
    } else {
        "user.updated"
    };
    let audit = AuditEntry::new(&caller.user.id, action, &before.id, serde_json::Value::Object(changes));
    let apply = |u: &mut UserRecord| {
        if let Some(n) = &name {
            u.name = n.clone();
        }
        if let Some(r) = role {
            u.role = r;
        }
        if let Some(e) = &email {
            u.email = e.clone();
        }
    };
    let after = if email.is_some() {
        flows::send_new_activation(&app, &before, ActivationReason::EmailChanged, apply, Some(audit)).await?
    } else {
        let mut after = before.clone();
        apply(&mut after);
        if before.role == Role::Admin && after.role != Role::Admin {
            after.session_epoch += 1;
        }
        after.version += 1;
        app.store.update_user(UserChange { before: &before, after: after.clone(), new_link: None, audit: Some(audit) }).await?;
        after
    };
    Ok(json(StatusCode::OK, &User::from(&after)))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DeleteParams {
    #[serde(default)]
    terminate_account: bool,
}

/// Deletes a user, or, for the last admin with `terminate_account=true`, records the request to
/// terminate the company's account.
pub async fn delete(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<DeleteParams>,
) -> Result<Response, AppError> {
    let user = target(&app, &caller, &id).await?;
    if params.terminate_account {
        return request_termination(&app, &caller, &user).await;
    }
    let audit = AuditEntry::new(&caller.user.id, "user.deleted", &user.id, j!({ "email": user.email, "role": user.role }));
    app.store.delete_user(&user, &audit).await?;
    Ok(no_content())
}

async fn request_termination(app: &App, caller: &Caller, user: &UserRecord) -> Result<Response, AppError> {
    let company = app.store.get_company(caller.company_id()).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::Admin || company.admin_count != 1 {
        return Err(AppError::field("terminate_account", "La baja de la cuenta solo se pide al eliminar al último administrador."));
    }
    let audit = AuditEntry::new(&caller.user.id, "account.termination_requested", &company.id, j!({ "company": company.name }));
    let (request, created) = app.store.request_termination(user, &audit).await?;
    // On every request, not only the first: a retry finishes what a failure half-way left.
    for sub in app.store.all_subscriptions(&company.id).await? {
        if matches!(sub.status, SubscriptionStatus::Active | SubscriptionStatus::Trial) {
            app.store.set_subscription_status(&sub, SubscriptionStatus::CancellationRequested).await?;
        }
    }
    if created {
        let to = company.sales_rep_email.clone().or_else(|| app.config.operator_email.clone());
        if let Some(to) = to {
            let paragraphs = vec![
                format!("La empresa {} pidió la baja de su cuenta en Cloud Store.", company.name),
                format!("La pidió {} ({}), su único administrador.", user.name, user.email),
                "Sus suscripciones quedan con la cancelación pedida hasta que completes la baja desde el panel del operador.".to_string(),
            ];
            let notice = Notice {
                subject: "Pedido de baja de una cuenta de Cloud Store",
                name: "equipo comercial",
                paragraphs,
                action: Some(("Ver pedidos de baja", app.mailer.page("/operator/terminations"))),
            };
            app.mailer.send_logged(&to, &app.mailer.notice(&notice)?).await;
        } else {
            tracing::warn!(company_id = %company.id, "termination requested but no sales rep nor OPERATOR_EMAIL to notify");
        }
    }
    Ok(json(StatusCode::ACCEPTED, &j!({ "termination_request_id": request.id })))
}

/// An admin asks a user to choose a new password: the user becomes `pending_activation`, their
/// sessions end, and an activation link goes to their address.
pub async fn request_password_change(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let user = target(&app, &caller, &id).await?;
    let audit = AuditEntry::new(&caller.user.id, "user.password_change_requested", &user.id, j!({}));
    let after = flows::send_new_activation(&app, &user, ActivationReason::PasswordChangeRequested, |_| {}, Some(audit)).await?;
    Ok(json(StatusCode::ACCEPTED, &User::from(&after)))
}

pub async fn audit(State(app): State<AppState>, caller: Caller, ApiQuery(params): ApiQuery<PageParams>) -> Result<Response, AppError> {
    caller.require_admin()?;
    let (limit, cursor) = params.parse()?;
    let entries = app.store.list_audit(caller.company_id(), limit, cursor.as_deref()).await?;
    Ok(page(&entries.items, entries.next.as_deref()))
}
