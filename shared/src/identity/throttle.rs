//! Brute-force protection per email, counted whether or not the account exists (so it reveals
//! nothing): after 5 consecutive failures, 1 minute locked, doubling per further failure up to
//! 15 minutes.
//!
//! Every attempt is counted before its password is hashed, by one conditional `UpdateItem` that
//! only passes while the email is unlocked and has attempts left (`failures < allowance`). So the
//! limit holds however many guesses arrive at once: of a thousand parallel tries on a fresh email,
//! five are checked and the rest are refused. A success deletes the counter; a failure keeps its
//! count and, from the fifth, sets the lock and allows one more try once it lifts.

use super::keys;
use crate::db::{from_item, Db, Expr, Tx};
use crate::error::{AppError, AppResult};
use serde::Deserialize;

/// Failures allowed before the first lock.
pub const FREE_FAILURES: u32 = 5;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 15 * 60;
/// A counter nobody touches for a day is forgotten (DynamoDB TTL).
const FORGET_AFTER_SECS: i64 = 24 * 3600;

/// The failure counter of one email.
#[derive(Debug, Clone, Default, Deserialize)]
struct Throttle {
    #[serde(default)]
    failures: u32,
    /// Unix seconds until which attempts are refused.
    #[serde(default)]
    locked_until: Option<i64>,
}

/// How long the lock lasts after the `failures`-th consecutive failure (none before the fifth).
pub fn lock_seconds(failures: u32) -> Option<i64> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    Some((FIRST_LOCK_SECS << doublings).min(MAX_LOCK_SECS))
}

/// An attempt that was counted and may go on to the password check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempt {
    /// This is the `failures`-th attempt since the last success.
    pub failures: u32,
}

/// Counts an attempt on `email` before its password is checked; `too_many_attempts` when the
/// email is locked or its last allowed attempts are already being checked.
pub async fn begin(db: &Db, email: &str, now: i64) -> AppResult<Attempt> {
    let update = Expr::new("ADD failures :one SET allowance = if_not_exists(allowance, :free), #ttl = :ttl, entity = :entity")
        .name("#ttl", "ttl")
        .value(":one", 1)
        .value(":free", FREE_FAILURES)
        .value(":ttl", now + FORGET_AFTER_SECS)
        .value(":entity", "login_throttle");
    let condition = Expr::new(
        "attribute_not_exists(failures) OR ((attribute_not_exists(allowance) OR failures < allowance) \
         AND (attribute_not_exists(locked_until) OR locked_until <= :now))",
    )
    .value(":now", now);
    match db.update(&keys::throttle(email), update, Some(condition)).await? {
        Ok(counted) => Ok(Attempt { failures: from_item::<Throttle>(counted)?.failures }),
        Err(old) => {
            let old: Throttle = from_item(old)?;
            // Not locked yet, but the last tries are being checked: they lock it if they fail.
            let retry_after_secs = old.locked_until.filter(|until| *until > now).map_or(FIRST_LOCK_SECS, |until| until - now) as u64;
            Err(AppError::TooManyAttempts { retry_after_secs })
        }
    }
}

/// The attempt was a wrong password: from the fifth failure, lock the email and allow one more
/// attempt once the lock lifts. Answers whether this failure locked the email.
pub async fn failed(db: &Db, email: &str, attempt: Attempt, now: i64) -> AppResult<bool> {
    let Some(secs) = lock_seconds(attempt.failures) else { return Ok(false) };
    let update = Expr::new("SET locked_until = :until, allowance = :next").value(":until", now + secs).value(":next", attempt.failures + 1);
    // A success meanwhile deleted the counter: leave it gone.
    Ok(db.update(&keys::throttle(email), update, Some(Expr::new("attribute_exists(failures)"))).await?.is_ok())
}

/// Forgets the email's failures (a successful login or password check).
pub fn clear<R>(tx: &mut Tx<R>, email: &str) {
    tx.delete(keys::throttle(email)).always()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_starts_at_the_fifth_failure_and_doubles_to_fifteen_minutes() {
        assert_eq!(lock_seconds(4), None);
        assert_eq!(lock_seconds(5), Some(60));
        assert_eq!(lock_seconds(6), Some(120));
        assert_eq!(lock_seconds(7), Some(240));
        assert_eq!(lock_seconds(8), Some(480));
        assert_eq!(lock_seconds(9), Some(900));
        assert_eq!(lock_seconds(500), Some(900));
    }
}
