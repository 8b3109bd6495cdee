//! A spreadsheet cell as the text the CSV export would hold: numbers in their shortest
//! exact decimal form, dates as `YYYY-MM-DD` (Excel serial dates with the workbook's epoch).

use calamine::{Data, ExcelDateTime};

use crate::model::Date;

/// A cell as the text the CSV export would hold: see the module documentation.
pub(super) fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => float_text(*x),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(datetime) if datetime.is_datetime() => match serial_date(datetime) {
            Some(date) => date.to_string(),
            None => float_text(datetime.as_f64()),
        },
        // An Excel duration: its number of days.
        Data::DateTime(duration) => float_text(duration.as_f64()),
        // ODS `office:date-value`: `2024-01-01` or `2024-01-01T12:30:00`.
        Data::DateTimeIso(iso) => match Date::parse(iso) {
            Some(date) => date.to_string(),
            None => iso.clone(),
        },
        Data::DurationIso(iso) => iso.clone(),
        Data::Error(error) => error.to_string(),
    }
}

/// The text of a spreadsheet number. The only place in `src/` where an `f64` is handled.
///
/// Why this is exact for amounts: LibreOffice and Excel store a number typed or exported as
/// decimal text (`77.26`) as the nearest `f64`, and write that `f64` back as decimal text in
/// the file (`<v>77.26</v>`, `office:value="77.26"`). Rust's `Display` for `f64` prints the
/// *shortest* decimal text that reads back to the same `f64`, never in exponent notation.
/// Any decimal of at most 15 significant digits reads back to a distinct `f64` (an amount
/// under one billion with cents has at most 11), so the shortest text is the original one:
/// `77.26` gives `77.26`, `10688.0` gives `10688`. A value that was computed rather than
/// typed (`0.1 + 0.2`) shows all its digits (`0.30000000000000004`) and the amount parser
/// rejects it: nothing is rounded silently here.
pub(super) fn float_text(value: f64) -> String {
    if value == 0.0 {
        // Not `-0`.
        return "0".to_owned();
    }
    format!("{value}")
}

/// The date of an Excel date cell, from the integral day part of its serial number.
pub(super) fn serial_date(datetime: &ExcelDateTime) -> Option<Date> {
    let serial = datetime.as_f64();
    if !serial.is_finite() {
        return None;
    }
    // Saturating cast, on an integral value.
    let date = Date::from_serial(serial.floor() as i64)?;
    // calamine keeps the workbook's epoch (1900 or 1904) private but applies it here;
    // the two agree on every 1900-based serial (see the tests), so a difference means 1904.
    let (year, month, day, ..) = datetime.to_ymd_hms_milli();
    if (date.year(), date.month(), date.day()) == (year, month, day) {
        Some(date)
    } else {
        Date::new(year, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_text, float_text, serial_date};
    use crate::model::{Date, Money};
    use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn floats_print_as_their_shortest_exact_decimal() {
        assert_eq!(float_text(77.26), "77.26");
        assert_eq!(float_text(1234.56), "1234.56");
        assert_eq!(float_text(10688.94), "10688.94");
        assert_eq!(float_text(10688.0), "10688");
        assert_eq!(float_text(0.0), "0");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(-12.3), "-12.3");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1e-7), "0.0000001");
        assert_eq!(float_text(999_999_999.99), "999999999.99");
        assert_eq!(float_text(123_456_789_012.34), "123456789012.34");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        // A computed value keeps its error in sight; the amount parser rejects it.
        let computed = 0.1 + 0.2;
        assert_eq!(float_text(computed), "0.30000000000000004");
        assert!(Money::parse(&float_text(computed)).is_err());
        // Every amount with cents up to 100 000 € comes back as typed.
        for cents in (0..10_000_000i64).step_by(997) {
            let text = format!("{}.{:02}", cents / 100, cents % 100);
            let value: f64 = text.parse().expect("float");
            let back = Money::parse(&float_text(value)).expect("amount");
            assert_eq!(back.cents(), cents, "{text}");
        }
    }

    #[test]
    fn cells_become_text() {
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Int(-42)), "-42");
        assert_eq!(cell_text(&Data::Bool(true)), "1");
        assert_eq!(cell_text(&Data::Bool(false)), "0");
        assert_eq!(cell_text(&Data::String("00".into())), "00");
        assert_eq!(cell_text(&Data::Error(CellErrorType::Div0)), "#DIV/0!");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-02-29".into())),
            "2024-02-29"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-02-29T10:00:00".into())),
            "2024-02-29"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("0001-01-01".into())),
            "0001-01-01"
        );
        assert_eq!(cell_text(&Data::DurationIso("PT1H".into())), "PT1H");
        let date = |serial: f64| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(cell_text(&date(45292.0)), "2024-01-01");
        assert_eq!(cell_text(&date(45292.999)), "2024-01-01");
        // Out of Paheko's range: the number, for the date parser to reject.
        assert_eq!(cell_text(&date(10.5)), "10.5");
        let duration = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(cell_text(&duration), "1.5");
    }

    #[test]
    fn calamine_and_from_serial_agree_on_1900_serials() {
        for serial in 61..=73_415i64 {
            let datetime = ExcelDateTime::new(serial as f64, ExcelDateTimeType::DateTime, false);
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            assert_eq!(
                Date::from_serial(serial),
                Date::new(year, month, day),
                "{serial}"
            );
            assert_eq!(serial_date(&datetime), Date::from_serial(serial));
        }
        let datetime = ExcelDateTime::new(43_830.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(serial_date(&datetime), Date::new(2024, 1, 1));
    }
}
