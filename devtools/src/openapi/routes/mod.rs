//! The route table, one file per slice, one [`super::Op`] per operation: where a route added to a
//! slice is described (see `openapi/README.md`, "Adding an operation").

pub mod catalog;
pub mod commerce;
pub mod delegation;
pub mod help;
pub mod identity;
pub mod licensing;
pub mod operator;
pub mod people;
pub mod sales;
pub mod vendors;
