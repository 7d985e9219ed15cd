//! Access tokens: short-lived HS256 JWTs that name a session. The algorithm is pinned; `exp`,
//! `iss` and `aud` are always checked; every token carries the id (`kid`) of the key that signed
//! it, and several keys can verify at once, so the signing key can be rotated without signing
//! anyone out (see the README, "Rotating the signing key").
//!
//! HMAC-SHA256 comes from our own small crypto provider for `jsonwebtoken` over `hmac` and the
//! `sha2` the AWS SDK already links: no PEM, RSA or elliptic-curve code in the functions.

use super::records::Role;
use crate::error::AppError;
use crate::ids::{CompanyId, SessionId, UserId};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::{decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What an access token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: UserId,
    /// The company (tenant) id: every query is scoped by it.
    pub cid: CompanyId,
    /// The session id, checked to be live on every request.
    pub sid: SessionId,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// The signing keys: `current` signs, every key in `keys` verifies. This is the JSON of the
/// Secrets Manager secret (and of `JWT_KEYS`): `{"current": "2026-12", "keys": {"2026-12": "…"}}`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySet {
    pub current: String,
    pub keys: HashMap<String, String>,
}

impl KeySet {
    /// One key (the local `JWT_SECRET`), with the key id `local`.
    pub fn single(secret: &str) -> KeySet {
        KeySet { current: "local".into(), keys: HashMap::from([("local".to_string(), secret.to_string())]) }
    }

    /// Parses and checks the secret's JSON: the current key exists, every key is at least 32 bytes.
    pub fn parse(json: &str) -> Result<KeySet, String> {
        let set: KeySet = serde_json::from_str(json).map_err(|e| format!("the JWT key set is not valid JSON: {e}"))?;
        set.check()?;
        Ok(set)
    }

    fn check(&self) -> Result<(), String> {
        if !self.keys.contains_key(&self.current) {
            return Err(format!("the JWT key set has no key `{}` (its `current`)", self.current));
        }
        if let Some((kid, _)) = self.keys.iter().find(|(_, k)| k.len() < 32) {
            return Err(format!("the JWT key `{kid}` is shorter than 32 bytes"));
        }
        Ok(())
    }
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet").field("current", &self.current).field("kids", &self.keys.keys().collect::<Vec<_>>()).finish()
    }
}

/// Keys and validation rules, built once per cold start.
pub struct JwtKeys {
    current: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

/// Settings of the access tokens besides their keys.
pub struct TokenSettings<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
    pub ttl_seconds: u64,
}

impl JwtKeys {
    pub fn new(keys: &KeySet, settings: TokenSettings<'_>) -> Result<Self, String> {
        install_provider();
        keys.check()?;
        let secret = |kid: &str| keys.keys.get(kid).map(String::as_bytes).unwrap_or_default();
        let encoding = EncodingKey::from_secret(secret(&keys.current)).map_err(|e| e.to_string())?;
        let decoding = keys
            .keys
            .iter()
            .map(|(kid, k)| DecodingKey::from_secret(k.as_bytes()).map(|d| (kid.clone(), d)).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[settings.issuer]);
        validation.set_audience(&[settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Ok(JwtKeys {
            current: keys.current.clone(),
            encoding,
            decoding,
            validation,
            issuer: settings.issuer.to_string(),
            audience: settings.audience.to_string(),
            ttl_seconds: settings.ttl_seconds as i64,
        })
    }

    /// Lifetime of an access token, in seconds (the `expires_in` of the login answer).
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// Signs an access token for a session with the current key.
    pub fn issue(&self, user_id: &UserId, company_id: &CompanyId, session_id: &SessionId, role: Role) -> Result<String, AppError> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = AccessClaims {
            sub: user_id.clone(),
            cid: company_id.clone(),
            sid: session_id.clone(),
            role,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            exp: now + self.ttl_seconds,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.current.clone());
        encode(&header, &claims, &self.encoding).map_err(|e| AppError::internal_at("signing an access token", e))
    }

    /// Verifies signature (with the key its `kid` names), algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AppError> {
        let header = decode_header(token).map_err(|_| AppError::Unauthorized)?;
        let key = header.kid.as_deref().and_then(|kid| self.decoding.get(kid)).ok_or(AppError::Unauthorized)?;
        decode::<AccessClaims>(token, key, &self.validation).map(|data| data.claims).map_err(|_| AppError::Unauthorized)
    }
}

type HmacSha256 = Hmac<sha2::Sha256>;

