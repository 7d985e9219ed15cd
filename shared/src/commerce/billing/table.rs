//! Billing records in the table, and how billing finds them without a scan.
//!
//! - A record is `COMPANY#c / BILL#<month>#<sub>` (a company's statement is one query of its
//!   partition), indexed under `BILLING#<month>#<shard>` (the operator's export is one query per
//!   shard). Only changes write records, in the transaction of the change.
//! - A live subscription is indexed under `BILLING#OPEN#<shard>`, sorted by the last month that has
//!   its record (`billed_through`): the subscriptions with nothing recorded since before a month
//!   held their seats unchanged all that month, and a sort-key range finds exactly them.
//! - A change first gives each month since the last record a quiet record (the seats it opened
//!   with), so the records of every month up to `billed_through` are complete and never change.

use super::record::{gap, MonthRecord, SeatEvent, SeatEventKind, SeatState, Terms};
use crate::commerce::keys;
use crate::commerce::subscription::{Subscription, SubscriptionStatus};
use crate::db::{attr, to_item, with_index, Db, Expr, Item, Query, Tx};
use crate::domain::Month;
use crate::error::{AppError, AppResult};
use crate::ids::CompanyId;

/// Quiet months a change may record in its own transaction; more are written first, apart.
pub const GAP_IN_CHANGE: usize = 12;

fn record_item(record: &MonthRecord) -> AppResult<Item> {
    let (company, sub) = (&record.terms.company_id, &record.terms.subscription_id);
    let item = to_item(&keys::billing_record(company, record.month, sub), record)?;
    Ok(with_index(item, keys::billing_index(record.month, keys::billing_shard(sub)), format!("{company}#{sub}")))
}

/// Sort key of a live subscription in the open index.
pub fn open_sort(sub: &Subscription, billed_through: Month) -> String {
    format!("{billed_through}#{}#{}", sub.company_id, sub.id)
}

/// A subscription's item, indexed as open while it is not cancelled.
pub fn subscription_item(sub: &Subscription) -> AppResult<Item> {
    let item = to_item(&keys::subscription(&sub.company_id, &sub.id), sub)?;
    Ok(match sub.billed_through {
        Some(month) if sub.status != SubscriptionStatus::Cancelled => {
            with_index(item, keys::open_subscriptions(keys::billing_shard(&sub.id)), open_sort(sub, month))
        }
        _ => item,
    })
}

/// The record of a new subscription's first month: its purchase (put with the subscription).
pub fn open<R>(tx: &mut Tx<R>, sub: &Subscription) -> AppResult<()> {
    let record = MonthRecord {
        month: Month::of(sub.created_at),
        terms: Terms::of(sub),
        opening: None,
        events: vec![SeatEvent::new(sub.created_at, SeatEventKind::Purchased, SeatState::of(sub))],
    };
    tx.put(record_item(&record)?).when_fallback(Expr::absent());
    Ok(())
}

/// Records `event` of `before` (the subscription as read): a quiet record for each month since its
/// last one, then the event in its month's record — appended when the subscription was already
/// recorded that month, else a new record that opens with `before`'s seats. Answers that month:
/// the subscription's own write, in the same transaction and conditioned on the version read, sets
/// it as `billed_through` (and its open sort key), so the record's existence is known, not guessed.
pub fn record<R>(tx: &mut Tx<R>, before: &Subscription, event: &SeatEvent) -> AppResult<Month> {
    let month = Month::of(event.at);
    for quiet in gap(before.billed_through, month) {
        tx.put(record_item(&MonthRecord::quiet(quiet, before))?).when_fallback(Expr::absent());
    }
    if before.billed_through == Some(month) {
        let append =
            Expr::new("SET #events = list_append(#events, :event)").name("#events", "events").value(":event", attr(&vec![event.clone()])?);
        tx.update(keys::billing_record(&before.company_id, month, &before.id), append).when_fallback(Expr::present());
    } else {
        let opened = MonthRecord { events: vec![event.clone()], ..MonthRecord::quiet(month, before) };
        tx.put(record_item(&opened)?).when_fallback(Expr::absent());
    }
    Ok(month)
}

/// Writes the quiet records a subscription lacks before `now`'s month in transactions of their own
/// when there are more than `allowance` (so the change's own transaction stays small); answers the
/// subscription as it then stands.
pub async fn catch_up(db: &Db, mut sub: Subscription, now: Month, allowance: usize) -> AppResult<Subscription> {
    for _ in 0..50 {
        let months = gap(sub.billed_through, now);
        if months.len() <= allowance {
            return Ok(sub);
        }
        let chunk = &months[..months.len().min(90)];
        let last = *chunk.last().unwrap_or(&now);
        let mut tx = Tx::new(());
        for quiet in chunk {
            tx.put(record_item(&MonthRecord::quiet(*quiet, &sub))?).when_fallback(Expr::absent());
        }
        let read = sub.billed_through.map(|m| m.to_string()).unwrap_or_default();
        let advance =
            Expr::new("SET billed_through = :last, GSI1SK = :sort").value(":last", last.to_string()).value(":sort", open_sort(&sub, last));
        tx.update(keys::subscription(&sub.company_id, &sub.id), advance)
            .when_fallback(Expr::new("billed_through = :read AND version = :v").value(":read", read).value(":v", sub.version));
        if tx.run(db).await?.is_ok() {
            sub.billed_through = Some(last);
        } else {
            sub = db.get(&keys::subscription(&sub.company_id, &sub.id)).await?.ok_or(AppError::NotFound)?;
        }
    }
    Err(AppError::Conflict)
}

/// A company's records of `month` (its statement), in one query of its partition.
pub async fn company_month(db: &Db, company: &CompanyId, month: Month) -> AppResult<Vec<MonthRecord>> {
    db.query_all(Query::table(keys::partition(company)).prefix(keys::billing_month_prefix(month))).await
}

/// Every record of `month` (the export): one query per shard, at once.
pub async fn platform_month(db: &Db, month: Month) -> AppResult<Vec<MonthRecord>> {
    let shards = (0..keys::BILLING_SHARDS).map(|s| db.query_all::<MonthRecord>(Query::index(keys::billing_index(month, s))));
    Ok(futures_util::future::try_join_all(shards).await?.into_iter().flatten().collect())
}

/// The live subscriptions with no record since before `month`: they held their seats unchanged
/// all of it. One sort-key range per shard of the open index, at once.
pub async fn quiet_in(db: &Db, month: Month) -> AppResult<Vec<MonthRecord>> {
    let shards =
        (0..keys::BILLING_SHARDS).map(|s| db.query_all::<Subscription>(Query::index(keys::open_subscriptions(s)).below(month.to_string())));
    let subs = futures_util::future::try_join_all(shards).await?.into_iter().flatten();
    Ok(subs.filter(|s| s.status != SubscriptionStatus::Cancelled).map(|s| MonthRecord::quiet(month, &s)).collect())
}

/// A company's subscriptions with no record since before `month`, from the company's own list.
pub fn quiet_among(subs: &[Subscription], month: Month) -> Vec<MonthRecord> {
    subs.iter()
        .filter(|s| s.status != SubscriptionStatus::Cancelled && s.billed_through.is_some_and(|b| b < month))
        .map(|s| MonthRecord::quiet(month, s))
        .collect()
}
