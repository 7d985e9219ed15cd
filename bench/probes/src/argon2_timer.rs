//! Times the functions' own argon2id calls, one per line asked on stdin (`hash` or `verify`),
//! answering each with its milliseconds. Built with the functions' release profile, so that
//! `scripts/bench_argon2.py` can interleave it with libsodium and compare both in one time window.

use cloudstore::auth::passwords::{hash_blocking, verify_blocking};
use std::io::{BufRead, Write};
use std::time::Instant;

const PASSWORD: &str = "correct horse battery";

fn main() {
    let stored = hash_blocking(PASSWORD).expect("argon2 hashes");
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let started = Instant::now();
        match line.trim() {
            "hash" => drop(hash_blocking(PASSWORD).expect("argon2 hashes")),
            "verify" => assert!(verify_blocking(&stored, PASSWORD).expect("argon2 verifies")),
            other => panic!("unknown request {other:?}"),
        }
        writeln!(out, "{:.3}", started.elapsed().as_secs_f64() * 1e3).and_then(|()| out.flush()).expect("stdout");
    }
}
