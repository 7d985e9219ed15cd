//! A customer company: the tenant every other record belongs to.

use super::money::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The company record as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// `active` or `closed` (after an account termination).
    pub status: String,
    /// How many users of the company are admins, whatever their status: the last-admin rule is
    /// a condition on this counter.
    pub admin_count: u32,
    /// The operator's sales representative who serves the company, if one is assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_rep_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_rep_email: Option<String>,
    /// Spend limits set by the operator (order totals per day and per rolling 30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_limit_daily: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_limit_30d: Option<Money>,
    /// Orders placed so far (the first-purchase rule is a condition on it).
    #[serde(default)]
    pub orders_count: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Company {
    /// A new, active company.
    pub fn new(id: String, name: String, tax_id: Option<String>, admin_count: u32, created_at: OffsetDateTime) -> Self {
        Company {
            id,
            name,
            tax_id,
            status: "active".into(),
            admin_count,
            sales_rep_id: None,
            sales_rep_email: None,
            spend_limit_daily: None,
            spend_limit_30d: None,
            orders_count: 0,
            created_at,
        }
    }
}
