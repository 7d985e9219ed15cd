//! Values every slice shares, parsed once at the edge and trusted everywhere after: money, email
//! addresses, names, passwords, the caller's IP. Pure: no AWS types, no I/O.

pub(crate) mod email;
pub(crate) mod ip;
pub(crate) mod money;
pub(crate) mod month;
pub(crate) mod names;
pub(crate) mod password;
pub mod search;

pub use email::Email;
pub use ip::ClientIp;
pub use money::Money;
pub use month::Month;
pub use names::{company_search_text, fold, search_query, tax_id_digits, CompanyName, PersonName, TaxId};
pub use password::Password;
pub use search::SearchTerms;

/// A time in the contract's format (RFC 3339, UTC).
pub(crate) fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
