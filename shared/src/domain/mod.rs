//! Pure domain types and rules: parsed once at the edge, trusted everywhere after. No AWS types here.

pub mod audit;
pub mod billing;
pub mod company;
pub mod coupon;
pub mod email;
pub mod ids;
pub mod money;
pub mod names;
pub mod order;
pub mod password;
pub mod pricing;
pub mod product;
pub mod user;

pub use audit::AuditEntry;
pub use company::Company;
pub use coupon::Coupon;
pub use email::Email;
pub use money::Money;
pub use names::{CompanyName, PersonName, TaxId};
pub use order::{Order, OrderStatus, Subscription, SubscriptionStatus};
pub use password::Password;
pub use product::{Plan, Product};
pub use user::{Role, User, UserRecord, UserStatus};

/// A time in the contract's format (RFC 3339, UTC).
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
