//! The CSV renderer: rappro's one CSV dialect, for LibreOffice and Excel.
//!
//! UTF-8 with a BOM (so that spreadsheets guess the encoding), `;` between cells (the French
//! locale's list separator), CRLF line ends, quoting by the csv crate when a cell needs it.
//! Amounts are numbers a French spreadsheet reads: a decimal comma and no thousands separator
//! (`1234,56`). Every text cell goes through [`neutralise`], here and nowhere else, so a label
//! from input can never run as a formula.

use std::borrow::Cow;

use crate::report::document::{Cell, Table};

/// The byte order mark every CSV file starts with.
pub const BOM: &str = "\u{feff}";

/// A table as a CSV file: BOM, the header row, then one row per table row (totals included,
/// as plain rows).
pub fn table_bytes(table: &Table) -> Vec<u8> {
    let mut out = BOM.as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    // Writing into memory cannot fail; a failed row would only be missing from the copy.
    for column in &table.columns {
        let _ = writer.write_field(neutralise(&column.header).as_bytes());
    }
    let _ = writer.write_record(None::<&[u8]>);
    for row in &table.rows {
        for cell in &row.cells {
            let _ = writer.write_field(cell_text(cell).as_bytes());
        }
        let _ = writer.write_record(None::<&[u8]>);
    }
    if let Ok(body) = writer.into_inner() {
        out.extend(body);
    }
    out
}

/// The text of one cell: text neutralised, amounts with a decimal comma, dates `dd/mm/yyyy`.
pub fn cell_text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(text) | Cell::Account(text) => neutralise(text),
        Cell::Money(m) => Cow::Owned(m.to_comma()),
        Cell::Date(d) => Cow::Owned(d.to_french()),
        Cell::Integer(n) => Cow::Owned(n.to_string()),
        Cell::Empty => Cow::Borrowed(""),
    }
}

/// Neutralises a spreadsheet formula (OWASP « CSV injection »): text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, so LibreOffice and Excel show it
/// as text instead of running it. For text cells only, never for amounts.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::{neutralise, table_bytes};
    use crate::model::{Date, Money};
    use crate::report::document::{Cell, Column, Role, Table};

    #[test]
    fn neutralises_formulas_only() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\",\"clic\")"),
            "'=HYPERLINK(\"http://x\",\"clic\")"
        );
        for bad in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        for good in ["OVH", "604A", "", "Prestation Gab", " =x"] {
            assert_eq!(neutralise(good), good);
        }
    }

    #[test]
    fn one_dialect_typed_cells() {
        let mut table = Table::new(vec![
            Column::left("Libellé"),
            Column::left("Compte"),
            Column::right("Montant"),
            Column::left("Date"),
            Column::left("Ligne"),
            Column::left("Vide"),
        ]);
        table.push(
            Role::Normal,
            vec![
                Cell::text("=1+1; \"x\""),
                Cell::Account("-604".into()),
                Cell::Money(Money::from_cents(-123_456)),
                Cell::Date(Date::new(2024, 3, 1).expect("date")),
                Cell::Integer(12),
                Cell::Empty,
            ],
        );
        table.push(Role::Total, vec![Cell::text("Total"), Cell::Empty]);
        let text = String::from_utf8(table_bytes(&table)).expect("utf8");
        assert_eq!(
            text,
            "\u{feff}Libellé;Compte;Montant;Date;Ligne;Vide\r\n\
             \"'=1+1; \"\"x\"\"\";'-604;-1234,56;01/03/2024;12;\r\n\
             Total;\r\n"
        );
    }
}
