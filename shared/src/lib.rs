//! Cloud Store's shared library: everything a function needs besides its own routes.
//!
//! The layers, from the edge inwards: [`http`] turns requests into domain types and errors into
//! problem+json; [`domain`] holds the pure types and rules; [`auth`] hashes passwords and signs
//! tokens; [`store`] maps the domain onto the single DynamoDB table, where every invariant is a
//! condition; [`mail`] renders and sends the Spanish emails through SES v2. [`app`] wires them
//! together once per cold start.

pub mod app;
pub mod approvals;
pub mod auth;
pub mod checkout;
pub mod config;
pub mod domain;
pub mod error;
pub mod flows;
pub mod http;
pub mod mail;
pub mod store;

pub use app::{App, AppState};
pub use error::{AppError, FieldError};
