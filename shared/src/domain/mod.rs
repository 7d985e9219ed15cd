//! Values every slice shares, parsed once at the edge and trusted everywhere after: money, email
//! addresses, names, passwords. Pure: no AWS types, no I/O.

pub mod email;
pub mod money;
pub mod names;
pub mod password;
pub mod search;

pub use email::Email;
pub use money::Money;
pub use names::{CompanyName, PersonName, TaxId};
pub use password::Password;
pub use search::SearchTerms;

/// A time in the contract's format (RFC 3339, UTC).
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
