//! The vendor console's answers about endpoints. A secret appears only where it is made: the
//! endpoint's creation and each rotation.

use super::record::EndpointRecord;
use crate::ids::EndpointId;
use serde::Serialize;
use time::OffsetDateTime;

/// `GET /vendor/endpoints`: an endpoint, without its secret.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Endpoint {
    pub id: EndpointId,
    pub url: String,
    pub events: Vec<String>,
    pub enabled: bool,
    /// When disabled: `gone` (the endpoint answered 410) or `manual`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl From<&EndpointRecord> for Endpoint {
    fn from(e: &EndpointRecord) -> Self {
        Endpoint {
            id: e.id.clone(),
            url: e.url.clone(),
            events: e.events.clone(),
            enabled: e.enabled,
            disabled_reason: e.disabled_reason.clone(),
            created_at: e.created_at,
        }
    }
}

/// `POST /vendor/endpoints`: the new endpoint and its secret, shown this once.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointCreated {
    #[serde(flatten)]
    pub endpoint: Endpoint,
    /// `whsec_` and the base64 of 32 random bytes; the store never shows it again.
    pub secret: String,
}

/// `POST /vendor/endpoints/{id}/secret`: the new secret, shown this once.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointSecret {
    pub secret: String,
}

/// `POST /vendor/endpoints/{id}/ping`: what the endpoint answered.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PingResult {
    /// Its status, or null when it didn't answer.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub status_code: Option<u16>,
    pub duration_ms: u64,
    /// A 2xx answer.
    pub ok: bool,
    /// Why there was no answer (a timeout, a refused connection).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
