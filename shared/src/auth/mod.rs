//! Secrets: password hashing, and the random tokens behind emailed links and refresh tokens.
//! (Access tokens are the identity slice's: `identity::jwt`.)

pub mod passwords;
pub(crate) mod tokens;

pub use tokens::SecretToken;
