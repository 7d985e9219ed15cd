//! Sessions: signing in with a password (with brute-force protection that can't lock the owner
//! out, a ceiling per source IP, and the same answer for an unknown email and a wrong password),
//! rotating refresh tokens, signing out.

use super::caller::Bearer;
use super::records::{EmailClaim, UserStatus};
use super::requests::{LoginRequest, RefreshRequest};
use super::sessions::{self, RefreshOutcome, SessionRecord};
use super::table;
use super::throttle;
use super::views::{Tokens, User};
use crate::app::App;
use crate::auth::passwords;
use crate::db::Tx;
use crate::domain::{ClientIp, Email};
use crate::error::{AppError, AppResult};
use crate::ids::SessionId;
use crate::limits::{self, Limit};
use crate::observe::{count, Metric};

/// Signs the access token of a session and packs the answer.
fn tokens_for(app: &App, user: User, session: &SessionId, refresh_token: String) -> AppResult<Tokens> {
    Ok(Tokens {
        access_token: app.jwt()?.issue(&user.id, &user.company_id, session, user.role)?,
        token_type: "Bearer",
        expires_in: app.jwt()?.ttl_seconds(),
        refresh_token,
        user,
    })
}

/// `POST /login` from `ip`: the request counted against the IP's hourly logins, the attempt
/// counted on the email's failure counters (from this IP and from all) and the claim read, all at
/// once; the hash checked; then one write that starts the session and forgets the failures. Two
/// round trips (three on the first login after a reset, which restarts the void counters).
pub async fn login(app: &App, ip: &ClientIp, request: LoginRequest) -> AppResult<Tokens> {
    let email = Email::parse(&request.email, "email")?;
    if request.password.is_empty() || request.password.len() > 1024 {
        return Err(AppError::InvalidCredentials);
    }
    let at = app.now();
    let now = at.unix_timestamp();
    let per_ip = Limit::per_ip("login", ip, app.config.logins_per_ip_per_hour);
    let (allowed, pending, claim) = tokio::join!(
        limits::hit(&app.db, &per_ip, now),
        throttle::begin(&app.db, email.as_str(), ip, at),
        table::claim(&app.db, email.as_str())
    );
    let (pending, claim) = (pending?, claim?);
    if let Err(refused) = allowed {
        pending.abandon(&app.db).await?;
        return Err(refused);
    }
    let attempt = pending.settle(&app.db, claim.as_ref().and_then(|c| c.locks_cleared_at_ms), at).await?;
    let stored_hash = claim.as_ref().and_then(|c| c.password_hash.as_deref());
    if !passwords::verify_password(stored_hash, &request.password).await? {
        count(Metric::LoginFailures, 1);
        if throttle::failed(&app.db, email.as_str(), ip, attempt, at).await? {
            count(Metric::Lockouts, 1);
        }
        return Err(AppError::InvalidCredentials);
    }
    let claim = claim.ok_or(AppError::InvalidCredentials)?;
    if claim.status != UserStatus::Active {
        return Err(AppError::AccountNotActive);
    }
    let answer = start_session(app, &claim, ip).await?;
    tracing::info!(user_id = %claim.id, "login");
    Ok(answer)
}

/// Starts a session for the user of `claim`, who just proved their password.
async fn start_session(app: &App, claim: &EmailClaim, ip: &ClientIp) -> AppResult<Tokens> {
    let now = app.now().unix_timestamp();
    let session = SessionRecord {
        id: SessionId::new(),
        user_id: claim.id.clone(),
        company_id: claim.company_id.clone(),
        epoch: claim.session_epoch,
        expires_at: now + app.config.refresh_ttl_seconds as i64,
    };
    let refresh = sessions::new_refresh_token(&session)?;
    let mut tx = Tx::new(AppError::Conflict);
    sessions::start(&mut tx, &session, &refresh.hash)?;
    throttle::clear(&mut tx, &claim.email, ip);
    tx.commit(&app.db).await?;
    let user = User {
        id: claim.id.clone(),
        email: claim.email.clone(),
        name: claim.name.clone(),
        role: claim.role,
        status: claim.status,
        company_id: claim.company_id.clone(),
        created_at: claim.created_at,
    };
    tokens_for(app, user, &session.id, refresh.plain)
}

/// `POST /token/refresh`: the token, its session and its user in one read, then one transaction
/// that spends it and stores the next. A spent token presented again revokes its session.
pub async fn refresh(app: &App, request: RefreshRequest) -> AppResult<Tokens> {
    match sessions::rotate(&app.db, &request.refresh_token, app.now().unix_timestamp()).await? {
        RefreshOutcome::Rotated { user, session, next } => tokens_for(app, User::from(user.as_ref()), &session.id, next.plain),
        RefreshOutcome::ReuseDetected => {
            tracing::warn!("spent refresh token presented again; session revoked");
            Err(AppError::Unauthorized)
        }
        RefreshOutcome::Refused => Err(AppError::Unauthorized),
    }
}

/// `POST /logout`: ends the caller's session, and the session of the refresh token given when it
/// is another of the caller's own, in one write.
pub async fn logout(app: &App, bearer: &Bearer, request: RefreshRequest) -> AppResult<()> {
    let (caller, owner) = tokio::join!(bearer.caller(app), sessions::refresh_owner(&app.db, &request.refresh_token));
    let caller = caller?;
    let mut ending = vec![caller.session_id.clone()];
    if let Some((session, user)) = owner? {
        if user == caller.user.id && session != caller.session_id {
            ending.push(session);
        }
    }
    sessions::revoke_all(&app.db, &ending).await
}
