//! A DynamoDB client interceptor that asks every request for its consumed capacity and records
//! each call: the round trips and capacity units of an operation, measured, not estimated.

use aws_sdk_dynamodb::config::interceptors::{AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::operation::{
    batch_get_item::{BatchGetItemInput, BatchGetItemOutput},
    delete_item::{DeleteItemInput, DeleteItemOutput},
    get_item::{GetItemInput, GetItemOutput},
    put_item::{PutItemInput, PutItemOutput},
    query::{QueryInput, QueryOutput},
    scan::{ScanInput, ScanOutput},
    transact_write_items::{TransactWriteItemsInput, TransactWriteItemsOutput},
    update_item::{UpdateItemInput, UpdateItemOutput},
};
use aws_sdk_dynamodb::types::{ConsumedCapacity, ReturnConsumedCapacity};
use std::sync::{Arc, Mutex};

/// One DynamoDB call.
#[derive(Debug, Clone)]
pub struct Call {
    pub operation: &'static str,
    pub read_units: f64,
    pub write_units: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Meter(Arc<Mutex<Vec<Call>>>);

impl Meter {
    /// The calls since the last `take`.
    pub fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn total(c: &[ConsumedCapacity]) -> f64 {
    c.iter().filter_map(|c| c.capacity_units).sum()
}

impl Intercept for Meter {
    fn name(&self) -> &'static str {
        "cloudstore-bench-meter"
    }

    fn modify_before_serialization(
        &self,
        ctx: &mut BeforeSerializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = ctx.input_mut();
        let total = Some(ReturnConsumedCapacity::Total);
        if let Some(i) = input.downcast_mut::<GetItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<QueryInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<BatchGetItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<ScanInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<TransactWriteItemsInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<PutItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<UpdateItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<DeleteItemInput>() {
            i.return_consumed_capacity = total;
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        ctx: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Ok(out) = ctx.output_or_error() else {
            // A refused condition still cost its units, but its output carries none: count the trip.
            self.0.lock().unwrap().push(Call { operation: "refused write", read_units: 0.0, write_units: 0.0 });
            return Ok(());
        };
        let one = |c: Option<&ConsumedCapacity>| c.and_then(|c| c.capacity_units).unwrap_or(0.0);
        let call = if let Some(o) = out.downcast_ref::<GetItemOutput>() {
            Call { operation: "GetItem", read_units: one(o.consumed_capacity()), write_units: 0.0 }
        } else if let Some(o) = out.downcast_ref::<QueryOutput>() {
            Call { operation: "Query", read_units: one(o.consumed_capacity()), write_units: 0.0 }
        } else if let Some(o) = out.downcast_ref::<BatchGetItemOutput>() {
            Call { operation: "BatchGetItem", read_units: total(o.consumed_capacity()), write_units: 0.0 }
        } else if let Some(o) = out.downcast_ref::<ScanOutput>() {
            Call { operation: "Scan", read_units: one(o.consumed_capacity()), write_units: 0.0 }
        } else if let Some(o) = out.downcast_ref::<TransactWriteItemsOutput>() {
            Call { operation: "TransactWriteItems", read_units: 0.0, write_units: total(o.consumed_capacity()) }
        } else if let Some(o) = out.downcast_ref::<PutItemOutput>() {
            Call { operation: "PutItem", read_units: 0.0, write_units: one(o.consumed_capacity()) }
        } else if let Some(o) = out.downcast_ref::<UpdateItemOutput>() {
            Call { operation: "UpdateItem", read_units: 0.0, write_units: one(o.consumed_capacity()) }
        } else if let Some(o) = out.downcast_ref::<DeleteItemOutput>() {
            Call { operation: "DeleteItem", read_units: 0.0, write_units: one(o.consumed_capacity()) }
        } else {
            Call { operation: "other", read_units: 0.0, write_units: 0.0 }
        };
        self.0.lock().unwrap().push(call);
        Ok(())
    }
}
