//! Email addresses: the login name, unique across the whole store and compared case-insensitively.

use crate::error::FieldError;
use std::str::FromStr;

/// A syntactically valid address, trimmed and lower-cased, so that two spellings of the same
/// mailbox are one login and one uniqueness claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Email, max_length = 254))]
pub struct Email(String);

impl Email {
    /// Parses user input; `field` names the JSON field for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        if trimmed.len() > 254 {
            return Err(FieldError::new(field, "El email no puede superar 254 caracteres."));
        }
        match email_address::EmailAddress::from_str(trimmed) {
            Ok(addr) if addr.domain().contains('.') => Ok(Email(trimmed.to_lowercase())),
            _ => Err(FieldError::new(field, "No es una dirección de email válida.")),
        }
    }

    /// An address already stored (trusted, already normalised).
    pub fn from_stored(stored: String) -> Self {
        Email(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_compare_case_insensitively() {
        let a = Email::parse("  Ana.Perez@Example.COM ", "email").unwrap();
        let b = Email::parse("ana.perez@example.com", "email").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "ana.perez@example.com");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in ["", "ana", "ana@", "@example.com", "ana@localhost", "a b@example.com"] {
            let err = Email::parse(bad, "admin.email").unwrap_err();
            assert_eq!(err.field, "admin.email", "{bad}");
        }
    }
}
