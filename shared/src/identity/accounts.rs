//! The pieces of a change that other slices build on: a new person waiting for activation, and a
//! new activation link for someone who has an account. Each adds its writes and its email to a
//! [`Change`] the calling use case commits (with its own audit entry, counters, …).

use super::emails::{self, ActivationReason};
use super::links::{self, NewLink};
use super::records::Role;
use super::table::{self, UserRefusals};
use super::user::{ProfileEdit, UserRecord, UserUpdate};
use crate::app::App;
use crate::change::Change;
use crate::domain::{Email, PersonName};
use crate::error::{AppError, AppResult, Fields};
use crate::ids::{CompanyId, UserId};

/// A person's name and email, parsed together so both errors are reported at once.
pub fn parse_person(name: &str, email: &str, name_field: &str, email_field: &str) -> AppResult<(PersonName, Email)> {
    let mut fields = Fields::new();
    let name = fields.take(PersonName::parse(name, name_field));
    let email = fields.take(Email::parse(email, email_field));
    fields.finish(|| Some((name?, email?)))
}

/// Adds a new pending user of `company` to `change`, with their activation link and email. A
/// taken email refuses the change with `email_taken`.
pub fn add_pending_user(
    app: &App,
    change: &mut Change,
    company: &CompanyId,
    name: PersonName,
    email: Email,
    role: Role,
) -> AppResult<UserRecord> {
    let now = app.now();
    let id = UserId::new();
    let link = NewLink::activation(company, &id, app.config.activation_ttl_seconds, now)?;
    let user = UserRecord::pending(id, company, email.as_str().to_string(), name.into_inner(), role, link.record.hash.clone(), now);
    table::insert_user(&mut change.tx, &user, AppError::EmailTaken, false)?;
    links::insert(&mut change.tx, &link.record)?;
    change.send(activation_letter(app, &user, &link.token, ActivationReason::NewAccount)?);
    Ok(user)
}

/// Adds to `change` a new activation link for `user` (the record as read), emailed to their
/// address after `edit` (a new address gets it): any earlier link stops working, every session
/// ends, and the user is `pending_activation` until they follow it.
pub fn add_reactivation(
    app: &App,
    change: &mut Change,
    user: &UserRecord,
    reason: ActivationReason,
    edit: ProfileEdit,
) -> AppResult<UserUpdate> {
    let link = NewLink::activation(&user.company_id, &user.id, app.config.activation_ttl_seconds, app.now())?;
    let update = user.reactivate(link.record.hash.clone(), edit);
    links::void_current(&mut change.tx, user);
    links::insert(&mut change.tx, &link.record)?;
    table::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::EmailTaken, last_admin: AppError::LastAdmin })?;
    change.send(activation_letter(app, update.after(), &link.token, reason)?);
    Ok(update)
}

fn activation_letter(app: &App, user: &UserRecord, token: &str, reason: ActivationReason) -> AppResult<crate::mail::Letter> {
    emails::activation(&app.mailer, &user.email, &user.name, token, reason, app.config.activation_ttl_seconds / 3600)
}
