//! argon2id at the OWASP parameters (m = 19 MiB, t = 2, p = 1), as the functions run it: the
//! figures `scripts/bench_argon2.py` measured with the release-built `argon2-timer`, beside
//! libsodium's.

use serde_json::Value;

/// Median hash and verify times of the functions' argon2, in milliseconds.
pub struct Argon2Times {
    /// The crate's version, from `Cargo.lock`.
    pub version: String,
    pub hash_ms: f64,
    pub verify_ms: f64,
}

/// The locked version of the `argon2` crate.
fn locked_version() -> String {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"argon2\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return v.trim_end_matches('"').to_string();
            }
        }
    }
    "(unknown version)".into()
}

/// The crate's figures from the script's output.
pub fn from_script(measured: &Value) -> Argon2Times {
    let ms = |key: &str| measured[key].as_f64().unwrap_or_else(|| panic!("{key} missing from the argon2 figures: run `make bench`"));
    Argon2Times { version: locked_version(), hash_ms: ms("crate_hash_ms"), verify_ms: ms("crate_verify_ms") }
}
