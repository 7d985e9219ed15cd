//! Paged queries of one partition, of the table or of the GSI1 index. A cursor is the last key a
//! page read, opaque to clients (base64url of its JSON); a cursor is only accepted for the very
//! partition and sort-key range of the query it continues, so it can never reach into another
//! company's items.

use super::client::Db;
use super::expr::Expr;
use super::item::{from_item, Item};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::AttributeValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};

/// A checked page request (`crate::views::PageParams` parses the contract's `?limit=&cursor=`).
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub limit: u32,
    pub cursor: Option<String>,
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Where the next page starts (an opaque cursor), if there may be more.
    pub next: Option<String>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next: self.next }
    }
}

#[derive(Debug, Clone)]
enum Sort {
    Any,
    Prefix(String),
    Between(String, String),
    Below(String),
}

/// A query of one partition.
#[derive(Debug, Clone)]
pub struct Query {
    index: bool,
    partition: String,
    sort: Sort,
    newest_first: bool,
    limit: Option<u32>,
    start: Option<Item>,
    filter: Option<Expr>,
}

impl Query {
    /// A partition of the table (strongly consistent).
    pub fn table(partition: impl Into<String>) -> Query {
        Query { index: false, partition: partition.into(), sort: Sort::Any, newest_first: false, limit: None, start: None, filter: None }
    }

    /// A partition of the GSI1 index (eventually consistent, as every index read).
    pub fn index(partition: impl Into<String>) -> Query {
        Query { index: true, ..Query::table(partition) }
    }

    /// Sort keys beginning with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Query {
        self.sort = Sort::Prefix(prefix.into());
        self
    }

    /// Sort keys from `from` to `to`, both included.
    pub fn between(mut self, from: impl Into<String>, to: impl Into<String>) -> Query {
        self.sort = Sort::Between(from.into(), to.into());
        self
    }

    /// Sort keys below `upper`.
    pub fn below(mut self, upper: impl Into<String>) -> Query {
        self.sort = Sort::Below(upper.into());
        self
    }

    /// Highest sort keys first.
    pub fn newest_first(mut self) -> Query {
        self.newest_first = true;
        self
    }

    pub fn limit(mut self, limit: u32) -> Query {
        self.limit = Some(limit);
        self
    }

    /// Keeps only the items the filter accepts (applied after the read: it saves bytes on the
    /// wire, not read units).
    pub fn filter(mut self, filter: Expr) -> Query {
        self.filter = Some(filter);
        self
    }

    /// Continues after `cursor` (from an earlier page of this same query); a cursor for any other
    /// partition or range is `validation_failed`.
    pub fn after(mut self, cursor: Option<&str>) -> AppResult<Query> {
        let Some(cursor) = cursor else { return Ok(self) };
        let bad = || AppError::field("cursor", "El cursor no es válido.");
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
        let key: BTreeMap<String, String> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let (pk_name, sk_name) = if self.index { ("GSI1PK", "GSI1SK") } else { ("PK", "SK") };
        let allowed = ["PK", "SK", "GSI1PK", "GSI1SK"];
        if key.keys().any(|k| !allowed.contains(&k.as_str())) || key.get(pk_name) != Some(&self.partition) {
            return Err(bad());
        }
        let sort = key.get(sk_name).ok_or_else(bad)?;
        let in_range = match &self.sort {
            Sort::Any => true,
            Sort::Prefix(p) => sort.starts_with(p.as_str()),
            Sort::Between(from, to) => sort >= from && sort <= to,
            Sort::Below(upper) => sort < upper,
        };
        if !in_range || !key.contains_key("PK") || !key.contains_key("SK") {
            return Err(bad());
        }
        self.start = Some(key.into_iter().map(|(k, v)| (k, AttributeValue::S(v))).collect());
        Ok(self)
    }

    /// One page as a list request asks for it: its limit, after its cursor.
    pub fn page(self, page: &PageRequest) -> AppResult<Query> {
        self.limit(page.limit).after(page.cursor.as_deref())
    }

    /// The same query, continuing at a cursor this module produced.
    pub(super) fn resume(mut self, cursor: String) -> Query {
        self.start = decode_trusted(&cursor);
        self
    }

    pub(super) fn limit_value(&self) -> Option<u32> {
        self.limit
    }
}

/// Items a filled query reads per call (about 0.5 MB of users, under DynamoDB's 1 MB page).
pub const FILL_READ: u32 = 500;

/// The cursor that continues right after `item` (its table keys, and its index keys for an index
/// query).
fn item_cursor(item: &Item, index: bool) -> String {
    let names: &[&str] = if index { &["PK", "SK", "GSI1PK", "GSI1SK"] } else { &["PK", "SK"] };
    let key: Item = names.iter().filter_map(|n| item.get(*n).map(|v| (n.to_string(), v.clone()))).collect();
    encode(&key)
}

fn encode(key: &Item) -> String {
    let map: BTreeMap<&str, &str> = key.iter().filter_map(|(k, v)| v.as_s().ok().map(|s| (k.as_str(), s.as_str()))).collect();
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&map).unwrap_or_default())
}

fn decode_trusted(cursor: &str) -> Option<Item> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let map: HashMap<String, String> = serde_json::from_slice(&bytes).ok()?;
    Some(map.into_iter().map(|(k, v)| (k, AttributeValue::S(v))).collect())
}

impl Db {
    /// One page of a query.
    pub async fn query<T: DeserializeOwned>(&self, query: &Query) -> AppResult<Page<T>> {
        let (items, next) = self.query_raw(query, query.limit_value()).await?;
        let items = items.into_iter().map(from_item).collect::<AppResult<Vec<T>>>()?;
        Ok(Page { items, next })
    }

