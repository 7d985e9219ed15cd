//! Following an emailed link (activation or password reset) to choose a password. Two round
//! trips: the link and its user in one read, then one transaction that spends the link and sets
//! the password, so a link works exactly once.

use super::links::{self, LinkKind};
use super::requests::LinkPasswordRequest;
use super::table::{self, UserRefusals};
use super::views::LinkFollowed;
use crate::app::App;
use crate::auth::passwords;
use crate::db::Tx;
use crate::domain::Password;
use crate::error::{AppError, AppResult};
use crate::observe::{count, Metric};

/// Checks the password policy and the confirmation, then follows the link: the user becomes
/// `active`, every earlier session ends, the link is spent.
pub async fn follow_link(app: &App, request: LinkPasswordRequest, kind: LinkKind) -> AppResult<LinkFollowed> {
    let password = Password::parse_confirmed(&request.password, &request.password_confirmation)?;
    let (link, user) = links::read_with_user(&app.db, &request.token).await?.ok_or(AppError::TokenInvalid)?;
    if link.kind != kind {
        return Err(AppError::TokenInvalid);
    }
    if link.is_expired(app.now()) {
        return Err(AppError::TokenExpired);
    }
    let user = user.filter(|u| links::still_valid(&link, u)).ok_or(AppError::TokenInvalid)?;
    let hash = passwords::hash_password(&password).await?;
    let update = user.activate(hash, kind == LinkKind::Activation, app.now());
    let mut tx = Tx::new(AppError::Conflict);
    links::spend(&mut tx, &link, AppError::TokenInvalid);
    table::save_user(&mut tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
    tx.commit(&app.db).await?;
    if kind == LinkKind::Activation {
        count(Metric::Activations, 1);
    }
    let user = update.into_after();
    tracing::info!(user_id = %user.id, ?kind, "password set from an emailed link; earlier sessions revoked");
    Ok(LinkFollowed { user_id: user.id, email: user.email })
}
