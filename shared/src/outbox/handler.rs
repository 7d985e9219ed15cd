//! The `send-email` function's three triggers, told apart by the event's shape: new outbox items
//! from the table's stream (DynamoDB Streams; filtered to `INSERT`s of `OUTBOX#` keys, keys
//! only), SES's bounce and complaint notifications from SNS, and the schedule that sweeps what is
//! still pending. Only the few fields used are read (the `aws_lambda_events` types for these
//! events would bring chrono and serde_with into every function through feature unification).

use super::{feedback, sender, PREFIX};
use crate::app::App;
use crate::error::AppResult;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
struct Envelope {
    #[serde(rename = "Records", default)]
    records: Vec<Record>,
    /// `aws.events` for the schedule.
    #[serde(default)]
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Record {
    #[serde(rename = "eventName", default)]
    event_name: Option<String>,
    #[serde(default)]
    dynamodb: Option<StreamRecord>,
    #[serde(rename = "Sns", default)]
    sns: Option<SnsMessage>,
}

#[derive(Debug, Deserialize)]
struct StreamRecord {
    #[serde(rename = "Keys", default)]
    keys: HashMap<String, StringAttr>,
    #[serde(rename = "SequenceNumber", default)]
    sequence_number: String,
}

#[derive(Debug, Deserialize)]
struct StringAttr {
    #[serde(rename = "S", default)]
    s: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SnsMessage {
    #[serde(rename = "Message")]
    message: String,
}

/// The answer Lambda reads for a stream batch (`ReportBatchItemFailures`): the stream resumes at
/// the first failed record. Empty for the other triggers.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Answer {
    #[serde(rename = "batchItemFailures")]
    pub batch_item_failures: Vec<Failure>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Failure {
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: String,
}

/// The outbox id a stream record names, for inserts of outbox items.
fn outbox_id(record: &Record) -> Option<String> {
    if record.event_name.as_deref() != Some("INSERT") {
        return None;
    }
    let pk = record.dynamodb.as_ref()?.keys.get("PK")?.s.as_deref()?;
    pk.strip_prefix(PREFIX).filter(|id| !id.is_empty() && *id != "pending").map(str::to_string)
}

/// Handles one invocation of `send-email`.
pub async fn handle(app: &App, event: serde_json::Value) -> AppResult<Answer> {
    let envelope: Envelope = serde_json::from_value(event).unwrap_or_default();
    if envelope.source.as_deref() == Some("aws.events") {
        let report = sender::sweep(app).await?;
        tracing::info!(sent = report.sent, failed = report.failed, "outbox swept");
        return Ok(Answer::default());
    }
    let mut answer = Answer::default();
    let now = app.now().unix_timestamp();
    let mut stream: Vec<(String, String)> = Vec::new();
    for record in &envelope.records {
        if let Some(sns) = &record.sns {
            // A notification that does not parse is logged and dropped: retrying cannot fix it.
            if let Err(err) = feedback::record(&app.db, &sns.message, now).await {
                tracing::error!(error = ?err, "an SES notification was not understood");
            }
        } else if let (Some(id), Some(change)) = (outbox_id(record), &record.dynamodb) {
            stream.push((change.sequence_number.clone(), id));
        }
    }
    let ids: Vec<String> = stream.iter().map(|(_, id)| id.clone()).collect();
    if let Some(first) = sender::deliver_all(app, &ids).await {
        answer.batch_item_failures.push(Failure { item_identifier: stream[first].0.clone() });
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inserted_outbox_items_are_delivered() {
        let event: Envelope = serde_json::from_str(
            r#"{"Records":[
              {"eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{"Keys":{"PK":{"S":"OUTBOX#01J"},"SK":{"S":"OUTBOX"}},"SequenceNumber":"100"}},
              {"eventName":"MODIFY","eventSource":"aws:dynamodb","dynamodb":{"Keys":{"PK":{"S":"OUTBOX#01K"},"SK":{"S":"OUTBOX"}},"SequenceNumber":"101"}},
              {"eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{"Keys":{"PK":{"S":"COMPANY#1"},"SK":{"S":"META"}},"SequenceNumber":"102"}}
            ]}"#,
        )
        .unwrap();
        let ids: Vec<_> = event.records.iter().filter_map(outbox_id).collect();
        assert_eq!(ids, ["01J"]);
    }

    #[test]
    fn sns_and_schedule_events_are_told_apart() {
        let sns: Envelope = serde_json::from_str(r#"{"Records":[{"EventSource":"aws:sns","Sns":{"Message":"{}"}}]}"#).unwrap();
        assert!(sns.records[0].sns.is_some() && outbox_id(&sns.records[0]).is_none());
        let schedule: Envelope = serde_json::from_str(r#"{"source":"aws.events","detail-type":"Scheduled Event"}"#).unwrap();
        assert_eq!(schedule.source.as_deref(), Some("aws.events"));
        assert_eq!(
            serde_json::to_string(&Answer { batch_item_failures: vec![Failure { item_identifier: "7".into() }] }).unwrap(),
            r#"{"batchItemFailures":[{"itemIdentifier":"7"}]}"#
        );
    }
}
