//! The operator's back office: staff accounts (sales reps and operators), which sales rep serves
//! which company, spend limits, and the monthly billing export. Every use case is for the
//! `operator` role only.

pub mod billing;
pub mod rule;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::{from_item, read_if, Expr};
use crate::domain::Money;
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::accounts::{add_pending_user, parse_person};
use crate::identity::keys as identity_keys;
use crate::identity::{table as identity, Bearer, Company, CompanyStatus, Role, User, OPERATOR};
use crate::ids::{CompanyId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StaffRole {
    SalesRep,
    Operator,
}

/// `POST /operator/users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::domain::Email))]
    pub email: String,
    pub role: StaffRole,
}

/// `POST /operator/users`: a sales rep or operator of the operator's own company, activated by
/// email like everyone.
pub async fn create_staff(app: &App, bearer: &Bearer, request: AppResult<StaffRequest>) -> AppResult<User> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let caller = bearer.caller_as(app, OPERATOR).await?;
    let (name, email) = parse_person(&request.name, &request.email, "name", "email")?;
    let role = match request.role {
        StaffRole::SalesRep => Role::SalesRep,
        StaffRole::Operator => Role::Operator,
    };
    let mut change = Change::new(AppError::Conflict);
    let user = add_pending_user(app, &mut change, caller.company_id(), name, email, role)?;
    let entry = AuditEntry::new(
        app.now(),
        caller.user_id(),
        Action::StaffCreated,
        &user.id,
        serde_json::json!({ "email": user.email, "role": user.role }),
    );
    audit::record(&mut change.tx, caller.company_id(), &entry)?;
    change.commit(app).await?;
    Ok(User::from(&user))
}

/// A company as the operator sees it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = OperatorCompany))]
pub struct CompanyAdminView {
    pub id: CompanyId,
    pub name: String,
    pub status: CompanyStatus,
    /// `null` until the operator assigns one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub sales_rep: Option<SalesRepRef>,
    pub spend_limits: SpendLimits,
}

/// The sales rep who serves a company.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesRepRef {
    pub id: UserId,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub email: Option<String>,
}

/// A company's spend limits as set; `null` is no limit.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendLimits {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub daily: Option<Money>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub rolling_30_days: Option<Money>,
}

/// `PUT /operator/companies/{company_id}/spend-limits`: both limits at once; one left out (or
/// `null`) is lifted.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendLimitsRequest {
    #[serde(default)]
    pub daily: Option<Money>,
    #[serde(default)]
    pub rolling_30_days: Option<Money>,
}

impl From<&Company> for CompanyAdminView {
    fn from(c: &Company) -> Self {
        CompanyAdminView {
            id: c.id.clone(),
            name: c.name.clone(),
            status: c.status,
            sales_rep: c.sales_rep_id.clone().map(|id| SalesRepRef { id, email: c.sales_rep_email.clone() }),
            spend_limits: SpendLimits { daily: c.spend_limit_daily, rolling_30_days: c.spend_limit_30d },
        }
    }
}

/// `PUT /operator/companies/{company_id}/sales-rep`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesRepRequest {
    /// A sales rep of the operator's company.
    #[cfg_attr(feature = "openapi", schema(value_type = UserId))]
    pub user_id: String,
}

/// Writes `update` to an existing company and answers it as it is afterwards.
async fn update_company(app: &App, company: &CompanyId, update: Expr) -> AppResult<Company> {
    let updated = app.db.update(&identity_keys::company(company), update, Some(Expr::present())).await?;
    from_item(updated.map_err(|_| AppError::NotFound)?)
}

/// `PUT /operator/companies/{company_id}/sales-rep`: that sales rep now serves the company (and
/// the company is indexed under the rep).
pub async fn assign_sales_rep(
    app: &App,
    bearer: &Bearer,
    company: &str,
    request: AppResult<SalesRepRequest>,
) -> AppResult<CompanyAdminView> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let rep = UserId::parse(&request.user_id);
    let read = read_if(rep.as_ref().map(|rep| identity::get_user(&app.db, bearer.company_id(), rep)));
    let (caller, rep) = bearer.with(app, OPERATOR, read).await?;
    let company = CompanyId::parse(company).filter(|c| c != caller.company_id()).ok_or(AppError::NotFound)?;
    let rep = rep.filter(|u| u.role == Role::SalesRep).ok_or_else(|| AppError::field("user_id", "No es un representante comercial."))?;
    let update = Expr::new("SET sales_rep_id = :id, sales_rep_email = :email, GSI1PK = :gpk, GSI1SK = :gsk")
        .value(":id", rep.id.to_string())
        .value(":email", rep.email.clone())
        .value(":gpk", format!("SALESREP#{}", rep.id))
        .value(":gsk", company.to_string());
    Ok(CompanyAdminView::from(&update_company(app, &company, update).await?))
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
    bearer.caller_as(app, OPERATOR).await?;
    let company = CompanyId::parse(company).ok_or(AppError::NotFound)?;
    let mut sets = Vec::new();
    let mut removes = Vec::new();
    let mut update = Expr::default();
    for (name, value) in [("spend_limit_daily", limits.daily), ("spend_limit_30d", limits.rolling_30_days)] {
        match value {
            Some(money) => {
                sets.push(format!("{name} = :{name}"));
                update = update.value(&format!(":{name}"), crate::db::attr(&money)?);
            }
            None => removes.push(name),
        }
    }
    let mut text = String::new();
    if !sets.is_empty() {
        text.push_str(&format!("SET {}", sets.join(", ")));
    }
    if !removes.is_empty() {
        text.push_str(&format!(" REMOVE {}", removes.join(", ")));
    }
    Ok(CompanyAdminView::from(&update_company(app, &company, update.with_text(text.trim())).await?))
}
