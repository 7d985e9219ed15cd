//! `GET /billing/statements/{month}`: what the admin's company is charged for a month — the same
//! lines and figures as the operator's export (net, IVA 21 %, total) — and its spend limits with
//! how much of each is used today. One round trip: the company, its month's records, its
//! subscriptions and its spend ledger, read with the session check.

use super::invoice::{self, CompanyCharges, IVA_PERCENT};
use super::{parse_month, rule, table, Charge};
use crate::app::App;
use crate::commerce::spend;
use crate::commerce::table as commerce;
use crate::domain::money::Currency;
use crate::domain::{Money, Month};
use crate::error::{AppError, AppResult};
use crate::identity::{table as identity, Bearer, ADMIN};
use crate::ids::CompanyId;
use serde::Serialize;

/// A spend limit and how much of it is used.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitUse {
    pub limit: Money,
    pub used: Money,
}

/// The company's spend limits today (`null`: no limit).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendUse {
    /// Today's spend against the daily limit.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub daily: Option<LimitUse>,
    /// The last 30 days' spend against that limit.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub rolling_30_days: Option<LimitUse>,
}

/// The customer's statement of a month.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11"))]
    pub month: Month,
    pub company_id: CompanyId,
    pub company_name: String,
    /// The CUIT and the telecom invoice's account number, as the company's admins keep them.
    #[serde(flatten)]
    pub invoiced_to: invoice::InvoicedTo,
    pub currency: Currency,
    /// One line per subscription billed that month, as in the operator's export.
    pub lines: Vec<Charge>,
    /// Σ of the lines' `amount` (catalog prices are net of IVA).
    pub net: Money,
    /// 21 % of `net`, rounded half up.
    pub iva: Money,
    /// `net + iva`.
    pub total: Money,
    #[cfg_attr(feature = "openapi", schema(minimum = 21, maximum = 21))]
    pub iva_rate_percent: i64,
    pub spend_limits: SpendUse,
}

/// `GET /billing/statements/{month}` (admin).
pub async fn statement(app: &App, bearer: &Bearer, month: &str) -> AppResult<Statement> {
    let now = app.now();
    let month = bearer.admit(app, ADMIN, parse_month(month, now)).await?;
    let (db, id) = (&app.db, bearer.company_id());
    let reads = async {
        tokio::try_join!(
            identity::get_company(db, id),
            table::company_month(db, id, month),
            commerce::all_subscriptions(db, id),
            spend::ledger(db, id, now.date()),
        )
    };
    let (_, (company, records, subs, ledger)) = bearer.with(app, ADMIN, reads).await?;
    let company = company.ok_or(AppError::NotFound)?;
    let charges = records.iter().chain(&table::quiet_among(&subs, month)).filter_map(rule::charge).collect();
    let figures = CompanyCharges::new(company.id.clone(), company.name.clone(), charges);
    let used = |limit: Option<Money>, spent: i64| limit.map(|limit| LimitUse { limit, used: Money::ars(spent) });
    Ok(Statement {
        month,
        company_id: figures.company_id,
        company_name: figures.company_name,
        invoiced_to: invoice::InvoicedTo { tax_id: company.tax_id.clone(), billing_account: company.billing_account.clone() },
        currency: Currency::Ars,
        lines: figures.subscriptions,
        net: figures.net,
        iva: figures.iva,
        total: figures.total,
        iva_rate_percent: IVA_PERCENT,
        spend_limits: SpendUse {
            daily: used(company.spend_limit_daily, ledger.today_spent()),
            rolling_30_days: used(company.spend_limit_30d, ledger.window_spent()),
        },
    })
}

/// The statement as CSV ("Mi factura"): the export's columns, this company's rows.
pub fn csv(statement: &Statement) -> AppResult<Vec<u8>> {
    let company = CompanyCharges {
        company_id: statement.company_id.clone(),
        company_name: statement.company_name.clone(),
        net: statement.net,
        iva: statement.iva,
        total: statement.total,
        subscriptions: statement.lines.clone(),
    };
    invoice::csv(statement.month, &[(&company, &statement.invoiced_to)])
}
