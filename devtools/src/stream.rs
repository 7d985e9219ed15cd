//! The local stand-in for the Lambda trigger of `send-email`: polls the DynamoDB Streams of a
//! DynamoDB Local table and hands each new outbox item to the very code the function runs in AWS
//! (`cloudstore::outbox::sender`), retrying from the first failed item as Lambda does (keys only,
//! `INSERT`s of `OUTBOX#` items, like the template's filter). `make dev` and `make test` run one
//! for their table (`cloudstore-dev send-email`), and every integration test one for its own, so
//! every email of the local stack travels the deployed path: outbox item, stream, sender, SES.

use aws_sdk_dynamodbstreams::types::{OperationType, ShardIteratorType};
use cloudstore::outbox::{sender, PREFIX};
use cloudstore::AppState;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How often a poller looks for new records: at once while there is work, then after a pause
/// that doubles while the stream stays quiet, up to `IDLE_MAX`. Each `GetRecords` costs DynamoDB
/// Local time that grows with every stream record it holds (a test run writes hundreds of
/// thousands), so pollers asking every 50 ms all through a run kept one core busy by themselves.
const IDLE_MIN: Duration = Duration::from_millis(50);
const IDLE_MAX: Duration = Duration::from_millis(500);

/// Wakes the pollers of this process at once (a test waiting for its emails).
static WAKE: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Wakes every poller of this process from its idle pause, to read the stream now.
pub fn wake() {
    WAKE.notify_waiters();
}
/// Locally, what is still pending this long after it was written is swept (the deployed
/// schedule waits minutes; a test does not).
const CATCH_UP_AFTER_SECS: i64 = 3;

/// The streams client for the local stack: DynamoDB Local serves its streams on its own endpoint.
pub fn streams_client(sdk: &aws_config::SdkConfig) -> aws_sdk_dynamodbstreams::Client {
    let mut config = aws_sdk_dynamodbstreams::config::Builder::from(sdk);
    if let Ok(endpoint) = std::env::var("AWS_ENDPOINT_URL_DYNAMODB") {
        config = config.endpoint_url(endpoint);
    }
    aws_sdk_dynamodbstreams::Client::from_conf(config.build())
}

/// The stream of `table` (created with the template's `StreamSpecification`).
pub async fn stream_arn(dynamodb: &aws_sdk_dynamodb::Client, table: &str) -> Result<String, BoxError> {
    let described = dynamodb.describe_table().table_name(table).send().await?;
    let arn = described.table().and_then(|t| t.latest_stream_arn()).ok_or_else(|| format!("{table} has no stream"))?;
    Ok(arn.to_string())
}

/// One shard being read: where it is, and the outbox items read but not yet delivered.
struct Shard {
    iterator: Option<String>,
    /// The last record read, to pick up after it with a fresh iterator.
    last: Option<String>,
    waiting: Vec<String>,
    failures: u32,
}

/// Delivers the outbox items of `stream` as they appear, until the task is dropped.
pub async fn deliver_forever(app: AppState, streams: aws_sdk_dynamodbstreams::Client, stream: String) {
    let mut shards: HashMap<String, Shard> = HashMap::new();
    let mut finished: HashSet<String> = HashSet::new();
    let mut rounds: u64 = 0;
    let mut pause = IDLE_MIN;
    loop {
        if rounds.is_multiple_of(20) || shards.is_empty() {
            if let Err(err) = discover(&streams, &stream, &mut shards, &finished).await {
                tracing::warn!(error = %err, "reading the stream's shards failed; trying again");
            }
        }
        rounds += 1;
        let mut busy = false;
        for (id, shard) in shards.iter_mut() {
            match poll(&app, &streams, &stream, id, shard).await {
                Ok(work) => busy |= work,
                Err(err) => tracing::warn!(error = %err, "reading the stream failed; trying again"),
            }
            if shard.iterator.is_none() && shard.waiting.is_empty() {
                finished.insert(id.clone());
            }
        }
        // A backstop, as the deployed schedule is: what the stream missed is sent too (and logged).
        if rounds.is_multiple_of(40) {
            match sender::sweep_older_than(&app, CATCH_UP_AFTER_SECS).await {
                Ok(report) if report.sent + report.failed > 0 => tracing::warn!(sent = report.sent, "the stream missed emails"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = ?err, "sweeping the outbox failed"),
            }
        }
        shards.retain(|id, _| !finished.contains(id));
        if busy {
            pause = IDLE_MIN;
        } else {
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = WAKE.notified() => {}
            }
            pause = (pause * 2).min(IDLE_MAX);
        }
    }
}

