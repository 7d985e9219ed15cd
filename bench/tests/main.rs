//! The benchmark harness's tests against the local stack, in one test binary.

mod billing_export;
mod round_trips;
