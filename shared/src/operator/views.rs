//! The operator's answers: a company as the back office sees it, and a staff member after a
//! change of their status.

use crate::domain::Money;
use crate::identity::{Company, CompanyStatus, User};
use crate::ids::{CompanyId, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// A company as the operator sees it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = OperatorCompany))]
pub struct CompanyAdminView {
    pub id: CompanyId,
    pub name: String,
    /// The CUIT, `XX-XXXXXXXX-X`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tax_id: Option<String>,
    pub status: CompanyStatus,
    /// `null` until the operator assigns one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub sales_rep: Option<SalesRepRef>,
    pub spend_limits: SpendLimits,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
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

impl From<&Company> for CompanyAdminView {
    fn from(c: &Company) -> Self {
        CompanyAdminView {
            id: c.id.clone(),
            name: c.name.clone(),
            tax_id: c.tax_id.clone(),
            status: c.status,
            sales_rep: c.sales_rep_id.clone().map(|id| SalesRepRef { id, email: c.sales_rep_email.clone() }),
            spend_limits: SpendLimits { daily: c.spend_limit_daily, rolling_30_days: c.spend_limit_30d },
            created_at: c.created_at,
        }
    }
}

/// `GET /operator/companies`: a company, and whether another active company has its CUIT.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyListing {
    #[serde(flatten)]
    pub company: CompanyAdminView,
    /// Another active company has the same CUIT (flagged here, never refused at sign-up).
    pub duplicate_tax_id: bool,
}

/// `POST /operator/users/{id}/disable`: the person as they are now, and how many companies this
/// request handed to another rep (or to the operator).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisabledStaff {
    #[serde(flatten)]
    pub user: User,
    pub companies_reassigned: u32,
}