/// Starts reading shards not seen yet (from their first record: the table is the poller's own).
async fn discover(
    streams: &aws_sdk_dynamodbstreams::Client,
    stream: &str,
    shards: &mut HashMap<String, Shard>,
    finished: &HashSet<String>,
) -> Result<(), BoxError> {
    let described = streams.describe_stream().stream_arn(stream).send().await?;
    for shard in described.stream_description().map(|d| d.shards()).unwrap_or_default() {
        let Some(id) = shard.shard_id() else { continue };
        if shards.contains_key(id) || finished.contains(id) {
            continue;
        }
        let iterator = streams
            .get_shard_iterator()
            .stream_arn(stream)
            .shard_id(id)
            .shard_iterator_type(ShardIteratorType::TrimHorizon)
            .send()
            .await?
            .shard_iterator;
        shards.insert(id.to_string(), Shard { iterator, last: None, waiting: Vec::new(), failures: 0 });
    }
    Ok(())
}

/// One step on one shard: deliver what waits (from the first failure on, it waits again, after a
/// pause that grows), else read the next records. Answers whether there was work.
async fn poll(
    app: &AppState,
    streams: &aws_sdk_dynamodbstreams::Client,
    stream: &str,
    id: &str,
    shard: &mut Shard,
) -> Result<bool, BoxError> {
    if !shard.waiting.is_empty() {
        match sender::deliver_all(app, &shard.waiting).await {
            None => {
                shard.waiting.clear();
                shard.failures = 0;
            }
            Some(first) => {
                shard.waiting.drain(..first);
                shard.failures += 1;
                tokio::time::sleep(Duration::from_millis(100 << shard.failures.min(5))).await;
            }
        }
        return Ok(true);
    }
    let Some(iterator) = shard.iterator.take() else { return Ok(false) };
    match streams.get_records().shard_iterator(&iterator).limit(100).send().await {
        Ok(out) => {
            shard.iterator = out.next_shard_iterator().map(str::to_string);
            if let Some(last) = out.records().last().and_then(|r| r.dynamodb()).and_then(|d| d.sequence_number()) {
                shard.last = Some(last.to_string());
            }
            shard.waiting = out.records().iter().filter_map(outbox_id).collect();
            Ok(!out.records().is_empty())
        }
        // DynamoDB Local answers `TrimmedDataAccessException` to an iterator taken on a shard
        // that was empty then (and iterators expire): take a fresh one after the last record read.
        Err(err) => {
            let kind = match &shard.last {
                Some(_) => ShardIteratorType::AfterSequenceNumber,
                None => ShardIteratorType::TrimHorizon,
            };
            let fresh = streams
                .get_shard_iterator()
                .stream_arn(stream)
                .shard_id(id)
                .shard_iterator_type(kind)
                .set_sequence_number(shard.last.clone())
                .send()
                .await;
            match fresh {
                Ok(fresh) => shard.iterator = fresh.shard_iterator,
                Err(_) => shard.iterator = Some(iterator),
            }
            Err(aws_sdk_dynamodbstreams::error::DisplayErrorContext(&err).to_string().into())
        }
    }
}

/// The outbox id of an inserted outbox item's record.
fn outbox_id(record: &aws_sdk_dynamodbstreams::types::Record) -> Option<String> {
    if record.event_name() != Some(&OperationType::Insert) {
        return None;
    }
    let pk = record.dynamodb()?.keys()?.get("PK")?.as_s().ok()?;
    pk.strip_prefix(PREFIX).map(str::to_string)
}

/// Starts delivering the outbox of `app`'s table in the background (a test's table).
pub async fn spawn(app: AppState, sdk: &aws_config::SdkConfig, table: &str) -> Result<tokio::task::JoinHandle<()>, BoxError> {
    let arn = stream_arn(&aws_sdk_dynamodb::Client::new(sdk), table).await?;
    Ok(tokio::spawn(deliver_forever(app, streams_client(sdk), arn)))
}
