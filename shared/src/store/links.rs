//! Single-use tokens behind emailed links (activation, password reset). Stored only by the
//! SHA-256 of the secret; using one deletes it in the same transaction as its effect, so a link
//! works exactly once even under concurrent clicks.

use super::items::{from_item, key, n, s, to_item, Item};
use super::{keys, Store};
use crate::domain::{UserRecord, UserStatus};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Extra days a link item stays after expiry, so that a late click still answers `token_expired`.
const TOMBSTONE_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Activation,
    Reset,
}

/// A link token as stored (by hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkToken {
    pub hash: String,
    pub kind: LinkKind,
    pub user_id: String,
    pub company_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

impl LinkToken {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at <= now
    }
}

impl Store {
    /// The put of a new link; activation links also enter the expiry index the sweep reads.
    pub(crate) fn link_put(&self, link: &LinkToken) -> AppResult<TransactWriteItem> {
        let mut item: Item = to_item(keys::token(&link.hash), keys::TOKEN, "link_token", link)?;
        let ttl = link.expires_at.unix_timestamp() + TOMBSTONE_DAYS * 86_400;
        item.insert("ttl".into(), n(ttl));
        if link.kind == LinkKind::Activation {
            let expiry = link.expires_at.format(&time::format_description::well_known::Rfc3339).map_err(AppError::internal)?;
            item.insert("GSI1PK".into(), s(keys::ACTIVATION_EXPIRY));
            item.insert("GSI1SK".into(), s(format!("{expiry}#{}", link.hash)));
        }
        self.put(item, Some(("attribute_not_exists(PK)", Item::new())))
    }

    /// Looks a presented link up by its hash.
    pub async fn get_link(&self, hash: &str) -> AppResult<Option<LinkToken>> {
        self.get(key(keys::token(hash), keys::TOKEN)).await?.map(from_item).transpose()
    }

    /// Gives a user a new activation link, voiding the previous one, and puts them back to
    /// `pending_activation`. `user` is the record as read; the change is conditioned on it.
    pub async fn replace_activation_link(&self, user: &UserRecord, link: &LinkToken) -> AppResult<UserRecord> {
        let mut next = user.clone();
        next.status = UserStatus::PendingActivation;
        next.activation_token = Some(link.hash.clone());
        next.version += 1;
        let mut extra = vec![self.link_put(link)?];
        if let Some(old) = &user.activation_token {
            extra.push(self.delete(key(keys::token(old), keys::TOKEN), None)?);
        }
        self.save_user_with(&next, user.version, extra).await?.map_err(|_| AppError::Conflict)?;
        Ok(next)
    }

    /// Stores a reset link for an active user.
    pub async fn put_reset_link(&self, link: &LinkToken) -> AppResult<()> {
        self.transact(vec![self.link_put(link)?]).await?.map_err(|_| AppError::Conflict)
    }

    /// Spends a link and sets the user's password in one transaction: the user becomes `active`
    /// and every earlier session ends. A link spent concurrently answers `token_invalid`.
    pub async fn spend_link_setting_password(
        &self,
        link: &LinkToken,
        user: &UserRecord,
        password_hash: String,
    ) -> AppResult<UserRecord> {
        let mut next = user.clone();
        next.status = UserStatus::Active;
        next.password_hash = Some(password_hash);
        next.session_epoch += 1;
        next.version += 1;
        if link.kind == LinkKind::Activation {
            next.activation_token = None;
        }
        let spend = self.delete(key(keys::token(&link.hash), keys::TOKEN), Some("attribute_exists(PK)"))?;
        match self.save_user_with(&next, user.version, vec![spend]).await? {
            Ok(()) => Ok(next),
            Err(_) => Err(AppError::TokenInvalid),
        }
    }
}
