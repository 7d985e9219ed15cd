//! Brute-force protection per email, counted whether or not the account exists (so it reveals
//! nothing): after 5 consecutive failures, 1 minute locked, doubling per further failure up to
//! 15 minutes.
//!
//! Every attempt is counted before its password is hashed, by one conditional `UpdateItem` that
//! only passes while the email is unlocked and has attempts left (`failures < allowance`). So the
//! limit holds however many guesses arrive at once: of a thousand parallel tries on a fresh email,
//! five are checked and the rest are refused. A success deletes the counter; a failure keeps its
//! count and, from the fifth, sets the lock and allows one more try once it lifts.

use super::items::{key, n, s};
use super::{keys, Store};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};
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

/// What counting an attempt answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt {
    /// Go on and check the password; this is the `failures`-th attempt since the last success.
    Allowed { failures: u32 },
    /// Locked, or the attempts left are already being checked: try again after this long.
    Refused { retry_after_secs: u64 },
}

impl Attempt {
    /// The attempt's count, or the `too_many_attempts` answer when it was refused.
    pub fn failures(self) -> Result<u32, AppError> {
        match self {
            Attempt::Allowed { failures } => Ok(failures),
            Attempt::Refused { retry_after_secs } => Err(AppError::TooManyAttempts { retry_after_secs }),
        }
    }
}

impl Store {
    /// Counts an attempt on `email` before its password is checked; see the module docs.
    pub async fn begin_attempt(&self, email: &str, now: i64) -> AppResult<Attempt> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::email(email), keys::THROTTLE)))
            .update_expression("ADD failures :one SET allowance = if_not_exists(allowance, :free), #ttl = :ttl, entity = :entity")
            .condition_expression(
                "attribute_not_exists(failures) OR ((attribute_not_exists(allowance) OR failures < allowance) \
                 AND (attribute_not_exists(locked_until) OR locked_until <= :now))",
            )
            .expression_attribute_names("#ttl", "ttl")
            .set_expression_attribute_values(Some(HashMap::from([
                (":one".to_string(), n(1)),
                (":free".to_string(), n(FREE_FAILURES)),
                (":now".to_string(), n(now)),
                (":ttl".to_string(), n(now + FORGET_AFTER_SECS)),
                (":entity".to_string(), s("login_throttle")),
            ])))
            .return_values(ReturnValue::AllNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(out) => {
                let counted: Throttle = serde_dynamo::from_item(out.attributes.unwrap_or_default()).map_err(AppError::internal)?;
                Ok(Attempt::Allowed { failures: counted.failures })
            }
            Err(err) => match err.into_service_error() {
                UpdateItemError::ConditionalCheckFailedException(refused) => {
                    let old: Throttle = serde_dynamo::from_item(refused.item.unwrap_or_default()).map_err(AppError::internal)?;
                    // Not locked yet, but the last tries are being checked: they lock it if they fail.
                    let retry_after_secs = old.retry_after(now).unwrap_or(FIRST_LOCK_SECS as u64);
                    Ok(Attempt::Refused { retry_after_secs })
                }
                other => Err(AppError::internal(other)),
            },
        }
    }

    /// The attempt counted as the `failures`-th was a wrong password: from the fifth, lock the
    /// email and allow one more attempt once the lock lifts.
    pub async fn attempt_failed(&self, email: &str, failures: u32, now: i64) -> AppResult<()> {
        let Some(secs) = lock_seconds(failures) else { return Ok(()) };
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::email(email), keys::THROTTLE)))
            .update_expression("SET locked_until = :until, allowance = :next")
            // A success meanwhile deleted the counter: leave it gone.
            .condition_expression("attribute_exists(failures)")
            .expression_attribute_values(":until", n(now + secs))
            .expression_attribute_values(":next", n(failures + 1))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) => match err.into_service_error() {
                UpdateItemError::ConditionalCheckFailedException(_) => Ok(()),
                other => Err(AppError::internal(other)),
            },
        }
    }

    /// The email's claim (a copy of its user), if the email has an account: one consistent read.
    pub async fn login_claim(&self, email: &str) -> AppResult<Option<crate::domain::UserRecord>> {
        self.get(key(keys::email(email), keys::CLAIM)).await?.map(super::items::from_item).transpose()
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
