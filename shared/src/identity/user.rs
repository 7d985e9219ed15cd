//! Users as stored, and the transitions of a user's life cycle. A transition is the only way to
//! change a user: it returns a [`UserUpdate`] that carries the record as read and the record to
//! write, with its `version` moved on (every write is conditioned on the version read) and its
//! `session_epoch` moved on whenever every session of the user must end.

use super::records::{EmailClaim, Role, UserStatus};
use crate::db::{Entity, Record};
use crate::ids::{CompanyId, ProductId, SubscriptionId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Most licences one user may hold (one user's deletion releases them all in one transaction).
pub const MAX_LICENCES_PER_USER: usize = 40;

/// A user as stored under their company.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub company_id: CompanyId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    /// Argon2id PHC string; absent until the first activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    /// Moved whenever every session of the user must end (re-activation, reset, demotion).
    pub session_epoch: u64,
    /// Optimistic-concurrency version: every write is conditioned on the version it read.
    pub version: u64,
    /// Hash of the activation link currently valid for this user, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_token: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The subscriptions the user holds a licence of, with their products.
    #[serde(default)]
    pub licences: BTreeMap<SubscriptionId, ProductId>,
    /// When (Unix milliseconds) the user last chose a password from an emailed link: every login
    /// lock on their email from before then is void (see `super::throttle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locks_cleared_at_ms: Option<i64>,
}

impl Record for UserRecord {
    const ENTITY: Entity = Entity::User;
}

/// A change of one user: the record as read (the write is conditioned on its version) and the
/// record to store. Only the transitions below make one.
#[derive(Debug, Clone)]
pub struct UserUpdate {
    before: UserRecord,
    after: UserRecord,
}

impl UserUpdate {
    fn new(before: &UserRecord, change: impl FnOnce(&mut UserRecord)) -> UserUpdate {
        let mut after = before.clone();
        change(&mut after);
        after.version = before.version + 1;
        UserUpdate { before: before.clone(), after }
    }

    pub fn before(&self) -> &UserRecord {
        &self.before
    }

    pub fn after(&self) -> &UserRecord {
        &self.after
    }

    pub fn into_after(self) -> UserRecord {
        self.after
    }
}

/// What an admin may change of a user.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
}

impl UserRecord {
    /// A new user `id` waiting for activation through the link whose hash is `link_hash`.
    pub fn pending(
        id: UserId,
        company_id: &CompanyId,
        email: String,
        name: String,
        role: Role,
        link_hash: String,
        now: OffsetDateTime,
    ) -> Self {
        UserRecord {
            id,
            company_id: company_id.clone(),
            email,
            name,
            role,
            status: UserStatus::PendingActivation,
            password_hash: None,
            session_epoch: 0,
            version: 1,
            activation_token: Some(link_hash),
            created_at: now,
            licences: BTreeMap::new(),
            locks_cleared_at_ms: None,
        }
    }

    /// An active staff account with a known password (local seeding).
    pub fn active(company_id: &CompanyId, email: &str, name: &str, role: Role, password_hash: String, now: OffsetDateTime) -> Self {
        UserRecord {
            status: UserStatus::Active,
            password_hash: Some(password_hash),
            activation_token: None,
            ..UserRecord::pending(UserId::new(), company_id, email.into(), name.into(), role, String::new(), now)
        }
    }

    /// Needs a new activation link (new email, an admin's password-change request, a reset asked
    /// before activating): `pending_activation` with that link, every session ended. `edit` may
    /// also change the name, role or email (the link then goes to the new address).
    pub fn reactivate(&self, link_hash: String, edit: ProfileEdit) -> UserUpdate {
        UserUpdate::new(self, |u| {
            u.apply(edit);
            u.status = UserStatus::PendingActivation;
            u.activation_token = Some(link_hash);
            u.session_epoch += 1;
        })
    }

    /// A new name or role (never an email: that needs [`UserRecord::reactivate`]). A demoted
    /// admin's sessions end, since their tokens say "admin".
    pub fn edit(&self, edit: ProfileEdit) -> UserUpdate {
        let demoted = self.role == Role::Admin && edit.role.is_some_and(|r| r != Role::Admin);
        UserUpdate::new(self, |u| {
            u.apply(ProfileEdit { email: None, ..edit });
            if demoted {
                u.session_epoch += 1;
            }
        })
    }

    fn apply(&mut self, edit: ProfileEdit) {
        if let Some(name) = edit.name {
            self.name = name;
        }
        if let Some(email) = edit.email {
            self.email = email;
        }
        if let Some(role) = edit.role {
            self.role = role;
        }
    }

