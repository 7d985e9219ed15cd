//! The billing export's cost against what it bills and against what else the table holds: on a
//! fresh table, the export's read units and round trips with 10, 40 and 100 billed subscriptions,
//! then with 2,000 and 10,000 unrelated items (about 1 KB each, as users, sessions and audit
//! entries are) added. The export reads the month's billing records and the open subscriptions
//! through keys and an index, so its read units follow the billed subscriptions and stay flat as
//! the table grows (before, a scan read every item of the table).

use crate::meter::round_trips;
use crate::ops::Bench;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use serde_json::json;
use std::collections::HashMap;

/// One measurement of the export.
pub struct ExportReads {
    pub billed: usize,
    pub unrelated: usize,
    pub read_units: f64,
    pub round_trips: usize,
    pub calls: usize,
}

const PRODUCT: &str = "01KMR301Z6D7S9DX7VW94EDFBF";

async fn export(bench: &Bench, billed: usize, unrelated: usize) -> ExportReads {
    let now = time::OffsetDateTime::now_utc();
    let path = format!("/operator/billing?month={}-{:02}", now.year(), now.month() as u8);
    bench.meter.take();
    let answer = bench.app.get_as(&bench.operator_token, &path).await;
    let calls = bench.meter.take();
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let lines: usize =
        answer.body["companies"].as_array().map_or(0, |cs| cs.iter().map(|c| c["subscriptions"].as_array().map_or(0, Vec::len)).sum());
    assert_eq!(lines, billed, "the export bills every subscription");
    ExportReads {
        billed,
        unrelated,
        read_units: calls.iter().map(|c| c.read_units).sum(),
        round_trips: round_trips(&calls),
        calls: calls.len(),
    }
}

/// Writes `count` unrelated items of about 1 KB, each in its own partition.
async fn unrelated(bench: &Bench, from: usize, count: usize) {
    let sdk = cloudstore_tests::sdk().await;
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    let padding = "x".repeat(1_000);
    for chunk in (from..from + count).collect::<Vec<_>>().chunks(25) {
        let writes: Vec<WriteRequest> = chunk
            .iter()
            .map(|i| {
                let item = HashMap::from([
                    ("PK".to_string(), AttributeValue::S(format!("UNRELATED#{i}"))),
                    ("SK".to_string(), AttributeValue::S("META".into())),
                    ("entity".to_string(), AttributeValue::S("unrelated".into())),
                    ("padding".to_string(), AttributeValue::S(padding.clone())),
                ]);
                WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(item)).build().expect("a put")).build()
            })
            .collect();
        client.batch_write_item().request_items(&bench.app.table, writes).send().await.expect("unrelated items");
    }
}

/// The export measured as the billed subscriptions, then the unrelated items, grow.
pub async fn measure() -> Vec<ExportReads> {
    let bench = Bench::new().await;
    let app = &bench.app;
    let mut results = Vec::new();
    let mut billed = 0;
    for target in [10, 40, 100] {
        while billed < target {
            let admin = app.activated_admin().await;
            let (token, _) = app.tokens(&admin).await;
            for i in 0..10 {
                let order = app
                    .order(&token, &format!("k{i}"), json!({ "items": [{ "product_id": PRODUCT, "plan_id": "equipo", "seats": 2 }] }))
                    .await;
                assert_eq!(order.status, 201, "{:?}", order.body);
            }
            billed += 10;
        }
        results.push(export(&bench, billed, 0).await);
    }
    let mut added = 0;
    for total in [2_000, 10_000] {
        unrelated(&bench, added, total - added).await;
        added = total;
        results.push(export(&bench, billed, added).await);
    }
    results
}

/// The section of `docs/benchmarks.md`.
pub fn section(md: &mut String, results: &[ExportReads]) {
    use std::fmt::Write;
    let _ = writeln!(md, "\n## The billing export against the table's size\n\n`GET /operator/billing` on a fresh table, in process against DynamoDB Local through the metered client (`bench/src/billing.rs`): its read units follow the subscriptions it bills, and stay the same when unrelated items (about 1 KB each, like users, sessions and audit entries) are added, because it reads the month's billing records and the open subscriptions through keys and a sparse index, never a scan. `tests/tests/api/billing.rs` asserts the same (`the_export_reads_what_it_bills_not_the_whole_table`).\n");
    let _ = writeln!(md, "| billed subscriptions | unrelated items added | read units | round trips | DynamoDB calls |\n| ---: | ---: | ---: | ---: | ---: |");
    for r in results {
        let _ = writeln!(md, "| {} | {} | {:.1} | {} | {} |", r.billed, r.unrelated, r.read_units, r.round_trips, r.calls);
    }
}
