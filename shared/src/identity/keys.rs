//! Key shapes of the identity slice. `docs/data-model.md` lists the access pattern behind each.

use crate::db::Key;
use crate::ids::{CompanyId, SessionId, SubscriptionId, UserId};

/// The partition every record of a company lives in.
pub fn company_partition(company: &CompanyId) -> String {
    format!("COMPANY#{company}")
}

pub fn company(company: &CompanyId) -> Key {
    Key::new(company_partition(company), "META")
}

/// GSI1 partition of every company's META item, sorted by company id (creation order): the
/// operator's company list.
pub const COMPANIES: &str = "COMPANIES";

/// How many active companies carry a CUIT (by its eleven digits): duplicates are flagged on the
/// operator's list, never refused.
pub fn tax_id_count(digits: &str) -> Key {
    Key::new(format!("TAXID#{digits}"), "COUNT")
}

pub const USER_PREFIX: &str = "USER#";

pub fn user(company: &CompanyId, user: &UserId) -> Key {
    Key::new(company_partition(company), format!("{USER_PREFIX}{user}"))
}

/// The licence of `user` in `subscription`: the licensing slice owns it; identity keeps the copy
/// of its holder's name, email and status current with every change of the user.
pub fn licence(company: &CompanyId, subscription: &SubscriptionId, user: &UserId) -> Key {
    Key::new(company_partition(company), format!("LICENCE#{subscription}#{user}"))
}

pub fn claim(email: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), "CLAIM")
}

/// The failure counter of an email across every IP.
pub fn throttle(email: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), "THROTTLE")
}

/// The failure counter of an email from one IP.
pub fn throttle_from(email: &str, ip: &crate::domain::ClientIp) -> Key {
    Key::new(format!("EMAIL#{email}"), format!("THROTTLE#{ip}"))
}

pub fn session(session: &SessionId) -> Key {
    Key::new(format!("SESSION#{session}"), "SESSION")
}

pub fn refresh(hash: &str) -> Key {
    Key::new(format!("REFRESH#{hash}"), "REFRESH")
}

pub fn link(hash: &str) -> Key {
    Key::new(format!("TOKEN#{hash}"), "TOKEN")
}

/// GSI1 partition of activation links, sorted by expiry, for the scheduled sweep.
pub const ACTIVATION_EXPIRY: &str = "LINKEXP#activation";

/// Sort key of the expiry index: zero-padded Unix seconds, so text order is time order.
pub fn expiry_sort_key(expires_at: i64, hash: &str) -> String {
    format!("{expires_at:012}#{hash}")
}
