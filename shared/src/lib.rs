//! Cloud Store's shared library: one slice per capability, each holding its use cases (the only
//! code that touches the table and the mailer together), its records and their transitions, its
//! table access with its keys, its emails and its views. Function crates parse a request, call one
//! use case and answer its view. `docs/architecture.md` draws the slices and their dependencies.
//!
//! Slices, from the bottom up: [`identity`], [`audit`], `directory`, [`catalog`], [`commerce`],
//! [`licensing`], [`people`], [`delegation`], [`terminations`], [`operator`], [`sales`],
//! [`reminders`]; beside them the help centre, [`help`]; at the top, with feature `first-content`, a new
//! stack's first content (`setup`: the first operator, the help articles, the demo catalog). Beneath them: [`db`] (the table), `mail`
//! (email layouts, SES), [`outbox`] (emails written with their change, sent from the table's
//! stream), `limits` (hourly rate limits), [`auth`] (hashes, tokens), [`domain`] (shared values),
//! [`http`] (the edge), [`observe`] (request ids, logs, metrics) and [`app`] (what a cold start
//! builds); [`routes`] declares every route of the API once.

pub mod app;
pub mod audit;
pub mod auth;
pub mod aws;
pub mod catalog;
pub(crate) mod change;
pub mod commerce;
pub mod config;
pub mod db;
pub mod delegation;
pub(crate) mod directory;
pub mod domain;
pub(crate) mod error;
pub mod help;
pub mod http;
pub mod identity;
pub mod ids;
pub mod licensing;
pub(crate) mod limits;
pub(crate) mod mail;
#[cfg(feature = "media")]
pub mod media;
pub mod observe;
pub mod operator;
pub mod outbox;
pub mod people;
pub mod reminders;
pub mod routes;
pub mod sales;
#[cfg(feature = "first-content")]
pub mod setup;
pub mod terminations;
pub mod vendors;
pub mod views;
#[cfg(feature = "webhooks")]
pub mod webhooks;

pub use app::{App, AppState, Needs};
pub use error::{AppError, AppResult, FieldError};
