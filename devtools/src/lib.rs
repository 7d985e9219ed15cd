//! Local-only tooling, never deployed: creates a table from the very definition in
//! `infra/template.yaml` (so local and deployed keys cannot drift) and seeds the demo data.

pub mod catalog;
pub mod seed;
pub mod table;
