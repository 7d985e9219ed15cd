//! Pure domain types and rules: parsed once at the edge, trusted everywhere after. No AWS types here.

pub mod audit;
pub mod company;
pub mod email;
pub mod ids;
pub mod names;
pub mod password;
pub mod user;

pub use audit::AuditEntry;
pub use company::Company;
pub use email::Email;
pub use names::{CompanyName, PersonName, TaxId};
pub use password::Password;
pub use user::{Role, User, UserRecord, UserStatus};
