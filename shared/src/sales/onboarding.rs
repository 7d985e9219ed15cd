//! A sales rep opens a customer's account: the company (assigned to the rep from its first
//! moment, so the rep may order for it at once), its first admin pending activation with their
//! link, the rep's copy of the company and the audit entry, in one transaction; then the admin's
//! activation email, saying who opened the account. Validated like a sign-up: the CUIT's check
//! digit included; a taken email is `email_taken` (a rep is staff, not the public).

use super::emails;
use super::requests::OnboardRequest;
use super::views::Onboarded;
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::directory::{self, RepCompany};
use crate::domain::{CompanyName, Email, PersonName, TaxId};
use crate::error::{AppError, AppResult, Fields};
use crate::identity::links::{self, NewLink};
use crate::identity::{table as identity, Bearer, Company, Role, UserRecord, SALES_REP};
use crate::ids::UserId;
use serde_json::json;

struct Parsed {
    name: CompanyName,
    tax_id: Option<TaxId>,
    admin_name: PersonName,
    admin_email: Email,
}

fn parse(request: OnboardRequest) -> AppResult<Parsed> {
    let mut fields = Fields::new();
    let name = fields.take(CompanyName::parse(&request.company.name, "company.name"));
    let tax_id = match request.company.tax_id.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => fields.take(TaxId::parse(raw, "company.tax_id")).map(Some),
    };
    let admin_name = fields.take(PersonName::parse(&request.admin.name, "admin.name"));
    let admin_email = fields.take(Email::parse(&request.admin.email, "admin.email"));
    fields.finish(|| Some(Parsed { name: name?, tax_id: tax_id?, admin_name: admin_name?, admin_email: admin_email? }))
}

/// `POST /sales/companies`: 201 `{"company_id"}`. Two round trips: the session, the transaction.
pub async fn onboard(app: &App, bearer: &Bearer, request: AppResult<OnboardRequest>) -> AppResult<Onboarded> {
    let parsed = bearer.admit(app, SALES_REP, request.and_then(parse)).await?;
    let rep = bearer.caller_as(app, SALES_REP).await?;
    let now = app.now();
    let mut company = Company::new(parsed.name.into_inner(), parsed.tax_id.map(TaxId::into_inner), 1, now);
    company.sales_rep_id = Some(rep.user_id().clone());
    company.sales_rep_email = Some(rep.user.email.clone());
    let admin_id = UserId::new();
    let link = NewLink::activation(&company.id, &admin_id, app.config.activation_ttl_seconds, now)?;
    let email = parsed.admin_email.as_str().to_string();
    let admin =
        UserRecord::pending(admin_id, &company.id, email, parsed.admin_name.into_inner(), Role::Admin, link.record.hash.clone(), now);

    let mut change = Change::new(AppError::Conflict);
    identity::insert_company(&mut change.tx, &company, AppError::Conflict)?;
    identity::insert_user(&mut change.tx, &admin, AppError::EmailTaken, identity::ItsCompany::AlsoNew)?;
    links::insert(&mut change.tx, &link.record)?;
    directory::put_copy(&mut change.tx, rep.user_id(), &RepCompany::from(&company))?;
    let detail = json!({ "company": company.name, "tax_id": company.tax_id, "admin": admin.email });
    audit::record(&mut change.tx, &company.id, &AuditEntry::new(now, rep.user_id(), Action::CompanyOnboarded, &company.id, detail))?;
    let hours = app.config.activation_ttl_seconds / 3600;
    // TODO(#16): the per-recipient rate limit of emails applies to this activation email too.
    change.send(emails::opened_by_rep(&app.mailer, &admin.email, &admin.name, &company.name, &rep.user.name, &link.token, hours)?);
    change.commit(app).await?;
    crate::observe::count(crate::observe::Metric::Signups, 1);
    tracing::info!(company_id = %company.id, sales_rep = %rep.user_id(), "company onboarded by its sales rep");
    Ok(Onboarded { company_id: company.id })
}
