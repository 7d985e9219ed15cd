//! Response shapes every slice shares: the contract's list (`{"items", "next_cursor"}`) and a bare
//! message. Each slice's own answers live in its `views` module.

use crate::db::Page;
pub use crate::db::PageRequest;
use serde::Serialize;

/// The contract's list answer.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct List<T> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; `null` on the last one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_cursor: Option<String>,
}

impl<T> List<T> {
    /// A list that is complete in one answer.
    pub fn all(items: Vec<T>) -> List<T> {
        List { items, next_cursor: None }
    }

    /// One page, each record turned into its view.
    pub fn page<R>(page: Page<R>, view: impl FnMut(R) -> T) -> List<T> {
        let page = page.map(view);
        List { items: page.items, next_cursor: page.next }
    }
}

/// `?limit=&cursor=` of the contract's lists: limit 1 to 100 (default 50), an opaque cursor.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct PageParams {
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn parse(self) -> Result<PageRequest, crate::AppError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(crate::AppError::field("limit", "El límite va de 1 a 100."));
        }
        if self.cursor.as_ref().is_some_and(|c| c.is_empty() || c.len() > 2048) {
            return Err(crate::AppError::field("cursor", "El cursor no es válido."));
        }
        Ok(PageRequest { limit, cursor: self.cursor })
    }
}

/// `?query=&limit=&cursor=` of the lists that can be searched (people, licences, help, the
/// operator's and the sales rep's companies).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
}

/// A checked search: the folded text and the page.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: String,
    pub page: PageRequest,
}

impl SearchParams {
    /// Checks the search and the page; `default` and `max` bound the page size.
    pub fn bounded(self, default: u32, max: u32) -> crate::AppResult<Search> {
        let text = crate::domain::search_query(self.query.as_deref())?;
        let limit = self.limit.unwrap_or(default);
        if !(1..=max).contains(&limit) {
            return Err(crate::AppError::field("limit", format!("El límite va de 1 a {max}.")));
        }
        let page = PageParams { limit: Some(limit), cursor: self.cursor }.parse()?;
        Ok(Search { text, page })
    }
}

/// A checked search: the page and the words (none: everything).
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub page: PageRequest,
    pub terms: Option<crate::domain::SearchTerms>,
}

impl SearchRequest {
    /// The words to look for, if any.
    pub fn words(&self) -> Option<&[String]> {
        self.terms.as_ref().map(crate::domain::SearchTerms::words)
    }
}

impl SearchParams {
    pub fn parse(self) -> Result<SearchRequest, crate::AppError> {
        let page = PageParams { limit: self.limit, cursor: self.cursor }.parse()?;
        Ok(SearchRequest { page, terms: crate::domain::SearchTerms::parse(self.query.as_deref())? })
    }
}

/// An answer that only says something to the person.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub message: String,
}
