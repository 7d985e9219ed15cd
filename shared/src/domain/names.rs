//! Names people type: a person's name, a company's name and its tax id.
//!
//! Person and company names are written into emails ("Hola, {name}", "{company} te dio de alta"),
//! some of them sent to addresses an admin typed. So they are plain text: nothing a mail client
//! turns into a link (`://`, `www.`) gets in, and the HTML layout escapes the rest.

use crate::error::FieldError;

fn clean(raw: &str, field: &str, max: usize, what: &str) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, format!("{what} es obligatorio.")));
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::new(field, format!("{what} no puede superar {max} caracteres.")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::new(field, format!("{what} tiene caracteres no permitidos.")));
    }
    Ok(trimmed.to_string())
}

/// A name that shows in emails: refused if a mail client would make a link of it.
fn plain(raw: &str, field: &str, max: usize, what: &str) -> Result<String, FieldError> {
    let name = clean(raw, field, max, what)?;
    let lower = name.to_lowercase();
    if lower.contains("://") || lower.contains("www.") {
        return Err(FieldError::new(field, format!("{what} no puede llevar direcciones web.")));
    }
    Ok(name)
}

/// A person's display name: 1 to 100 characters, trimmed, no control characters, no links.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 100))]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        plain(raw, field, 100, "El nombre").map(PersonName)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A company's name: 1 to 200 characters, trimmed, no control characters, no links.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 200))]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        plain(raw, field, 200, "El nombre de la empresa").map(CompanyName)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A tax id (CUIT in Argentina): free form, up to 32 characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, max_length = 32))]
pub struct TaxId(String);

impl TaxId {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        clean(raw, field, 32, "El CUIT").map(TaxId)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  Ana  ", "name").unwrap().into_inner(), "Ana");
        assert!(PersonName::parse("   ", "name").is_err());
        assert!(PersonName::parse(&"a".repeat(101), "name").is_err());
        assert!(PersonName::parse("Ana\u{0}", "name").is_err());
    }

    #[test]
    fn names_that_would_become_links_in_an_email_are_refused() {
        for bad in ["Regularizá en https://evil.test", "Visitá WWW.evil.test", "ftp://x", "javascript://x"] {
            assert!(PersonName::parse(bad, "name").is_err(), "{bad}");
            assert!(CompanyName::parse(bad, "company.name").is_err(), "{bad}");
        }
        for good in ["Ana María O'Neil", "Ferretería Los Andes S.A.", "Dr. Juan Pérez", "AT&T Argentina"] {
            assert!(PersonName::parse(good, "name").is_ok(), "{good}");
            assert!(CompanyName::parse(good, "company.name").is_ok(), "{good}");
        }
    }
}
