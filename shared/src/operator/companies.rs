//! The operator's companies: the list (search by name or CUIT, page by page, duplicated CUITs
//! flagged), which sales rep serves each, and their spend limits.

use super::requests::{SalesRepRequest, SpendLimitsRequest};
use super::views::{CompanyAdminView, CompanyListing, SpendLimits};
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::read_if;
use crate::directory::{self, RepCompany};
use crate::domain::tax_id_digits;
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::{table as identity, Bearer, Company, CompanyStatus, Role, UserStatus, OPERATOR};
use crate::ids::{CompanyId, UserId};
use crate::views::{List, Search, SearchParams};
use serde_json::json;

/// `GET /operator/companies?query=&limit=&cursor=`: every customer company, in creation order.
/// The page comes with the session check; the CUIT counts of its companies are read after it, in
/// one batch (two round trips). A search can leave a page short; its cursor goes on.
pub async fn list_companies(app: &App, bearer: &Bearer, params: AppResult<SearchParams>) -> AppResult<List<CompanyListing>> {
    let Search { text, page } = bearer.admit(app, OPERATOR, params.and_then(|p| p.bounded(50, 100))).await?;
    let (_, companies) = bearer.with(app, OPERATOR, directory::companies(&app.db, bearer.company_id(), &text, &page)).await?;
    let digits: Vec<String> = companies.items.iter().filter_map(|c| c.tax_id.as_deref().map(tax_id_digits)).collect();
    let counts = if digits.is_empty() { Default::default() } else { directory::tax_id_counts(&app.db, &digits).await? };
    Ok(List::page(companies, |c| {
        let with_cuit = c.tax_id.as_deref().map_or(0, |t| counts.get(&tax_id_digits(t)).copied().unwrap_or(0));
        let duplicate_tax_id = c.status == CompanyStatus::Active && with_cuit > 1;
        CompanyListing { company: CompanyAdminView::from(&c), duplicate_tax_id }
    }))
}

/// `PUT /operator/companies/{company_id}/sales-rep`: that sales rep (an active one of the
/// operator's staff) now serves the company. The company's record (conditioned on the rep it was
/// read with), the previous rep's copy, the new rep's copy and the audit entry are one
/// transaction, so a company is in exactly one rep's list even when assignments race.
pub async fn assign_sales_rep(
    app: &App,
    bearer: &Bearer,
    company: &str,
    request: AppResult<SalesRepRequest>,
) -> AppResult<CompanyAdminView> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let rep = UserId::parse(&request.user_id);
    let company = CompanyId::parse(company).filter(|c| c != bearer.company_id());
    let reads = async {
        tokio::try_join!(
            read_if(rep.as_ref().map(|rep| identity::get_user(&app.db, bearer.company_id(), rep))),
            read_if(company.as_ref().map(|company| identity::get_company(&app.db, company)))
        )
    };
    let (caller, (rep, company)) = bearer.with(app, OPERATOR, reads).await?;
    let mut company = company.ok_or(AppError::NotFound)?;
    let rep = rep
        .filter(|u| u.role == Role::SalesRep && u.status != UserStatus::Disabled)
        .ok_or_else(|| AppError::field("user_id", "No es un representante comercial activo."))?;
    let mut change = Change::new(AppError::Conflict);
    directory::reassign(&mut change.tx, &RepCompany::from(&company), company.sales_rep_id.as_ref(), Some(&rep), AppError::Conflict)?;
    let detail = json!({ "company": company.name, "from": company.sales_rep_id, "to": rep.id });
    let entry = AuditEntry::new(app.now(), caller.user_id(), Action::CompanySalesRepAssigned, &company.id, detail);
    audit::record(&mut change.tx, &company.id, &entry)?;
    change.commit(app).await?;
    company.sales_rep_id = Some(rep.id.clone());
    company.sales_rep_email = Some(rep.email.clone());
    Ok(CompanyAdminView::from(&company))
}

/// `PUT /operator/companies/{company_id}/spend-limits`: sets both limits at once; one left out
/// is lifted.
pub async fn set_spend_limits(
    app: &App,
    bearer: &Bearer,
    company: &str,
    request: AppResult<SpendLimitsRequest>,
) -> AppResult<CompanyAdminView> {
    let limits = request.and_then(|limits| {
        let mut errors = Vec::new();
        for (field, limit) in [("daily", limits.daily), ("rolling_30_days", limits.rolling_30_days)] {
            if limit.is_some_and(|m| !m.is_valid_price()) {
                errors.push(FieldError::new(format!("{field}.amount"), "Un monto de 0 en adelante."));
            }
        }
        if errors.is_empty() {
            Ok(limits)
        } else {
            Err(AppError::Validation(errors))
        }
    });
    let limits = bearer.admit(app, OPERATOR, limits).await?;
    let company = CompanyId::parse(company).filter(|c| c != bearer.company_id());
    let read = read_if(company.as_ref().map(|company| identity::get_company(&app.db, company)));
    let (caller, company) = bearer.with(app, OPERATOR, read).await?;
    let company = company.ok_or(AppError::NotFound)?;
    let before = SpendLimits { daily: company.spend_limit_daily, rolling_30_days: company.spend_limit_30d };
    let to = SpendLimits { daily: limits.daily, rolling_30_days: limits.rolling_30_days };
    let entry =
        AuditEntry::new(app.now(), caller.user_id(), Action::CompanySpendLimitsChanged, &company.id, json!({ "from": before, "to": to }));
    let mut change = Change::new(AppError::NotFound);
    identity::set_spend_limits(&mut change.tx, &company.id, limits.daily, limits.rolling_30_days, AppError::NotFound)?;
    audit::record(&mut change.tx, &company.id, &entry)?;
    change.commit(app).await?;
    let after = Company { spend_limit_daily: limits.daily, spend_limit_30d: limits.rolling_30_days, ..company };
    Ok(CompanyAdminView::from(&after))
}
