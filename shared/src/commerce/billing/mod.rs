//! Billing by seat-days. Every change of a subscription's seats is a dated seat event, recorded in
//! the same transaction as the change in a per-month record (`record`, `table`); the billing
//! rule (`rule`, pure) turns a month's record into the month's charge, each day billing the most
//! seats held at any moment of it; `invoice` adds a company's lines up (net, IVA, total) and
//! writes the CSV. The customer's statement ([`statement`]) and the operator's export
//! (`operator::billing`) read the same records through keys and a sparse index, never a scan, and
//! compute with the same functions, so they agree to the centavo.

pub(crate) mod invoice;
pub(crate) mod record;
pub(crate) mod rule;
pub mod statement;
pub(crate) mod table;

pub use invoice::{CompanyCharges, InvoicedTo};
pub use record::{MonthRecord, SeatEvent, SeatEventKind, SeatState};
pub use rule::Charge;

use crate::domain::Month;
use crate::error::{AppError, AppResult};
use time::OffsetDateTime;

/// The month a billing request names: `YYYY-MM`, from 2020-01 to the month after `now`'s.
pub(crate) fn parse_month(raw: &str, now: OffsetDateTime) -> AppResult<Month> {
    Month::parse_billable(raw, now).ok_or_else(|| AppError::field("month", "Un mes AAAA-MM, de 2020-01 al mes próximo."))
}