    /// Followed a link and chose a password at `now`: `active`, every earlier session ended,
    /// every login lock on the email void (the link proved the mailbox); an activation link is
    /// spent.
    pub fn activate(&self, password_hash: String, spends_activation: bool, now: OffsetDateTime) -> UserUpdate {
        UserUpdate::new(self, |u| {
            u.status = UserStatus::Active;
            u.password_hash = Some(password_hash);
            u.session_epoch += 1;
            u.locks_cleared_at_ms = Some((now.unix_timestamp_nanos() / 1_000_000) as i64);
            if spends_activation {
                u.activation_token = None;
            }
        })
    }

    /// Chose a new password while signed in: every other session ends.
    pub fn change_password(&self, password_hash: String) -> UserUpdate {
        UserUpdate::new(self, |u| {
            u.password_hash = Some(password_hash);
            u.session_epoch += 1;
        })
    }

    /// The activation link expired unused.
    pub fn expire_activation(&self) -> UserUpdate {
        UserUpdate::new(self, |u| {
            u.status = UserStatus::ActivationExpired;
            u.activation_token = None;
        })
    }

    /// Signed out for good (the account was terminated); an unused link must not outlive it.
    pub fn disable(&self) -> UserUpdate {
        UserUpdate::new(self, |u| {
            u.status = UserStatus::Disabled;
            u.activation_token = None;
            u.session_epoch += 1;
        })
    }

    /// Back from `disabled`, with the password they had (a person who never chose one needs
    /// [`UserRecord::reactivate`] instead). Their old sessions stay ended.
    pub fn enable(&self) -> UserUpdate {
        UserUpdate::new(self, |u| u.status = UserStatus::Active)
    }

    /// Whether the user may still follow an activation link (a disabled one may not).
    pub fn awaits_activation(&self) -> bool {
        matches!(self.status, UserStatus::PendingActivation | UserStatus::ActivationExpired)
    }
}

/// The email claim written beside the user: what a login reads by email.
impl From<&UserRecord> for EmailClaim {
    fn from(u: &UserRecord) -> Self {
        EmailClaim {
            id: u.id.clone(),
            company_id: u.company_id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            status: u.status,
            password_hash: u.password_hash.clone(),
            session_epoch: u.session_epoch,
            created_at: u.created_at,
            locks_cleared_at_ms: u.locks_cleared_at_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> UserRecord {
        UserRecord::pending(
            UserId::new(),
            &CompanyId::new(),
            "a@b.test".into(),
            "Ana".into(),
            Role::Admin,
            "h".into(),
            OffsetDateTime::now_utc(),
        )
    }

    #[test]
    fn every_transition_moves_the_version_once() {
        let u = user();
        for update in [
            u.reactivate("x".into(), ProfileEdit::default()),
            u.edit(ProfileEdit { name: Some("B".into()), ..ProfileEdit::default() }),
            u.activate("hash".into(), true, OffsetDateTime::now_utc()),
            u.change_password("hash".into()),
            u.expire_activation(),
            u.disable(),
            u.enable(),
        ] {
            assert_eq!(update.after().version, u.version + 1);
            assert_eq!(update.before(), &u);
        }
    }

    #[test]
    fn sessions_end_when_they_must_and_only_then() {
        let u = user();
        let epoch = u.session_epoch;
        assert_eq!(u.activate("h".into(), true, OffsetDateTime::now_utc()).after().session_epoch, epoch + 1);
        assert_eq!(u.disable().after().session_epoch, epoch + 1);
        assert_eq!(u.reactivate("x".into(), ProfileEdit::default()).after().session_epoch, epoch + 1);
        assert_eq!(u.edit(ProfileEdit { role: Some(Role::User), ..Default::default() }).after().session_epoch, epoch + 1);
        assert_eq!(u.edit(ProfileEdit { name: Some("B".into()), ..Default::default() }).after().session_epoch, epoch);
        assert_eq!(u.expire_activation().after().session_epoch, epoch);
        let disabled = u.disable().into_after();
        assert_eq!(disabled.enable().after().session_epoch, disabled.session_epoch, "old sessions stay ended");
    }

    #[test]
    fn an_edit_never_changes_the_email() {
        let u = user();
        let edited = u.edit(ProfileEdit { email: Some("x@y.test".into()), ..Default::default() });
        assert_eq!(edited.after().email, "a@b.test");
    }
}
