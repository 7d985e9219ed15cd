//! A calendar month (`YYYY-MM`, UTC): the unit the store bills by. Parsed strictly and bounded to
//! the months billing can speak of (2020-01 to the month after the current one), with checked
//! date arithmetic, so no input can reach a panic.

use serde::{Deserialize, Serialize};
use time::{Date, Month as CalendarMonth, OffsetDateTime};

/// The first month the store bills.
pub const FIRST: Month = Month { year: 2020, month: 1 };

/// A calendar month of the Gregorian calendar, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u8,
}

impl Month {
    /// The month containing `at`.
    pub fn of(at: OffsetDateTime) -> Month {
        let at = at.to_offset(time::UtcOffset::UTC);
        Month { year: at.year(), month: at.month() as u8 }
    }

    /// `YYYY-MM` exactly (four digits, a dash, two digits, 01 to 12).
    pub fn parse(raw: &str) -> Option<Month> {
        let bytes = raw.as_bytes();
        // Bytes first: only once all seven are ASCII is slicing the text safe.
        if bytes.len() != 7 || bytes[4] != b'-' || !bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit) {
            return None;
        }
        let month = Month { year: raw[..4].parse().ok()?, month: raw[5..].parse().ok()? };
        (1..=12).contains(&month.month).then_some(month)
    }

    /// A month a billing request may ask for: from `FIRST` to the month after `now`'s.
    pub fn parse_billable(raw: &str, now: OffsetDateTime) -> Option<Month> {
        Month::parse(raw).filter(|m| *m >= FIRST && *m <= Month::of(now).next())
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year.saturating_add(1), month: 1 }
        } else {
            Month { month: self.month + 1, ..self }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year.saturating_sub(1), month: 12 }
        } else {
            Month { month: self.month - 1, ..self }
        }
    }

    fn calendar(self) -> CalendarMonth {
        CalendarMonth::try_from(self.month).unwrap_or(CalendarMonth::January)
    }

    /// Its first day; `None` only for years the `time` crate cannot represent.
    pub fn first_day(self) -> Option<Date> {
        Date::from_calendar_date(self.year, self.calendar(), 1).ok()
    }

    pub fn days(self) -> u8 {
        self.calendar().length(self.year)
    }

    /// The months from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), |m| Some(m.next())).take_while(move |m| *m <= last)
    }

    /// Calendar months from `self` to `later` (0 for the same month, never negative).
    pub fn months_until(self, later: Month) -> u32 {
        let months = (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month) - i64::from(self.month);
        months.clamp(0, i64::from(u32::MAX)) as u32
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Month {
    type Error = String;

    fn try_from(raw: String) -> Result<Month, String> {
        Month::parse(&raw).ok_or_else(|| format!("not a YYYY-MM month: {raw}"))
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(Month::parse("2026-02").map(|m| m.to_string()), Some("2026-02".into()));
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "", "2026-00", "+026-01", "2026-0a", "２０２６-01", "-2026-11"] {
            assert!(Month::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn billable_months_run_from_2020_to_the_next_month() {
        let now = datetime!(2026-12-02 10:00 UTC);
        assert!(Month::parse_billable("2020-01", now).is_some());
        assert!(Month::parse_billable("2027-01", now).is_some());
        for bad in ["2019-12", "2027-02", "9999-12", "0000-01"] {
            assert!(Month::parse_billable(bad, now).is_none(), "{bad}");
        }
    }

    #[test]
    fn months_step_and_count_across_years() {
        let dec = Month::parse("2026-12").unwrap();
        assert_eq!(dec.next().to_string(), "2027-01");
        assert_eq!(dec.next().previous(), dec);
        assert_eq!(Month::parse("2028-02").unwrap().days(), 29);
        assert_eq!(dec.through(Month::parse("2027-02").unwrap()).count(), 3);
        assert_eq!(dec.months_until(Month::parse("2027-11").unwrap()), 11);
        assert_eq!(Month::parse("9999-12").unwrap().next().to_string(), "10000-01");
        assert_eq!(Month::of(datetime!(2026-11-30 23:59:59 -03:00)).to_string(), "2026-12");
    }
}
