//! An article of the help centre: one question of the customer FAQ and its answer, in a group
//! (the FAQ's sections), at a position (the order the FAQ tells them in). The record, the
//! contract's view of it and the operator's request that writes one.

use crate::db::{Entity, Record};
use crate::domain::search::fold;
use crate::error::{AppError, FieldError};
use crate::ids::ArticleId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An article as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    pub group: String,
    pub question: String,
    /// Plain text: paragraphs separated by a blank line; a line starting with "• " is a bullet.
    pub answer: String,
    /// Where it goes: articles are listed by position, and a group where its first article is.
    pub position: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Record for Article {
    const ENTITY: Entity = Entity::HelpArticle;
}

impl Article {
    /// What a search looks into: the group, the question and the answer, folded.
    pub fn search_text(&self) -> String {
        fold(&format!("{} {} {}", self.group, self.question, self.answer))
    }
}

/// The contract's article (`GET /help`): the full answer, and its position.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleView {
    pub id: ArticleId,
    pub group: String,
    pub question: String,
    pub answer: String,
    pub position: u32,
}

impl From<Article> for ArticleView {
    fn from(a: Article) -> Self {
        ArticleView { id: a.id, group: a.group, question: a.question, answer: a.answer, position: a.position }
    }
}

/// The body of `POST /help` and `PUT /help/{id}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleRequest {
    /// The FAQ's section it goes in (one line).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub group: String,
    /// One line.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub question: String,
    /// Paragraphs separated by a blank line; a line starting with "• " is a bullet.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub answer: String,
    /// Default: after every article there is (`POST`), or where it was (`PUT`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 999_999))]
    pub position: Option<u32>,
}

/// The longest texts an article takes.
const MAX_GROUP: usize = 60;
const MAX_QUESTION: usize = 200;
const MAX_ANSWER: usize = 5_000;
/// Positions go up to this (six digits in the index's sort key).
pub const MAX_POSITION: u32 = 999_999;

fn text(errors: &mut Vec<FieldError>, field: &str, raw: &str, max: usize, what: &str) -> String {
    let value = raw.trim().replace("\r\n", "\n");
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("{what} es obligatorio.")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("{what} puede tener hasta {max} caracteres.")));
    } else if value.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(FieldError::new(field, format!("{what} tiene caracteres no permitidos.")));
    }
    value
}

impl ArticleRequest {
    /// The article this body describes, with `id`, at `position` unless it names one.
    pub fn into_article(self, id: ArticleId, position: u32, now: OffsetDateTime) -> Result<Article, AppError> {
        let mut e = Vec::new();
        let group = text(&mut e, "group", &self.group, MAX_GROUP, "El grupo");
        let question = text(&mut e, "question", &self.question, MAX_QUESTION, "La pregunta");
        let answer = text(&mut e, "answer", &self.answer, MAX_ANSWER, "La respuesta");
        if group.contains('\n') || question.contains('\n') {
            let field = if group.contains('\n') { "group" } else { "question" };
            e.push(FieldError::new(field, "Va en una sola línea."));
        }
        let position = self.position.unwrap_or(position);
        if position > MAX_POSITION {
            e.push(FieldError::new("position", format!("La posición va de 0 a {MAX_POSITION}.")));
        }
        if !e.is_empty() {
            return Err(AppError::Validation(e));
        }
        Ok(Article { id, group, question, answer, position, updated_at: now })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(group: &str, question: &str, answer: &str) -> ArticleRequest {
        ArticleRequest { group: group.into(), question: question.into(), answer: answer.into(), position: None }
    }

    #[test]
    fn an_article_needs_its_three_texts_within_bounds() {
        let now = OffsetDateTime::now_utc();
        let ok = request(" Usuarios ", "¿Cómo creo un usuario?", "Entrá a Gestionar.\r\n\r\nTocá «Añadir Nuevo».");
        let article = ok.into_article(ArticleId::new(), 40, now).unwrap();
        assert_eq!((article.group.as_str(), article.position), ("Usuarios", 40));
        assert_eq!(article.answer, "Entrá a Gestionar.\n\nTocá «Añadir Nuevo».");
        assert!(article.search_text().contains("anadir nuevo"));
        let Err(AppError::Validation(errors)) = request("", "x".repeat(201).as_str(), "a\u{0}").into_article(ArticleId::new(), 0, now)
        else {
            panic!("refused")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["group", "question", "answer"]);
        let far = ArticleRequest { position: Some(MAX_POSITION + 1), ..request("G", "Q", "A") };
        assert!(far.into_article(ArticleId::new(), 0, now).is_err());
    }
}
