//! The repository's own rules, checked by reading its files: each rule in its file beside this
//! one, all in one test binary.

#[path = "function_size.rs"]
mod function_size;
#[path = "layers.rs"]
mod layers;
#[path = "openapi.rs"]
mod openapi;
#[path = "routes.rs"]
mod routes;
