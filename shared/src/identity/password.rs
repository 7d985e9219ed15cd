//! Passwords: a forgotten one reset by email (public, and answering alike whether or not the
//! address has an account), and a signed-in person changing their own.

use super::accounts::add_reactivation;
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
use crate::domain::{Email, Password};
use crate::error::{AppError, AppResult, FieldError};
use crate::views::Message;

/// `POST /password-reset`: an active user gets a reset link; a user who never activated (or whose
/// activation expired) gets a new activation link; anyone else nothing. Always the same answer.
pub async fn request_reset(app: &App, request: ResetRequest) -> AppResult<Message> {
    let email = Email::parse(&request.email, "email")?;
    let answer = Message { message: "Si el email corresponde a una cuenta, enviamos un enlace para continuar.".into() };
    let Some(claim) = table::claim(&app.db, email.as_str()).await? else { return Ok(answer) };
    let sent = match claim.status {
        UserStatus::Active => {
            let link = NewLink::reset(&claim.company_id, &claim.id, claim.session_epoch, app.config.reset_ttl_seconds, app.now())?;
            let mut change = Change::new(AppError::Conflict);
            links::insert(&mut change.tx, &link.record)?;
            change.send(emails::reset(&app.mailer, &claim.email, &claim.name, &link.token, app.config.reset_ttl_seconds / 60)?);
            change.commit(app).await
        }
        UserStatus::PendingActivation | UserStatus::ActivationExpired => resend_activation(app, &claim).await,
        UserStatus::Disabled => Ok(()),
    };
    // A concurrent change of the user (another request, the expiry sweep) loses this request its
    // link, but the answer must stay the one every other email gets: anything else would tell
    // that the address has an account.
    if let Err(err) = sent {
        tracing::warn!(error = ?err, user_id = %claim.id, "no link for a reset request");
    }
    Ok(answer)
}

async fn resend_activation(app: &App, claim: &super::records::EmailClaim) -> AppResult<()> {
    let user = table::get_user(&app.db, &claim.company_id, &claim.id).await?.ok_or(AppError::Conflict)?;
    let mut change = Change::new(AppError::Conflict);
    add_reactivation(app, &mut change, &user, ActivationReason::Requested, ProfileEdit::default())?;
    change.commit(app).await
}

/// `POST /me/password`: checks the current password (failures count towards the login lock),
/// sets the new one and ends every other session; this one stays signed in.
pub async fn change_own_password(app: &App, bearer: &Bearer, request: AppResult<ChangePasswordRequest>) -> AppResult<()> {
    let caller = bearer.caller_as(app, ANYONE).await?;
    let request = request?;
    let password = Password::parse_confirmed(&request.password, &request.password_confirmation)?;
    let now = app.now().unix_timestamp();
    let attempt = throttle::begin(&app.db, &caller.user.email, now).await?;
    if !passwords::verify_password(caller.user.password_hash.as_deref(), &request.current_password).await? {
        throttle::failed(&app.db, &caller.user.email, attempt, now).await?;
        return Err(FieldError::new("current_password", "La contraseña actual no es correcta.").into());
    }
    let update = caller.user.change_password(passwords::hash_password(&password).await?);
    let mut change = Change::new(AppError::Conflict);
    sessions::carry_over(&mut change.tx, &caller.session_id, update.after().session_epoch);
    table::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
    // The right current password was an attempt too (counted before it was checked): forget it.
    throttle::clear(&mut change.tx, &caller.user.email);
    change.commit(app).await
}
