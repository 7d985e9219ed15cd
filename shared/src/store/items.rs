//! Item mapping and the small helpers every store module shares: serde_dynamo conversion, key
//! attributes, request builders, and reading which condition of a cancelled transaction failed.

use super::Store;
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;

pub type Item = HashMap<String, AttributeValue>;

pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(crate) fn n(value: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// Serialises a record and adds its keys and entity type.
pub(crate) fn to_item<T: Serialize>(pk: String, sk: &str, entity: &str, value: &T) -> AppResult<Item> {
    let mut item: Item = serde_dynamo::to_item(value).map_err(AppError::internal)?;
    item.insert("PK".into(), s(pk));
    item.insert("SK".into(), s(sk));
    item.insert("entity".into(), s(entity));
    Ok(item)
}

pub(crate) fn from_item<T: DeserializeOwned>(item: Item) -> AppResult<T> {
    serde_dynamo::from_item(item).map_err(AppError::internal)
}

pub(crate) fn key(pk: String, sk: &str) -> Item {
    HashMap::from([("PK".to_string(), s(pk)), ("SK".to_string(), s(sk))])
}

/// The cancellation reason of each item of a cancelled transaction (empty for other failures).
fn cancellation_reasons<R>(err: &SdkError<TransactWriteItemsError, R>) -> Vec<Option<String>> {
    match err.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
            e.cancellation_reasons().iter().map(|r| r.code().map(str::to_string)).collect()
        }
        _ => Vec::new(),
    }
}

/// A short randomised pause before retrying a conflicted transaction.
fn backoff(attempt: u32) -> std::time::Duration {
    let mut jitter = [0u8; 1];
    let _ = getrandom::fill(&mut jitter);
    std::time::Duration::from_millis(10 * (1 << attempt.min(5)) as u64 + jitter[0] as u64 % 50)
}

impl Store {
    pub(crate) fn put(&self, item: Item, condition: Option<(&str, Item)>) -> AppResult<TransactWriteItem> {
        let mut put = Put::builder().table_name(&self.table).set_item(Some(item));
        if let Some((expr, values)) = condition {
            put = put.condition_expression(expr);
            if !values.is_empty() {
                put = put.set_expression_attribute_values(Some(values));
            }
        }
        Ok(TransactWriteItem::builder().put(put.build().map_err(AppError::internal)?).build())
    }

    pub(crate) fn delete(&self, key: Item, condition: Option<&str>) -> AppResult<TransactWriteItem> {
        let mut delete = Delete::builder().table_name(&self.table).set_key(Some(key));
        if let Some(expr) = condition {
            delete = delete.condition_expression(expr);
        }
        Ok(TransactWriteItem::builder().delete(delete.build().map_err(AppError::internal)?).build())
    }

    pub(crate) fn check(&self, key: Item, expr: &str, names: &[(&str, &str)], values: Item) -> AppResult<TransactWriteItem> {
        let mut check = ConditionCheck::builder().table_name(&self.table).set_key(Some(key)).condition_expression(expr);
        for (alias, name) in names {
            check = check.expression_attribute_names(*alias, *name);
        }
        if !values.is_empty() {
            check = check.set_expression_attribute_values(Some(values));
        }
        Ok(TransactWriteItem::builder().condition_check(check.build().map_err(AppError::internal)?).build())
    }

    /// Runs a transaction; on a cancellation by conditions, answers which items failed. A
    /// cancellation only by conflicts with other transactions in flight is retried a few times.
    pub(crate) async fn transact(&self, items: Vec<TransactWriteItem>) -> AppResult<Result<(), Vec<bool>>> {
        let mut attempt = 0u32;
        loop {
            let err = match self.client.transact_write_items().set_transact_items(Some(items.clone())).send().await {
                Ok(_) => return Ok(Ok(())),
                Err(err) => err,
            };
            let reasons = cancellation_reasons(&err);
            if reasons.iter().any(|r| r.as_deref() == Some("ConditionalCheckFailed")) {
                return Ok(Err(reasons.iter().map(|r| r.as_deref() == Some("ConditionalCheckFailed")).collect()));
            }
            let conflicted = reasons.iter().any(|r| r.as_deref() == Some("TransactionConflict"));
            if !conflicted || attempt >= 8 {
                return Err(if conflicted { AppError::Conflict } else { AppError::internal(err) });
            }
            attempt += 1;
            tokio::time::sleep(backoff(attempt)).await;
        }
    }

    /// A strongly consistent read of one item.
    pub(crate) async fn get(&self, key: Item) -> AppResult<Option<Item>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(AppError::internal)?;
        Ok(out.item)
    }
}
