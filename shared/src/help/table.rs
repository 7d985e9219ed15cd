//! Help articles in the table: each under its own key (`HELP#<id> / ARTICLE`, so the operator
//! changes one by id) and in one index partition (`GSI1PK = HELP`, sorted by position), which the
//! help centre reads in one query. The folded text of each article (`search`) rides along for
//! `?query=`.

use super::article::Article;
use crate::db::{to_item, with_index, with_search, Db, Expr, Item, Key, Page, Query, Tx};
use crate::error::{AppError, AppResult};
use crate::ids::ArticleId;
use crate::views::PageRequest;

/// The index partition of every article.
pub const HELP: &str = "HELP";

pub fn article(id: &ArticleId) -> Key {
    Key::new(format!("HELP#{id}"), "ARTICLE")
}

fn article_item(a: &Article) -> AppResult<Item> {
    let item = with_index(to_item(&article(&a.id), a)?, HELP, format!("{:06}#{}", a.position, a.id));
    Ok(with_search(item, a.search_text()))
}

/// Stores a new article.
pub async fn insert(db: &Db, a: &Article) -> AppResult<()> {
    let mut tx = Tx::new(AppError::Conflict);
    tx.put(article_item(a)?).unless_exists(AppError::Conflict);
    tx.commit(db).await
}

/// Replaces an existing article; `not_found` when there is none (deleted meanwhile).
pub async fn replace(db: &Db, a: &Article) -> AppResult<()> {
    let mut tx = Tx::new(AppError::NotFound);
    tx.put(article_item(a)?).if_exists(AppError::NotFound);
    tx.commit(db).await
}

/// Deletes an article; `not_found` when there was none.
pub async fn delete(db: &Db, id: &ArticleId) -> AppResult<()> {
    let mut tx = Tx::new(AppError::NotFound);
    tx.delete(article(id)).if_exists(AppError::NotFound);
    tx.commit(db).await
}

pub async fn get(db: &Db, id: &ArticleId) -> AppResult<Option<Article>> {
    db.get(&article(id)).await
}

/// One page of the articles by position, those containing every word of `words` if any.
pub async fn list(db: &Db, page: &PageRequest, words: Option<&[String]>) -> AppResult<Page<Article>> {
    let query = Query::index(HELP).page(page)?;
    match words {
        Some(words) => db.query_filled(&query.filter(Expr::contains_all("search", words))).await,
        None => db.query(&query).await,
    }
}

/// The position after the last article (where a new one goes by default).
pub async fn next_position(db: &Db) -> AppResult<u32> {
    let last: Option<Article> = db.first(&Query::index(HELP).newest_first()).await?;
    Ok(last.map_or(10, |a| (a.position + 10).min(super::article::MAX_POSITION)))
}
