//! Endpoint secrets at rest. HMAC signing needs the secret itself, so it can't be hashed like a
//! password; it is sealed instead (AES-256-GCM, `ring`) under a key only the vendor console and the
//! deliverer hold, with the endpoint's own name as associated data, so a sealed secret copied onto
//! another endpoint doesn't open. A sealed value is `k1:` and the base64 of nonce and ciphertext;
//! the prefix names the key, so a second key can come without rewriting every endpoint at once.

use crate::error::{AppError, AppResult};
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::hkdf;

const KEY_ID: &str = "k1";
const SALT: &[u8] = b"cloudstore webhook endpoint secrets";

/// The sealing key, derived (HKDF-SHA256) from a configured string of at least 32 characters.
pub struct SecretBox {
    key: LessSafeKey,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    /// The box for `material` (`WEBHOOK_SECRET_KEY` locally, the `WebhookKeys` secret in AWS).
    pub fn new(material: &str) -> Result<SecretBox, &'static str> {
        if material.len() < 32 {
            return Err("the webhook secrets' key must be at least 32 characters");
        }
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, SALT).extract(material.as_bytes());
        let mut bytes = [0u8; 32];
        prk.expand(&[KEY_ID.as_bytes()], &AES_256_GCM)
            .and_then(|okm| okm.fill(&mut bytes))
            .map_err(|_| "deriving the webhook secrets' key")?;
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| "the webhook secrets' key")?;
        Ok(SecretBox { key: LessSafeKey::new(key) })
    }

    /// `secret` sealed for the endpoint named `aad`.
    pub fn seal(&self, secret: &str, aad: &str) -> AppResult<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| AppError::internal_at("drawing a nonce", e.to_string()))?;
        let mut sealed = secret.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad.as_bytes()), &mut sealed)
            .map_err(|_| AppError::internal("sealing a webhook secret"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{KEY_ID}:{}", base64::engine::general_purpose::STANDARD.encode(out)))
    }

    /// The secret in `sealed`, if it was sealed by this key for the endpoint named `aad`.
    pub fn open(&self, sealed: &str, aad: &str) -> AppResult<String> {
        let broken = || AppError::internal("a webhook secret that doesn't open (another key or another endpoint)");
        let encoded = sealed.strip_prefix(KEY_ID).and_then(|rest| rest.strip_prefix(':')).ok_or_else(broken)?;
        let mut bytes = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| broken())?;
        if bytes.len() < NONCE_LEN {
            return Err(broken());
        }
        let mut body = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| broken())?;
        let plain = self.key.open_in_place(nonce, Aad::from(aad.as_bytes()), &mut body).map_err(|_| broken())?;
        String::from_utf8(plain.to_vec()).map_err(|_| broken())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_for_its_endpoint() {
        let sealer = SecretBox::new(&"a".repeat(40)).unwrap();
        let sealed = sealer.seal("whsec_c2VjcmV0", "v1/e1").unwrap();
        assert!(sealed.starts_with("k1:"));
        assert!(!sealed.contains("whsec_"));
        assert_eq!(sealer.open(&sealed, "v1/e1").unwrap(), "whsec_c2VjcmV0");
        assert!(sealer.open(&sealed, "v1/e2").is_err(), "another endpoint's name");
        assert!(SecretBox::new(&"b".repeat(40)).unwrap().open(&sealed, "v1/e1").is_err(), "another key");
        assert_ne!(sealer.seal("whsec_c2VjcmV0", "v1/e1").unwrap(), sealed, "a fresh nonce each time");
        assert!(SecretBox::new("short").is_err());
    }
}
