//! Brute-force protection per email, counted whether or not the account exists (so it reveals
//! nothing): after 5 consecutive failures, 1 minute locked, doubling per further failure up to
//! 15 minutes. The counter sits in the email's partition, so a login reads it with the claim.

use super::items::{key, n, s};
use super::{keys, Store};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::ReturnValue;
use serde::Deserialize;
use std::collections::HashMap;

/// Failures allowed before the first lock.
pub const FREE_FAILURES: u32 = 5;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 15 * 60;
/// A counter nobody touches for a day is forgotten (DynamoDB TTL).
const FORGET_AFTER_SECS: i64 = 24 * 3600;

/// The failure counter of one email.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Throttle {
    #[serde(default)]
    pub failures: u32,
    /// Unix seconds until which attempts are refused.
    #[serde(default)]
    pub locked_until: Option<i64>,
}

impl Throttle {
    /// Seconds the caller must still wait, if locked at `now`.
    pub fn retry_after(&self, now: i64) -> Option<u64> {
        self.locked_until.filter(|until| *until > now).map(|until| (until - now) as u64)
    }
}

/// How long the lock lasts after the `failures`-th consecutive failure (none before the sixth attempt).
pub fn lock_seconds(failures: u32) -> Option<i64> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    Some((FIRST_LOCK_SECS << doublings).min(MAX_LOCK_SECS))
}

impl Store {
    /// Counts one failed login for `email` and locks it when the count calls for it. Atomic under
    /// concurrent failures (an `ADD`), so parallel guesses still escalate the lock.
    pub async fn record_login_failure(&self, email: &str, now: i64) -> AppResult<Throttle> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::email(email), keys::THROTTLE)))
            .update_expression("ADD failures :one SET #ttl = :ttl, entity = :entity")
            .expression_attribute_names("#ttl", "ttl")
            .set_expression_attribute_values(Some(HashMap::from([
                (":one".to_string(), n(1)),
                (":ttl".to_string(), n(now + FORGET_AFTER_SECS)),
                (":entity".to_string(), s("login_throttle")),
            ])))
            .return_values(ReturnValue::AllNew)
            .send()
            .await
            .map_err(AppError::internal)?;
        let mut throttle: Throttle = serde_dynamo::from_item(out.attributes.unwrap_or_default()).map_err(AppError::internal)?;
        if let Some(secs) = lock_seconds(throttle.failures) {
            let until = now + secs;
            self.client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(key(keys::email(email), keys::THROTTLE)))
                .update_expression("SET locked_until = :until")
                .expression_attribute_values(":until", n(until))
                .send()
                .await
                .map_err(AppError::internal)?;
            throttle.locked_until = Some(until);
        }
        Ok(throttle)
    }

    /// The claim (if the email has an account) and the failure counter of an email, in one query.
    pub async fn login_lookup(&self, email: &str) -> AppResult<(Option<crate::domain::UserRecord>, Throttle)> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", s(keys::email(email)))
            .consistent_read(true)
            .send()
            .await
            .map_err(AppError::internal)?;
        let mut claim = None;
        let mut throttle = Throttle::default();
        for item in out.items.unwrap_or_default() {
            match item.get("SK").and_then(|v| v.as_s().ok()).map(String::as_str) {
                Some(keys::CLAIM) => claim = Some(super::items::from_item(item)?),
                Some(keys::THROTTLE) => throttle = super::items::from_item::<Throttle>(item)?,
                _ => {}
            }
        }
        Ok((claim, throttle))
    }

    /// The item a successful login deletes, resetting the count.
    pub(crate) fn throttle_reset(&self, email: &str) -> AppResult<aws_sdk_dynamodb::types::TransactWriteItem> {
        self.delete(key(keys::email(email), keys::THROTTLE), None)
    }
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