    /// Every item a query matches, reading page after page.
    pub async fn query_all<T: DeserializeOwned>(&self, query: Query) -> AppResult<Vec<T>> {
        let mut all = Vec::new();
        let mut query = query;
        loop {
            let (items, next) = self.query_raw(&query, query.limit_value()).await?;
            for item in items {
                all.push(from_item(item)?);
            }
            match next {
                Some(cursor) => query = query.resume(cursor),
                None => return Ok(all),
            }
        }
    }

    pub(super) async fn query_raw(&self, q: &Query, limit: Option<u32>) -> AppResult<(Vec<Item>, Option<String>)> {
        let (pk, sk) = if q.index { ("GSI1PK", "GSI1SK") } else { ("PK", "SK") };
        let mut values: Item = HashMap::from([(":pk".to_string(), AttributeValue::S(q.partition.clone()))]);
        let condition = match &q.sort {
            Sort::Any => format!("{pk} = :pk"),
            Sort::Prefix(p) => {
                values.insert(":sk".into(), AttributeValue::S(p.clone()));
                format!("{pk} = :pk AND begins_with({sk}, :sk)")
            }
            Sort::Between(from, to) => {
                values.insert(":from".into(), AttributeValue::S(from.clone()));
                values.insert(":to".into(), AttributeValue::S(to.clone()));
                format!("{pk} = :pk AND {sk} BETWEEN :from AND :to")
            }
            Sort::Below(upper) => {
                values.insert(":upper".into(), AttributeValue::S(upper.clone()));
                format!("{pk} = :pk AND {sk} < :upper")
            }
        };
        let mut request = self
            .client()
            .query()
            .table_name(self.table())
            .key_condition_expression(condition)
            .scan_index_forward(!q.newest_first)
            .set_exclusive_start_key(q.start.clone())
            .set_limit(limit.map(|l| l as i32));
        if q.index {
            request = request.index_name("GSI1");
        } else {
            request = request.consistent_read(true);
        }
        if let Some(filter) = &q.filter {
            let (text, names, filter_values) = filter.clone().into_parts();
            values.extend(filter_values);
            request = request.filter_expression(text);
            if !names.is_empty() {
                request = request.set_expression_attribute_names(Some(names));
            }
        }
        let out =
            request.set_expression_attribute_values(Some(values)).send().await.map_err(|e| AppError::internal_at("DynamoDB Query", e))?;
        let next = out.last_evaluated_key.as_ref().map(encode);
        Ok((out.items.unwrap_or_default(), next))
    }

    /// One page of a filtered query, filled: DynamoDB applies a query's limit before its filter,
    /// so a sparse filter (a search) would answer short or empty pages; this reads on, up to
    /// `FILL_READ` items per call, until the page holds its limit or the range ends. The cursor
    /// continues right after the last item answered. Cost: every item of the range up to the last
    /// one answered is read (and paid for), matching or not.
    pub async fn query_filled<T: serde::de::DeserializeOwned>(&self, q: &Query) -> AppResult<Page<T>> {
        let want = q.limit.unwrap_or(50) as usize;
        let read = FILL_READ.max(want as u32);
        let mut q = q.clone();
        let mut found: Vec<Item> = Vec::new();
        loop {
            let (items, next) = self.query_raw(&q, Some(read)).await?;
            let mut items = items.into_iter();
            found.extend(items.by_ref().take(want - found.len()));
            let next = if items.next().is_some() { found.last().map(|last| item_cursor(last, q.index)) } else { next };
            match next {
                Some(cursor) if found.len() < want => q = q.resume(cursor),
                next => return Ok(Page { items: found.into_iter().map(from_item).collect::<AppResult<_>>()?, next }),
            }
        }
    }

    /// The first item of a query, if any (for "is there one?" reads).
    pub async fn first<T: serde::de::DeserializeOwned>(&self, q: &Query) -> AppResult<Option<T>> {
        let (items, _) = self.query_raw(q, Some(1)).await?;
        items.into_iter().next().map(from_item).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(pairs: &[(&str, &str)]) -> String {
        let map: BTreeMap<&str, &str> = pairs.iter().copied().collect();
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&map).unwrap())
    }

    #[test]
    fn a_cursor_only_continues_its_own_partition_and_range() {
        let q = || Query::table("COMPANY#A").prefix("USER#");
        assert!(q().after(Some(&cursor(&[("PK", "COMPANY#A"), ("SK", "USER#1")]))).is_ok());
        for bad in [
            cursor(&[("PK", "COMPANY#B"), ("SK", "USER#1")]),
            cursor(&[("PK", "COMPANY#A"), ("SK", "AUDIT#1")]),
            cursor(&[("PK", "COMPANY#A"), ("SK", "USER#1"), ("password_hash", "x")]),
            "not-base64!".to_string(),
            URL_SAFE_NO_PAD.encode("[1,2]"),
        ] {
            assert!(q().after(Some(&bad)).is_err(), "{bad}");
        }
        let index = Query::index("CATALOG");
        assert!(index.clone().after(Some(&cursor(&[("PK", "P#1"), ("SK", "META"), ("GSI1PK", "CATALOG"), ("GSI1SK", "a")]))).is_ok());
        assert!(index.after(Some(&cursor(&[("PK", "P#1"), ("SK", "META"), ("GSI1PK", "COUPONS"), ("GSI1SK", "a")]))).is_err());
    }
}
