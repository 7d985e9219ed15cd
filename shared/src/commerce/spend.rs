//! Spend limits. Every purchase adds its monthly total to a per-day ledger item
//! (`COMPANY#c / SPEND#<date>`); a company with limits gets conditions in the purchase's
//! transaction: today's item may only grow while it stays under the daily cap, and the other 29
//! days of the rolling window must be as read, so two concurrent purchases can never pass a limit
//! together.

use super::keys;
use crate::db::{Db, Entity, Expr, Query, Tx};
use crate::domain::Money;
use crate::error::AppResult;
use crate::identity::Company;
use serde::Deserialize;
use std::collections::BTreeMap;
use time::{Date, Duration};

/// Days in the rolling window.
pub const WINDOW_DAYS: i64 = 30;

#[derive(Deserialize)]
struct DaySpend {
    #[serde(rename = "SK")]
    sort_key: String,
    #[serde(default)]
    amount: i64,
}

/// What the company spent per day in the window ending `today` (days without purchases are absent).
#[derive(Debug, Clone)]
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

    /// Whether a purchase of `amount` fits the company's limits, given what was spent.
    pub fn fits(&self, company: &Company, amount: Money) -> bool {
        let daily_ok = company.spend_limit_daily.is_none_or(|l| self.today_spent() + amount.amount <= l.amount);
        let window_ok = company.spend_limit_30d.is_none_or(|l| self.window_spent() + amount.amount <= l.amount);
        daily_ok && window_ok
    }
}

/// The ledger of the 30 days ending `today`, in one query.
pub async fn ledger(db: &Db, company: &crate::ids::CompanyId, today: Date) -> AppResult<Ledger> {
    let first = today - Duration::days(WINDOW_DAYS - 1);
    let query = Query::table(keys::partition(company)).between(keys::spend_sk(first), keys::spend_sk(today));
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut days = BTreeMap::new();
    for spent in db.query_all::<DaySpend>(query).await? {
        if let Ok(day) = Date::parse(spent.sort_key.trim_start_matches(keys::SPEND_PREFIX), &format) {
            days.insert(day, spent.amount);
        }
    }
    Ok(Ledger { today, days })
}

/// Charges `amount` to today's ledger, with the limit conditions (refused with `exceeded`) when
/// the company has limits; `ledger` must be the one read for this purchase.
pub fn charge<R: Clone>(tx: &mut Tx<R>, company: &Company, ledger: Option<&Ledger>, today: Date, amount: Money, exceeded: R) {
    let update = Expr::new("ADD amount :a SET #ttl = :ttl, entity = :entity")
        .name("#ttl", "ttl")
        .value(":a", amount.amount)
        .value(":ttl", (today + Duration::days(45)).midnight().assume_utc().unix_timestamp())
        .value(":entity", Entity::Spend);
    let key = keys::spend_day(&company.id, today);
    let Some(ledger) = ledger.filter(|_| company.has_spend_limits()) else {
        tx.update(key, update).always();
        return;
    };
    let others: i64 = ledger.days.iter().filter(|(d, _)| **d != today).map(|(_, a)| a).sum();
    let caps =
        [company.spend_limit_daily.map(|l| l.amount - amount.amount), company.spend_limit_30d.map(|l| l.amount - amount.amount - others)];
    let cap = caps.into_iter().flatten().min().unwrap_or(i64::MAX);
    tx.update(key, update).when(Expr::new("attribute_not_exists(amount) OR amount <= :cap").value(":cap", cap), exceeded.clone());
    if company.spend_limit_30d.is_some() {
        for offset in 1..WINDOW_DAYS {
            let day = today - Duration::days(offset);
            let condition = match ledger.days.get(&day) {
                Some(spent) => Expr::new("amount = :v").value(":v", *spent),
                None => Expr::new("attribute_not_exists(amount)"),
            };
            tx.check(keys::spend_day(&company.id, day), condition, exceeded.clone());
        }
    }
}
