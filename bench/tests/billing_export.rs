//! The billing export's read units follow what it bills and stay flat as unrelated items fill the
//! table (the measurement `make bench` reports; a count, not a timing).

use cloudstore_bench::billing::{measure, section};

#[tokio::test]
async fn the_export_reads_what_it_bills_whatever_else_the_table_holds() {
    let results = measure().await;
    let mut md = String::new();
    section(&mut md, &results);
    eprintln!("{md}");
    let billed: Vec<&_> = results.iter().filter(|r| r.unrelated == 0).collect();
    assert!(billed.windows(2).all(|w| w[1].read_units > w[0].read_units), "more billed, more read");
    let last = billed.last().unwrap();
    for r in results.iter().filter(|r| r.unrelated > 0) {
        assert_eq!((r.read_units, r.round_trips), (last.read_units, last.round_trips), "{} unrelated items moved the export", r.unrelated);
    }
}
