//! The DynamoDB plumbing every slice's table access is written with: the table handle ([`Db`]),
//! keys and item mapping (each [`Record`] naming its [`Entity`]), conditional expressions
//! ([`Expr`]), paged queries ([`Query`]), batched reads, and transactions whose conditions name
//! the refusal they stand for ([`Tx`]). No SDK type leaves this module but through these, and no
//! slice talks to the SDK directly.

mod client;
mod entity;
mod expr;
mod item;
mod query;
mod tx;
mod write;

pub use client::{read_if, Db};
pub use entity::{Entity, Record, StoredStr};
pub use expr::{attr, Expr, ToAttr};
pub use item::{from_item, sort_key, to_item, with_index, with_search, with_ttl, Item, Key};
pub use query::{Page, PageRequest, Query};
pub use tx::{Step, Tx};
