//! An admin's changes to the company's users. Each is one transaction: the user's two copies
//! (conditioned on the version read), the email claims, the company's `admin_count` (so "at least
//! one admin" is a DynamoDB condition, not a read before the write), the activation links, and the
//! audit entry.

use super::items::{key, n, s, to_item, Item};
use super::{keys, LinkToken, Store};
use crate::domain::{AuditEntry, Role, UserRecord};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::{TransactWriteItem, Update};
use std::collections::HashMap;

/// A change to one user, as the store writes it.
pub struct UserChange<'a> {
    /// The record as read; the write is conditioned on its version.
    pub before: &'a UserRecord,
    /// The record to store (its version already bumped).
    pub after: UserRecord,
    /// A new activation link that replaces any earlier one.
    pub new_link: Option<LinkToken>,
    /// The audit entry, for changes an admin makes.
    pub audit: Option<AuditEntry>,
}

/// What a failed change item means to the person.
#[derive(Clone, Copy, PartialEq)]
enum Meaning {
    LastAdmin,
    EmailTaken,
    Gone,
    /// A licence was assigned while the user was being deleted: read again and retry.
    Retry,
    Other,
}

impl Store {
    /// The audit entry's put; its key sorts by time (ULID), newest last.
    pub(crate) fn audit_put(&self, company_id: &str, entry: &AuditEntry) -> AppResult<TransactWriteItem> {
        let sk = format!("AUDIT#{}", crate::domain::ids::new_id());
        self.put(to_item(keys::company(company_id), &sk, "audit", entry)?, None)
    }

