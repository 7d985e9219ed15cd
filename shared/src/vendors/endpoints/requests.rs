//! The vendor's request bodies about its endpoints; unknown fields are refused.

use serde::Deserialize;

/// `POST /vendor/endpoints`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointRequest {
    /// `https` to a public address.
    #[cfg_attr(feature = "openapi", schema(example = "https://hooks.example.com/cloudstore", max_length = 2048))]
    pub url: String,
    /// Event types (`subscription.created`, …), or `["*"]` for every type.
    #[cfg_attr(feature = "openapi", schema(example = json!(["subscription.created", "licence.assigned"])))]
    pub events: Vec<String>,
}

/// `PATCH /vendor/endpoints/{id}`: what changes; what is absent stays.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointPatch {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
    #[serde(default)]
    pub enabled: Option<bool>,
}
