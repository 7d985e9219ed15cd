//! Commerce: carts priced against the catalog and coupons (quotes), orders placed once per
//! `Idempotency-Key`, the subscriptions they create, their seats (each change a dated seat event),
//! the companies' spend limits, and billing by seat-days (`billing`: the records, the rule, the
//! customer's statement).

pub mod billing;
pub(crate) mod cart;
pub(crate) mod checkout;
pub(crate) mod emails;
pub(crate) mod keys;
pub(crate) mod order;
pub mod orders;
pub(crate) mod pricing;
pub(crate) mod purchase;
pub(crate) mod seats;
pub(crate) mod spend;
pub mod subscription;
pub(crate) mod subscription_table;
pub mod subscriptions;
pub(crate) mod table;

pub use cart::{Cart, CartRequest};
pub use checkout::{place_order, quote};
pub use order::{Order, OrderStatus, OrderView};
pub use pricing::Quote;
pub use subscription::{Subscription, SubscriptionStatus, SubscriptionView};

/// Every subscription of a company, whatever its status, read straight from the table (tests).
#[cfg(feature = "tooling")]
pub async fn all_subscriptions_of(db: &crate::db::Db, company: &crate::ids::CompanyId) -> crate::AppResult<Vec<Subscription>> {
    table::all_subscriptions(db, company).await
}
