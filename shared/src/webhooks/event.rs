//! The events a vendor can hear of, by name, and the body every event is sent as
//! (`{"id": "evt_…", "type", "created_at", "data"}`).

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Every event type an endpoint can subscribe to (`ping` is always sent when asked for).
pub const TYPES: &[&str] =
    &["subscription.created", "subscription.changed", "subscription.cancelled", "licence.assigned", "licence.released", "user.updated"];

/// An endpoint's subscription to every type, present and future.
pub const ALL: &str = "*";

/// A new event id: `evt_` and a ULID.
pub fn new_id() -> String {
    format!("evt_{}", ulid::Ulid::new())
}

/// The body of event `id` of type `kind` at `at`.
pub fn body(id: &str, kind: &str, at: OffsetDateTime, data: Value) -> Vec<u8> {
    let created_at = at.format(&Rfc3339).unwrap_or_default();
    json!({ "id": id, "type": kind, "created_at": created_at, "data": data }).to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_body_has_its_id_type_time_and_data() {
        let at = OffsetDateTime::from_unix_timestamp(1_795_600_800).unwrap();
        let body: Value = serde_json::from_slice(&body("evt_1", "ping", at, json!({}))).unwrap();
        assert_eq!(body, json!({ "id": "evt_1", "type": "ping", "created_at": "2026-11-25T10:00:00Z", "data": {} }));
        assert!(new_id().starts_with("evt_") && new_id().len() == 30);
    }
}
