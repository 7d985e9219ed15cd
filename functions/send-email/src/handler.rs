//! `send-email`: delivers the outbox. Three triggers reach it, told apart by the event: new outbox
//! items from the table's stream (DynamoDB Streams, keys only, filtered to `INSERT`s of
//! `OUTBOX#` items), SES's bounce and complaint notifications from SNS (the address is suppressed),
//! and a schedule that sends what the stream gave up on (see `cloudstore::outbox`).

use cloudstore::outbox::{self, Answer};
use cloudstore::App;
use lambda_runtime::LambdaEvent;

/// One invocation; a stream batch answers the first record to retry (`ReportBatchItemFailures`).
pub async fn handle(app: &App, event: LambdaEvent<serde_json::Value>) -> Result<Answer, lambda_runtime::Error> {
    outbox::handle(app, event.payload).await.map_err(lambda_runtime::Error::from)
}
