//! Calendar dates, without time zones: all an accounting line needs.
//!
//! Parsing accepts every form Paheko writes or reads (ISO, French, FEC, with or without a
//! time part) and spreadsheet serial numbers. It does not guess month/day order: a date with
//! slashes is always day first, as in France.

use std::fmt;

/// A valid calendar date between 1900 and 2100 (Paheko's bounds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, if it exists in the calendar and lies in 1900..=2100.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1900..=2100).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// Month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `D/M/YYYY`, `DD/MM/YY`, `DD.MM.YYYY`,
    /// `DD-MM-YYYY` and `YYYYMMDD`, each optionally followed by a time part
    /// (`2024-04-30 02:02:10.000000`, `2024-01-01T12:04:07+01:00`), which is ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next().unwrap_or(text);
        let bytes = date_part.as_bytes();
        if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
            let year = date_part[0..4].parse().ok()?;
            let month = date_part[4..6].parse().ok()?;
            let day = date_part[6..8].parse().ok()?;
            return Date::new(year, month, day);
        }
        let sep = date_part.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = date_part.split(sep);
        let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || [a, b, c]
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|x| x.is_ascii_digit()))
        {
            return None;
        }
        if a.len() == 4 {
            return Date::new(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
        }
        if a.len() > 2 || b.len() > 2 {
            return None;
        }
        let year: u16 = match c.len() {
            4 => c.parse().ok()?,
            // Two-digit years are 20YY, as Paheko reads them for current dates.
            2 => 2000 + c.parse::<u16>().ok()?,
            _ => return None,
        };
        Date::new(year, b.parse().ok()?, a.parse().ok()?)
    }

    /// The date of a spreadsheet serial day number (1900 date system, as Excel and
    /// LibreOffice's XLSX export use: day 1 is 1900-01-01, with Excel's phantom 1900-02-29).
    pub fn from_serial(serial: i64) -> Option<Date> {
        // Days from 1899-12-30 (which absorbs the phantom leap day for serials above 60).
        if serial < 61 {
            return None;
        }
        Date::from_days(days_from_civil(1899, 12, 30) + serial)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `days` days since 1970-01-01, if within bounds.
    pub fn from_days(days: i64) -> Option<Date> {
        let (y, m, d) = civil_from_days(days);
        Date::new(
            u16::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// This date moved by a number of days.
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.days() + n)
    }

    /// The same day `n` months later, clamped to the month's end.
    pub fn add_months(self, n: u32) -> Option<Date> {
        let total = u32::from(self.year) * 12 + u32::from(self.month) - 1 + n;
        let year = u16::try_from(total / 12).ok()?;
        let month = u8::try_from(total % 12 + 1).ok()?;
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// `31/12/2024`, the French form for people.
    pub fn to_french(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    /// `2024-12-31`, the ISO form (JSON, sorting).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn iso(text: &str) -> Option<String> {
        Date::parse(text).map(|d| d.to_string())
    }

    #[test]
    fn parses_every_paheko_form() {
        assert_eq!(iso("2024-03-15").as_deref(), Some("2024-03-15"));
        assert_eq!(iso("15/03/2024").as_deref(), Some("2024-03-15"));
        assert_eq!(iso("5/3/2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("15/03/24").as_deref(), Some("2024-03-15"));
        assert_eq!(iso("2024/03/15").as_deref(), Some("2024-03-15"));
        assert_eq!(iso("20240315").as_deref(), Some("2024-03-15"));
        assert_eq!(
            iso("2024-04-30 02:02:10.000000").as_deref(),
            Some("2024-04-30")
        );
        assert_eq!(
            iso("2024-01-01T12:04:07+01:00").as_deref(),
            Some("2024-01-01")
        );
        assert_eq!(iso("15.03.2024").as_deref(), Some("2024-03-15"));
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2024-02-30",
            "31/04/2024",
            "2023-02-29",
            "1899-12-31",
            "2101-01-01",
            "",
            "abc",
            "2024-1",
            "15/03",
            "2024-03-15-01",
            "123/01/2024",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn converts_spreadsheet_serials() {
        // 45366 is 2024-03-15 in Excel's and LibreOffice's 1900 date system.
        assert_eq!(
            Date::from_serial(45366).map(|d| d.to_string()).as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            Date::from_serial(61).map(|d| d.to_string()).as_deref(),
            Some("1900-03-01")
        );
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::new(2024, 12, 31).expect("valid date");
        assert_eq!(
            d.add_days(1).map(|x| x.to_string()).as_deref(),
            Some("2025-01-01")
        );
        assert_eq!(Date::from_days(d.days()), Some(d));
        assert_eq!(d.to_french(), "31/12/2024");
        let jan31 = Date::new(2024, 1, 31).expect("valid date");
        assert_eq!(
            jan31.add_months(1).map(|x| x.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            Date::new(2024, 1, 1)
                .and_then(|x| x.add_months(12))
                .map(|x| x.to_string())
                .as_deref(),
            Some("2025-01-01")
        );
    }
}
