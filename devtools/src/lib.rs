//! Local-only tooling, never deployed: creates a table from the very definition in
//! `infra/template.yaml` (so local and deployed keys cannot drift) and seeds the demo data: staff,
//! catalog (with its media), coupon and the help centre's articles.

pub mod catalog;
pub mod help;
pub mod media;
pub mod seed;
pub mod table;
