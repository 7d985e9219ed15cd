//! Brute-force protection that can't be turned against the owner. Failures are counted per
//! (email, source IP): after 5 in a row from one IP that IP is locked out of that email for
//! 1 minute, doubling per further failure up to 15 minutes; an owner elsewhere is not. Across all
//! IPs an email takes 50 failures in a row before it locks the same way (a distributed guesser).
//! Both are counted whether or not the account exists, so they reveal nothing.
//!
//! Every attempt is counted before its password is hashed, by conditional `UpdateItem`s that
//! only pass while the counter is unlocked and has attempts left (`failures < allowance`): of a
//! thousand parallel guesses from one IP, five are checked. A success deletes both counters.
//!
//! A completed password reset (or activation) clears every lock on the email at once: it stamps
//! `locks_cleared_at_ms` on the account, and a counter whose run of failures began before that
//! stamp is void, restarted on its next use. Both stamps are milliseconds: with whole seconds,
//! every guess in the second of an activation found its run void and started it over, so that
//! second allowed any number of guesses. The owner always has a way in (their mailbox) that no
//! guesser can block, and it costs one write per counter only on the first login after a reset.

use super::keys;
use crate::db::{from_item, Db, Entity, Expr, Key, Tx};
use crate::domain::ClientIp;
use crate::error::{AppError, AppResult};
use serde::Deserialize;
use time::OffsetDateTime;

/// Failures in a row allowed from one IP before it is locked out of an email.
pub const FREE_FAILURES_PER_IP: u32 = 5;
/// Failures in a row allowed on one email from all IPs together before it locks.
pub const FREE_FAILURES_PER_EMAIL: u32 = 50;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 15 * 60;
/// A counter nobody touches for a day is forgotten (DynamoDB TTL).
const FORGET_AFTER_SECS: i64 = 24 * 3600;

/// A failure counter as stored.
#[derive(Debug, Clone, Default, Deserialize)]
struct Throttle {
    #[serde(default)]
    failures: u32,
    /// Unix seconds until which attempts are refused.
    #[serde(default)]
    locked_until: Option<i64>,
    /// When its run of failures began (Unix milliseconds); absent on counters older than the
    /// field (whose runs a cleared lock voids).
    #[serde(default)]
    since_ms: i64,
}

/// One of the two counters an attempt moves.
struct Counter {
    key: Key,
    free: u32,
}

fn counters(email: &str, ip: &ClientIp) -> [Counter; 2] {
    [
        Counter { key: keys::throttle_from(email, ip), free: FREE_FAILURES_PER_IP },
        Counter { key: keys::throttle(email), free: FREE_FAILURES_PER_EMAIL },
    ]
}

/// How long the lock lasts after the `failures`-th failure in a row on a counter that allows
/// `free` (none before).
pub fn lock_seconds(free: u32, failures: u32) -> Option<i64> {
    if failures < free {
        return None;
    }
    Some((FIRST_LOCK_SECS << (failures - free).min(10)).min(MAX_LOCK_SECS))
}

/// One counter's answer to an attempt.
#[derive(Debug, Clone, Copy)]
enum Tally {
    Counted { failures: u32, since: i64 },
    Refused { since: i64, retry_after_secs: u64 },
}

impl Tally {
    fn since(self) -> i64 {
        match self {
            Tally::Counted { since, .. } | Tally::Refused { since, .. } => since,
        }
    }
}

/// Unix milliseconds of `at`.
fn millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

async fn count(db: &Db, counter: &Counter, at: OffsetDateTime) -> AppResult<Tally> {
    let now = at.unix_timestamp();
    let update = Expr::new(
        "ADD failures :one SET allowance = if_not_exists(allowance, :free), since_ms = if_not_exists(since_ms, :now_ms), #ttl = :ttl, entity = :entity",
    )
    .name("#ttl", "ttl")
    .value(":one", 1)
    .value(":free", counter.free)
    .value(":now_ms", millis(at))
    .value(":ttl", now + FORGET_AFTER_SECS)
    .value(":entity", Entity::LoginThrottle);
    let open = Expr::new(
        "attribute_not_exists(failures) OR ((attribute_not_exists(allowance) OR failures < allowance) \
         AND (attribute_not_exists(locked_until) OR locked_until <= :now))",
    )
    .value(":now", now);
    Ok(match db.update(&counter.key, update, Some(open)).await? {
        Ok(counted) => {
            let t: Throttle = from_item(counted)?;
            Tally::Counted { failures: t.failures, since: t.since_ms }
        }
        Err(old) => {
            let old: Throttle = from_item(old)?;
            // Not locked yet, but its last tries are being checked: they lock it if they fail.
            let wait = old.locked_until.filter(|until| *until > now).map_or(FIRST_LOCK_SECS, |until| until - now);
            Tally::Refused { since: old.since_ms, retry_after_secs: wait as u64 }
        }
    })
}

/// Starts a void counter over with this attempt as its first; if another request restarted it
/// first, counts this attempt on the fresh run.
async fn restart(db: &Db, counter: &Counter, void_since: i64, at: OffsetDateTime) -> AppResult<Tally> {
    let now_ms = millis(at);
    let update = Expr::new("SET failures = :one, allowance = :free, since_ms = :now_ms REMOVE locked_until")
        .value(":one", 1)
        .value(":free", counter.free)
        .value(":now_ms", now_ms);
    let still_void = Expr::new("attribute_not_exists(since_ms) OR since_ms = :void").value(":void", void_since);
    match db.update(&counter.key, update, Some(still_void)).await? {
        Ok(_) => Ok(Tally::Counted { failures: 1, since: now_ms }),
        Err(_) => count(db, counter, at).await,
    }
}

