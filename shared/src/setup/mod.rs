//! A new stack's first content, loaded by its deploy (the `setup` function, a CloudFormation
//! custom resource): the first operator, who is emailed an activation link; the help centre's
//! articles; and, when asked (`SeedDemoCatalog`), the demo catalog with its media. Without it a
//! fresh store has nobody who could sign in and an empty "Ayuda".
//!
//! It creates what is missing and changes nothing that exists: an operator whose address has an
//! account, an article or a product the operator has edited (or archived) are left as they are.
//! On an update of the stack's parameters it acts on what changed: a new `FirstOperatorEmail` gets
//! its account if missing (the earlier one keeps theirs), `SeedDemoCatalog` turned to "true" loads
//! the demo catalog; the articles are loaded on creation only, so one the operator deleted stays
//! deleted. Deleting the stack deletes nothing here (the table outlives it).
//!
//! A slice at the top: it uses `identity` (the staff's pieces), `audit`, `help` and `catalog`.

mod content;
pub(crate) mod custom_resource;
pub mod demo;
mod operator;

pub use content::{create, update, Report, Settings};
pub use custom_resource::{Answered, CustomResource};
pub use operator::{first_operator, FirstOperator, FIRST_OPERATOR_NAME, OPERATOR_COMPANY_NAME};
