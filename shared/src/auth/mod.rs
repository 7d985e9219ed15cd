//! Secrets: password hashing, access-token signing, and the random tokens behind emailed links
//! and refresh tokens.

pub mod jwt;
pub mod passwords;
pub mod tokens;

pub use jwt::{AccessClaims, JwtKeys, KeySet, TokenSettings};
pub use tokens::SecretToken;