/// Takes back an attempt that was counted but never made.
async fn give_back(db: &Db, counter: &Counter) -> AppResult<()> {
    let update = Expr::new("ADD failures :minus").value(":minus", -1);
    let _ = db.update(&counter.key, update, Some(Expr::new("failures > :zero").value(":zero", 0))).await?;
    Ok(())
}

/// An attempt counted on both counters, waiting to be settled against the account.
pub struct Pending {
    counters: [Counter; 2],
    tallies: [Tally; 2],
}

/// An attempt allowed to go on to the password check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempt {
    /// Failures in a row, this attempt included: from this IP, and from every IP.
    failures: [u32; 2],
}

/// Counts an attempt on `email` from `ip` before its password is checked (both counters at
/// once, one round trip).
pub async fn begin(db: &Db, email: &str, ip: &ClientIp, now: OffsetDateTime) -> AppResult<Pending> {
    let counters = counters(email, ip);
    let (by_ip, by_email) = tokio::join!(count(db, &counters[0], now), count(db, &counters[1], now));
    Ok(Pending { counters, tallies: [by_ip?, by_email?] })
}

impl Pending {
    /// Settles the attempt once the account's `locks_cleared_at_ms` is known: counters whose run
    /// began at or before it are void and start over. The attempt goes on, or is refused with
    /// `too_many_attempts` (and what it counted elsewhere is given back).
    pub async fn settle(mut self, db: &Db, cleared_at_ms: Option<i64>, now: OffsetDateTime) -> AppResult<Attempt> {
        let void = |t: Tally| cleared_at_ms.is_some_and(|cleared| t.since() <= cleared);
        let restarts = self.counters.iter().zip(self.tallies).map(|(counter, tally)| async move {
            if void(tally) {
                restart(db, counter, tally.since(), now).await.map(Some)
            } else {
                Ok(None)
            }
        });
        for (i, restarted) in futures_util::future::join_all(restarts).await.into_iter().enumerate() {
            if let Some(fresh) = restarted? {
                self.tallies[i] = fresh;
            }
        }
        let refused = self.tallies.iter().filter_map(|t| match t {
            Tally::Refused { retry_after_secs, .. } => Some(*retry_after_secs),
            Tally::Counted { .. } => None,
        });
        if let Some(retry_after_secs) = refused.max() {
            self.abandon(db).await?;
            return Err(AppError::TooManyAttempts { retry_after_secs });
        }
        let failures = self.tallies.map(|t| match t {
            Tally::Counted { failures, .. } => failures,
            Tally::Refused { .. } => 0,
        });
        Ok(Attempt { failures })
    }

    /// The attempt will not be made (another limit refused it): what it counted is given back.
    pub async fn abandon(self, db: &Db) -> AppResult<()> {
        let backs =
            self.counters.iter().zip(self.tallies).filter(|(_, t)| matches!(t, Tally::Counted { .. })).map(|(c, _)| give_back(db, c));
        futures_util::future::try_join_all(backs).await.map(|_| ())
    }
}

/// The attempt was a wrong password: a counter at or past its allowance locks, and allows one
/// more attempt once the lock lifts. Answers whether either counter locked.
pub async fn failed(db: &Db, email: &str, ip: &ClientIp, attempt: Attempt, now: OffsetDateTime) -> AppResult<bool> {
    let (counters, now) = (counters(email, ip), now.unix_timestamp());
    let locks = counters.iter().zip(attempt.failures).filter_map(|(counter, failures)| {
        let secs = lock_seconds(counter.free, failures)?;
        let update = Expr::new("SET locked_until = :until, allowance = :next").value(":until", now + secs).value(":next", failures + 1);
        // A success meanwhile deleted the counter: leave it gone.
        Some(db.update(&counter.key, update, Some(Expr::new("attribute_exists(failures)"))))
    });
    let locked = futures_util::future::try_join_all(locks).await?;
    Ok(locked.iter().any(Result::is_ok))
}

/// Forgets the failures of `email` from `ip` and from everywhere (a successful login or
/// password check).
pub fn clear<R>(tx: &mut Tx<R>, email: &str, ip: &ClientIp) {
    for counter in counters(email, ip) {
        tx.delete(counter.key).always()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_starts_at_the_allowance_and_doubles_to_fifteen_minutes() {
        assert_eq!(lock_seconds(5, 4), None);
        assert_eq!(lock_seconds(5, 5), Some(60));
        assert_eq!(lock_seconds(5, 6), Some(120));
        assert_eq!(lock_seconds(5, 7), Some(240));
        assert_eq!(lock_seconds(5, 8), Some(480));
        assert_eq!(lock_seconds(5, 9), Some(900));
        assert_eq!(lock_seconds(5, 500), Some(900));
        assert_eq!(lock_seconds(50, 49), None);
        assert_eq!(lock_seconds(50, 50), Some(60));
    }

    #[test]
    fn one_ip_and_every_ip_are_two_counters_of_the_email() {
        let ip = ClientIp::from_source(Some("203.0.113.7"));
        let [by_ip, by_email] = counters("ana@x.test", &ip);
        assert_eq!((by_ip.key.pk.as_str(), by_email.key.pk.as_str()), ("EMAIL#ana@x.test", "EMAIL#ana@x.test"));
        assert_eq!((by_ip.key.sk.as_str(), by_email.key.sk.as_str()), ("THROTTLE#203.0.113.7", "THROTTLE"));
    }
}
