//! A company's invoice figures for a month, the same wherever they are shown: its lines (one
//! [`Charge`] per subscription), `net` (their sum), `iva` (21 % of the net, rounded half up once
//! per company: catalog prices are net of IVA) and `total`; and the CSV that the operator's export
//! and the customer's statement both download, whose cells can't turn into spreadsheet formulas.

use super::rule::{round_half_up, Charge};
use crate::domain::money::sum;
use crate::domain::{Money, Month};
use crate::error::{AppError, AppResult};
use crate::ids::CompanyId;
use serde::Serialize;

/// The IVA rate on the net of a B2B invoice, in percent.
pub const IVA_PERCENT: i64 = 21;

/// `round_half_up(net × 21 / 100)`.
pub fn iva(net: Money) -> Money {
    Money::ars(round_half_up(i128::from(net.amount) * i128::from(IVA_PERCENT), 100))
}

/// One company's month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyCharges {
    pub company_id: CompanyId,
    pub company_name: String,
    /// Σ of the lines' `amount`.
    pub net: Money,
    /// 21 % of `net`, rounded half up.
    pub iva: Money,
    /// `net + iva`.
    pub total: Money,
    pub subscriptions: Vec<Charge>,
}

impl CompanyCharges {
    /// The company's lines, by product name and subscription, with their totals.
    pub fn new(company_id: CompanyId, company_name: String, mut charges: Vec<Charge>) -> CompanyCharges {
        charges.sort_by(|a, b| (&a.product_name, &a.subscription_id).cmp(&(&b.product_name, &b.subscription_id)));
        let net = sum(charges.iter().map(|c| c.amount));
        let iva = iva(net);
        CompanyCharges { company_id, company_name, net, iva, total: net.plus(iva), subscriptions: charges }
    }
}

fn pesos(amount: Money) -> String {
    let sign = if amount.amount < 0 { "-" } else { "" };
    let abs = amount.amount.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A cell as a spreadsheet will read it: text that starts like a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading apostrophe, so it stays text (OWASP's advice for CSV
/// injection).
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Whom a company's charges are invoiced to: its CUIT and the account number of the telecom
/// invoice they go on (each null when the company has not given it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicedTo {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tax_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub billing_account: Option<String>,
}

const HEADER: [&str; 22] = [
    "month",
    "company_id",
    "company_name",
    "subscription_id",
    "product_id",
    "product_name",
    "plan_id",
    "seats",
    "seat_days",
    "unit_price",
    "days_in_month",
    "trial_days_free",
    "billable_days",
    "subtotal",
    "discount",
    "amount",
    "company_net",
    "company_iva",
    "company_total",
    "currency",
    "tax_id",
    "billing_account",
];

/// The month's lines as CSV, one row per subscription, each with its company's totals.
pub fn csv(month: Month, companies: &[(&CompanyCharges, &InvoicedTo)]) -> AppResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER).map_err(|e| AppError::internal_at("writing the invoice export's header", e))?;
    for (company, to) in companies {
        for c in &company.subscriptions {
            let row = [
                month.to_string(),
                company.company_id.to_string(),
                company.company_name.clone(),
                c.subscription_id.to_string(),
                c.product_id.to_string(),
                c.product_name.clone(),
                c.plan_id.to_string(),
                c.seats.to_string(),
                c.seat_days.to_string(),
                c.unit_price.map(pesos).unwrap_or_default(),
                c.days_in_month.to_string(),
                c.trial_days_free.to_string(),
                c.billable_days.to_string(),
                pesos(c.subtotal),
                pesos(c.discount),
                pesos(c.amount),
                pesos(company.net),
                pesos(company.iva),
                pesos(company.total),
                "ARS".into(),
                to.tax_id.clone().unwrap_or_default(),
                to.billing_account.clone().unwrap_or_default(),
            ];
            out.write_record(row.iter().map(|v| cell(v))).map_err(|e| AppError::internal_at("writing an invoice export row", e))?;
        }
    }
    out.into_inner().map_err(|e| AppError::internal_at("finishing the invoice export", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_stay_text() {
        for risky in ["=HYPERLINK(\"http://x\")", "+54 11", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["Acme SA", "12.50", "", "a=b"] {
            assert_eq!(cell(plain), plain);
        }
    }

    #[test]
    fn iva_is_21_percent_of_the_net_rounded_once() {
        assert_eq!(iva(Money::ars(100)), Money::ars(21));
        assert_eq!(iva(Money::ars(208_541_667)), Money::ars(43_793_750)); // 43.793.750,07
        assert_eq!(iva(Money::ars(50)), Money::ars(11)); // 10,5 → 11
        assert_eq!(pesos(Money::ars(1_250_005)), "12500.05");
    }
}
