//! Dates written month first (`1/13/24`), as a spreadsheet set to US English re-saves
//! Paheko's dates. Such a date cannot be read day first and is rejected (`bad_date`), but
//! the file's other `a/b/…` dates then read with day and month swapped (`1/5/24` as 1 May):
//! the file gets the `month_first_dates` warning. A date whose first number is over 12 shows
//! that the file is day first after all (the odd date is a typing slip): no warning.

use crate::error::WarningKind;
/// What the `a/b/…` dates of one file show.
#[derive(Debug, Default)]
pub(crate) struct MonthFirst {
    /// The first date that can only be month first, with its line.
    first: Option<(u64, String)>,
    /// A date that can only be day first was seen.
    day_first: bool,
}

/// `(first, second)` of an `a/b/yy` or `a/b/yyyy` date (a time may follow), or `None`.
fn numbers(text: &str) -> Option<(u32, u32)> {
    let date = text.trim().split([' ', 'T']).next()?;
    let mut parts = date.split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(y, &[2, 4]) || !digits(a, &[1, 2]) || !digits(b, &[1, 2]) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?))
}

impl MonthFirst {
    /// Notes the date cell `text` of row `line`.
    pub(crate) fn see(&mut self, line: u64, text: &str) {
        if self.day_first {
            return;
        }
        match numbers(text) {
            Some((first, _)) if first > 12 => self.day_first = true,
            Some((1..=12, 13..=31)) if self.first.is_none() => {
                self.first = Some((line, text.trim().to_owned()));
            }
            _ => {}
        }
    }

    /// The warning's message, when the file's dates are month first.
    pub(crate) fn warning(&self) -> Option<WarningKind> {
        let (line, text) = self.first.as_ref().filter(|_| !self.day_first)?;
        Some(WarningKind::MonthFirstDates {
            line: *line,
            text: text.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{MonthFirst, numbers};

    #[test]
    fn reads_the_two_numbers_of_a_slash_date() {
        assert_eq!(numbers("1/13/24"), Some((1, 13)));
        assert_eq!(numbers("31/12/2024 00:00"), Some((31, 12)));
        assert_eq!(numbers("2024-01-13"), None);
        assert_eq!(numbers("1/13/024"), None);
        assert_eq!(numbers("1/13"), None);
        assert_eq!(numbers("a/13/24"), None);
    }

    #[test]
    fn warns_only_when_no_date_is_day_first() {
        let mut dates = MonthFirst::default();
        dates.see(2, "1/5/24");
        assert_eq!(dates.warning().map(|w| w.to_string()), None);
        dates.see(3, "1/13/24");
        dates.see(4, "1/14/24");
        let message = dates.warning().map(|w| w.to_string()).expect("month first");
        assert!(message.contains("« 1/13/24 » ligne 3,"), "{message}");
        dates.see(5, "13/01/2024");
        assert_eq!(dates.warning().map(|w| w.to_string()), None);
    }
}
