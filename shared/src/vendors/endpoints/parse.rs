//! What a vendor may ask of an endpoint: a URL the store will call and the event types it hears.

use super::requests::{EndpointPatch, EndpointRequest};
use crate::app::App;
use crate::error::{AppError, AppResult, FieldError, Fields};
use crate::webhooks::event::{ALL, TYPES};
use crate::webhooks::guard::{self, Refusal};

const MAX_URL: usize = 2048;

/// A new endpoint's URL and events.
pub struct NewEndpoint {
    pub url: String,
    pub events: Vec<String>,
}

/// What an edit changes.
pub struct Edit {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

pub fn new_endpoint(request: EndpointRequest) -> AppResult<NewEndpoint> {
    let mut fields = Fields::new();
    let url = fields.take(url(&request.url));
    let events = fields.take(events(&request.events));
    fields.finish(|| Some(NewEndpoint { url: url?, events: events? }))
}

pub fn edit(patch: EndpointPatch) -> AppResult<Edit> {
    if patch.url.is_none() && patch.events.is_none() && patch.enabled.is_none() {
        return Err(AppError::field("url", "Indicá qué cambia: url, events o enabled."));
    }
    let mut fields = Fields::new();
    let url = patch.url.as_deref().map(|u| fields.take(url(u)));
    let events = patch.events.as_deref().map(|e| fields.take(events(e)));
    fields.finish(|| {
        let url = match url {
            Some(parsed) => Some(parsed?),
            None => None,
        };
        let events = match events {
            Some(parsed) => Some(parsed?),
            None => None,
        };
        Some(Edit { url, events, enabled: patch.enabled })
    })
}

fn url(raw: &str) -> Result<String, FieldError> {
    let url = raw.trim();
    if url.is_empty() || url.len() > MAX_URL {
        return Err(FieldError::new("url", format!("Indicá la URL del endpoint (hasta {MAX_URL} caracteres).")));
    }
    Ok(url.to_string())
}

/// The event types, each once and known, or `["*"]`.
fn events(list: &[String]) -> Result<Vec<String>, FieldError> {
    if list.is_empty() {
        return Err(FieldError::new("events", "Elegí al menos un evento, o \"*\" para todos."));
    }
    if list.iter().any(|e| e == ALL) {
        return if list.len() == 1 { Ok(vec![ALL.into()]) } else { Err(FieldError::new("events", "\"*\" va solo: ya incluye todos.")) };
    }
    let mut kept: Vec<String> = Vec::with_capacity(list.len());
    for event in list {
        if !TYPES.contains(&event.as_str()) {
            return Err(FieldError::new("events", format!("Evento desconocido: {event}. Los eventos son {}.", TYPES.join(", "))));
        }
        if !kept.contains(event) {
            kept.push(event.clone());
        }
    }
    Ok(kept)
}

/// Whether the store may call `url` now: a malformed URL is `validation_failed` on `url`; one
/// that is not https, or reaches inside a network, is `endpoint_not_allowed`.
pub async fn allowed(app: &App, url: &str) -> AppResult<()> {
    guard::check(url, app.webhook_policy()).await.map(|_| ()).map_err(refused)
}

pub fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::Malformed => AppError::field("url", refusal.reason()),
        other => AppError::EndpointNotAllowed(other.reason()),
    }
}
