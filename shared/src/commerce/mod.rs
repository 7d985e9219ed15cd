//! Commerce: carts priced against the catalog and coupons (quotes), orders placed once per
//! `Idempotency-Key`, the subscriptions they create, their seats, and the companies' spend limits.

pub mod cart;
pub mod checkout;
pub mod emails;
pub mod keys;
pub mod order;
pub mod orders;
pub mod pricing;
pub mod spend;
pub mod subscription;
pub mod subscriptions;
pub mod table;

pub use cart::{Cart, CartRequest};
pub use checkout::{place_order, quote};
pub use order::{Order, OrderStatus, OrderView};
pub use pricing::Quote;
pub use subscription::{Subscription, SubscriptionStatus, SubscriptionView};
