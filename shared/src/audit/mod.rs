//! The audit trail: every change an admin, a sales rep or the operator makes, who made it, when,
//! and what changed (before and after where it matters). An entry is always written in the same
//! transaction as the change it records ([`record`]), so the trail can't miss a change or record
//! one that did not happen.
//!
//! An entry lives in the partition of the company it concerns (`COMPANY#c / AUDIT#<ulid>`, the
//! ULID made from the entry's time, so a time range is a sort-key range), and in the month's
//! partition of the platform-wide index (`GSI1PK = AUDITLOG#<yyyy-mm>`, `GSI1SK = <ulid>`): the
//! company's trail and the operator's are both time-ordered reads of one partition, never a scan.

mod entry;
mod list;

pub use entry::{record, Action, AuditEntry};
pub use list::{list, list_platform, AuditQuery, OperatorAuditQuery};
