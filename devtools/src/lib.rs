//! Local-only tooling, never deployed: creates a table from the very definition in
//! `infra/template.yaml` (so local and deployed keys cannot drift), seeds the demo data, and
//! generates the OpenAPI document from the request and response types.

pub mod catalog;
pub mod openapi;
pub mod seed;
pub mod table;
