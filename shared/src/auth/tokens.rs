//! Random bearer secrets: activation and reset links, refresh tokens. 256 bits from the OS CSPRNG,
//! URL-safe base64; only their SHA-256 is ever stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// A freshly generated secret and the hash the store keeps.
pub struct SecretToken {
    /// Goes to the person (in a link or a response) and nowhere else.
    pub plain: String,
    pub hash: String,
}

impl SecretToken {
    /// 32 random bytes from the operating system.
    pub fn generate() -> Result<Self, crate::AppError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| crate::AppError::internal(e.to_string()))?;
        let plain = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash_token(&plain);
        Ok(SecretToken { plain, hash })
    }
}

/// The stored form of a presented token.
pub fn hash_token(plain: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(plain.as_bytes()))
}

/// Whether a presented token has the shape of ours (so junk never reaches the table).
pub fn is_well_formed(plain: &str) -> bool {
    plain.len() == 43 && plain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_unique_and_hashed() {
        let a = SecretToken::generate().unwrap();
        let b = SecretToken::generate().unwrap();
        assert_ne!(a.plain, b.plain);
        assert!(is_well_formed(&a.plain));
        assert_eq!(hash_token(&a.plain), a.hash);
        assert_ne!(a.plain, a.hash);
    }
}
