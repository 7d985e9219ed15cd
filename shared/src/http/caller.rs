//! Who is calling: the access token ([`Bearer`]) and, once its session is found live, the caller
//! ([`Caller`]). Every query a handler makes is scoped by the token's company id.

use crate::app::{App, AppState};
use crate::auth::jwt::AccessClaims;
use crate::domain::{Role, UserRecord};
use crate::error::{AppError, AppResult};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use std::future::Future;

/// The authenticated caller: the access token verified and its session found live.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: UserRecord,
    pub session_id: String,
}

impl Caller {
    pub fn company_id(&self) -> &str {
        &self.user.company_id
    }

    /// Refuses anyone but the company's administrators.
    pub fn require_admin(&self) -> Result<(), AppError> {
        self.require(Role::Admin)
    }

    /// Refuses callers whose current role is not `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.user.role == role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = Bearer::from_request_parts(parts, state).await?;
        bearer.authenticate(state).await
    }
}

/// A request's access token with its signature, issuer, audience and expiry checked, before its
/// session is read. A handler takes this instead of [`Caller`] to read what it needs in the same
/// round trip as the session check ([`Bearer::admin_with`]); nothing it read is answered or
/// written on unless the session is live.
#[derive(Debug)]
pub struct Bearer {
    claims: AccessClaims,
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .ok_or(AppError::Unauthorized)?;
        Ok(Bearer { claims: state.jwt.verify(token.trim())? })
    }
}

impl Bearer {
    /// The company the token was issued for (every read is scoped by it).
    pub fn company_id(&self) -> &str {
        &self.claims.cid
    }

    /// The caller, once the token's session and user are found live.
    pub async fn authenticate(&self, app: &App) -> Result<Caller, AppError> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let user = app.store.authenticate(&self.claims.sid, &self.claims.cid, &self.claims.sub, now).await?;
        Ok(Caller { user, session_id: self.claims.sid.clone() })
    }

    /// What the handler parsed from the request; when it is not valid, its error goes only to a
    /// live administrator (anyone else sees `Unauthorized` or `Forbidden` first, as with [`Caller`]).
    pub async fn admin_input<T>(&self, app: &App, input: AppResult<T>) -> AppResult<T> {
        if input.is_err() {
            self.authenticate(app).await?.require_admin()?;
        }
        input
    }

    /// Runs `read` (which must not write) alongside the session check, and answers its result
    /// only to a live administrator: an unknown session is `Unauthorized` and another role
    /// `Forbidden` whatever `read` found, exactly as if the check had come first.
    pub async fn admin_with<T>(&self, app: &App, read: impl Future<Output = AppResult<T>>) -> AppResult<(Caller, T)> {
        let (caller, found) = tokio::join!(self.authenticate(app), read);
        let caller = caller?;
        caller.require_admin()?;
        Ok((caller, found?))
    }
}
