//! Passwords: a forgotten one reset by email (public, and answering alike whether or not the
//! address has an account), and a signed-in person changing their own.

use super::accounts::{add_reactivation, recipient_limit};
use super::caller::{Bearer, ANYONE};
use super::emails::{self, ActivationReason};
use super::links::{self, NewLink};
use super::records::UserStatus;
use super::requests::{ChangePasswordRequest, ResetRequest};
use super::sessions;
use super::table::{self, UserRefusals};
use super::throttle;
use super::user::ProfileEdit;
use crate::app::App;
use crate::auth::passwords;
use crate::change::Change;
use crate::domain::{ClientIp, Email, Password};
use crate::error::{AppError, AppResult, FieldError, LimitScope};
use crate::limits::{self, Limit};
use crate::views::Message;

/// `POST /password-reset` from `ip`: an active user gets a reset link; a user who never activated
/// (or whose activation expired) gets a new activation link; anyone else nothing. Always the same
/// `202`, after the same three round trips whoever asks (the claim, the user it names, one
/// transaction that counts the request per IP and per recipient), so neither the answer nor its
/// time tells whether the address has an account. Past the address's hourly emails nothing more
/// is sent, silently; past the IP's hourly requests, `429`.
pub async fn request_reset(app: &App, ip: &ClientIp, request: ResetRequest) -> AppResult<Message> {
    let email = Email::parse(&request.email, "email")?;
    let answer = Message { message: "Si el email corresponde a una cuenta, enviamos un enlace para continuar.".into() };
    let claim = table::claim(&app.db, email.as_str()).await?;
    let user = match &claim {
        Some(claim) => table::get_user(&app.db, &claim.company_id, &claim.id).await?,
        // The same kind of read for an unknown address: no round trip fewer to time.
        None => table::claim(&app.db, email.as_str()).await?.and(None),
    };
    let now = app.now();
    let mut change = Change::new(AppError::Conflict);
    limits::count(&mut change.tx, &Limit::per_ip("reset", ip, app.config.resets_per_ip_per_hour), now.unix_timestamp());
    match &user {
        Some(user) if user.status == UserStatus::Active => {
            limits::count(&mut change.tx, &recipient_limit(app, &user.email), now.unix_timestamp());
            let link = NewLink::reset(&user.company_id, &user.id, user.session_epoch, app.config.reset_ttl_seconds, now)?;
            links::insert(&mut change.tx, &link.record)?;
            change.send(emails::reset(&app.mailer, &user.email, &user.name, &link.token, app.config.reset_ttl_seconds / 60)?);
        }
        Some(user) if user.awaits_activation() => {
            add_reactivation(app, &mut change, user, ActivationReason::Requested, ProfileEdit::default(), None)?;
        }
        // Unknown and disabled addresses are never emailed; they count all the same.
        _ => limits::count(&mut change.tx, &recipient_limit(app, email.as_str()), now.unix_timestamp()),
    }
    match change.commit(app).await {
        Ok(()) => Ok(answer),
        Err(err @ AppError::RateLimited { scope: LimitScope::Ip, .. }) => Err(err),
        Err(AppError::RateLimited { scope: LimitScope::Recipient, .. }) => Ok(answer),
        // A concurrent change of the user (another request, the expiry sweep) loses this request
        // its link, but the answer must stay the one every other email gets: anything else would
        // tell that the address has an account.
        Err(err) => {
            tracing::warn!(error = ?err, "no link for a reset request");
            Ok(answer)
        }
    }
}

/// `POST /me/password`: checks the current password (failures count towards the login lock of
/// the caller's email from `ip`), sets the new one and ends every other session; this one stays
/// signed in.
pub async fn change_own_password(app: &App, bearer: &Bearer, ip: &ClientIp, request: AppResult<ChangePasswordRequest>) -> AppResult<()> {
    let caller = bearer.caller_as(app, ANYONE).await?;
    let request = request?;
    let password = Password::parse_confirmed(&request.password, &request.password_confirmation)?;
    let now = app.now();
    let email = caller.user.email.clone();
    let attempt = throttle::begin(&app.db, &email, ip, now).await?.settle(&app.db, caller.user.locks_cleared_at_ms, now).await?;
    if !passwords::verify_password(caller.user.password_hash.as_deref(), &request.current_password).await? {
        throttle::failed(&app.db, &email, ip, attempt, now).await?;
        return Err(FieldError::new("current_password", "La contraseña actual no es correcta.").into());
    }
    let update = caller.user.change_password(passwords::hash_password(&password).await?);
    let mut change = Change::new(AppError::Conflict);
    sessions::carry_over(&mut change.tx, &caller.session_id, update.after().session_epoch);
    table::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
    // The right current password was an attempt too (counted before it was checked): forget it.
    throttle::clear(&mut change.tx, &email, ip);
    change.commit(app).await
}
