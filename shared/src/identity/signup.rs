//! A company signs up with its first administrator, who activates the account from the emailed
//! link by choosing a password.

use super::accounts::parse_person;
use super::emails::{self, ActivationReason};
use super::links::{self, NewLink};
use super::records::{Company, Role};
use super::requests::SignupRequest;
use super::table;
use super::user::UserRecord;
use super::views::SignedUp;
use crate::app::App;
use crate::change::Change;
use crate::domain::{CompanyName, TaxId};
use crate::error::{AppError, AppResult, Fields};
use crate::ids::UserId;
use crate::observe::{count, Metric};

/// `POST /signup`: the company, its admin (pending activation), the admin's email claim and
/// activation link, in one transaction; then the activation email. A taken email is `email_taken`.
pub async fn signup(app: &App, request: SignupRequest) -> AppResult<SignedUp> {
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

    let now = app.now();
    let company = Company::new(company_name.into_inner(), tax_id.map(TaxId::into_inner), 1, now);
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
    let mut change = Change::new(AppError::Conflict);
    table::insert_company(&mut change.tx, &company, AppError::Conflict)?;
    table::insert_user(&mut change.tx, &admin, AppError::EmailTaken, true)?;
    links::insert(&mut change.tx, &link.record)?;
    let hours = app.config.activation_ttl_seconds / 3600;
    change.send(emails::activation(&app.mailer, &admin.email, &admin.name, &link.token, ActivationReason::NewAccount, hours)?);
    change.commit(app).await?;
    count(Metric::Signups, 1);
    tracing::info!(company_id = %company.id, user_id = %admin.id, "company signed up");
    Ok(SignedUp { company_id: company.id, user_id: admin.id })
}
