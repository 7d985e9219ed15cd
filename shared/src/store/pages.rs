//! Paged reads of one partition: the company's users, its audit trail. A cursor is the sort key
//! of the last item returned; the partition always comes from the caller's token, so a cursor
//! can never reach into another company.

use super::items::{from_item, s, Item};
use super::{keys, Store};
use crate::domain::{AuditEntry, UserRecord};
use crate::error::{AppError, AppResult};
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// One page of a listing.
pub struct Page<T> {
    pub items: Vec<T>,
    /// The sort key to continue after, if there may be more.
    pub next: Option<String>,
}

impl Store {
    pub(crate) async fn query_prefix<T: DeserializeOwned>(
        &self,
        pk: String,
        prefix: &str,
        limit: u32,
        after: Option<&str>,
        newest_first: bool,
    ) -> AppResult<Page<T>> {
        if let Some(after) = after {
            if !after.starts_with(prefix) {
                return Err(AppError::field("cursor", "El cursor no es válido."));
            }
        }
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", s(pk.clone()))
            .expression_attribute_values(":prefix", s(prefix))
            .scan_index_forward(!newest_first)
            .consistent_read(true)
            .limit(limit as i32);
        if let Some(after) = after {
            let start: Item = HashMap::from([("PK".to_string(), s(pk)), ("SK".to_string(), s(after))]);
            query = query.set_exclusive_start_key(Some(start));
        }
        let out = query.send().await.map_err(AppError::internal)?;
        let next = out.last_evaluated_key.as_ref().and_then(|k| k.get("SK")).and_then(|v| v.as_s().ok()).cloned();
        let items = out.items.unwrap_or_default().into_iter().map(from_item).collect::<AppResult<Vec<T>>>()?;
        Ok(Page { items, next })
    }

    /// The company's users, in creation order.
    pub async fn list_users(&self, company_id: &str, limit: u32, after: Option<&str>) -> AppResult<Page<UserRecord>> {
        self.query_prefix(keys::company(company_id), "USER#", limit, after, false).await
    }

    /// Every admin of the company (for the emails admins receive).
    pub async fn company_admins(&self, company_id: &str) -> AppResult<Vec<UserRecord>> {
        let mut admins = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.list_users(company_id, 100, after.as_deref()).await?;
            admins.extend(page.items.into_iter().filter(|u| u.role == crate::domain::Role::Admin));
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(admins),
            }
        }
    }

    /// The company's audit trail, newest first.
    pub async fn list_audit(&self, company_id: &str, limit: u32, after: Option<&str>) -> AppResult<Page<AuditEntry>> {
        self.query_prefix(keys::company(company_id), "AUDIT#", limit, after, true).await
    }
}
