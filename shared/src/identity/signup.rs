//! A company signs up with its first administrator, who activates the account from the emailed
//! link by choosing a password.
//!
//! Signing up tells nobody whether an address has an account: every valid request answers the same
//! `202` and body, after the same two round trips (the address's claim read, then one
//! transaction). A new address gets its company, its admin and the activation email; an address
//! with an account leaves it alone (a pending activation link keeps working) and its owner gets
//! "ya tenés una cuenta", past which that address hears nothing more this hour. Signups count per
//! source IP (`429 rate_limited` past the hourly ceiling, which tells nothing about addresses).

use super::accounts::{parse_person, recipient_limit};
use super::emails::{self, ActivationReason};
use super::links::{self, NewLink};
use super::records::{Company, Role, UserStatus};
use super::requests::SignupRequest;
use super::table;
use super::user::UserRecord;
use crate::app::App;
use crate::change::Change;
use crate::domain::{ClientIp, CompanyName, Email, PersonName, TaxId};
use crate::error::{AppError, AppResult, Fields, LimitScope};
use crate::ids::UserId;
use crate::limits::{self, Limit};
use crate::observe::{count, Metric};
use crate::views::Message;

/// The one answer of every valid signup.
pub const SIGNUP_ANSWER: &str = "Revisá tu email: te enviamos los pasos para continuar.";

/// `POST /signup` from `ip`.
pub async fn signup(app: &App, ip: &ClientIp, request: SignupRequest) -> AppResult<Message> {
    let mut fields = Fields::new();
    let company_name = fields.take(CompanyName::parse(&request.company.name, "company.name"));
    let tax_id = match request.company.tax_id.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => fields.take(TaxId::parse(raw, "company.tax_id")).map(Some),
    };
    let person = parse_person(&request.admin.name, &request.admin.email, "admin.name", "admin.email");
    if let Err(AppError::Validation(errors)) = &person {
        errors.iter().cloned().for_each(|e| fields.push(e));
    }
    let (company_name, tax_id, (admin_name, admin_email)) = fields.finish(|| Some((company_name?, tax_id?, person.ok()?)))?;

    let existing = table::claim(&app.db, admin_email.as_str()).await?;
    let now = app.now().unix_timestamp();
    let mut change = Change::new(AppError::Conflict);
    // First, so an IP past its ceiling hears that whatever else the transaction would refuse.
    limits::count(&mut change.tx, &Limit::per_ip("signup", ip, app.config.signups_per_ip_per_hour), now);
    let created = match existing {
        None => Some(add_company(app, &mut change, company_name, tax_id, admin_name, &admin_email)?),
        Some(claim) => {
            if claim.status != UserStatus::Disabled {
                limits::count(&mut change.tx, &recipient_limit(app, &claim.email), now);
                change.send(emails::already_registered(&app.mailer, &claim.email, &claim.name)?);
            }
            None
        }
    };
    match change.commit(app).await {
        Ok(()) => {
            if let Some((company, admin)) = created {
                count(Metric::Signups, 1);
                tracing::info!(company_id = %company, user_id = %admin, "company signed up");
            }
        }
        Err(err @ AppError::RateLimited { scope: LimitScope::Ip, .. }) => return Err(err),
        // The owner heard from us enough this hour; or a signup racing this one took the address
        // (its own activation email is on its way). Either way: the same answer.
        Err(AppError::RateLimited { scope: LimitScope::Recipient, .. } | AppError::EmailTaken) => {}
        Err(err) => return Err(err),
    }
    Ok(Message { message: SIGNUP_ANSWER.into() })
}

/// Adds the company, its admin (pending activation), the admin's email claim and activation
/// link, and the activation email, to `change`.
fn add_company(
    app: &App,
    change: &mut Change,
    name: CompanyName,
    tax_id: Option<TaxId>,
    admin_name: PersonName,
    admin_email: &Email,
) -> AppResult<(crate::ids::CompanyId, UserId)> {
    let now = app.now();
    let company = Company::new(name.into_inner(), tax_id.map(TaxId::into_inner), 1, now);
    let admin_id = UserId::new();
    let link = NewLink::activation(&company.id, &admin_id, app.config.activation_ttl_seconds, now)?;
    let admin = UserRecord::pending(
        admin_id,
        &company.id,
        admin_email.as_str().to_string(),
        admin_name.into_inner(),
        Role::Admin,
        link.record.hash.clone(),
        now,
    );
    table::insert_company(&mut change.tx, &company, AppError::Conflict)?;
    table::insert_user(&mut change.tx, &admin, AppError::EmailTaken, table::ItsCompany::AlsoNew)?;
    links::insert(&mut change.tx, &link.record)?;
    // A new address's first email always goes; what follows this hour counts it.
    limits::count_always(&mut change.tx, &recipient_limit(app, &admin.email), now.unix_timestamp());
    let hours = app.config.activation_ttl_seconds / 3600;
    change.send(emails::activation(&app.mailer, &admin.email, &admin.name, &link.token, ActivationReason::NewAccount, hours, None)?);
    Ok((company.id, admin.id))
}
