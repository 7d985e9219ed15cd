//! `GET /operator/billing?month=YYYY-MM`: each company's charges for the month, one line per
//! subscription, for the telecom's invoice, as JSON or CSV. It reads what the month bills and
//! nothing else: the month's billing records (one index query per shard) and the live
//! subscriptions with nothing recorded since before the month (one sort-key range per shard of the
//! open index), then the companies' names; never a scan of the table. The figures come from the
//! same rule and the same sums as the customer's statement (`commerce::billing`).

use crate::app::App;
use crate::commerce::billing::{self, invoice, rule, table, CompanyCharges, InvoicedTo};
use crate::domain::money::{sum, Currency};
use crate::domain::{Money, Month};
use crate::error::AppResult;
use crate::identity::{table as identity, Bearer, OPERATOR};
use crate::ids::CompanyId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingQuery {
    pub month: String,
}

/// The month's export: every company with a charge that month, one line per subscription.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Billing))]
pub struct BillingExport {
    /// `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11"))]
    pub month: Month,
    pub currency: Currency,
    pub companies: Vec<ExportedCompany>,
    /// Σ of the companies' `net`.
    pub net: Money,
    /// Σ of the companies' `iva` (each rounded on its own net).
    pub iva: Money,
    /// Σ of the companies' `total`.
    pub total: Money,
}

/// A company's charges, and whom they are invoiced to.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedCompany {
    #[serde(flatten)]
    pub charges: CompanyCharges,
    #[serde(flatten)]
    pub invoiced_to: InvoicedTo,
    /// It owes something this month and has no billing account to put it on.
    pub missing_billing_account: bool,
}

impl ExportedCompany {
    fn new(charges: CompanyCharges, invoiced_to: InvoicedTo) -> ExportedCompany {
        let missing_billing_account = charges.net.amount > 0 && invoiced_to.billing_account.is_none();
        ExportedCompany { charges, invoiced_to, missing_billing_account }
    }
}

/// The month's charges of every company.
pub async fn export(app: &App, bearer: &Bearer, query: AppResult<BillingQuery>) -> AppResult<BillingExport> {
    let month = query.and_then(|q| billing::parse_month(&q.month, app.now()));
    let month = bearer.admit(app, OPERATOR, month).await?;
    let reads = async { tokio::try_join!(table::platform_month(&app.db, month), table::quiet_in(&app.db, month)) };
    let (_, (recorded, quiet)) = bearer.with(app, OPERATOR, reads).await?;
    let mut by_company: BTreeMap<CompanyId, Vec<rule::Charge>> = BTreeMap::new();
    for record in recorded.iter().chain(&quiet) {
        if let Some(charge) = rule::charge(record) {
            by_company.entry(record.terms.company_id.clone()).or_default().push(charge);
        }
    }
    let ids: Vec<&CompanyId> = by_company.keys().collect();
    let known = identity::companies_by_id(&app.db, &ids).await?;
    let companies: Vec<ExportedCompany> = by_company
        .into_iter()
        .map(|(id, charges)| {
            let company = known.get(&id);
            let name = company.map(|c| c.name.clone()).unwrap_or_default();
            let to = InvoicedTo {
                tax_id: company.and_then(|c| c.tax_id.clone()),
                billing_account: company.and_then(|c| c.billing_account.clone()),
            };
            ExportedCompany::new(CompanyCharges::new(id, name, charges), to)
        })
        .collect();
    Ok(BillingExport {
        month,
        currency: Currency::Ars,
        net: sum(companies.iter().map(|c| c.charges.net)),
        iva: sum(companies.iter().map(|c| c.charges.iva)),
        total: sum(companies.iter().map(|c| c.charges.total)),
        companies,
    })
}

/// The export as CSV: one row per subscription, with its company's totals.
pub fn csv(export: &BillingExport) -> AppResult<Vec<u8>> {
    let rows: Vec<(&CompanyCharges, &InvoicedTo)> = export.companies.iter().map(|c| (&c.charges, &c.invoiced_to)).collect();
    invoice::csv(export.month, &rows)
}
