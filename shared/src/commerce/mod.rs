//! Commerce: carts priced against the catalog and coupons (quotes), orders placed once per
//! `Idempotency-Key`, the subscriptions they create, their seats (each change a dated seat event),
//! the companies' spend limits, and billing by seat-days (`billing`: the records, the rule, the
//! customer's statement).

pub mod billing;
pub mod cart;
pub mod checkout;
pub mod emails;
pub mod keys;
pub mod order;
pub mod orders;
pub mod pricing;
pub mod purchase;
pub mod seats;
pub mod spend;
pub mod subscription;
pub mod subscription_table;
pub mod subscriptions;
pub mod table;

pub use cart::{Cart, CartRequest};
pub use checkout::{place_order, quote};
pub use order::{Order, OrderStatus, OrderView};
pub use pricing::Quote;
pub use subscription::{Subscription, SubscriptionStatus, SubscriptionView};
