//! The DynamoDB adapter. One table (single-table design, see `docs/data-model.md`); every invariant
//! is a `ConditionExpression` or a `TransactWriteItems`, and a failed condition becomes a domain
//! error here, so handlers never see an SDK type.

mod admin;
pub mod catalog;
mod items;
pub mod keys;
mod licences;
mod links;
mod operator;
pub mod orders;
mod pages;
mod sessions;
pub mod spend;
mod subscriptions;
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
pub use throttle::{Attempt, Throttle};

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

    /// One eventually consistent read of a key that never exists (half a read unit), so the TLS
    /// connection and credentials are ready before the first request. Bounded to 2 seconds, and a
    /// failure is only logged: the first request will connect again.
    pub async fn warm_up(&self) {
        let read = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", aws_sdk_dynamodb::types::AttributeValue::S("WARMUP".into()))
            .key("SK", aws_sdk_dynamodb::types::AttributeValue::S("WARMUP".into()))
            .projection_expression("PK")
            .send();
        match tokio::time::timeout(std::time::Duration::from_secs(2), read).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %aws_sdk_dynamodb::error::DisplayErrorContext(&e), "warm-up read failed"),
            Err(_) => tracing::warn!("warm-up read timed out"),
        }
    }
}
