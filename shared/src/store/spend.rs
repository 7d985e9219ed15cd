//! Spend limits. Every order adds its monthly total to a per-day ledger item
//! (`COMPANY#c / SPEND#<date>`); a company with limits gets conditions in the order's transaction:
//! today's item may only grow if it stays under the daily cap, and the other 29 days of the
//! rolling window must be as read, so two concurrent orders can never pass a limit together.

use super::items::{from_item, key, n, Item};
use super::{keys, Store};
use crate::domain::{Company, Money};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::{TransactWriteItem, Update};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use time::{Date, Duration};

/// Days in the rolling window.
pub const WINDOW_DAYS: i64 = 30;

fn day_sk(day: Date) -> String {
    format!("SPEND#{day}")
}

#[derive(Deserialize)]
struct DaySpend {
    #[serde(default)]
    amount: i64,
}

/// What the company spent per day in the window ending `today` (days without orders are absent).
pub struct Ledger {
    pub today: Date,
    pub days: BTreeMap<Date, i64>,
}

impl Ledger {
    pub fn today_spent(&self) -> i64 {
        self.days.get(&self.today).copied().unwrap_or(0)
    }

    pub fn window_spent(&self) -> i64 {
        self.days.values().sum()
    }
}

/// Whether an order of `amount` fits the company's limits, given what was spent.
pub fn fits(company: &Company, ledger: &Ledger, amount: Money) -> bool {
    let daily_ok = company.spend_limit_daily.is_none_or(|l| ledger.today_spent() + amount.amount <= l.amount);
    let window_ok = company.spend_limit_30d.is_none_or(|l| ledger.window_spent() + amount.amount <= l.amount);
    daily_ok && window_ok
}

impl Store {
    /// The ledger of the 30 days ending `today`, in one query.
    pub async fn spend_ledger(&self, company_id: &str, today: Date) -> AppResult<Ledger> {
        let first = today - Duration::days(WINDOW_DAYS - 1);
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK BETWEEN :from AND :to")
            .expression_attribute_values(":pk", super::items::s(keys::company(company_id)))
            .expression_attribute_values(":from", super::items::s(day_sk(first)))
            .expression_attribute_values(":to", super::items::s(day_sk(today)))
            .consistent_read(true)
            .send()
            .await
            .map_err(AppError::internal)?;
        let mut days = BTreeMap::new();
        for item in out.items.unwrap_or_default() {
            let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            let spend: DaySpend = from_item(item)?;
            let format = time::macros::format_description!("[year]-[month]-[day]");
            if let Ok(day) = Date::parse(sk.trim_start_matches("SPEND#"), &format) {
                days.insert(day, spend.amount);
            }
        }
        Ok(Ledger { today, days })
    }

    /// The writes that charge `amount` to today's ledger, with the limit conditions when the
    /// company has limits (the ledger must be the one read for this order).
    pub(crate) fn spend_writes(
        &self,
        company: &Company,
        ledger: Option<&Ledger>,
        today: Date,
        amount: Money,
    ) -> AppResult<Vec<TransactWriteItem>> {
        let pk = keys::company(&company.id);
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk.clone(), &day_sk(today))))
            .update_expression("ADD amount :a SET #ttl = :ttl, entity = :entity")
            .expression_attribute_names("#ttl", "ttl")
            .expression_attribute_values(":a", n(amount.amount))
            .expression_attribute_values(":ttl", n((today + Duration::days(45)).midnight().assume_utc().unix_timestamp()))
            .expression_attribute_values(":entity", super::items::s("spend"));
        let mut items = Vec::new();
        if let Some(ledger) = ledger.filter(|_| company.spend_limit_daily.is_some() || company.spend_limit_30d.is_some()) {
            let others: i64 = ledger.days.iter().filter(|(d, _)| **d != today).map(|(_, a)| a).sum();
            let caps = [
                company.spend_limit_daily.map(|l| l.amount - amount.amount),
                company.spend_limit_30d.map(|l| l.amount - amount.amount - others),
            ];
            let cap = caps.into_iter().flatten().min().unwrap_or(i64::MAX);
            update =
                update.condition_expression("attribute_not_exists(amount) OR amount <= :cap").expression_attribute_values(":cap", n(cap));
            if company.spend_limit_30d.is_some() {
                for offset in 1..WINDOW_DAYS {
                    let day = today - Duration::days(offset);
                    let (expr, values) = match ledger.days.get(&day) {
                        Some(spent) => ("amount = :v", HashMap::from([(":v".to_string(), n(*spent))])),
                        None => ("attribute_not_exists(amount)", Item::new()),
                    };
                    items.push(self.check(key(pk.clone(), &day_sk(day)), expr, &[], values)?);
                }
            }
        }
        items.insert(0, TransactWriteItem::builder().update(update.build().map_err(AppError::internal)?).build());
        Ok(items)
    }
}
