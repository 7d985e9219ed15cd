//! What the store needs to call a vendor's webhook endpoint (Standard Webhooks 1.0): an endpoint's
//! signing secret and the signature of each attempt ([`signing`]), and which URLs the store may
//! call at all ([`guard`]). Feature `webhooks`; the vendor console and the delivery build on it.

pub mod guard;
pub mod signing;
