//! `GET /operator/billing?month=YYYY-MM`: each company's charges for the month, per subscription,
//! for the telecom's invoice, as JSON or CSV. The prorating rule is in [`super::rule`].

use super::rule::{self, Charge};
use crate::app::App;
use crate::commerce::Subscription;
use crate::domain::money::{sum, Currency, Money};
use crate::error::{AppError, AppResult};
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

/// One company's charges.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyCharges {
    pub company_id: CompanyId,
    pub company_name: String,
    pub total: Money,
    pub subscriptions: Vec<Charge>,
}

/// The month's export: every company with a charge that month, per subscription.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Billing))]
pub struct BillingExport {
    /// `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}$"))]
    pub month: String,
    pub currency: Currency,
    pub companies: Vec<CompanyCharges>,
    pub total: Money,
}

/// The month's charges of every company.
pub async fn export(app: &App, bearer: &Bearer, query: AppResult<BillingQuery>) -> AppResult<BillingExport> {
    let query = bearer.admit(app, OPERATOR, query).await?;
    bearer.caller_as(app, OPERATOR).await?;
    let month = rule::parse_month(&query.month).ok_or_else(|| AppError::field("month", "Usá el formato AAAA-MM."))?;
    let mut by_company: BTreeMap<CompanyId, Vec<Charge>> = BTreeMap::new();
    for sub in app.db.scan_entity::<Subscription>("subscription").await? {
        if let Some(charge) = rule::charge(&sub, month) {
            by_company.entry(sub.company_id.clone()).or_default().push(charge);
        }
    }
    let ids: Vec<&CompanyId> = by_company.keys().collect();
    let names = identity::companies_by_id(&app.db, &ids).await?;
    let companies: Vec<CompanyCharges> = by_company
        .into_iter()
        .map(|(id, charges)| CompanyCharges {
            company_name: names.get(&id).map(|c| c.name.clone()).unwrap_or_default(),
            company_id: id,
            total: sum(charges.iter().map(|c| c.amount)),
            subscriptions: charges,
        })
        .collect();
    let total = sum(companies.iter().map(|c| c.total));
    Ok(BillingExport { month: query.month, currency: Currency::Ars, companies, total })
}

fn pesos(amount: Money) -> String {
    format!("{}.{:02}", amount.amount / 100, amount.amount.rem_euclid(100))
}

/// The export as CSV: one row per subscription.
pub fn csv(export: &BillingExport) -> AppResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "month",
        "company_id",
        "company_name",
        "subscription_id",
        "product_id",
        "product_name",
        "plan_id",
        "seats",
        "unit_price",
        "price",
        "discount",
        "trial_days_free",
        "billable_days",
        "days_in_month",
        "amount",
        "currency",
    ])
    .map_err(AppError::internal)?;
    for company in &export.companies {
        for c in &company.subscriptions {
            out.write_record([
                export.month.clone(),
                company.company_id.to_string(),
                company.company_name.clone(),
                c.subscription_id.to_string(),
                c.product_id.to_string(),
                c.product_name.clone(),
                c.plan_id.to_string(),
                c.seats.to_string(),
                pesos(c.unit_price),
                pesos(c.price),
                pesos(c.discount),
                c.trial_days_free.to_string(),
                c.billable_days.to_string(),
                c.days_in_month.to_string(),
                pesos(c.amount),
                "ARS".into(),
            ])
            .map_err(AppError::internal)?;
        }
    }
    out.into_inner().map_err(|e| AppError::internal(e.to_string()))
}
