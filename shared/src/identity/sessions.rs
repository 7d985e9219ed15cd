//! Sessions and refresh tokens in the table. An access JWT names a session; every authenticated
//! request reads the session and its user in one batch and checks the session's epoch against the
//! user's, so deleting, demoting or re-activating a user shuts every session out at once. Refresh
//! tokens rotate; presenting a spent one revokes its whole session. A refresh token starts with
//! its session, company and user ids, so one read finds all three.

use super::keys;
use super::records::UserStatus;
use super::user::UserRecord;
use crate::auth::{tokens, SecretToken};
use crate::db::{from_item, to_item, with_ttl, Db, Entity, Expr, Record, Tx};
use crate::error::{AppError, AppResult};
use crate::ids::{CompanyId, SessionId, UserId};
use serde::{Deserialize, Serialize};

/// A session as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: SessionId,
    pub user_id: UserId,
    pub company_id: CompanyId,
    /// The user's `session_epoch` when the session began.
    pub epoch: u64,
    /// Unix seconds; also the item's TTL.
    pub expires_at: i64,
}

impl SessionRecord {
    /// Whether the session still stands for `user` at `now`.
    pub fn is_live_for(&self, user: &UserRecord, now: i64) -> bool {
        self.user_id == user.id && self.expires_at > now && self.epoch == user.session_epoch && user.status == UserStatus::Active
    }
}

impl Record for SessionRecord {
    const ENTITY: Entity = Entity::Session;
}

/// A refresh token as stored (by hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RefreshRecord {
    session_id: SessionId,
    user_id: UserId,
    company_id: CompanyId,
    spent: bool,
}

impl Record for RefreshRecord {
    const ENTITY: Entity = Entity::RefreshToken;
}

/// A new refresh token for a session.
pub fn new_refresh_token(session: &SessionRecord) -> AppResult<SecretToken> {
    SecretToken::generate(&[session.id.as_str(), session.company_id.as_str(), session.user_id.as_str()])
}

fn refresh_put<R>(tx: &mut Tx<R>, hash: &str, session: &SessionRecord) -> AppResult<()> {
    let record = RefreshRecord {
        session_id: session.id.clone(),
        user_id: session.user_id.clone(),
        company_id: session.company_id.clone(),
        spent: false,
    };
    let item = with_ttl(to_item(&keys::refresh(hash), &record)?, session.expires_at);
    tx.put(item).when_fallback(Expr::absent());
    Ok(())
}

/// A new session with its first refresh token.
pub fn start<R>(tx: &mut Tx<R>, session: &SessionRecord, refresh_hash: &str) -> AppResult<()> {
    let item = with_ttl(to_item(&keys::session(&session.id), session)?, session.expires_at);
    tx.put(item).when_fallback(Expr::absent());
    refresh_put(tx, refresh_hash, session)
}

/// The session and its user, in one batched, strongly consistent read.
pub async fn session_and_user(
    db: &Db,
    session: &SessionId,
    company: &CompanyId,
    user: &UserId,
) -> AppResult<(Option<SessionRecord>, Option<UserRecord>)> {
    let (mut found_session, mut found_user) = (None, None);
    for item in db.batch_get(vec![keys::session(session), keys::user(company, user)]).await? {
        match Entity::of(&item) {
            Some(Entity::Session) => found_session = Some(from_item(item)?),
            Some(Entity::User) => found_user = Some(from_item(item)?),
            _ => {}
        }
    }
    Ok((found_session, found_user))
}

/// Ends one session (a detected refresh-token reuse).
pub async fn revoke(db: &Db, session: &SessionId) -> AppResult<()> {
    revoke_all(db, std::slice::from_ref(session)).await
}

/// Ends sessions, in one write (logout).
pub async fn revoke_all(db: &Db, sessions: &[SessionId]) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    for session in sessions {
        tx.delete(keys::session(session)).always();
    }
    tx.commit(db).await
}

