//! Sessions and refresh tokens. An access JWT names a session; every authenticated request reads
//! the session and its user in one batch and checks the session's epoch against the user's, so
//! deleting, demoting or re-activating a user shuts every session out at once. Refresh tokens
//! rotate; presenting a spent one revokes its whole session.

use super::items::{from_item, key, n, s, Item};
use super::{keys, Store};
use crate::domain::{UserRecord, UserStatus};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::KeysAndAttributes;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A session as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: String,
    pub company_id: String,
    /// The user's `session_epoch` when the session began.
    pub epoch: u64,
    /// Unix seconds; also the item's TTL.
    pub expires_at: i64,
}

/// A refresh token as stored (by hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RefreshRecord {
    session_id: String,
    user_id: String,
    company_id: String,
    spent: bool,
}

/// What a login or refresh writes.
pub struct NewSession {
    pub session: SessionRecord,
    pub refresh_hash: String,
}

/// The result of presenting a refresh token.
pub enum RefreshOutcome {
    /// Rotated: the new refresh token is stored, the old one spent.
    Rotated { user: Box<UserRecord>, session_id: String },
    /// Unknown, expired, or its session is gone.
    Refused,
    /// A spent token was presented again: the session has been revoked.
    ReuseDetected,
}

impl Store {
    fn session_put(&self, session: &SessionRecord) -> AppResult<aws_sdk_dynamodb::types::TransactWriteItem> {
        let mut item = super::items::to_item(keys::session(&session.id), keys::SESSION, "session", session)?;
        item.insert("ttl".into(), n(session.expires_at));
        self.put(item, Some(("attribute_not_exists(PK)", Item::new())))
    }

    fn refresh_put(&self, hash: &str, session: &SessionRecord) -> AppResult<aws_sdk_dynamodb::types::TransactWriteItem> {
        let record = RefreshRecord {
            session_id: session.id.clone(),
            user_id: session.user_id.clone(),
            company_id: session.company_id.clone(),
            spent: false,
        };
        let mut item = super::items::to_item(keys::refresh(hash), keys::REFRESH, "refresh_token", &record)?;
        item.insert("ttl".into(), n(session.expires_at));
        self.put(item, Some(("attribute_not_exists(PK)", Item::new())))
    }

    /// Starts a session after a successful login and resets the email's failure count: one write.
    pub async fn start_session(&self, new: &NewSession, email: &str) -> AppResult<()> {
        let items = vec![self.session_put(&new.session)?, self.refresh_put(&new.refresh_hash, &new.session)?, self.throttle_reset(email)?];
        self.transact(items).await?.map_err(|_| AppError::Conflict)
    }

    /// The session and its user, in one batched, strongly consistent read.
    async fn load_session(
        &self,
        session_id: &str,
        company_id: &str,
        user_id: &str,
    ) -> AppResult<(Option<SessionRecord>, Option<UserRecord>)> {
        let request = KeysAndAttributes::builder()
            .keys(key(keys::session(session_id), keys::SESSION))
            .keys(key(keys::company(company_id), &keys::user(user_id)))
            .consistent_read(true)
            .build()
            .map_err(AppError::internal)?;
        let mut items = Vec::new();
        let mut pending = Some(HashMap::from([(self.table.clone(), request)]));
        for _ in 0..4 {
            let Some(request) = pending.take().filter(|r| !r.is_empty()) else { break };
            let out = self.client.batch_get_item().set_request_items(Some(request)).send().await.map_err(AppError::internal)?;
            items.extend(out.responses.unwrap_or_default().remove(&self.table).unwrap_or_default());
            pending = out.unprocessed_keys;
        }
        if pending.is_some_and(|r| !r.is_empty()) {
            return Err(AppError::internal("batch read left keys unprocessed"));
        }
        let (mut session, mut user) = (None, None);
        for item in items {
            match item.get("entity").and_then(|v| v.as_s().ok()).map(String::as_str) {
                Some("session") => session = Some(from_item(item)?),
                Some("user") => user = Some(from_item(item)?),
                _ => {}
            }
        }
        Ok((session, user))
    }

