//! The table handle: single reads, batched reads, a scan by entity, a conditional update, the
//! warm-up read, and the retries' backoff. Queries are in `query.rs`, transactions in `tx.rs`.

use super::expr::Expr;
use super::item::{from_item, Item, Key};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::KeysAndAttributes;
use aws_sdk_dynamodb::Client;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// A handle on the single table, cheap to clone; built once per cold start.
#[derive(Clone)]
pub struct Db {
    client: Client,
    table: String,
}

impl Db {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Db { client, table: table.into() }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// A strongly consistent read of one record.
    pub async fn get<T: DeserializeOwned>(&self, key: &Key) -> AppResult<Option<T>> {
        self.get_item(key).await?.map(from_item).transpose()
    }

    /// A strongly consistent read of one raw item.
    pub async fn get_item(&self, key: &Key) -> AppResult<Option<Item>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key.item()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| AppError::internal_at("DynamoDB GetItem", e))?;
        Ok(out.item)
    }

    /// Strongly consistent reads of many keys (de-duplicated, 100 per call, the calls in flight at
    /// once), retrying unprocessed keys with a growing, jittered pause. The items come back in no
    /// particular order: match them by [`Entity::of`](super::Entity::of) or key.
    pub async fn batch_get(&self, keys: Vec<Key>) -> AppResult<Vec<Item>> {
        let mut unique = keys;
        unique.sort_by(|a, b| (&a.pk, &a.sk).cmp(&(&b.pk, &b.sk)));
        unique.dedup();
        let chunks = unique.chunks(100).map(|chunk| self.batch_get_chunk(chunk.iter().map(Key::item).collect()));
        let found = futures_util::future::try_join_all(chunks).await?;
        Ok(found.into_iter().flatten().collect())
    }

    async fn batch_get_chunk(&self, keys: Vec<Item>) -> AppResult<Vec<Item>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let request = KeysAndAttributes::builder()
            .set_keys(Some(keys))
            .consistent_read(true)
            .build()
            .map_err(|e| AppError::internal_at("describing a BatchGetItem", e))?;
        let mut pending = Some(HashMap::from([(self.table.clone(), request)]));
        let mut found = Vec::new();
        for attempt in 0..6u32 {
            let Some(request) = pending.take().filter(|r| !r.is_empty()) else { return Ok(found) };
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt)).await;
            }
            let out = self
                .client
                .batch_get_item()
                .set_request_items(Some(request))
                .send()
                .await
                .map_err(|e| AppError::internal_at("DynamoDB BatchGetItem", e))?;
            found.extend(out.responses.unwrap_or_default().remove(&self.table).unwrap_or_default());
            pending = out.unprocessed_keys;
        }
        match pending {
            Some(r) if !r.is_empty() => Err(AppError::internal("batch read left keys unprocessed")),
            _ => Ok(found),
        }
    }

    /// Every record of one entity type in the whole table: a filtered, paged scan whose cost grows
    /// with the table, so only tests and local tools have it (no request path scans).
    #[cfg(feature = "tooling")]
    pub async fn scan_entity<T: DeserializeOwned>(&self, entity: super::Entity) -> AppResult<Vec<T>> {
        let mut all = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("entity = :e")
                .expression_attribute_values(":e", aws_sdk_dynamodb::types::AttributeValue::S(entity.as_str().into()))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| AppError::internal_at("DynamoDB Scan", e))?;
            for item in out.items.unwrap_or_default() {
                all.push(from_item(item)?);
            }
            match out.last_evaluated_key {
                Some(k) => start = Some(k),
                None => return Ok(all),
            }
        }
    }

    /// Runs a single conditional update: `Ok(new item)`, or `Err(item as it was)` when the
    /// condition failed (empty when there was no item).
    pub async fn update(&self, key: &Key, update: Expr, condition: Option<Expr>) -> AppResult<Result<Item, Item>> {
        use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
        use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};
        let (update_text, mut names, mut values) = update.into_parts();
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key.item()))
            .update_expression(update_text)
            .return_values(ReturnValue::AllNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        if let Some(condition) = condition {
            let (text, n, v) = condition.into_parts();
            names.extend(n);
            values.extend(v);
            request = request.condition_expression(text);
        }
        request = request
            .set_expression_attribute_names((!names.is_empty()).then_some(names))
            .set_expression_attribute_values((!values.is_empty()).then_some(values));
        match request.send().await {
            Ok(out) => Ok(Ok(out.attributes.unwrap_or_default())),
            Err(err) => match err.into_service_error() {
                UpdateItemError::ConditionalCheckFailedException(refused) => Ok(Err(refused.item.unwrap_or_default())),
                other => Err(AppError::internal_at("DynamoDB UpdateItem", other)),
            },
        }
    }

    /// One eventually consistent read of a key that never exists (half a read unit), so the TLS
    /// connection and credentials are ready before the first request. Bounded to 2 seconds, and a
    /// failure is only logged: the first request will connect again.
    pub async fn warm_up(&self) {
        let read = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Key::new("WARMUP", "WARMUP").item()))
            .projection_expression("PK")
            .send();
        match tokio::time::timeout(std::time::Duration::from_secs(2), read).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %aws_sdk_dynamodb::error::DisplayErrorContext(&e), "warm-up read failed"),
            Err(_) => tracing::warn!("warm-up read timed out"),
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }
}

/// Runs a read when there is one to run (an id that parsed), else finds nothing: so a route can
/// send "nothing" alongside its session check and answer `not_found` only to a caller who may ask.
pub async fn read_if<T, F>(read: Option<F>) -> AppResult<Option<T>>
where
    F: std::future::Future<Output = AppResult<Option<T>>>,
{
    match read {
        Some(read) => read.await,
        None => Ok(None),
    }
}

/// A short randomised pause before a retry: 20 ms doubling per attempt, plus up to 50 ms of jitter.
pub(crate) fn backoff(attempt: u32) -> std::time::Duration {
    let mut jitter = [0u8; 1];
    let _ = getrandom::fill(&mut jitter);
    std::time::Duration::from_millis((10u64 << attempt.min(5)) + u64::from(jitter[0]) % 50)
}
