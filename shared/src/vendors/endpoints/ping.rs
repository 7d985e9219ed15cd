//! `POST /vendor/endpoints/{id}/ping`: a `ping` event sent at once, signed as every event is, and
//! what the endpoint answered. A 410 disables the endpoint, as it would from any delivery.

use super::parse;
use super::stored::{read, save};
use super::views::PingResult;
use crate::app::App;
use crate::audit::Action;
use crate::error::AppResult;
use crate::identity::Bearer;
use crate::limits::{self, Limit};
use crate::webhooks::send::{self, Signed};
use crate::webhooks::{event, signing};
use serde_json::json;
use std::time::Duration;

/// Pings one vendor may send per hour (each is a call the store makes for it).
pub const PINGS_PER_HOUR: u32 = 60;

/// Sends the ping and answers its status, time and whether it was a 2xx. The URL is checked again
/// before the call (its name may resolve elsewhere now): `endpoint_not_allowed` if it reaches
/// inside a network. Two round trips (three when the endpoint answers 410): the session with the
/// endpoint and the hourly count, then the call, then (410) the endpoint disabled.
pub async fn ping(app: &App, bearer: &Bearer, id: &str) -> AppResult<PingResult> {
    let now = app.now();
    let limit = Limit::per_vendor("ping", bearer.company_id(), PINGS_PER_HOUR);
    let counted = limits::hit(&app.db, &limit, now.unix_timestamp());
    let ((vendor, mut endpoint), ()) = tokio::try_join!(read(app, bearer, id), counted)?;
    let sealer = app.webhook_secrets()?;
    let aad = super::EndpointRecord::seal_name(&endpoint.vendor_id, &endpoint.id);
    let secrets = endpoint.signing_secrets(now).into_iter().map(|s| sealer.open(s, &aad)).collect::<AppResult<Vec<_>>>()?;
    let id = event::new_id();
    let body = event::body(&id, "ping", now, json!({ "endpoint_id": endpoint.id }));
    let signature = signing::signature(&secrets.iter().map(String::as_str).collect::<Vec<_>>(), &id, now.unix_timestamp(), &body)?;
    let signed = Signed { id: &id, timestamp: now.unix_timestamp(), signature: &signature, body: &body };
    let timeout = Duration::from_millis(app.config.webhook_timeout_ms);
    let outcome = send::send(&endpoint.url, app.webhook_policy(), timeout, &signed).await.map_err(parse::refused)?;
    tracing::info!(endpoint_id = %endpoint.id, status = ?outcome.status_code, ms = outcome.duration_ms, "webhook ping");
    if outcome.gone() && endpoint.enabled {
        endpoint.set_enabled(false, "gone");
        save(app, &vendor, &mut endpoint, Action::EndpointDisabled, json!({ "reason": "gone", "status_code": 410 })).await?;
    }
    Ok(PingResult { ok: outcome.ok(), status_code: outcome.status_code, duration_ms: outcome.duration_ms, error: outcome.error })
}
