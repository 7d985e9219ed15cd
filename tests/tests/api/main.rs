//! Integration tests against the real local stack: each test has its own DynamoDB Local table and
//! reads its emails from the SES emulator. One binary, so the workspace links once.

mod abuse;
mod catalog;
mod checkout;
mod delegated;
mod edge;
mod events;
mod expiry;
mod hostile;
mod identity;
mod licences;
mod observability;
mod operator;
mod outbox;
mod sessions;
mod throttle;
mod users;
