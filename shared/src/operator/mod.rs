//! The operator's back office: the companies (listed, searched, which sales rep serves each, spend
//! limits), the staff (sales reps and operators: created, listed, disabled with the handover of a
//! rep's companies, enabled), and the monthly billing export. Every use case is for the
//! `operator` role only.

pub mod billing;
mod companies;
mod handover;
pub(crate) mod requests;
mod staff;
pub(crate) mod views;

pub use companies::{assign_sales_rep, list_companies, set_spend_limits};
pub use handover::{disable_staff, CHUNK};
pub use requests::{DisableRequest, SalesRepRequest, SpendLimitsRequest, StaffParams, StaffRequest, StaffRole};
pub use staff::{create_staff, enable_staff, list_staff};
pub use views::{CompanyAdminView, CompanyListing, DisabledStaff, SalesRepRef, SpendLimits};
