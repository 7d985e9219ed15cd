//! argon2id at the OWASP parameters (m = 19 MiB, t = 2, p = 1), as the functions run it.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::time::Instant;

/// Median hash and verify times, in milliseconds.
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

pub fn measure(runs: usize) -> Argon2Times {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).unwrap());
    let salt = SaltString::encode_b64(b"cloudstore-bench").unwrap();
    let (mut hash, mut verify) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(5) {
        let t = Instant::now();
        let phc = argon.hash_password(b"correct horse battery", &salt).unwrap().to_string();
        hash.push(t.elapsed().as_secs_f64() * 1e3);
        let parsed = PasswordHash::new(&phc).unwrap();
        let t = Instant::now();
        argon.verify_password(b"correct horse battery", &parsed).unwrap();
        verify.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Argon2Times { version: locked_version(), hash_ms: crate::median(&mut hash), verify_ms: crate::median(&mut verify) }
}
