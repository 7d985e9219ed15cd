//! Rate limits: hourly counters in the table, each one item per subject and clock hour
//! (`LIMIT#<what>#<subject> / HOUR#<unix hour start>`), moved by a conditional `ADD` that fails
//! once the hour's ceiling is reached. As every invariant here, the count is a condition, never a
//! read before a write: twenty requests at once get exactly the ceiling through.
//!
//! Where the limited action is a change, its counter goes into the change's own transaction
//! ([`count`]): the action and its count are written together or not at all, and the write stays
//! one round trip. Where it is not (a login), the counter is one `UpdateItem` sent alongside the
//! route's first read ([`hit`]). Fixed clock hours let a burst straddling two hours through twice;
//! TTL clears counters an hour after their window.

use crate::db::{Db, Entity, Expr, Key, Tx};
use crate::domain::ClientIp;
use crate::error::{AppError, AppResult, LimitScope};
use crate::ids::CompanyId;

const HOUR: i64 = 3600;

/// One ceiling on one subject.
#[derive(Debug, Clone)]
pub struct Limit {
    scope: LimitScope,
    pk: String,
    per_hour: u32,
}

impl Limit {
    /// `what` (`signup`, `login`, `reset`) from one source IP.
    pub fn per_ip(what: &str, ip: &ClientIp, per_hour: u32) -> Limit {
        Limit { scope: LimitScope::Ip, pk: format!("LIMIT#{what}#{ip}"), per_hour }
    }

    /// Emails to one address (canonical).
    pub fn per_recipient(email: &str, per_hour: u32) -> Limit {
        Limit { scope: LimitScope::Recipient, pk: format!("LIMIT#mail#{email}"), per_hour }
    }

    /// Users created by one company.
    pub fn per_company(company: &CompanyId, per_hour: u32) -> Limit {
        Limit { scope: LimitScope::Company, pk: format!("LIMIT#users#{company}"), per_hour }
    }

    /// `what` a vendor asks the store to do for it (a ping: a call the store makes).
    #[cfg(feature = "webhooks")]
    pub fn per_vendor(what: &str, vendor: &CompanyId, per_hour: u32) -> Limit {
        Limit { scope: LimitScope::Company, pk: format!("LIMIT#{what}#{vendor}"), per_hour }
    }

    fn key(&self, now: i64) -> Key {
        Key::new(self.pk.clone(), format!("HOUR#{}", window_start(now)))
    }

    /// The refusal once the ceiling is reached: `429 rate_limited` until the hour ends.
    pub fn refusal(&self, now: i64) -> AppError {
        AppError::RateLimited { retry_after_secs: (window_start(now) + HOUR - now).max(1) as u64, scope: self.scope }
    }

    fn add(&self, now: i64) -> Expr {
        Expr::new("ADD hits :one SET entity = :entity, #ttl = :ttl")
            .name("#ttl", "ttl")
            .value(":one", 1)
            .value(":entity", Entity::RateLimit)
            .value(":ttl", window_start(now) + 2 * HOUR)
    }

    fn below_ceiling(&self) -> Expr {
        Expr::new("attribute_not_exists(hits) OR hits < :max").value(":max", self.per_hour)
    }
}

fn window_start(now: i64) -> i64 {
    now - now.rem_euclid(HOUR)
}

/// Counts one against `limit` in `tx`: past the ceiling the whole transaction is refused with
/// [`Limit::refusal`].
pub fn count(tx: &mut Tx<AppError>, limit: &Limit, now: i64) {
    tx.update(limit.key(now), limit.add(now)).when(limit.below_ceiling(), limit.refusal(now))
}

/// Counts one against `limit` in `tx` without a ceiling: the action always goes, and the actions
/// that follow it this hour see it counted.
pub fn count_always<R>(tx: &mut Tx<R>, limit: &Limit, now: i64) {
    tx.update(limit.key(now), limit.add(now)).always()
}

/// Counts one against `limit` on its own; [`Limit::refusal`] past the ceiling.
pub async fn hit(db: &Db, limit: &Limit, now: i64) -> AppResult<()> {
    match db.update(&limit.key(now), limit.add(now), Some(limit.below_ceiling())).await? {
        Ok(_) => Ok(()),
        Err(_) => Err(limit.refusal(now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_waits_for_the_end_of_the_clock_hour() {
        let limit = Limit::per_recipient("ana@x.test", 5);
        let at = 1_795_600_800 + 600; // 10 minutes into an hour
        match limit.refusal(at) {
            AppError::RateLimited { retry_after_secs, scope } => assert_eq!((retry_after_secs, scope), (3000, LimitScope::Recipient)),
            other => panic!("{other:?}"),
        }
        assert_eq!(limit.key(at), limit.key(at + 2999));
        assert_ne!(limit.key(at), limit.key(at + 3000));
    }

    #[test]
    fn each_subject_has_its_own_counter() {
        let ip = ClientIp::from_source(Some("203.0.113.7"));
        assert_eq!(Limit::per_ip("login", &ip, 1).key(0).pk, "LIMIT#login#203.0.113.7");
        assert_ne!(Limit::per_ip("login", &ip, 1).key(0), Limit::per_ip("reset", &ip, 1).key(0));
    }
}
