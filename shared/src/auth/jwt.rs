//! Access tokens: short-lived HS256 JWTs that name a session. The algorithm is pinned and
//! `exp`, `iss` and `aud` are always checked.

use crate::config::Config;
use crate::domain::Role;
use crate::error::AppError;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What an access token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    /// The company (tenant) id: every query is scoped by it.
    pub cid: String,
    /// The session id, checked to be live on every request.
    pub sid: String,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// Keys and validation rules, built once per cold start.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

impl JwtKeys {
    pub fn new(config: &Config) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&config.jwt_issuer]);
        validation.set_audience(&[&config.jwt_audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        JwtKeys {
            encoding: EncodingKey::from_secret(config.jwt_secret.as_bytes()),
            decoding: DecodingKey::from_secret(config.jwt_secret.as_bytes()),
            validation,
            issuer: config.jwt_issuer.clone(),
            audience: config.jwt_audience.clone(),
            ttl_seconds: config.access_ttl_seconds as i64,
        }
    }

    /// Lifetime of an access token, in seconds (the `expires_in` of the login answer).
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// Signs an access token for a session.
    pub fn issue(&self, user_id: &str, company_id: &str, session_id: &str, role: Role) -> Result<String, AppError> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = AccessClaims {
            sub: user_id.into(),
            cid: company_id.into(),
            sid: session_id.into(),
            role,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            exp: now + self.ttl_seconds,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }

    /// Verifies signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AppError> {
        decode::<AccessClaims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(|_| AppError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret: &str, aud: &str) -> Config {
        Config::from_vars([
            ("TABLE_NAME".to_string(), "t".to_string()),
            ("APP_BASE_URL".into(), "http://localhost".into()),
            ("MAIL_FROM".into(), "a@b.test".into()),
            ("JWT_SECRET".into(), secret.into()),
            ("JWT_AUDIENCE".into(), aud.into()),
        ])
        .unwrap()
    }

    #[test]
    fn a_token_verifies_with_its_own_key_only() {
        let keys = JwtKeys::new(&config(&"k".repeat(32), "api"));
        let token = keys.issue("u1", "c1", "s1", Role::Admin).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.cid.as_str(), claims.sid.as_str()), ("u1", "c1", "s1"));

        let other = JwtKeys::new(&config(&"z".repeat(32), "api"));
        assert!(other.verify(&token).is_err());
        let other_audience = JwtKeys::new(&config(&"k".repeat(32), "other"));
        assert!(other_audience.verify(&token).is_err());
    }

    #[test]
    fn unsigned_and_other_algorithm_tokens_are_refused() {
        let keys = JwtKeys::new(&config(&"k".repeat(32), "api"));
        let token = keys.issue("u1", "c1", "s1", Role::User).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        // {"alg":"none"} with the same claims and no signature.
        let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(keys.verify(&none).is_err());
    }
}
