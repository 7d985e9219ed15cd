//! The DynamoDB adapter. One table (single-table design, see `docs/data-model.md`); every invariant
//! is a `ConditionExpression` or a `TransactWriteItems`, and a failed condition becomes a domain
//! error here, so handlers never see an SDK type.

mod admin;
pub mod catalog;
mod items;
mod licences;
pub mod keys;
mod links;
mod operator;
pub mod orders;
mod pages;
mod subscriptions;
mod sessions;
pub mod spend;
mod sweep;
mod terminations;
mod throttle;
mod users;

pub use admin::UserChange;
pub use items::Item;
pub use licences::{Assignment, Licence, RELEASE_CHUNK};
pub use links::{LinkKind, LinkToken};
pub use pages::Page;
pub use sessions::{NewSession, RefreshOutcome, SessionRecord};
pub use terminations::{TerminationRequest, TERMINATIONS};
pub use throttle::Throttle;

use aws_sdk_dynamodb::Client;

/// A handle on the table, cheap to clone; built once per cold start.
#[derive(Clone)]
pub struct Store {
    client: Client,
    table: String,
}

impl Store {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Store { client, table: table.into() }
    }
}
