//! Local-only tooling, never deployed: creates a table from the very definition in
//! `infra/template.yaml` (so local and deployed keys cannot drift), seeds the demo data (staff,
//! catalog with its media, coupon and the help centre's articles), generates the OpenAPI document
//! from the request and response types, and delivers the outbox from the table's stream as the
//! deployed `send-email` function does.

pub mod catalog;
pub mod help;
pub mod media;
pub mod openapi;
pub mod seed;
pub mod stream;
pub mod table;
