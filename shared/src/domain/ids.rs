//! Opaque identifiers. ULIDs sort by creation time, which keeps listings in a stable order.

/// A new unique id.
pub fn new_id() -> String {
    ulid::Ulid::new().to_string()
}

/// Whether a path parameter could be an id at all (so odd paths answer 404 without a read).
pub fn looks_like_id(raw: &str) -> bool {
    raw.parse::<ulid::Ulid>().is_ok()
}
