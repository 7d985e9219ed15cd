//! Argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1). Hashing is CPU-bound, so it runs
//! on the blocking pool and never stalls the async runtime.

use crate::domain::Password;
use crate::error::AppError;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

fn argon2() -> Argon2<'static> {
    // The parameters are constants; `Params::new` only fails on out-of-range values.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody knows, with the same parameters: logins for unknown emails verify
/// against it, so they take as long as logins with a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$2Fz5yq8xOf2kPT5Mw9Qm7g$9mG5VYtqX8m8F4y8kCk3xVnQy7Bw1YpBqQd0XkM1sQk";

/// Hashes a new password into a PHC string.
pub(crate) async fn hash_password(password: &Password) -> Result<String, AppError> {
    let secret = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&secret)).await.map_err(|e| AppError::internal_at("hashing a password", e))?
}

/// `hash_password` on the calling thread (the benchmark times exactly this).
pub fn hash_blocking(secret: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::internal_at("drawing a password salt", e.to_string()))?;
    argon2()
        .hash_password_with_salt(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal_at("hashing a password (argon2)", e.to_string()))
}

/// Whether `candidate` matches the PHC string `stored`, on the calling thread.
pub fn verify_blocking(stored: &str, candidate: &str) -> Result<bool, AppError> {
    let parsed = PasswordHash::new(stored).map_err(|e| AppError::internal_at("reading a stored password hash", e.to_string()))?;
    Ok(argon2().verify_password(candidate.as_bytes(), &parsed).is_ok())
}

/// Checks a candidate against a stored hash; with `None` it checks against the dummy hash and
/// answers `false`, taking the same time.
pub(crate) async fn verify_password(stored: Option<&str>, candidate: &str) -> Result<bool, AppError> {
    let known = stored.is_some();
    let hash = stored.unwrap_or(DUMMY_HASH).to_owned();
    let candidate = candidate.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_blocking(&hash, &candidate))
        .await
        .map_err(|e| AppError::internal_at("verifying a password", e))??;
    Ok(ok && known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let pw = Password::parse("horse-battery-staple", "password").unwrap();
        let hash = hash_password(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(Some(&hash), "horse-battery-staple").await.unwrap());
        assert!(!verify_password(Some(&hash), "horse-battery-stable").await.unwrap());
    }

    #[tokio::test]
    async fn the_dummy_hash_never_verifies() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password(None, "anything-at-all").await.unwrap());
    }
}
