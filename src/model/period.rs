//! A period of days: a fiscal year (« exercice ») as configured or given on the command line.

use super::Date;

/// First and last day, both included. Invariant: `start <= end`, checked once by [`Period::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    start: Date,
    end: Date,
}

impl Period {
    /// The period from `start` to `end`; `None` when `end` comes before `start`.
    pub fn new(start: Date, end: Date) -> Option<Period> {
        (start <= end).then_some(Period { start, end })
    }

    /// The calendar year `year`, 1 January to 31 December.
    pub fn calendar_year(year: u16) -> Option<Period> {
        Period::new(Date::new(year, 1, 1)?, Date::new(year, 12, 31)?)
    }

    /// The first day.
    pub fn start(self) -> Date {
        self.start
    }

    /// The last day.
    pub fn end(self) -> Date {
        self.end
    }

    /// True for 1 January to 31 December of one year.
    pub fn is_calendar_year(self) -> bool {
        self.start.year() == self.end.year()
            && (self.start.month(), self.start.day()) == (1, 1)
            && (self.end.month(), self.end.day()) == (12, 31)
    }
}

#[cfg(test)]
mod tests {
    use super::{Date, Period};

    fn date(text: &str) -> Date {
        Date::parse(text).expect("test date")
    }

    #[test]
    fn a_period_ends_after_it_starts() {
        assert!(Period::new(date("2024-12-31"), date("2024-01-01")).is_none());
        let one_day = Period::new(date("2024-03-01"), date("2024-03-01")).expect("one day");
        assert_eq!(
            (one_day.start(), one_day.end()),
            (date("2024-03-01"), date("2024-03-01"))
        );
    }

    #[test]
    fn only_january_to_december_of_one_year_is_a_calendar_year() {
        assert!(Period::calendar_year(2024).is_some_and(Period::is_calendar_year));
        let across = Period::new(date("2023-07-01"), date("2024-06-30")).expect("period");
        assert!(!across.is_calendar_year());
        let two_years = Period::new(date("2023-01-01"), date("2024-12-31")).expect("period");
        assert!(!two_years.is_calendar_year());
    }
}
