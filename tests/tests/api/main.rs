//! Integration tests against the real local stack: each test has its own DynamoDB Local table and
//! reads its emails from the SES emulator. One binary, so the workspace links once.

mod abuse;
mod audit;
mod backoffice;
mod billing;
mod catalog;
mod checkout;
mod company;
mod delegated;
mod edge;
mod endpoints;
mod events;
mod expiry;
mod first_content;
mod help;
mod hostile;
mod identity;
mod kit;
mod licences;
mod manage_by_user;
mod media;
mod observability;
mod operator;
mod origin;
mod outbox;
mod reminders;
mod route_roles;
mod sales;
mod seats;
mod sessions;
mod staff;
mod terminations;
mod throttle;
mod users;
mod vendors;