    /// The live user behind an access token's session; `Unauthorized` when the session is gone or
    /// expired, or the user was deleted, re-activated, demoted or disabled since it began.
    pub async fn authenticate(&self, session_id: &str, company_id: &str, user_id: &str, now: i64) -> AppResult<UserRecord> {
        match self.load_session(session_id, company_id, user_id).await? {
            (Some(session), Some(user)) if is_live(&session, &user, now) => Ok(user),
            _ => Err(AppError::Unauthorized),
        }
    }

    /// Ends one session (logout, or a detected refresh-token reuse).
    pub async fn revoke_session(&self, session_id: &str) -> AppResult<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::session(session_id), keys::SESSION)))
            .send()
            .await
            .map_err(AppError::internal)?;
        Ok(())
    }

    /// The session a refresh token belongs to, with its owner (for logout's ownership check).
    pub async fn refresh_owner(&self, hash: &str) -> AppResult<Option<(String, String)>> {
        let record: Option<RefreshRecord> = self.get(key(keys::refresh(hash), keys::REFRESH)).await?.map(from_item).transpose()?;
        Ok(record.map(|r| (r.session_id, r.user_id)))
    }

    /// Rotates a refresh token: spends `old_hash`, stores `new_hash`, provided the session and its
    /// user are still live. Exactly one of two concurrent presentations wins; the other counts as
    /// reuse and revokes the session.
    pub async fn rotate_refresh(&self, old_hash: &str, new_hash: &str, now: i64) -> AppResult<RefreshOutcome> {
        let Some(record) = self.get(key(keys::refresh(old_hash), keys::REFRESH)).await?.map(from_item::<RefreshRecord>).transpose()? else {
            return Ok(RefreshOutcome::Refused);
        };
        if record.spent {
            self.revoke_session(&record.session_id).await?;
            return Ok(RefreshOutcome::ReuseDetected);
        }
        let (session, user) = match self.load_session(&record.session_id, &record.company_id, &record.user_id).await? {
            (Some(session), Some(user)) if is_live(&session, &user, now) => (session, user),
            _ => return Ok(RefreshOutcome::Refused),
        };
        let spend = {
            let update = aws_sdk_dynamodb::types::Update::builder()
                .table_name(&self.table)
                .set_key(Some(key(keys::refresh(old_hash), keys::REFRESH)))
                .update_expression("SET spent = :yes")
                .condition_expression("spent = :no")
                .expression_attribute_values(":yes", aws_sdk_dynamodb::types::AttributeValue::Bool(true))
                .expression_attribute_values(":no", aws_sdk_dynamodb::types::AttributeValue::Bool(false))
                .build()
                .map_err(AppError::internal)?;
            aws_sdk_dynamodb::types::TransactWriteItem::builder().update(update).build()
        };
        let live = self.check(
            key(keys::company(&user.company_id), &keys::user(&user.id)),
            "session_epoch = :e AND #status = :active",
            &[("#status", "status")],
            HashMap::from([(":e".into(), n(session.epoch)), (":active".into(), s("active"))]),
        )?;
        let items = vec![spend, self.refresh_put(new_hash, &session)?, live];
        match self.transact(items).await? {
            Ok(()) => Ok(RefreshOutcome::Rotated { user: Box::new(user), session_id: session.id }),
            Err(failed) if failed[0] => {
                self.revoke_session(&session.id).await?;
                Ok(RefreshOutcome::ReuseDetected)
            }
            Err(_) => Ok(RefreshOutcome::Refused),
        }
    }
}

fn is_live(session: &SessionRecord, user: &UserRecord, now: i64) -> bool {
    session.user_id == user.id && session.expires_at > now && session.epoch == user.session_epoch && user.status == UserStatus::Active
}
