//! The pieces of a change that other slices build on: a new person waiting for activation, and a
//! new activation link for someone who has an account. Each adds its writes and its email to a
//! [`Change`] the calling use case commits (with its own audit entry, counters, …), and counts
//! the email against its recipient's hourly allowance in that same transaction: an address an
//! admin types can't be flooded with invitations (`429 rate_limited` past the allowance).

use super::emails::{self, ActivationReason};
use super::links::{self, NewLink};
use super::records::{Company, Role};
use super::table::{self, ItsCompany, UserRefusals};
use super::user::{ProfileEdit, UserRecord, UserUpdate};
use crate::app::App;
use crate::change::Change;
use crate::domain::{Email, PersonName};
use crate::error::{AppError, AppResult, Fields};
use crate::ids::UserId;
use crate::limits::{self, Limit};

/// A person's name and email, parsed together so both errors are reported at once.
pub fn parse_person(name: &str, email: &str, name_field: &str, email_field: &str) -> AppResult<(PersonName, Email)> {
    let mut fields = Fields::new();
    let name = fields.take(PersonName::parse(name, name_field));
    let email = fields.take(Email::parse(email, email_field));
    fields.finish(|| Some((name?, email?)))
}

/// The hourly allowance of link emails to `email`.
pub fn recipient_limit(app: &App, email: &str) -> Limit {
    Limit::per_recipient(email, app.config.emails_per_recipient_per_hour)
}

/// Adds a new pending user of `company` to `change`, with their activation link and the email
/// that names the company (none for the first person of a company written in the same change, a
/// vendor's: the store, not the company, invited them). A taken email refuses the change with
/// `email_taken`; past the company's hourly creations or the address's hourly emails,
/// `rate_limited`.
pub fn add_pending_user(
    app: &App,
    change: &mut Change,
    (company, its_company): (&Company, ItsCompany),
    name: PersonName,
    email: Email,
    role: Role,
) -> AppResult<UserRecord> {
    let now = app.now();
    let id = UserId::new();
    let link = NewLink::activation(&company.id, &id, app.config.activation_ttl_seconds, now)?;
    let user = UserRecord::pending(id, &company.id, email.as_str().to_string(), name.into_inner(), role, link.record.hash.clone(), now);
    limits::count(&mut change.tx, &Limit::per_company(&company.id, app.config.users_per_company_per_hour), now.unix_timestamp());
    limits::count(&mut change.tx, &recipient_limit(app, &user.email), now.unix_timestamp());
    table::insert_user(&mut change.tx, &user, AppError::EmailTaken, its_company)?;
    links::insert(&mut change.tx, &link.record)?;
    // A company's first person was not invited by the company: the email names none.
    let inviter = (its_company == ItsCompany::Exists).then_some(company.name.as_str());
    change.send(activation_letter(app, &user, &link.token, ActivationReason::NewAccount, inviter)?);
    Ok(user)
}

/// Adds to `change` a new activation link for `user` (the record as read), emailed to their
/// address after `edit` (a new address gets it): any earlier link stops working, every session
/// ends, and the user is `pending_activation` until they follow it. `company` is the admin's
/// company when an admin asked (the email names it). Past the address's hourly emails, the
/// change is refused with `rate_limited` (scope `Recipient`).
pub fn add_reactivation(
    app: &App,
    change: &mut Change,
    user: &UserRecord,
    reason: ActivationReason,
    edit: ProfileEdit,
    company: Option<&Company>,
) -> AppResult<UserUpdate> {
    let link = NewLink::activation(&user.company_id, &user.id, app.config.activation_ttl_seconds, app.now())?;
    let update = user.reactivate(link.record.hash.clone(), edit);
    limits::count(&mut change.tx, &recipient_limit(app, &update.after().email), app.now().unix_timestamp());
    links::void_current(&mut change.tx, user);
    links::insert(&mut change.tx, &link.record)?;
    table::save_user(&mut change.tx, &update, UserRefusals { email_taken: AppError::EmailTaken, last_admin: AppError::LastAdmin })?;
    change.send(activation_letter(app, update.after(), &link.token, reason, company.map(|c| c.name.as_str()))?);
    Ok(update)
}

fn activation_letter(
    app: &App,
    user: &UserRecord,
    token: &str,
    reason: ActivationReason,
    company: Option<&str>,
) -> AppResult<crate::mail::Letter> {
    emails::activation(&app.mailer, &user.email, &user.name, token, reason, app.config.activation_ttl_seconds / 3600, company)
}
