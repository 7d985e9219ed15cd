//! Email addresses: the login name, unique across the whole store. One mailbox has one spelling
//! here, its canonical form, which is both the login and the uniqueness key:
//!
//! - only a bare `local@domain` (RFC 5322 addr-spec without its obsolete corners): no display
//!   name (`Otra Persona <ana@x.test>` would read as someone else's login), no comments, no quoted
//!   local part, no domain literal (`[192.0.2.1]`);
//! - a 7-bit ASCII local part (what SES accepts), lower-cased;
//! - the domain IDNA-normalised (UTS #46, to its ASCII `xn--` form) and lower-cased, so
//!   `ana@BÜCHER.example` and `ana@xn--bcher-kva.example` are one account.

use crate::error::FieldError;

/// A bare address (no display name, comment, quoted local part or domain literal), trimmed, the
/// domain lower-cased and IDNA-normalised: one spelling per mailbox, the login and the uniqueness key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Email, max_length = 254))]
pub struct Email(String);

/// Longest address SMTP carries (RFC 5321's path limit less its angle brackets).
pub const MAX_LEN: usize = 254;

impl Email {
    /// Parses user input; `field` names the JSON field for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new(field, "No es una dirección de email válida.");
        let trimmed = raw.trim();
        if trimmed.chars().count() > MAX_LEN {
            return Err(FieldError::new(field, format!("El email no puede superar {MAX_LEN} caracteres.")));
        }
        let options = email_address::Options::default().without_display_text().without_domain_literal().with_required_tld();
        let parsed = email_address::EmailAddress::parse_with_options(trimmed, options).map_err(|_| invalid())?;
        let local = parsed.local_part();
        if local.starts_with('"') || !local.is_ascii() {
            return Err(invalid());
        }
        let domain = idna::domain_to_ascii_strict(parsed.domain()).map_err(|_| invalid())?;
        // The ASCII form must still be a domain with a top-level part (`ana@xn--` tricks aside).
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(invalid());
        }
        let canonical = format!("{}@{}", local.to_ascii_lowercase(), domain.to_ascii_lowercase());
        if canonical.len() > MAX_LEN {
            return Err(FieldError::new(field, format!("El email no puede superar {MAX_LEN} caracteres.")));
        }
        Ok(Email(canonical))
    }

    /// An address already stored (trusted, already canonical).
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

    fn canonical(raw: &str) -> String {
        Email::parse(raw, "email").unwrap().as_str().to_string()
    }

    #[test]
    fn emails_compare_case_insensitively() {
        let a = Email::parse("  Ana.Perez@Example.COM ", "email").unwrap();
        let b = Email::parse("ana.perez@example.com", "email").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "ana.perez@example.com");
    }

    #[test]
    fn an_internationalised_domain_has_one_ascii_spelling() {
        assert_eq!(canonical("Ana@BÜCHER.example"), "ana@xn--bcher-kva.example");
        assert_eq!(canonical("ana@xn--bcher-kva.example"), "ana@xn--bcher-kva.example");
        assert_eq!(canonical("ana@bücher.example"), canonical("ANA@XN--BCHER-KVA.EXAMPLE"));
        assert_eq!(canonical("ana+promo@sub.example.com.ar"), "ana+promo@sub.example.com.ar");
    }

    #[test]
    fn only_a_bare_address_is_accepted() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@localhost",
            "a b@example.com",
            "Otra Persona <ana@x.test>",
            "operator@cloudstore.test <attacker@x.test>",
            "<ana@x.test>",
            "(comentario)ana@x.test",
            "ana(comentario)@x.test",
            "ana@x.test (comentario)",
            "\"ana perez\"@example.com",
            "\"ana\"@example.com",
            "ana@[192.168.0.1]",
            "ana@[IPv6:2001:db8::1]",
            "añá@example.com",
            "ana@exa_mple.com",
            "ana@-example.com",
            "ana@example..com",
            "ana@example.com.",
        ] {
            let err = Email::parse(bad, "admin.email").unwrap_err();
            assert_eq!(err.field, "admin.email", "{bad}");
        }
    }

    #[test]
    fn overlong_addresses_are_refused_without_panicking() {
        let long_local = format!("{}@example.com", "a".repeat(300));
        assert!(Email::parse(&long_local, "email").is_err());
        let long_unicode = format!("ana@{}.example", "ü".repeat(400));
        assert!(Email::parse(&long_unicode, "email").is_err());
        assert!(Email::parse(&"𝕏".repeat(10_000), "email").is_err());
    }
}
