//! A vendor's webhook endpoint as the table keeps it, and how it changes.

use crate::db::{Entity, Record};
use crate::ids::{CompanyId, EndpointId};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// How long a replaced secret keeps signing beside the new one.
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);

/// `VENDOR#v / ENDPOINT#e`. The secrets are sealed ([`crate::webhooks::secrets`]); `version`
/// moves with every change, and every change is conditioned on the version it read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndpointRecord {
    pub id: EndpointId,
    pub vendor_id: CompanyId,
    pub url: String,
    /// Event types, or `["*"]` for all.
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why it is disabled: `gone` (it answered 410) or `manual` (the vendor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    pub secret: String,
    /// The secret before the last rotation, signing beside the current one until `previous_until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub previous_until: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub version: u64,
}

impl Record for EndpointRecord {
    const ENTITY: Entity = Entity::Endpoint;
}

impl EndpointRecord {
    /// The name its secrets are sealed under (another endpoint's sealed secret doesn't open here).
    pub fn seal_name(vendor: &CompanyId, id: &EndpointId) -> String {
        format!("{vendor}/{id}")
    }

    /// The sealed secrets that sign at `now`: the current one, and the previous one during its day.
    pub fn signing_secrets(&self, now: OffsetDateTime) -> Vec<&str> {
        let previous = self.previous_secret.as_deref().filter(|_| self.previous_until.is_some_and(|until| now < until));
        std::iter::once(self.secret.as_str()).chain(previous).collect()
    }

    /// Switched on or off; `reason` says why when off.
    pub fn set_enabled(&mut self, enabled: bool, reason: &str) {
        self.enabled = enabled;
        self.disabled_reason = (!enabled).then(|| reason.to_string());
    }

    /// A new current secret (sealed); the current one signs beside it for [`ROTATION_OVERLAP`]. A
    /// second rotation within that day replaces the previous secret.
    pub fn rotate(&mut self, sealed: String, now: OffsetDateTime) {
        self.previous_secret = Some(std::mem::replace(&mut self.secret, sealed));
        self.previous_until = Some(now + ROTATION_OVERLAP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one_for_a_day() {
        let now = OffsetDateTime::from_unix_timestamp(1_795_600_800).unwrap();
        let mut endpoint = EndpointRecord {
            id: EndpointId::new(),
            vendor_id: CompanyId::new(),
            url: "https://hooks.example.com/cloudstore".into(),
            events: vec!["*".into()],
            enabled: true,
            disabled_reason: None,
            secret: "k1:old".into(),
            previous_secret: None,
            previous_until: None,
            created_at: now,
            version: 1,
        };
        assert_eq!(endpoint.signing_secrets(now), ["k1:old"]);
        endpoint.rotate("k1:new".into(), now);
        assert_eq!(endpoint.signing_secrets(now + Duration::hours(23)), ["k1:new", "k1:old"]);
        assert_eq!(endpoint.signing_secrets(now + Duration::hours(24)), ["k1:new"]);
        endpoint.set_enabled(false, "gone");
        assert_eq!((endpoint.enabled, endpoint.disabled_reason.as_deref()), (false, Some("gone")));
        endpoint.set_enabled(true, "");
        assert_eq!(endpoint.disabled_reason, None);
    }
}
