//! Who is calling: the access token ([`Bearer`]) and, once its session is found live, the caller
//! ([`Caller`]). Every use case takes the bearer and sends the session check together with its own
//! first read ([`Bearer::with`]), so an authenticated read is one round trip; what that read found
//! reaches only a live caller of the right role, and so do the request's own errors
//! ([`Bearer::admit`]): anyone else hears `unauthorized` or `forbidden`, exactly as if the check
//! had come first.

use super::jwt::AccessClaims;
use super::records::Role;
use super::sessions;
use super::user::UserRecord;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::ids::{CompanyId, SessionId, UserId};
use std::future::Future;

/// The authenticated caller: the access token verified and its session found live.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: UserRecord,
    pub session_id: SessionId,
}

impl Caller {
    pub fn company_id(&self) -> &CompanyId {
        &self.user.company_id
    }

    pub fn user_id(&self) -> &UserId {
        &self.user.id
    }
}

/// The roles a use case admits.
pub type Roles = &'static [Role];
pub const ADMIN: Roles = &[Role::Admin];
pub const OPERATOR: Roles = &[Role::Operator];
pub const SALES_REP: Roles = &[Role::SalesRep];
pub const VENDOR: Roles = &[Role::Vendor];
pub const ANYONE: Roles = &[Role::Admin, Role::User, Role::SalesRep, Role::Operator, Role::Vendor];

/// A request's access token with its signature, issuer, audience and expiry checked, before its
/// session is read.
#[derive(Debug, Clone)]
pub struct Bearer {
    claims: AccessClaims,
}

impl Bearer {
    /// Checks a presented access token.
    pub fn verify(app: &App, token: &str) -> AppResult<Bearer> {
        Ok(Bearer { claims: app.jwt()?.verify(token)? })
    }

    /// The company the token was issued for (every read is scoped by it).
    pub fn company_id(&self) -> &CompanyId {
        &self.claims.cid
    }

    pub fn user_id(&self) -> &UserId {
        &self.claims.sub
    }

    /// The caller, once the token's session and user are found live.
    pub async fn caller(&self, app: &App) -> AppResult<Caller> {
        let now = app.now().unix_timestamp();
        let (session, user) = sessions::session_and_user(&app.db, &self.claims.sid, &self.claims.cid, &self.claims.sub).await?;
        match (session, user) {
            (Some(session), Some(user)) if session.is_live_for(&user, now) => Ok(Caller { user, session_id: session.id }),
            _ => Err(AppError::Unauthorized),
        }
    }

    /// The caller, who must hold one of `roles` (their current role, not the token's).
    pub async fn caller_as(&self, app: &App, roles: Roles) -> AppResult<Caller> {
        let caller = self.caller(app).await?;
        if roles.contains(&caller.user.role) {
            Ok(caller)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Runs `read` (which must not write) alongside the session check, and answers its result
    /// only to a live caller holding one of `roles`.
    pub async fn with<T>(&self, app: &App, roles: Roles, read: impl Future<Output = AppResult<T>>) -> AppResult<(Caller, T)> {
        let (caller, found) = tokio::join!(self.caller_as(app, roles), read);
        Ok((caller?, found?))
    }

    /// What was parsed from the request: when it is not valid, its error goes only to a live
    /// caller holding one of `roles` (anyone else sees `unauthorized` or `forbidden` first).
    pub async fn admit<T>(&self, app: &App, roles: Roles, input: AppResult<T>) -> AppResult<T> {
        if input.is_err() {
            self.caller_as(app, roles).await?;
        }
        input
    }
}
