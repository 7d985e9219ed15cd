//! Random bearer secrets: activation and reset links, refresh tokens. 256 bits from the OS CSPRNG,
//! URL-safe base64; only their SHA-256 is ever stored.
//!
//! A token may start with the ids of the records it opens (26-character ULIDs): a link carries its
//! company and user, a refresh token its session, company and user. They are not secret, and they
//! let the store read the token's record together with what it opens in one round trip; the hash
//! still covers the whole token, so a token with someone else's ids matches nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Characters of the random part (32 bytes of base64url without padding).
const SECRET_LEN: usize = 43;
/// Characters of one id (a ULID).
const ID_LEN: usize = 26;

/// A freshly generated secret and the hash the store keeps.
pub struct SecretToken {
    /// Goes to the person (in a link or a response) and nowhere else.
    pub plain: String,
    pub hash: String,
}

impl SecretToken {
    /// 32 random bytes from the operating system, after the given ids.
    pub fn generate(ids: &[&str]) -> Result<Self, crate::AppError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| crate::AppError::internal_at("drawing a random token", e.to_string()))?;
        let mut plain: String = ids.concat();
        plain.push_str(&URL_SAFE_NO_PAD.encode(bytes));
        let hash = hash_token(&plain);
        Ok(SecretToken { plain, hash })
    }
}

/// The stored form of a presented token.
pub fn hash_token(plain: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(plain.as_bytes()))
}

/// The ids a presented token starts with, when it has the shape of one of ours with `count` ids
/// (so junk never reaches the table).
pub fn leading_ids(plain: &str, count: usize) -> Option<Vec<&str>> {
    let shaped = plain.len() == count * ID_LEN + SECRET_LEN && plain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !shaped {
        return None;
    }
    let ids: Vec<&str> = (0..count).map(|i| &plain[i * ID_LEN..(i + 1) * ID_LEN]).collect();
    ids.iter().all(|id| id.parse::<ulid::Ulid>().is_ok_and(|u| u.to_string() == *id)).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_unique_and_hashed() {
        let (a_id, b_id) = (ulid::Ulid::new().to_string(), ulid::Ulid::new().to_string());
        let a = SecretToken::generate(&[&a_id, &b_id]).unwrap();
        let b = SecretToken::generate(&[&a_id, &b_id]).unwrap();
        assert_ne!(a.plain, b.plain);
        assert_eq!(leading_ids(&a.plain, 2), Some(vec![a_id.as_str(), b_id.as_str()]));
        assert_eq!(hash_token(&a.plain), a.hash);
        assert_ne!(a.plain, a.hash);
        assert!(a.plain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn malformed_tokens_open_nothing() {
        let id = ulid::Ulid::new().to_string();
        let good = SecretToken::generate(&[&id]).unwrap().plain;
        assert!(leading_ids(&good, 2).is_none());
        assert!(leading_ids(&good[1..], 1).is_none());
        assert!(leading_ids(&good.replace(&id, &id.to_lowercase()), 1).is_none());
        assert!(leading_ids(&format!("{}!{}", &good[..26], &good[27..]), 1).is_none());
    }
}
