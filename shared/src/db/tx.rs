//! Transactions whose conditions name what their failure means. Each write is added with the
//! refusal it stands for, so a cancelled transaction answers a typed refusal, never a list of
//! booleans to read by position:
//!
//! ```ignore
//! let mut tx = Tx::new(Refusal::Conflict);
//! tx.put(claim_item).when(Expr::absent(), Refusal::EmailTaken);
//! tx.put(user_item).unless_exists(Refusal::Conflict);
//! tx.update(company_key, Expr::new("ADD admin_count :one").value(":one", 1)).if_exists(Refusal::Gone);
//! tx.run(&db).await?
//! ```
//!
//! Slices add their writes to a transaction they are handed (`&mut Tx<R>`), so one use case's
//! change, its audit entry and its counters are written together or not at all.
//!
//! When several conditions fail at once, the refusal of the first one added wins, so a use case
//! adds its most telling conditions first. A write added with [`Step::always`] or
//! [`Step::when_fallback`] means the transaction's fallback refusal (usually "changed meanwhile").
//! Cancellations caused only by other transactions in flight are retried a few times.
//!
//! Each attempt carries its own `ClientRequestToken`, so when the SDK sends an attempt again after
//! a timeout or a lost answer, DynamoDB recognises it: a transaction that was in fact written
//! answers as written (rather than failing its own `attribute_not_exists` conditions and being
//! reported as refused), and one that was not is written once. A timeout never leaves half a
//! change: the transaction is all or nothing, and its outcome is never misread.

use super::client::{backoff, Db};
use super::expr::Expr;
use super::item::{Item, Key};
use super::write::{cancellation_reasons, Op, Write};
use crate::error::{AppError, AppResult};

/// DynamoDB's limit of items per transaction.
pub const MAX_ITEMS: usize = 100;

/// A transaction being built; `R` is what a failed condition means.
pub struct Tx<R> {
    writes: Vec<Write>,
    refusals: Vec<Option<R>>,
    fallback: R,
}

/// A write waiting for its condition.
#[must_use = "a write is only added once its condition is given"]
pub struct Step<'a, R> {
    tx: &'a mut Tx<R>,
    op: Op,
}

impl<R> Tx<R> {
    /// An empty transaction; `fallback` is what a failed condition means when its write names
    /// nothing more specific.
    pub fn new(fallback: R) -> Tx<R> {
        Tx { writes: Vec::new(), refusals: Vec::new(), fallback }
    }

    pub fn put(&mut self, item: Item) -> Step<'_, R> {
        Step { tx: self, op: Op::Put(item) }
    }

    pub fn update(&mut self, key: Key, update: Expr) -> Step<'_, R> {
        Step { tx: self, op: Op::Update(key, update) }
    }

    pub fn delete(&mut self, key: Key) -> Step<'_, R> {
        Step { tx: self, op: Op::Delete(key) }
    }

    /// A condition on an item the transaction does not change.
    pub fn check(&mut self, key: Key, condition: Expr, refusal: R) {
        Step { tx: self, op: Op::Check(key) }.when(condition, refusal)
    }

    /// Writes so far.
    pub fn len(&self) -> usize {
        self.writes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    fn push(&mut self, op: Op, condition: Option<Expr>, refusal: Option<R>) {
        self.writes.push(Write { op, condition });
        self.refusals.push(refusal);
    }

    /// A key two writes name (a mistake of the caller: DynamoDB would refuse the transaction).
    fn repeated_key(&self) -> Option<(String, String)> {
        let mut seen = std::collections::HashSet::new();
        self.writes.iter().filter_map(Write::key).find(|k| !seen.insert(k.clone()))
    }

    /// What the failed conditions mean: the first failed write's own refusal, else the fallback.
    fn refusal(mut self, failed: &[bool]) -> R {
        for (i, hit) in failed.iter().enumerate() {
            if *hit {
                if let Some(r) = self.refusals.get_mut(i).and_then(Option::take) {
                    return r;
                }
            }
        }
        self.fallback
    }

    /// Runs the transaction: `Ok(Ok(()))` when it was written, `Ok(Err(refusal))` when a condition
    /// failed (nothing was written), `Err` for anything unexpected.
    pub async fn run(self, db: &Db) -> AppResult<Result<(), R>> {
        if self.writes.is_empty() {
            return Ok(Ok(()));
        }
        if self.writes.len() > MAX_ITEMS {
            return Err(AppError::internal(format!("a transaction of {} writes (the limit is {MAX_ITEMS})", self.writes.len())));
        }
        if let Some(twice) = self.repeated_key() {
            return Err(AppError::internal(format!("a transaction names {twice:?} twice (DynamoDB refuses that)")));
        }
        let items = self.writes.iter().map(|w| w.build(db.table())).collect::<AppResult<Vec<_>>>()?;
        let mut attempt = 0u32;
        loop {
            let token = ulid::Ulid::new().to_string();
            let request = db.client().transact_write_items().client_request_token(token).set_transact_items(Some(items.clone()));
            let err = match request.send().await {
                Ok(_) => return Ok(Ok(())),
                Err(err) => err,
            };
            let reasons = cancellation_reasons(&err);
            let failed: Vec<bool> = reasons.iter().map(|r| r.as_deref() == Some("ConditionalCheckFailed")).collect();
            if failed.iter().any(|f| *f) {
                return Ok(Err(self.refusal(&failed)));
            }
            let conflicted = reasons.iter().any(|r| r.as_deref() == Some("TransactionConflict"));
            if !conflicted || attempt >= 8 {
                return Err(if conflicted { AppError::Conflict } else { AppError::internal_at("DynamoDB TransactWriteItems", err) });
            }
            attempt += 1;
            tokio::time::sleep(backoff(attempt)).await;
        }
    }
}

impl<R: Into<AppError>> Tx<R> {
    /// Runs the transaction, a refusal being the error it means.
    pub async fn commit(self, db: &Db) -> AppResult<()> {
        self.run(db).await?.map_err(Into::into)
    }
}

impl<R> Step<'_, R> {
    /// No condition.
    pub fn always(self) {
        self.tx.push(self.op, None, None)
    }

    /// The item must not exist yet.
    pub fn unless_exists(self, refusal: R) {
        self.when(Expr::absent(), refusal)
    }

    /// The item must exist.
    pub fn if_exists(self, refusal: R) {
        self.when(Expr::present(), refusal)
    }

    /// A condition whose failure means `refusal`.
    pub fn when(self, condition: Expr, refusal: R) {
        self.tx.push(self.op, Some(condition), Some(refusal))
    }

    /// A condition whose failure means the transaction's fallback.
    pub fn when_fallback(self, condition: Expr) {
        self.tx.push(self.op, Some(condition), None)
    }
}

#[cfg(test)]
#[path = "tx_tests.rs"]
mod tests;
