//! The email outbox. A use case never calls SES: each email it sends is written as an outbox item
//! in the same transaction as the change that causes it (`crate::change::Change`), so an email
//! goes out if and only if its change was stored, and no request waits on SES (public routes answer
//! in the same time whether or not they emailed anyone).
//!
//! The `send-email` function delivers them ([`sender`]): DynamoDB Streams hand it each new outbox
//! item (in AWS; the local stack polls the stream of DynamoDB Local and calls the same code), it
//! takes a lease on the item, skips an address SES reported as bouncing or complaining
//! (`feedback`), sends, and marks the item sent. Delivery is at least once: a failure is retried
//! (the stream's retries, then a sweep of what is still pending), and an email goes out twice only
//! if SES took it but its answer was lost.
//!
//! Items: `OUTBOX#<ulid> / OUTBOX`, indexed under `OUTBOX#pending` (GSI1, by creation time) until
//! they are done; TTL 14 days. The body, with whatever link it carries, is removed once sent.

pub(crate) mod feedback;
mod handler;
mod item;
pub mod sender;

pub use handler::{handle, Answer};
pub use item::{enqueue, key, OutboxItem, State, PENDING, PREFIX};
