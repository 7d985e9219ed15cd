//! One write of a transaction ([`super::Tx`]) and its SDK form: the operation, its condition, the
//! key it names (a transaction may name a key once), and the reasons of a cancelled transaction.

use super::expr::Expr;
use super::item::{Item, Key};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{ConditionCheck, Delete, Put, TransactWriteItem, Update};

#[derive(Debug, Clone)]
pub(super) enum Op {
    Put(Item),
    Update(Key, Expr),
    Delete(Key),
    Check(Key),
}

#[derive(Debug, Clone)]
pub(super) struct Write {
    pub(super) op: Op,
    pub(super) condition: Option<Expr>,
}

impl Write {
    pub(super) fn key(&self) -> Option<(String, String)> {
        let text = |item: &Item, name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
        match &self.op {
            Op::Put(item) => Some((text(item, "PK")?, text(item, "SK")?)),
            Op::Update(key, _) | Op::Delete(key) | Op::Check(key) => Some((key.pk.clone(), key.sk.clone())),
        }
    }

    /// The condition's text, names and values (nothing when the write is unconditioned).
    fn condition_parts(&self) -> (Option<String>, std::collections::HashMap<String, String>, Item) {
        match self.condition.clone() {
            Some(c) => {
                let (text, names, values) = c.into_parts();
                (Some(text), names, values)
            }
            None => (None, Default::default(), Default::default()),
        }
    }

    pub(super) fn build(&self, table: &str) -> AppResult<TransactWriteItem> {
        let (condition, mut names, mut values) = self.condition_parts();
        let names_opt = |n: std::collections::HashMap<String, String>| (!n.is_empty()).then_some(n);
        let values_opt = |v: Item| (!v.is_empty()).then_some(v);
        let item = match &self.op {
            Op::Put(item) => {
                let put = Put::builder()
                    .table_name(table)
                    .set_item(Some(item.clone()))
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(names_opt(names))
                    .set_expression_attribute_values(values_opt(values))
                    .build()
                    .map_err(|e| AppError::internal_at("describing a transaction Put", e))?;
                TransactWriteItem::builder().put(put).build()
            }
            Op::Update(key, update) => {
                let (text, update_names, update_values) = update.clone().into_parts();
                names.extend(update_names);
                values.extend(update_values);
                let update = Update::builder()
                    .table_name(table)
                    .set_key(Some(key.item()))
                    .update_expression(text)
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(names_opt(names))
                    .set_expression_attribute_values(values_opt(values))
                    .build()
                    .map_err(|e| AppError::internal_at("describing a transaction Update", e))?;
                TransactWriteItem::builder().update(update).build()
            }
            Op::Delete(key) => {
                let delete = Delete::builder()
                    .table_name(table)
                    .set_key(Some(key.item()))
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(names_opt(names))
                    .set_expression_attribute_values(values_opt(values))
                    .build()
                    .map_err(|e| AppError::internal_at("describing a transaction Delete", e))?;
                TransactWriteItem::builder().delete(delete).build()
            }
            Op::Check(key) => {
                let check = ConditionCheck::builder()
                    .table_name(table)
                    .set_key(Some(key.item()))
                    .condition_expression(condition.unwrap_or_else(|| "attribute_exists(PK)".into()))
                    .set_expression_attribute_names(names_opt(names))
                    .set_expression_attribute_values(values_opt(values))
                    .build()
                    .map_err(|e| AppError::internal_at("describing a transaction ConditionCheck", e))?;
                TransactWriteItem::builder().condition_check(check).build()
            }
        };
        Ok(item)
    }
}

/// The cancellation reason of each item of a cancelled transaction (empty for other failures).
pub(super) fn cancellation_reasons<R>(err: &SdkError<TransactWriteItemsError, R>) -> Vec<Option<String>> {
    match err.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
            e.cancellation_reasons().iter().map(|r| r.code().map(str::to_string)).collect()
        }
        _ => Vec::new(),
    }
}
