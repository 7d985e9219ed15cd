//! Reminders, sent by a daily schedule so that pending work does not lapse unnoticed: the admins
//! of a company hear `ORDER_NOTICE_DAYS` days before a sales rep's order expires unanswered
//! (orders expire `PENDING_DAYS` days after they were placed), and `TRIAL_NOTICE_DAYS` days
//! before a welcome trial turns into a charge. Each reminder is sent once: its mark is written,
//! conditioned on being absent, in the same change that sends it.

pub(crate) mod emails;
pub(crate) mod table;

use crate::app::App;
use crate::change::Change;
use crate::commerce::{Order, SubscriptionStatus};
use crate::delegation::PENDING_DAYS;
use crate::error::AppResult;
use crate::identity::{table as identity, UserRecord, UserStatus};
use crate::ids::{CompanyId, ProductId};
use serde::Serialize;
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};

/// Days before a pending delegated order expires that its admins are reminded.
pub(crate) const ORDER_NOTICE_DAYS: i64 = 3;
/// Days before a welcome trial turns into a charge that the admins are reminded.
pub(crate) const TRIAL_NOTICE_DAYS: i64 = 5;

/// What one run sent.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct ReminderReport {
    /// Pending orders whose admins were reminded.
    pub orders: usize,
    /// Trials whose admins were reminded.
    pub trials: usize,
}

/// Sends every reminder due at `now` (the daily schedule).
pub async fn send_due(app: &App, now: OffsetDateTime) -> AppResult<ReminderReport> {
    let mut admins = Admins::default();
    let orders = remind_orders(app, now, &mut admins).await?;
    let trials = remind_trials(app, now, &mut admins).await?;
    Ok(ReminderReport { orders, trials })
}

/// The admins of each company, read once per run; a disabled one (a terminated account) hears
/// nothing.
#[derive(Default)]
struct Admins(HashMap<CompanyId, Vec<UserRecord>>);

impl Admins {
    async fn of(&mut self, app: &App, company: &CompanyId) -> AppResult<&[UserRecord]> {
        if !self.0.contains_key(company) {
            let admins = identity::company_admins(&app.db, company).await?;
            self.0.insert(company.clone(), admins.into_iter().filter(|a| a.status != UserStatus::Disabled).collect());
        }
        Ok(self.0.get(company).map(Vec::as_slice).unwrap_or_default())
    }
}

async fn products_of(app: &App, ids: &[&ProductId]) -> AppResult<HashMap<ProductId, crate::catalog::Product>> {
    let snapshot = app.catalog.snapshot(&app.db).await?;
    app.catalog.products(&app.db, &snapshot, ids).await
}

/// Orders placed more than `PENDING_DAYS − ORDER_NOTICE_DAYS` days ago, still pending and not
/// reminded; those already past their expiry are the expiry run's (it tells the rep).
async fn remind_orders(app: &App, now: OffsetDateTime, admins: &mut Admins) -> AppResult<usize> {
    let notice_from = now - Duration::days(PENDING_DAYS - ORDER_NOTICE_DAYS);
    let due: Vec<Order> = table::orders_to_remind(&app.db, notice_from.unix_timestamp()).await?;
    let mut sent = 0;
    for order in due {
        let expires_at = order.created_at + Duration::days(PENDING_DAYS);
        if expires_at <= now {
            continue;
        }
        let products = products_of(app, &order.lines.iter().map(|l| &l.product_id).collect::<Vec<_>>()).await?;
        let mut change = Change::new(());
        table::mark_order(&mut change.tx, &order, now);
        for letter in emails::order_expiring(&app.mailer, admins.of(app, &order.company_id).await?, &order, expires_at, &products)? {
            change.send(letter);
        }
        if change.run(app).await?.is_ok() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Trials ending within `TRIAL_NOTICE_DAYS` days; those that ended or stopped being trials
/// leave the index without a word.
async fn remind_trials(app: &App, now: OffsetDateTime, admins: &mut Admins) -> AppResult<usize> {
    let horizon = now + Duration::days(TRIAL_NOTICE_DAYS);
    let due = table::trials_ending(&app.db, horizon.unix_timestamp()).await?;
    let mut sent = 0;
    for mark in due {
        let sub = match &mark.subscription_id {
            Some(id) => crate::commerce::subscription_table::get_subscription(&app.db, &mark.company_id, id).await?,
            None => None,
        };
        let Some((sub, ends_at)) = sub.and_then(|sub| {
            let end = sub.trial_ends_at.filter(|end| *end > now && sub.status == SubscriptionStatus::Trial)?;
            Some((sub, end))
        }) else {
            table::forget_trial(&app.db, &mark).await?;
            continue;
        };
        let products = products_of(app, &[&sub.product_id]).await?;
        let plan = products.get(&sub.product_id).and_then(|p| p.plan(&sub.plan_id)).map_or(sub.plan_id.to_string(), |p| p.name.clone());
        let monthly = sub.price().minus(sub.discount_at(ends_at));
        let mut change = Change::new(());
        table::mark_trial(&mut change.tx, &sub, now);
        for letter in emails::trial_ending(&app.mailer, admins.of(app, &sub.company_id).await?, &sub, &plan, monthly)? {
            change.send(letter);
        }
        if change.run(app).await?.is_ok() {
            sent += 1;
        }
    }
    Ok(sent)
}
