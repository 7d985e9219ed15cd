//! Names people type: a person's name, a company's name and its CUIT; and the folding the lists'
//! searches compare them with.
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

/// A company's CUIT, the Argentine tax id: eleven digits, the last one the check digit AFIP
/// computes from the first ten (weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2; the digit is 11 − the sum
/// mod 11, where 11 stands for 0 and 10 means those ten digits have no CUIT). People type it with
/// or without dashes, spaces or dots; it is kept as `XX-XXXXXXXX-X`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, max_length = 32))]
pub struct TaxId(String);

impl TaxId {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        if raw.chars().count() > 32 {
            return Err(FieldError::new(field, "El CUIT tiene 11 dígitos, por ejemplo 30-71234567-1."));
        }
        let digits: String = raw.trim().chars().filter(|c| !matches!(c, '-' | ' ' | '.')).collect();
        if digits.is_empty() {
            return Err(FieldError::new(field, "El CUIT es obligatorio."));
        }
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "El CUIT tiene 11 dígitos, por ejemplo 30-71234567-1."));
        }
        let (body, check) = digits.split_at(10);
        if check_digit(body) != check.parse().ok() {
            return Err(FieldError::new(field, "El CUIT no es válido: revisá el último dígito (el verificador)."));
        }
        Ok(TaxId(format!("{}-{}-{}", &digits[..2], &digits[2..10], check)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The check digit of a CUIT's first ten digits, or `None` when they have none.
fn check_digit(ten: &str) -> Option<u32> {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = ten.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        digit => Some(digit),
    }
}

/// A stored CUIT's digits alone (the key its duplicates are counted under).
pub fn tax_id_digits(tax_id: &str) -> String {
    tax_id.chars().filter(char::is_ascii_digit).collect()
}

/// Text as the lists' searches compare it: lower case, Spanish accents and diaeresis dropped, so
/// "nandu" finds "Ñandú" and "OPTICA" finds "Óptica".
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// What a company is found by (its `search` attribute): its folded name, its CUIT as written and
/// as bare digits, one line each, so a search matches within one of them.
pub fn company_search_text(name: &str, tax_id: Option<&str>) -> String {
    match tax_id {
        Some(tax) => format!("{}\n{tax}\n{}", fold(name), tax_id_digits(tax)),
        None => fold(name),
    }
}

/// A list's `?query=`: folded, at most 100 characters; empty when absent.
pub fn search_query(raw: Option<&str>) -> Result<String, FieldError> {
    let query = fold(raw.unwrap_or_default());
    if query.chars().count() > 100 {
        return Err(FieldError::new("query", "La búsqueda no puede superar 100 caracteres."));
    }
    Ok(query)
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
    fn a_cuit_passes_its_check_digit_and_is_kept_with_dashes() {
        for (raw, kept) in [
            ("30-71234567-1", "30-71234567-1"),
            (" 30712345671 ", "30-71234567-1"),
            ("30 71234567 1", "30-71234567-1"),
            ("20.12345678.6", "20-12345678-6"),
            ("20-00000006-0", "20-00000006-0"),
        ] {
            assert_eq!(TaxId::parse(raw, "tax_id").unwrap().into_inner(), kept, "{raw}");
        }
        for bad in [
            "30-71234567-9",
            "3071234567",
            "307123456711",
            "3O-71234567-1",
            "20-00000001-0",
            "",
            "30/71234567/1",
            "30 - 71234567 - 1 . . . . . . . .",
        ] {
            let err = TaxId::parse(bad, "company.tax_id").unwrap_err();
            assert_eq!(err.field, "company.tax_id", "{bad}");
        }
        // Ten digits whose remainder is 1 have no CUIT at all.
        assert_eq!(check_digit("2000000001"), None);
        assert_eq!(check_digit("3071234567"), Some(1));
    }

    #[test]
    fn searches_fold_case_and_accents() {
        assert_eq!(fold("  Panadería ÑANDÚ "), "panaderia nandu");
        let text = company_search_text("Óptica Centro", Some("30-71234567-1"));
        for found in ["optica", "centro", "30-7123", "3071234567", "4567-1"] {
            assert!(text.contains(&search_query(Some(found)).unwrap()), "{found}");
        }
        assert!(search_query(Some(&"a".repeat(101))).is_err());
        assert_eq!(search_query(None).unwrap(), "");
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
