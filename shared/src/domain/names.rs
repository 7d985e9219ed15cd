//! Names people type: a person's name, a company's name and its tax id.

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

/// A person's display name: 1 to 100 characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 100))]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        clean(raw, field, 100, "El nombre").map(PersonName)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A company's name: 1 to 200 characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 200))]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        clean(raw, field, 200, "El nombre de la empresa").map(CompanyName)
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
}
