//! Single-use links sent by email (activation, password reset). Stored only by the SHA-256 of the
//! token; following one deletes it in the same transaction as its effect, so a link works exactly
//! once even under concurrent clicks. A link's token starts with its company and user ids, so the
//! link and its user are read together.

use super::keys;
use super::user::UserRecord;
use crate::auth::tokens;
use crate::db::{from_item, to_item, with_index, with_ttl, Db, Entity, Expr, Query, Record, Tx};
use crate::error::AppResult;
use crate::ids::{CompanyId, UserId};
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

/// A link as stored (by hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkToken {
    pub hash: String,
    pub kind: LinkKind,
    pub user_id: UserId,
    pub company_id: CompanyId,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Reset links: the user's `session_epoch` when the link was sent. Every later password or
    /// email change moves the epoch, and so voids the link (a reset mailed to an address the user
    /// has since left must not work once they re-activate at the new one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_epoch: Option<u64>,
}

impl Record for LinkToken {
    const ENTITY: Entity = Entity::LinkToken;
}

/// A new link's record and the token that goes into the email.
pub struct NewLink {
    pub record: LinkToken,
    pub token: String,
}

impl NewLink {
    /// An activation link for user `user` of `company`, valid for `ttl_seconds` from `now`.
    pub fn activation(company: &CompanyId, user: &UserId, ttl_seconds: u64, now: OffsetDateTime) -> AppResult<NewLink> {
        NewLink::new(company, user, LinkKind::Activation, None, ttl_seconds, now)
    }

    /// A reset link for `user` of `company`, valid while their session epoch stays `epoch`.
    pub fn reset(company: &CompanyId, user: &UserId, epoch: u64, ttl_seconds: u64, now: OffsetDateTime) -> AppResult<NewLink> {
        NewLink::new(company, user, LinkKind::Reset, Some(epoch), ttl_seconds, now)
    }

    fn new(
        company: &CompanyId,
        user: &UserId,
        kind: LinkKind,
        epoch: Option<u64>,
        ttl_seconds: u64,
        now: OffsetDateTime,
    ) -> AppResult<NewLink> {
        let secret = crate::auth::SecretToken::generate(&[company.as_str(), user.as_str()])?;
        let record = LinkToken {
            hash: secret.hash,
            kind,
            user_id: user.clone(),
            company_id: company.clone(),
            expires_at: now + time::Duration::seconds(ttl_seconds as i64),
            session_epoch: epoch,
        };
        Ok(NewLink { record, token: secret.plain })
    }
}

/// The put of a new link; activation links also enter the expiry index the sweep reads.
pub fn insert<R>(tx: &mut Tx<R>, link: &LinkToken) -> AppResult<()> {
    let mut item = to_item(&keys::link(&link.hash), link)?;
    item = with_ttl(item, link.expires_at.unix_timestamp() + TOMBSTONE_DAYS * 86_400);
    if link.kind == LinkKind::Activation {
        item = with_index(item, keys::ACTIVATION_EXPIRY, keys::expiry_sort_key(link.expires_at.unix_timestamp(), &link.hash));
    }
    tx.put(item).when_fallback(Expr::absent());
    Ok(())
}

/// Voids the user's current activation link, if any.
pub fn void_current<R>(tx: &mut Tx<R>, user: &UserRecord) {
    if let Some(old) = &user.activation_token {
        tx.delete(keys::link(old)).always();
    }
}

/// Spends a link: it must still be there (a concurrent click spent it otherwise).
pub fn spend<R>(tx: &mut Tx<R>, link: &LinkToken, spent: R) {
    tx.delete(keys::link(&link.hash)).if_exists(spent)
}

/// The link a presented token names and its user, in one batched read; `None` for a token that
/// is malformed or unknown.
pub async fn read_with_user(db: &Db, token: &str) -> AppResult<Option<(LinkToken, Option<UserRecord>)>> {
    let Some(ids) = tokens::leading_ids(token, 2) else { return Ok(None) };
    let (Some(company), Some(user)) = (CompanyId::parse(ids[0]), UserId::parse(ids[1])) else { return Ok(None) };
    let hash = tokens::hash_token(token);
    let (mut link, mut owner) = (None, None);
    for item in db.batch_get(vec![keys::link(&hash), keys::user(&company, &user)]).await? {
        match Entity::of(&item) {
            Some(Entity::LinkToken) => link = Some(from_item::<LinkToken>(item)?),
            Some(Entity::User) => owner = Some(from_item::<UserRecord>(item)?),
            _ => {}
        }
    }
    // The ids only save a read: the link itself must name this very user.
    Ok(link.filter(|l| l.user_id == user && l.company_id == company).map(|l| (l, owner)))
}

/// Activation links whose expiry is at or before `now` (Unix seconds), oldest first.
pub async fn due_activations(db: &Db, now: i64, limit: u32) -> AppResult<Vec<LinkToken>> {
    let query = Query::index(keys::ACTIVATION_EXPIRY).below(format!("{:012}", now + 1)).limit(limit);
    Ok(db.query(&query).await?.items)
}

/// Takes a swept link out of the expiry index (it stays stored, so a late click answers
/// `token_expired`, until TTL); refused (`gone`) when another run already did.
pub fn unindex<R>(tx: &mut Tx<R>, link: &LinkToken, gone: R) {
    tx.update(keys::link(&link.hash), Expr::new("REMOVE GSI1PK, GSI1SK")).when(Expr::new("attribute_exists(GSI1PK)"), gone)
}

/// Whether a presented link still stands for its user as they are now.
pub fn still_valid(link: &LinkToken, user: &UserRecord) -> bool {
    match link.kind {
        LinkKind::Activation => user.awaits_activation() && user.activation_token.as_deref() == Some(link.hash.as_str()),
        LinkKind::Reset => user.status == super::records::UserStatus::Active && link.session_epoch == Some(user.session_epoch),
    }
}

impl LinkToken {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at <= now
    }
}
