//! The help centre's first articles: `shared/data/help-articles.yaml` (the customer FAQ's
//! questions in the project's own words), compiled in, parsed and checked as the operator's
//! requests are. A new stack loads them on its first deploy (the `setup` function); `make dev`
//! and the tests seed them from here too, so there is one file.

use super::article::{Article, ArticleRequest};
use crate::error::{AppError, AppResult};
use crate::ids::ArticleId;
use serde::Deserialize;
use time::OffsetDateTime;

/// The articles as data.
pub const ARTICLES_YAML: &str = include_str!("../../data/help-articles.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    group: String,
    position: u32,
    question: String,
    answer: String,
}

/// Every first article, each checked as `POST /help` would check it, written at `now`.
pub fn articles(now: OffsetDateTime) -> AppResult<Vec<Article>> {
    let entries: Vec<Entry> =
        serde_yaml_ng::from_str(ARTICLES_YAML).map_err(|e| AppError::internal(format!("data/help-articles.yaml: {e}")))?;
    entries
        .into_iter()
        .map(|e| {
            let id = ArticleId::parse(&e.id).ok_or_else(|| AppError::internal(format!("help article {}: not a ULID", e.id)))?;
            let request = ArticleRequest { group: e.group, question: e.question, answer: e.answer, position: Some(e.position) };
            request.into_article(id, e.position, now)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_article_is_valid_unique_and_in_order() {
        let all = articles(OffsetDateTime::now_utc()).unwrap();
        assert!(all.len() >= 19, "one article per question of the FAQ");
        let mut ids: Vec<_> = all.iter().map(|a| a.id.clone()).collect();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        assert!(all.windows(2).all(|w| w[0].position < w[1].position), "listed in the FAQ's order");
        let text: String = all.iter().map(|a| format!("{} {}\n", a.question, a.answer)).collect();
        for name in [
            "Gestionar › Gestionar por usuario",
            "«Añadir Nuevo»",
            "«Restablecer contraseña»",
            "«Abrir Aplicación»",
            "Gestionar › Gestionar procesos delegados",
            "«Acceso»",
            "0800 333 6006",
            "0800 666 7676",
            "NO ACTIVO",
        ] {
            assert!(text.contains(name), "the articles name {name}");
        }
    }
}