/// HS256 through `hmac` + `sha2`; every other algorithm is refused.
struct Hs256(HmacSha256);

impl jsonwebtoken::signature::Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, jsonwebtoken::signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl jsonwebtoken::signature::Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, msg: &[u8], signature: &Vec<u8>) -> Result<(), jsonwebtoken::signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        mac.verify_slice(signature).map_err(|_| jsonwebtoken::signature::Error::new())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

fn unsupported() -> jsonwebtoken::errors::Error {
    jsonwebtoken::errors::ErrorKind::InvalidAlgorithm.into()
}

fn hs256(algorithm: &Algorithm, secret: &[u8]) -> jsonwebtoken::errors::Result<Hs256> {
    if *algorithm != Algorithm::HS256 {
        return Err(unsupported());
    }
    HmacSha256::new_from_slice(secret).map(Hs256).map_err(|_| jsonwebtoken::errors::ErrorKind::InvalidKeyFormat.into())
}

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: |algorithm, key| Ok(Box::new(hs256(algorithm, key.as_bytes())?)),
    verifier_factory: |algorithm, key| Ok(Box::new(hs256(algorithm, key.try_get_as_bytes()?)?)),
    key_utils: KeyUtils::new_unimplemented(),
};

/// Makes [`PROVIDER`] the process's JWT crypto (once; later calls are no-ops).
fn install_provider() {
    let _ = PROVIDER.install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(set: &KeySet, aud: &str) -> JwtKeys {
        JwtKeys::new(set, TokenSettings { issuer: "cloudstore", audience: aud, ttl_seconds: 900 }).unwrap()
    }

    fn ids() -> (UserId, CompanyId, SessionId) {
        (UserId::new(), CompanyId::new(), SessionId::new())
    }

    #[test]
    fn a_token_verifies_with_its_own_key_only() {
        let (u, c, s) = ids();
        let k = keys(&KeySet::single(&"k".repeat(32)), "api");
        let token = k.issue(&u, &c, &s, Role::Admin).unwrap();
        let claims = k.verify(&token).unwrap();
        assert_eq!((claims.sub, claims.cid, claims.sid), (u, c, s));
        assert!(keys(&KeySet::single(&"z".repeat(32)), "api").verify(&token).is_err());
        assert!(keys(&KeySet::single(&"k".repeat(32)), "other").verify(&token).is_err());
    }

    #[test]
    fn during_a_rotation_tokens_of_both_keys_verify() {
        let (u, c, s) = ids();
        let old = KeySet::parse(&format!(r#"{{"current":"a","keys":{{"a":"{}"}}}}"#, "a".repeat(40))).unwrap();
        let both = KeySet::parse(&format!(r#"{{"current":"b","keys":{{"a":"{}","b":"{}"}}}}"#, "a".repeat(40), "b".repeat(40))).unwrap();
        let new_only = KeySet::parse(&format!(r#"{{"current":"b","keys":{{"b":"{}"}}}}"#, "b".repeat(40))).unwrap();
        let before = keys(&old, "api").issue(&u, &c, &s, Role::User).unwrap();
        let during = keys(&both, "api");
        let after = during.issue(&u, &c, &s, Role::User).unwrap();
        assert!(during.verify(&before).is_ok(), "a token signed before the rotation still verifies");
        assert!(during.verify(&after).is_ok());
        assert!(keys(&old, "api").verify(&after).is_err());
        assert!(keys(&new_only, "api").verify(&before).is_err(), "the retired key no longer verifies");
    }

    #[test]
    fn bad_key_sets_are_refused() {
        assert!(KeySet::parse(r#"{"current":"x","keys":{}}"#).is_err());
        assert!(KeySet::parse(r#"{"current":"x","keys":{"x":"short"}}"#).is_err());
        assert!(KeySet::parse("nope").is_err());
    }

    #[test]
    fn unsigned_and_other_algorithm_tokens_are_refused() {
        let (u, c, s) = ids();
        let k = keys(&KeySet::single(&"k".repeat(32)), "api");
        let token = k.issue(&u, &c, &s, Role::User).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        // {"alg":"none","kid":"local"} and {"alg":"HS512","kid":"local"} with the same claims.
        for header in ["eyJhbGciOiJub25lIiwia2lkIjoibG9jYWwifQ", "eyJhbGciOiJIUzUxMiIsImtpZCI6ImxvY2FsIn0"] {
            assert!(k.verify(&format!("{header}.{payload}.")).is_err());
        }
    }
}
