//! Keys and items: a record as a DynamoDB item (its key, its `entity` type, its index, search and
//! TTL attributes) and back.

use super::entity::{Record, ATTRIBUTE};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// A raw item.
pub type Item = HashMap<String, AttributeValue>;

/// A table key: partition and sort key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Key {
        Key { pk: pk.into(), sk: sk.into() }
    }

    pub(super) fn item(&self) -> Item {
        HashMap::from([("PK".to_string(), AttributeValue::S(self.pk.clone())), ("SK".to_string(), AttributeValue::S(self.sk.clone()))])
    }
}

/// A record serialised as an item: its key and its `entity` type (the record's [`Record::ENTITY`]).
pub fn to_item<T: Record>(key: &Key, value: &T) -> AppResult<Item> {
    let mut item: Item = serde_dynamo::to_item(value).map_err(|e| AppError::internal_at("a record as a DynamoDB item", e))?;
    item.extend(key.item());
    item.insert(ATTRIBUTE.into(), AttributeValue::S(T::ENTITY.as_str().into()));
    Ok(item)
}

/// Adds GSI1 keys (an index partition and its sort key) to an item.
pub fn with_index(mut item: Item, partition: impl Into<String>, sort: impl Into<String>) -> Item {
    item.insert("GSI1PK".into(), AttributeValue::S(partition.into()));
    item.insert("GSI1SK".into(), AttributeValue::S(sort.into()));
    item
}

/// Adds the folded text a search filters on (`search`, see `domain::search`).
pub fn with_search(mut item: Item, folded: String) -> Item {
    item.insert("search".into(), AttributeValue::S(folded));
    item
}

/// Sets the TTL attribute (Unix seconds) of an item.
pub fn with_ttl(mut item: Item, expires_at: i64) -> Item {
    item.insert("ttl".into(), AttributeValue::N(expires_at.to_string()));
    item
}

pub fn from_item<T: DeserializeOwned>(item: Item) -> AppResult<T> {
    serde_dynamo::from_item(item).map_err(|e| AppError::internal_at("a DynamoDB item as its record", e))
}

/// The sort key of a raw item.
pub fn sort_key(item: &Item) -> &str {
    item.get("SK").and_then(|v| v.as_s().ok()).map(String::as_str).unwrap_or("")
}