    /// Moves the company's admin count by `delta`; a decrease is refused unless another admin
    /// remains, whatever their status.
    fn admin_count_change(&self, company_id: &str, delta: i64) -> AppResult<TransactWriteItem> {
        let condition = if delta < 0 { "admin_count > :one" } else { "attribute_exists(PK)" };
        let mut values: Item = HashMap::from([(":d".to_string(), n(delta))]);
        if delta < 0 {
            values.insert(":one".into(), n(1));
        }
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(keys::company(company_id), keys::META)))
            .update_expression("ADD admin_count :d")
            .condition_expression(condition)
            .set_expression_attribute_values(Some(values))
            .build()
            .map_err(AppError::internal)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// Runs items whose failures mean the given things; maps the first failure to its error.
    async fn run(&self, items: Vec<(TransactWriteItem, Meaning)>) -> AppResult<()> {
        let (writes, meanings): (Vec<_>, Vec<_>) = items.into_iter().unzip();
        match self.transact(writes).await? {
            Ok(()) => Ok(()),
            Err(failed) => {
                let hit = |m: Meaning| failed.iter().zip(&meanings).any(|(f, mm)| *f && *mm == m);
                Err(if hit(Meaning::LastAdmin) {
                    AppError::LastAdmin
                } else if hit(Meaning::EmailTaken) {
                    AppError::EmailTaken
                } else if hit(Meaning::Gone) {
                    AppError::NotFound
                } else {
                    AppError::Conflict
                })
            }
        }
    }

    fn user_writes(&self, user: &UserRecord, expected: Option<u64>) -> AppResult<Vec<(TransactWriteItem, Meaning)>> {
        let mut puts = self.user_puts(user, expected)?.into_iter();
        let user_put = puts.next().ok_or_else(|| AppError::internal("user put"))?;
        let claim_put = puts.next().ok_or_else(|| AppError::internal("claim put"))?;
        let user_meaning = if expected.is_some() { Meaning::Other } else { Meaning::EmailTaken };
        Ok(vec![(user_put, user_meaning), (claim_put, Meaning::EmailTaken)])
    }

    /// Creates a user of an existing company with their activation link.
    pub async fn create_user(&self, user: &UserRecord, link: &LinkToken, audit: &AuditEntry) -> AppResult<()> {
        let delta = if user.role == Role::Admin { 1 } else { 0 };
        let mut items = vec![(self.admin_count_change(&user.company_id, delta)?, Meaning::Gone)];
        items.extend(self.user_writes(user, None)?);
        items.push((self.link_put(link)?, Meaning::Other));
        items.push((self.audit_put(&user.company_id, audit)?, Meaning::Other));
        self.run(items).await
    }

    /// Writes a change of name, role, email or activation state.
    pub async fn update_user(&self, change: UserChange<'_>) -> AppResult<()> {
        let (before, after) = (change.before, &change.after);
        let mut items = Vec::new();
        let was_admin = before.role == Role::Admin;
        let is_admin = after.role == Role::Admin;
        if was_admin != is_admin {
            let delta = if is_admin { 1 } else { -1 };
            items.push((self.admin_count_change(&before.company_id, delta)?, Meaning::LastAdmin));
        }
        if before.email != after.email {
            let old_claim = key(keys::email(&before.email), keys::CLAIM);
            let release = self.delete_if_owner(old_claim, &before.id)?;
            items.push((release, Meaning::Other));
        }
        if let Some(link) = &change.new_link {
            items.extend(self.link_swap(before, link)?.into_iter().map(|w| (w, Meaning::Other)));
        }
        items.extend(self.user_writes(after, Some(before.version))?);
        if let Some(audit) = &change.audit {
            items.push((self.audit_put(&before.company_id, audit)?, Meaning::Other));
        }
        self.run(items).await
    }

    /// Deletes a user: both copies, their activation link, one admin from the count (refused for
    /// the last admin), every licence they hold (seats come back), and records it. Their sessions
    /// fail from the next request on, because authentication reads the user. A user with more
    /// licences than one transaction holds has the extra ones released first, in chunks; the final
    /// transaction is conditioned on the user's licence counter, so a licence assigned meanwhile
    /// makes it start over rather than leak a seat.
    pub async fn delete_user(&self, user: &UserRecord, audit: &AuditEntry) -> AppResult<()> {
        for _ in 0..5 {
            let releases = self.release_user_licences_for_delete(user).await?;
            let release_count = releases.len();
            let mut items = Vec::new();
            if user.role == Role::Admin {
                items.push((self.admin_count_change(&user.company_id, -1)?, Meaning::LastAdmin));
            }
            let user_key = key(keys::company(&user.company_id), &keys::user(&user.id));
            let delete_user = self.delete_with(user_key, "version = :v", HashMap::from([(":v".to_string(), n(user.version))]))?;
            items.push((delete_user, Meaning::Other));
            items.push((self.delete_if_owner(key(keys::email(&user.email), keys::CLAIM), &user.id)?, Meaning::Other));
            if let Some(link) = &user.activation_token {
                items.push((self.delete(key(keys::token(link), keys::TOKEN), None)?, Meaning::Other));
            }
            items.push((self.audit_put(&user.company_id, audit)?, Meaning::Other));
            items.extend(
                releases.into_iter().enumerate().map(|(i, w)| (w, if i + 1 == release_count { Meaning::Retry } else { Meaning::Other })),
            );
            match self.run(items).await {
                Err(AppError::Conflict) if release_count > 0 => continue,
                done => return done,
            }
        }
        Err(AppError::Conflict)
    }

    fn delete_if_owner(&self, claim_key: Item, user_id: &str) -> AppResult<TransactWriteItem> {
        self.delete_with(claim_key, "id = :uid", HashMap::from([(":uid".to_string(), s(user_id))]))
    }

    fn delete_with(&self, item_key: Item, condition: &str, values: Item) -> AppResult<TransactWriteItem> {
        let delete = aws_sdk_dynamodb::types::Delete::builder()
            .table_name(&self.table)
            .set_key(Some(item_key))
            .condition_expression(condition)
            .set_expression_attribute_values(Some(values))
            .build()
            .map_err(AppError::internal)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    /// Sets a user's own new password, ending every other session while keeping `session_id`.
    pub async fn change_own_password(&self, user: &UserRecord, password_hash: String, session_id: &str) -> AppResult<()> {
        let mut next = user.clone();
        next.password_hash = Some(password_hash);
        next.session_epoch += 1;
        next.version += 1;
        let keep = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(keys::session(session_id), keys::SESSION)))
            .update_expression("SET epoch = :e")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":e", n(next.session_epoch))
            .build()
            .map_err(AppError::internal)?;
        let mut items = vec![(TransactWriteItem::builder().update(keep).build(), Meaning::Other)];
        items.extend(self.user_writes(&next, Some(user.version))?);
        // The right current password was an attempt too (counted before it was checked): forget it.
        items.push((self.throttle_reset(&user.email)?, Meaning::Other));
        self.run(items).await
    }
}
