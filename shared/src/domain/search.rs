//! Text search without a search engine: what a person types ("contraseña", "ANA gómez") and what
//! is stored are both folded the same way (lower case, no accents, ñ as n, single spaces), and a
//! record matches when its folded text contains every word typed. The store keeps the folded
//! text beside the record (`search`), so a search is one filtered query of the partition that
//! holds the records: its cost is the partition's size, which is why only small partitions (a
//! company's users, a subscription's licences, the help centre) are searched this way.

use crate::error::FieldError;

/// The words of one search: folded, at most `MAX_WORDS`, each at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

/// The most words a search takes (more would only narrow it further).
pub(crate) const MAX_WORDS: usize = 8;

/// Folds a text for searching: lower case, accents and diaeresis dropped, ñ as n, punctuation
/// other than `@ . _ -` (which emails carry) as spaces, runs of spaces as one.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c if c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+') => c,
            _ => ' ',
        };
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    out.trim().to_string()
}

impl SearchTerms {
    /// The words of `?query=`; `None` when it holds none (an empty search lists everything).
    pub fn parse(raw: Option<&str>) -> Result<Option<SearchTerms>, FieldError> {
        let Some(raw) = raw else { return Ok(None) };
        if raw.chars().count() > 200 {
            return Err(FieldError::new("query", "La búsqueda puede tener hasta 200 caracteres."));
        }
        let mut words: Vec<String> = Vec::new();
        for word in fold(raw).split(' ').filter(|w| !w.is_empty()) {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_string());
            }
        }
        words.truncate(MAX_WORDS);
        Ok((!words.is_empty()).then_some(SearchTerms(words)))
    }

    pub fn words(&self) -> &[String] {
        &self.0
    }

    /// Whether a folded text matches (for records already in memory).
    pub fn matches(&self, folded: &str) -> bool {
        self.0.iter().all(|w| folded.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_punctuation_fold_away() {
        assert_eq!(fold("  Ana GÓMEZ, Muñoz! "), "ana gomez munoz");
        assert_eq!(fold("Lucía.Pérez+x@Acme.com.ar"), "lucia.perez+x@acme.com.ar");
        assert_eq!(fold("¿Olvidé mi contraseña?"), "olvide mi contrasena");
    }

    #[test]
    fn a_search_is_its_distinct_words() {
        assert_eq!(SearchTerms::parse(None).unwrap(), None);
        assert_eq!(SearchTerms::parse(Some("  ¿? ")).unwrap(), None);
        let terms = SearchTerms::parse(Some("Contraseña contrasena OLVIDÉ")).unwrap().unwrap();
        assert_eq!(terms.words(), ["contrasena", "olvide"]);
        assert!(terms.matches("olvide mi contrasena"));
        assert!(!terms.matches("olvide mi clave"));
        assert!(SearchTerms::parse(Some(&"a".repeat(201))).is_err());
        let many = SearchTerms::parse(Some("a b c d e f g h i j")).unwrap().unwrap();
        assert_eq!(many.words().len(), MAX_WORDS);
    }
}
