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
    /// Reset links: the user's `session_epoch` when the link was sent. Every later password or
    /// email change moves the epoch, and so voids the link (a reset mailed to an address the user
    /// has since left must not work once they re-activate at the new one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_epoch: Option<u64>,
}

impl LinkToken {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at <= now
    }
}

/// Sort key of the expiry index: zero-padded Unix seconds, so text order is time order.
fn expiry_sort_key(expires_at: i64, hash: &str) -> String {
    format!("{expires_at:012}#{hash}")
}

impl Store {
    /// The put of a new link; activation links also enter the expiry index the sweep reads.
    pub(crate) fn link_put(&self, link: &LinkToken) -> AppResult<TransactWriteItem> {
        let mut item: Item = to_item(keys::token(&link.hash), keys::TOKEN, "link_token", link)?;
        let ttl = link.expires_at.unix_timestamp() + TOMBSTONE_DAYS * 86_400;
        item.insert("ttl".into(), n(ttl));
        if link.kind == LinkKind::Activation {
            item.insert("GSI1PK".into(), s(keys::ACTIVATION_EXPIRY));
            item.insert("GSI1SK".into(), s(expiry_sort_key(link.expires_at.unix_timestamp(), &link.hash)));
        }
        self.put(item, Some(("attribute_not_exists(PK)", Item::new())))
    }

    /// Looks a presented link up by its hash.
    pub async fn get_link(&self, hash: &str) -> AppResult<Option<LinkToken>> {
        self.get(key(keys::token(hash), keys::TOKEN)).await?.map(from_item).transpose()
    }

    /// The writes that give `user` the activation link `link` and void their previous one.
    pub(crate) fn link_swap(&self, user: &UserRecord, link: &LinkToken) -> AppResult<Vec<TransactWriteItem>> {
        let mut items = vec![self.link_put(link)?];
        if let Some(old) = &user.activation_token {
            items.push(self.delete(key(keys::token(old), keys::TOKEN), None)?);
        }
        Ok(items)
    }

    /// Stores a reset link for an active user.
    pub async fn put_reset_link(&self, link: &LinkToken) -> AppResult<()> {
        self.transact(vec![self.link_put(link)?]).await?.map_err(|_| AppError::Conflict)
    }

    /// Spends a link and sets the user's password in one transaction: the user becomes `active`
    /// and every earlier session ends. A link spent concurrently answers `token_invalid`.
    pub async fn spend_link_setting_password(&self, link: &LinkToken, user: &UserRecord, password_hash: String) -> AppResult<UserRecord> {
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
