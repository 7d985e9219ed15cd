//! The vendor console's webhook endpoints: a vendor adds the URLs its events go to (each with its
//! own signing secret, shown once), edits, disables and removes them, rotates a secret (the old
//! one keeps signing beside the new one for a day) and pings one to see what it answers. Every
//! read and write is in the vendor's own partition, named by its token: another vendor's endpoint
//! is `not_found`. Each change carries its audit entry in the same transaction.

mod parse;
mod ping;
mod record;
pub mod requests;
mod stored;
mod table;
pub mod views;

pub use ping::ping;
pub use record::EndpointRecord;

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, VENDOR};
use crate::ids::EndpointId;
use crate::views::List;
use crate::webhooks::signing;
use requests::{EndpointPatch, EndpointRequest};
use serde_json::{json, Value};
use stored::{read, record, save};
use views::{Endpoint, EndpointCreated, EndpointSecret};

/// `POST /vendor/endpoints`: 201 with the secret, shown only here. The URL is checked (https, public
/// addresses) after the caller, so no one else makes the store look a name up. Two round trips:
/// the session, then the endpoint, its count on the vendor's profile and the audit entry.
pub async fn create(app: &App, bearer: &Bearer, request: AppResult<EndpointRequest>) -> AppResult<EndpointCreated> {
    let parsed = bearer.admit(app, VENDOR, request.and_then(parse::new_endpoint)).await?;
    let vendor = bearer.caller_as(app, VENDOR).await?;
    parse::allowed(app, &parsed.url).await?;
    let now = app.now();
    let id = EndpointId::new();
    let secret = signing::new_secret()?;
    let sealed = app.webhook_secrets()?.seal(&secret, &EndpointRecord::seal_name(vendor.company_id(), &id))?;
    let endpoint = EndpointRecord {
        id,
        vendor_id: vendor.company_id().clone(),
        url: parsed.url,
        events: parsed.events,
        enabled: true,
        disabled_reason: None,
        secret: sealed,
        previous_secret: None,
        previous_until: None,
        created_at: now,
        version: 1,
    };
    let mut tx = Tx::new(AppError::Conflict);
    table::insert(&mut tx, &endpoint)?;
    let detail = json!({ "url": endpoint.url, "events": endpoint.events });
    record(&mut tx, &vendor, Action::EndpointCreated, &endpoint, detail, app)?;
    tx.commit(&app.db).await?;
    tracing::info!(endpoint_id = %endpoint.id, "webhook endpoint created");
    Ok(EndpointCreated { endpoint: Endpoint::from(&endpoint), secret })
}

/// `GET /vendor/endpoints`: the vendor's endpoints, oldest first, without secrets; one query,
/// alongside the session check.
pub async fn list(app: &App, bearer: &Bearer) -> AppResult<List<Endpoint>> {
    let (_, endpoints) = bearer.with(app, VENDOR, table::list(&app.db, bearer.company_id())).await?;
    Ok(List::all(endpoints.iter().map(Endpoint::from).collect()))
}

/// `PATCH /vendor/endpoints/{id}`: a new URL (checked again), events, or switched on or off.
pub async fn update(app: &App, bearer: &Bearer, id: &str, patch: AppResult<EndpointPatch>) -> AppResult<Endpoint> {
    let edit = bearer.admit(app, VENDOR, patch.and_then(parse::edit)).await?;
    let (vendor, mut endpoint) = read(app, bearer, id).await?;
    if let Some(url) = &edit.url {
        parse::allowed(app, url).await?;
    }
    let mut detail = serde_json::Map::new();
    if let Some(url) = edit.url {
        detail.insert("url".into(), json!(url));
        endpoint.url = url;
    }
    if let Some(events) = edit.events {
        detail.insert("events".into(), json!(events));
        endpoint.events = events;
    }
    if let Some(enabled) = edit.enabled {
        detail.insert("enabled".into(), json!(enabled));
        endpoint.set_enabled(enabled, "manual");
    }
    save(app, &vendor, &mut endpoint, Action::EndpointUpdated, Value::Object(detail)).await?;
    Ok(Endpoint::from(&endpoint))
}

/// `DELETE /vendor/endpoints/{id}`: 204; the endpoint and its secrets are gone.
pub async fn delete(app: &App, bearer: &Bearer, id: &str) -> AppResult<()> {
    let vendor = bearer.caller_as(app, VENDOR).await?;
    let id = EndpointId::parse(id).ok_or(AppError::NotFound)?;
    let mut tx = Tx::new(AppError::Conflict);
    table::remove(&mut tx, vendor.company_id(), &id);
    let entry = AuditEntry::new(app.now(), vendor.user_id(), Action::EndpointDeleted, &id, json!({}));
    audit::record(&mut tx, vendor.company_id(), &entry)?;
    tx.commit(&app.db).await
}

/// `POST /vendor/endpoints/{id}/secret`: a new secret, shown only here; the one it replaces keeps
/// signing beside it for 24 hours, so the vendor can switch without losing an event.
pub async fn rotate_secret(app: &App, bearer: &Bearer, id: &str) -> AppResult<EndpointSecret> {
    let (vendor, mut endpoint) = read(app, bearer, id).await?;
    let secret = signing::new_secret()?;
    let sealed = app.webhook_secrets()?.seal(&secret, &EndpointRecord::seal_name(&endpoint.vendor_id, &endpoint.id))?;
    endpoint.rotate(sealed, app.now());
    let until = endpoint.previous_until.map(|t| t.unix_timestamp());
    save(app, &vendor, &mut endpoint, Action::EndpointSecretRotated, json!({ "previous_signs_until": until })).await?;
    Ok(EndpointSecret { secret })
}