/// The result of presenting a refresh token.
pub enum RefreshOutcome {
    /// Rotated: the new refresh token (`next`) is stored, the old one spent.
    Rotated { user: Box<UserRecord>, session: SessionRecord, next: SecretToken },
    /// Unknown, expired, or its session or user is gone or changed.
    Refused,
    /// A spent token was presented again: the session has been revoked.
    ReuseDetected,
}

/// Why a rotation's transaction failed.
enum RotationRefusal {
    /// The presented token was spent by a concurrent rotation: treated as reuse.
    Spent,
    Changed,
}

/// What a presented refresh token opens: the token's record, its session and its user, in one
/// batched read (the ids come from the token itself).
async fn read_refresh(db: &Db, token: &str) -> AppResult<Option<(RefreshRecord, Option<SessionRecord>, Option<UserRecord>)>> {
    let Some(ids) = tokens::leading_ids(token, 3) else { return Ok(None) };
    let (Some(sid), Some(cid), Some(uid)) = (SessionId::parse(ids[0]), CompanyId::parse(ids[1]), UserId::parse(ids[2])) else {
        return Ok(None);
    };
    let hash = tokens::hash_token(token);
    let (mut refresh, mut session, mut user) = (None, None, None);
    for item in db.batch_get(vec![keys::refresh(&hash), keys::session(&sid), keys::user(&cid, &uid)]).await? {
        match Entity::of(&item) {
            Some(Entity::RefreshToken) => refresh = Some(from_item::<RefreshRecord>(item)?),
            Some(Entity::Session) => session = Some(from_item::<SessionRecord>(item)?),
            Some(Entity::User) => user = Some(from_item::<UserRecord>(item)?),
            _ => {}
        }
    }
    Ok(refresh.filter(|r| r.session_id == sid && r.company_id == cid && r.user_id == uid).map(|r| (r, session, user)))
}

/// Spends a refresh token and stores a new one for its session, in one transaction that also
/// proves the user unchanged since the read. Two round trips in all.
pub async fn rotate(db: &Db, presented: &str, now: i64) -> AppResult<RefreshOutcome> {
    let Some((refresh, session, user)) = read_refresh(db, presented).await? else { return Ok(RefreshOutcome::Refused) };
    let (Some(session), Some(user)) = (session, user) else { return Ok(RefreshOutcome::Refused) };
    if refresh.spent {
        revoke(db, &refresh.session_id).await?;
        return Ok(RefreshOutcome::ReuseDetected);
    }
    if !session.is_live_for(&user, now) {
        return Ok(RefreshOutcome::Refused);
    }
    let spend = Expr::new("SET spent = :yes").value(":yes", true);
    let unspent = Expr::new("spent = :no").value(":no", false);
    let live = Expr::new("session_epoch = :e AND #status = :active")
        .name("#status", "status")
        .value(":e", session.epoch)
        .value(":active", UserStatus::Active);
    let next = new_refresh_token(&session)?;
    let mut tx = Tx::new(RotationRefusal::Changed);
    tx.update(keys::refresh(&tokens::hash_token(presented)), spend).when(unspent, RotationRefusal::Spent);
    refresh_put(&mut tx, &next.hash, &session)?;
    tx.check(keys::user(&user.company_id, &user.id), live, RotationRefusal::Changed);
    match tx.run(db).await? {
        Ok(()) => Ok(RefreshOutcome::Rotated { user: Box::new(user), session, next }),
        Err(RotationRefusal::Spent) => {
            revoke(db, &session.id).await?;
            Ok(RefreshOutcome::ReuseDetected)
        }
        Err(RotationRefusal::Changed) => Ok(RefreshOutcome::Refused),
    }
}

/// The session and user a refresh token belongs to, if it is one of ours.
pub async fn refresh_owner(db: &Db, token: &str) -> AppResult<Option<(SessionId, UserId)>> {
    Ok(read_refresh(db, token).await?.map(|(r, _, _)| (r.session_id, r.user_id)))
}

/// Keeps `session` alive across a password change that moves the user's epoch.
pub fn carry_over<R>(tx: &mut Tx<R>, session: &SessionId, epoch: u64) {
    tx.update(keys::session(session), Expr::new("SET epoch = :e").value(":e", epoch)).when_fallback(Expr::present())
}
