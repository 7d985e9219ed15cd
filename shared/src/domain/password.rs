//! The password policy of the contract (NIST SP 800-63B): 10 to 128 characters, no composition
//! rules, and the most common passwords refused.

use crate::error::FieldError;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The common passwords of 10 or more characters from Django's list (20,000 most common,
/// compiled by Royce Williams, BSD licence), lower-cased. Shorter ones are refused by length anyway.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| include_str!("../../data/common-passwords.txt").lines().collect());

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

/// A password that satisfies the policy: 10 to 128 characters, no composition rules, the most
/// common passwords refused.
#[derive(Clone)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 10, max_length = 128))]
pub struct Password(String);

impl Password {
    /// Checks the policy; `field` names the JSON field for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(FieldError::new(field, "La contraseña debe tener al menos 10 caracteres."));
        }
        if chars > MAX_CHARS {
            return Err(FieldError::new(field, "La contraseña no puede superar 128 caracteres."));
        }
        if COMMON.contains(raw.to_lowercase().as_str()) {
            return Err(FieldError::new(field, "Esa contraseña es demasiado común; elegí otra."));
        }
        Ok(Password(raw.to_string()))
    }

    /// Parses a password and its confirmation; a mismatch is reported on `password_confirmation`.
    pub fn parse_confirmed(password: &str, confirmation: &str) -> Result<Self, Vec<FieldError>> {
        let parsed = Password::parse(password, "password").map_err(|e| vec![e])?;
        if password != confirmation {
            return Err(vec![FieldError::new("password_confirmation", "Las contraseñas no coinciden.")]);
        }
        Ok(parsed)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never shows the secret.
impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_passwords_are_refused() {
        assert!(Password::parse("123456789", "password").is_err());
        assert!(Password::parse(&"x".repeat(129), "password").is_err());
        assert!(Password::parse(&"x".repeat(128), "password").is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Ten characters, twenty bytes.
        assert!(Password::parse("ñññññññññá", "password").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        let err = Password::parse("QwertyUiop", "password").unwrap_err();
        assert!(err.message.contains("común"));
        assert!(Password::parse("1234567890", "password").is_err());
    }

    #[test]
    fn a_mismatched_confirmation_is_reported_on_the_confirmation() {
        let errs = Password::parse_confirmed("horse-battery-staple", "horse-battery-stable").unwrap_err();
        assert_eq!(errs[0].field, "password_confirmation");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let p = Password::parse("horse-battery-staple", "password").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
