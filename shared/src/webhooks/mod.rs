//! What the store needs to call a vendor's webhook endpoint (Standard Webhooks 1.0): an endpoint's
//! signing secret and the signature of each attempt ([`signing`]), the secret sealed at rest
//! ([`secrets`]), which URLs the store may call at all ([`guard`]), the events' names and body
//! ([`event`]) and one attempt ([`send`]). Feature `webhooks`; the vendor console and the delivery
//! build on it.

pub mod event;
pub mod guard;
pub mod secrets;
pub mod send;
pub mod signing;
