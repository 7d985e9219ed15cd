//! The help centre's local articles: `data/help-articles.yaml` (the customer FAQ's questions in
//! the project's own words), compiled in, parsed and checked like the operator's requests are.

use cloudstore::help::{Article, ArticleRequest};
use cloudstore::ids::ArticleId;
use cloudstore::{App, AppError};
use serde::Deserialize;

/// The articles as data.
pub const ARTICLES_YAML: &str = include_str!("../data/help-articles.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    group: String,
    position: u32,
    question: String,
    answer: String,
}

/// Every seeded article, each checked as `POST /help` would check it.
pub fn articles() -> Vec<Article> {
    let entries: Vec<Entry> = serde_yaml_ng::from_str(ARTICLES_YAML).expect("data/help-articles.yaml");
    let now = time::OffsetDateTime::now_utc();
    entries
        .into_iter()
        .map(|e| {
            let id = ArticleId::parse(&e.id).unwrap_or_else(|| panic!("{}: not a ULID", e.id));
            let request = ArticleRequest { group: e.group, question: e.question, answer: e.answer, position: Some(e.position) };
            request.into_article(id, e.position, now).unwrap_or_else(|err| panic!("article {}: {err:?}", e.id))
        })
        .collect()
}

/// Seeds the articles that are missing.
pub async fn seed_help(app: &App) -> Result<(), AppError> {
    cloudstore::help::seed(app, &articles()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_article_is_valid_unique_and_in_order() {
        let all = articles();
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
