//! The help centre ("Ayuda"): the customer FAQ as articles the store and the panel show, grouped
//! as the FAQ groups them, searchable, with their full answers. Anyone reads them (`GET /help`);
//! the operator writes them (`POST /help`, `PUT /help/{id}`, `DELETE /help/{id}`), so the telecom
//! changes its help without a deploy.

pub(crate) mod article;
#[cfg(feature = "first-content")]
pub mod starter;
pub(crate) mod table;

pub use article::{Article, ArticleRequest, ArticleView};

use crate::app::App;
use crate::db::read_if;
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, OPERATOR};
use crate::ids::ArticleId;
use crate::views::{List, SearchRequest};

/// `GET /help` (public): the articles by position, or those containing every word of `query`
/// (in the group, the question or the answer; accents and case aside). One query of the index.
pub async fn list(app: &App, search: SearchRequest) -> AppResult<List<ArticleView>> {
    let found = table::list(&app.db, &search.page, search.words()).await?;
    Ok(List::page(found, ArticleView::from))
}

/// `POST /help`: a new article, after the last one unless it says where.
pub async fn create(app: &App, bearer: &Bearer, request: AppResult<ArticleRequest>) -> AppResult<ArticleView> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let (_, last) = bearer.with(app, OPERATOR, table::next_position(&app.db)).await?;
    let article = request.into_article(ArticleId::new(), last, app.now())?;
    table::insert(&app.db, &article).await?;
    Ok(article.into())
}

/// `PUT /help/{id}`: new texts (and position) for an article.
pub async fn update(app: &App, bearer: &Bearer, id: &str, request: AppResult<ArticleRequest>) -> AppResult<ArticleView> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    let id = ArticleId::parse(id);
    let (_, current) = bearer.with(app, OPERATOR, read_if(id.as_ref().map(|id| table::get(&app.db, id)))).await?;
    let current = current.ok_or(AppError::NotFound)?;
    let article = request.into_article(current.id, current.position, app.now())?;
    table::replace(&app.db, &article).await?;
    Ok(article.into())
}

/// `DELETE /help/{id}`.
pub async fn delete(app: &App, bearer: &Bearer, id: &str) -> AppResult<()> {
    bearer.caller_as(app, OPERATOR).await?;
    let id = ArticleId::parse(id).ok_or(AppError::NotFound)?;
    table::delete(&app.db, &id).await
}

/// Writes the articles that are missing (a new stack's first content, local seeding): an article
/// that exists, as the operator may have edited it, is left as it is. Answers how many were written.
#[cfg(feature = "first-content")]
pub async fn seed(app: &App, articles: &[Article]) -> AppResult<usize> {
    let mut written = 0;
    for article in articles {
        if table::get(&app.db, &article.id).await?.is_none() {
            table::insert(&app.db, article).await?;
            written += 1;
        }
    }
    Ok(written)
}
