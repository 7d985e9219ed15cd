//! Integration tests against the real local stack: each test has its own DynamoDB Local table and
//! reads its emails from the SES emulator. One binary, so the workspace links once.

mod catalog;
mod checkout;
mod delegated;
mod edge;
mod events;
mod expiry;
mod help;
mod identity;
mod licences;
mod manage_by_user;
mod media;
mod observability;
mod operator;
mod reminders;
mod sessions;
mod throttle;
mod users;
