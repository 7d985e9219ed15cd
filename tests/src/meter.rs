//! A DynamoDB client interceptor that asks every request for its consumed capacity and records
//! each call: the calls, round trips and capacity units of an operation, measured, not estimated
//! (the benchmark and the tests that count read units use it). Calls in flight at the same time
//! (a handler's `tokio::join!`) share one round trip.

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut, FinalizerInterceptorContextRef,
};
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
    /// The round trip it belonged to, from 1: a new one starts when a call starts with none in flight.
    pub round: usize,
}

#[derive(Debug, Default)]
struct Log {
    calls: Vec<Call>,
    in_flight: usize,
    round: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Meter(Arc<Mutex<Log>>);

impl Meter {
    /// The calls since the last `take`, rounds counted from 1 again.
    pub fn take(&self) -> Vec<Call> {
        let mut log = self.0.lock().unwrap();
        log.round = 0;
        std::mem::take(&mut log.calls)
    }

    fn record(&self, operation: &'static str, read_units: f64, write_units: f64) {
        let mut log = self.0.lock().unwrap();
        // A call still in flight keeps its round open, so the current round is this call's.
        let round = log.round;
        log.calls.push(Call { operation, read_units, write_units, round });
    }
}

/// How many round trips `calls` took.
pub fn round_trips(calls: &[Call]) -> usize {
    calls.iter().map(|c| c.round).max().unwrap_or(0)
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
        {
            let mut log = self.0.lock().unwrap();
            if log.in_flight == 0 {
                log.round += 1;
            }
            log.in_flight += 1;
        }
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
            self.record("refused write", 0.0, 0.0);
            return Ok(());
        };
        let one = |c: Option<&ConsumedCapacity>| c.and_then(|c| c.capacity_units).unwrap_or(0.0);
        let (operation, reads, writes) = if let Some(o) = out.downcast_ref::<GetItemOutput>() {
            ("GetItem", one(o.consumed_capacity()), 0.0)
        } else if let Some(o) = out.downcast_ref::<QueryOutput>() {
            ("Query", one(o.consumed_capacity()), 0.0)
        } else if let Some(o) = out.downcast_ref::<BatchGetItemOutput>() {
            ("BatchGetItem", total(o.consumed_capacity()), 0.0)
        } else if let Some(o) = out.downcast_ref::<ScanOutput>() {
            ("Scan", one(o.consumed_capacity()), 0.0)
        } else if let Some(o) = out.downcast_ref::<TransactWriteItemsOutput>() {
            ("TransactWriteItems", 0.0, total(o.consumed_capacity()))
        } else if let Some(o) = out.downcast_ref::<PutItemOutput>() {
            ("PutItem", 0.0, one(o.consumed_capacity()))
        } else if let Some(o) = out.downcast_ref::<UpdateItemOutput>() {
            ("UpdateItem", 0.0, one(o.consumed_capacity()))
        } else if let Some(o) = out.downcast_ref::<DeleteItemOutput>() {
            ("DeleteItem", 0.0, one(o.consumed_capacity()))
        } else {
            ("other", 0.0, 0.0)
        };
        self.record(operation, reads, writes);
        Ok(())
    }

    /// Runs once per call, whatever became of it: the call is no longer in flight.
    fn read_after_execution(
        &self,
        _: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let mut log = self.0.lock().unwrap();
        log.in_flight = log.in_flight.saturating_sub(1);
        Ok(())
    }
}
