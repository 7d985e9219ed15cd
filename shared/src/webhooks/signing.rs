//! Endpoint secrets and signatures. A secret is `whsec_` and the base64 of 32 random bytes, shown
//! to the vendor once. An attempt's `webhook-signature` is one `v1,<base64 HMAC-SHA256>` of
//! `{id}.{timestamp}.{body}` per secret that signs (the current one, and for a day after a
//! rotation the previous one), separated by a space; the signing itself is the Standard Webhooks
//! library's.

use crate::error::{AppError, AppResult};
use base64::Engine;

/// How every endpoint secret starts.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new endpoint secret: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal_at("drawing a webhook secret", e.to_string()))?;
    Ok(format!("{SECRET_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// The `webhook-signature` header of one attempt of event `id` at `timestamp` (Unix seconds):
/// one signature per secret, in the order given (the current secret first).
pub fn signature(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> AppResult<String> {
    let mut signatures = Vec::with_capacity(secrets.len());
    for secret in secrets {
        let signer = standardwebhooks::Webhook::new(secret).map_err(|e| AppError::internal_at("reading a webhook secret", e))?;
        signatures.push(signer.sign(id, timestamp, body).map_err(|e| AppError::internal_at("signing a webhook", e))?);
    }
    Ok(signatures.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use standardwebhooks::Webhook;

    fn headers(id: &str, timestamp: i64, signature: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert("webhook-id", id.parse().unwrap());
        headers.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
        headers.insert("webhook-signature", signature.parse().unwrap());
        headers
    }

    #[test]
    fn the_signature_is_the_specifications_example() {
        let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        let body = br#"{"email":"test@example.com","username":"test_user"}"#;
        let signed = signature(&[secret], "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553, body).unwrap();
        assert_eq!(signed, "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");
    }

    #[test]
    fn a_secret_is_32_random_bytes_after_its_prefix() {
        let (one, two) = (new_secret().unwrap(), new_secret().unwrap());
        assert_ne!(one, two);
        for secret in [&one, &two] {
            let encoded = secret.strip_prefix(SECRET_PREFIX).expect("the whsec_ prefix");
            assert_eq!(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap().len(), 32);
        }
    }

    #[test]
    fn during_a_rotation_either_secret_verifies_and_a_third_does_not() {
        let (current, previous, other) = (new_secret().unwrap(), new_secret().unwrap(), new_secret().unwrap());
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let body = br#"{"id":"evt_1","type":"ping"}"#;
        let signed = signature(&[&current, &previous], "evt_1", now, body).unwrap();
        assert_eq!(signed.split(' ').count(), 2, "{signed}");
        for secret in [&current, &previous] {
            Webhook::new(secret).unwrap().verify(body, &headers("evt_1", now, &signed)).expect("verifies");
        }
        assert!(Webhook::new(&other).unwrap().verify(body, &headers("evt_1", now, &signed)).is_err());
        // The body is what was signed: a changed byte fails.
        assert!(Webhook::new(&current).unwrap().verify(br#"{"id":"evt_1","type":"pong"}"#, &headers("evt_1", now, &signed)).is_err());
    }
}
