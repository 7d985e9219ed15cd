//! Flows more than one function runs: following an emailed link to set a password, issuing a new
//! activation link, and starting a session.

use crate::app::App;
use crate::auth::{passwords, tokens, SecretToken};
use crate::domain::{ids, AuditEntry, Email, Password, PersonName, Role, UserRecord};
use crate::error::{AppError, AppResult};
use crate::mail::ActivationReason;
use crate::store::SessionRecord;
use crate::store::{LinkKind, LinkToken, NewSession, UserChange};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

/// Follows an activation or reset link: checks it, sets the password, makes the user `active`,
/// ends their other sessions, and spends the link, all at once.
pub async fn redeem_link(app: &App, token: &str, kind: LinkKind, password: &Password) -> AppResult<UserRecord> {
    if !tokens::is_well_formed(token) {
        return Err(AppError::TokenInvalid);
    }
    let hash = tokens::hash_token(token);
    let link = app.store.get_link(&hash).await?.filter(|l| l.kind == kind).ok_or(AppError::TokenInvalid)?;
    if link.is_expired(OffsetDateTime::now_utc()) {
        return Err(AppError::TokenExpired);
    }
    let user = app.store.get_user(&link.company_id, &link.user_id).await?.ok_or(AppError::TokenInvalid)?;
    if user.status == crate::domain::UserStatus::Disabled {
        return Err(AppError::TokenInvalid);
    }
    let still_valid = match kind {
        LinkKind::Activation => user.activation_token.as_deref() == Some(hash.as_str()),
        LinkKind::Reset => user.status == crate::domain::UserStatus::Active && link.session_epoch == Some(user.session_epoch),
    };
    if !still_valid {
        return Err(AppError::TokenInvalid);
    }
    let password_hash = passwords::hash_password(password).await?;
    app.store.spend_link_setting_password(&link, &user, password_hash).await
}

/// A new activation link for `user` (the record as read), emailed to `user.email` after `change`
/// is applied: any earlier link stops working, every session ends, and the user is
/// `pending_activation` until they follow it. `change` may also rename, re-role or re-address the
/// user (the link then goes to the new address).
pub async fn send_new_activation(
    app: &App,
    user: &UserRecord,
    reason: ActivationReason,
    change: impl FnOnce(&mut UserRecord),
    audit: Option<AuditEntry>,
) -> AppResult<UserRecord> {
    let secret = SecretToken::generate()?;
    let mut next = user.clone();
    change(&mut next);
    next.status = crate::domain::UserStatus::PendingActivation;
    next.activation_token = Some(secret.hash.clone());
    next.session_epoch += 1;
    next.version += 1;
    let link = activation_link(app, &next, &secret.hash);
    app.store.update_user(UserChange { before: user, after: next.clone(), new_link: Some(link), audit }).await?;
    let mail = app.mailer.activation(&next.name, &secret.plain, reason, app.config.activation_ttl_seconds / 3600)?;
    app.mailer.send_logged(&next.email, &mail).await;
    Ok(next)
}

/// Creates a pending user of `company_id` on behalf of `actor_id` (audited as `action`) and
/// emails their activation link. `name` and `email` are checked here; both errors are reported.
pub async fn create_user(
    app: &App,
    company_id: &str,
    name: &str,
    email: &str,
    role: Role,
    actor_id: &str,
    action: &str,
) -> AppResult<UserRecord> {
    let name = PersonName::parse(name, "name");
    let email = Email::parse(email, "email");
    let (name, email) = match (name, email) {
        (Ok(name), Ok(email)) => (name, email),
        (name, email) => return Err(AppError::Validation(name.err().into_iter().chain(email.err()).collect())),
    };
    let secret = SecretToken::generate()?;
    let user = UserRecord {
        id: ids::new_id(),
        company_id: company_id.to_string(),
        email: email.as_str().to_string(),
        name: name.into_inner(),
        role,
        status: crate::domain::UserStatus::PendingActivation,
        password_hash: None,
        session_epoch: 0,
        version: 1,
        activation_token: Some(secret.hash.clone()),
        created_at: OffsetDateTime::now_utc(),
    };
    let link = activation_link(app, &user, &secret.hash);
    let audit = AuditEntry::new(actor_id, action, &user.id, serde_json::json!({ "email": user.email, "role": user.role }));
    app.store.create_user(&user, &link, &audit).await?;
    let mail = app.mailer.activation(&user.name, &secret.plain, ActivationReason::NewAccount, app.config.activation_ttl_seconds / 3600)?;
    app.mailer.send_logged(&user.email, &mail).await;
    Ok(user)
}

/// The body of `POST /activation` and `POST /password-reset/confirm`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkPasswordBody {
    pub token: String,
    pub password: String,
    pub password_confirmation: String,
}

impl LinkPasswordBody {
    /// Checks the password policy and the confirmation, then follows the link.
    pub async fn redeem(self, app: &App, kind: LinkKind) -> AppResult<UserRecord> {
        let password = Password::parse_confirmed(&self.password, &self.password_confirmation).map_err(AppError::Validation)?;
        redeem_link(app, &self.token, kind, &password).await
    }
}

/// The activation link record for a user, expiring after the configured TTL.
pub fn activation_link(app: &App, user: &UserRecord, hash: &str) -> LinkToken {
    LinkToken {
        hash: hash.to_string(),
        kind: LinkKind::Activation,
        user_id: user.id.clone(),
        company_id: user.company_id.clone(),
        expires_at: OffsetDateTime::now_utc() + Duration::seconds(app.config.activation_ttl_seconds as i64),
        session_epoch: None,
    }
}

/// The answer of a login or a refresh.
#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
    pub user: crate::domain::User,
}

/// Signs the access token of a session and packs the answer.
pub fn token_response(app: &App, user: &UserRecord, session_id: &str, refresh_token: String) -> AppResult<TokenResponse> {
    Ok(TokenResponse {
        access_token: app.jwt.issue(&user.id, &user.company_id, session_id, user.role)?,
        token_type: "Bearer",
        expires_in: app.jwt.ttl_seconds(),
        refresh_token,
        user: user.into(),
    })
}

/// Starts a new session for a user who just proved their password.
pub async fn start_session(app: &App, user: &UserRecord) -> AppResult<TokenResponse> {
    let refresh = SecretToken::generate()?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let session = SessionRecord {
        id: ids::new_id(),
        user_id: user.id.clone(),
        company_id: user.company_id.clone(),
        epoch: user.session_epoch,
        expires_at: now + app.config.refresh_ttl_seconds as i64,
    };
    app.store.start_session(&NewSession { session: session.clone(), refresh_hash: refresh.hash }, &user.email).await?;
    token_response(app, user, &session.id, refresh.plain)
}
