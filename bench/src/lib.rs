//! The measurements behind `make bench` (see `main.rs`), and the route walk a test also runs:
//! every route's DynamoDB round trips, checked against its budget.

pub mod billing;
pub mod coldstart;
pub mod company;
pub mod cost;
pub mod hashing;
/// The DynamoDB meter lives with the tests (which count read units too); re-exported here.
pub use cloudstore_tests::meter;
pub mod ops;
pub mod report;
pub mod routes;

/// The median of some samples (milliseconds).
pub fn median(samples: &mut [f64]) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let mid = samples.len() / 2;
    if samples.len().is_multiple_of(2) {
        (samples[mid - 1] + samples[mid]) / 2.0
    } else {
        samples[mid]
    }
}
