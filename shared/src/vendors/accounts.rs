//! The operator opens a vendor's account and lists the vendors.

use super::records::VendorProfile;
use super::requests::VendorRequest;
use super::table;
use super::views::{Vendor, VendorCreated};
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::domain::{CompanyName, Email, PersonName};
use crate::error::{AppError, AppResult, Fields};
use crate::identity::accounts::add_pending_user;
use crate::identity::table::ItsCompany;
use crate::identity::vendor_company::insert_vendor_company;
use crate::identity::{Bearer, Company, Role, OPERATOR};
use crate::views::{List, PageRequest};
use serde_json::json;

struct Parsed {
    name: CompanyName,
    admin_name: PersonName,
    admin_email: Email,
}

fn parse(request: VendorRequest) -> AppResult<Parsed> {
    let mut fields = Fields::new();
    let name = fields.take(CompanyName::parse(&request.name, "name"));
    let admin_name = fields.take(PersonName::parse(&request.admin.name, "admin.name"));
    let admin_email = fields.take(Email::parse(&request.admin.email, "admin.email"));
    fields.finish(|| Some(Parsed { name: name?, admin_name: admin_name?, admin_email: admin_email? }))
}

/// `POST /operator/vendors`: 201 `{"vendor_id"}`. The vendor's company, its first person pending
/// activation (role `vendor`, emailed their link), the vendor's profile in the operator's list and
/// the audit entry, in one transaction. A taken email is `email_taken` (the operator is staff, not
/// the public). Two round trips: the session, the transaction.
pub async fn create(app: &App, bearer: &Bearer, request: AppResult<VendorRequest>) -> AppResult<VendorCreated> {
    let parsed = bearer.admit(app, OPERATOR, request.and_then(parse)).await?;
    let operator = bearer.caller_as(app, OPERATOR).await?;
    let now = app.now();
    let company = Company::vendor(parsed.name.into_inner(), now);
    let mut change = Change::new(AppError::Conflict);
    insert_vendor_company(&mut change.tx, &company, AppError::Conflict)?;
    let person = add_pending_user(app, &mut change, (&company, ItsCompany::AlsoNew), parsed.admin_name, parsed.admin_email, Role::Vendor)?;
    table::insert_profile(&mut change.tx, &VendorProfile::new(&company, &person), AppError::Conflict)?;
    let detail = json!({ "vendor": company.name, "admin": person.email });
    let entry = AuditEntry::new(now, operator.user_id(), Action::VendorCreated, &company.id, detail);
    audit::record(&mut change.tx, operator.company_id(), &entry)?;
    change.commit(app).await?;
    tracing::info!(vendor_id = %company.id, "vendor created");
    Ok(VendorCreated { vendor_id: company.id })
}

/// `GET /operator/vendors?limit=&cursor=`: the vendors in the order they joined, each with its
/// first person and how many of its endpoints fail; read with the session check (one round trip).
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<Vendor>> {
    let page = bearer.admit(app, OPERATOR, page).await?;
    let (_, profiles) = bearer.with(app, OPERATOR, table::list_profiles(&app.db, &page)).await?;
    Ok(List::page(profiles, Vendor::from))
}
