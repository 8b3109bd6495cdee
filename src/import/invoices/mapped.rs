//! Invoices of any other supplier: a table whose columns the configuration names
//! (a [`Mapping`]), such as Retzo's list `Numéro;Date;Désignation;Montant TTC`.
//!
//! The table comes from CSV text ([`read_csv`]) or from a spreadsheet ([`read_table`], for
//! the ODS/XLSX reader). Headers match as in the control-panel export (case-insensitive,
//! trimmed, no-break spaces and `’` folded); every mapped column must be present. A negative
//! total is a credit note. When a service column is mapped, each invoice gets one line for
//! that service, of the HT total (or the TTC total when there is no HT).

use std::sync::Arc;

use super::cells::{self, Layout, Width};
use super::{InvoiceFile, InvoiceFormat, Mapping};
use crate::error::Reason;
use crate::import::container::table::Table;

/// Reads CSV bytes (any encoding, `,` `;` TAB or `|` separated) with `mapping`.
/// Rows with another number of fields than the header are rejected (`ColumnCount`).
pub fn read_csv(
    bytes: &[u8],
    mapping: &Mapping,
    file: Arc<str>,
    supplier: Arc<str>,
) -> InvoiceFile {
    match cells::csv_front_noted(bytes) {
        Ok((table, bad, notes)) => {
            let warnings = cells::note_warnings(&file, notes);
            let mut out = read_with(&table, bad, mapping, Width::Exact, file, supplier);
            // Nothing to say about the text of a file that was not read.
            if !out.rejected.iter().any(|r| r.source.line == 0) {
                out.warnings.extend(warnings);
            }
            out
        }
        Err(reason) => InvoiceFile::failed(file, InvoiceFormat::Mapped, reason),
    }
}

/// Reads a table (from a spreadsheet, or CSV already split) with `mapping`. Short rows read
/// as if their missing cells were empty; cells beyond the header are ignored.
pub fn read_table(
    table: &Table,
    mapping: &Mapping,
    file: Arc<str>,
    supplier: Arc<str>,
) -> InvoiceFile {
    read_with(table, Vec::new(), mapping, Width::Lenient, file, supplier)
}

fn read_with(
    table: &Table,
    bad: Vec<(u64, Reason)>,
    mapping: &Mapping,
    width: Width,
    file: Arc<str>,
    supplier: Arc<str>,
) -> InvoiceFile {
    let format = InvoiceFormat::Mapped;
    match layout(table, mapping) {
        Ok(layout) => cells::read_rows(table, bad, &layout, width, file, supplier, format),
        Err(reason) => InvoiceFile::failed(file, format, reason),
    }
}

/// The mapped columns, found in the header.
fn layout(table: &Table, mapping: &Mapping) -> Result<Layout, Reason> {
    let headers = &table.headers;
    let optional = |name: &Option<String>| {
        name.as_deref()
            .map(|name| cells::require_column(headers, &[name]))
            .transpose()
    };
    Ok(Layout {
        number: cells::require_column(headers, &[&mapping.number])?,
        date: cells::require_column(headers, &[&mapping.date])?,
        total: cells::require_column(headers, &[&mapping.total])?,
        total_ht: optional(&mapping.total_ht)?,
        label: optional(&mapping.label)?,
        service: optional(&mapping.service)?,
        order: None,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use csv::StringRecord;

    use super::{read_csv, read_table};
    use crate::error::Reason;
    use crate::import::container::table::Table;
    use crate::import::invoices::tests::check_counts;
    use crate::import::invoices::{InvoiceFile, Mapping};
    use crate::model::{Date, InvoiceLine, Money};
    use crate::testing::retzo_mapping;

    const RETZO: &[u8] = include_bytes!(
        "../../../tests/fixtures/girofle-2024/factures/retzo/factures-retzo-2024.csv"
    );

    fn read_text(text: &str, mapping: &Mapping) -> InvoiceFile {
        let got = read_csv(text.as_bytes(), mapping, Arc::from("m.csv"), Arc::from("x"));
        check_counts(&got);
        got
    }

    #[test]
    fn reads_the_retzo_sample() {
        let got = read_csv(
            RETZO,
            &retzo_mapping(),
            Arc::from("factures/retzo/factures-retzo-2024.csv"),
            Arc::from("retzo"),
        );
        check_counts(&got);
        assert_eq!(got.rows, 11);
        assert_eq!(got.invoices.len(), 11);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert!(got.warnings.is_empty());
        let first = &got.invoices[0];
        assert_eq!(first.number, "R2024-001");
        assert_eq!(first.date, Date::new(2024, 1, 3).expect("date"));
        assert_eq!(first.total, Money::from_cents(5500));
        assert_eq!(first.total_ht, None);
        assert_eq!(first.label, "Sauvegardes à froid externalisées — 01/2024");
        assert_eq!(&*first.supplier, "retzo");
        assert_eq!(first.source.line, 2);
        assert!(first.lines.is_empty());
        assert!(!got.invoices.iter().any(|i| i.number == "R2024-008"));
        let last = &got.invoices[10];
        assert_eq!((last.number.as_str(), last.source.line), ("R2024-012", 12));
        let sum: Money = got.invoices.iter().map(|i| i.total).sum();
        assert_eq!(sum, Money::from_cents(60_500));
    }

    #[test]
    fn a_list_that_is_not_utf8_is_read_and_said() {
        let text =
            "Numéro;Date;Désignation;Montant TTC\rR1;03/01/2024;Sauvegardes — 01/2024;55,00 €\r";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let got = read_csv(&utf16, &retzo_mapping(), Arc::from("m.csv"), Arc::from("x"));
        check_counts(&got);
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.invoices[0].label, "Sauvegardes — 01/2024");
        let codes: Vec<&str> = got.warnings.iter().map(|w| w.code()).collect();
        assert_eq!(codes, ["not_utf8", "mac_line_endings"]);
        assert!(
            got.warnings[0]
                .message()
                .contains("UTF-16 (petit-boutiste)"),
            "{:?}",
            got.warnings
        );
        // A file that is not read gets no warning about its text, only its rejection.
        let broken = read_csv(
            "Numéro;Date\r"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
                .as_slice(),
            &retzo_mapping(),
            Arc::from("m.csv"),
            Arc::from("x"),
        );
        assert!(broken.warnings.is_empty());
        assert_eq!(broken.rejected[0].reason.code(), "missing_column");
    }

    #[test]
    fn a_mapped_service_gives_one_line() {
        let mapping = Mapping {
            total_ht: Some("HT".to_owned()),
            service: Some("Service".to_owned()),
            ..retzo_mapping()
        };
        let got = read_text(
            "Numéro;Date;Désignation;HT;Montant TTC;Service\n\
             A1;2024-02-01;Stockage;10,00;12,00;nas-1\n\
             A2;01/03/2024;;-5;-6;\n",
            &mapping,
        );
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert_eq!(
            got.invoices[0].lines,
            [InvoiceLine {
                description: "Stockage".to_owned(),
                service: "nas-1".to_owned(),
                amount_ht: Money::from_cents(1000),
            }]
        );
        let credit = &got.invoices[1];
        assert!(credit.credit_note);
        assert_eq!(credit.label, "Avoir A2");
        assert_eq!(credit.lines[0].amount_ht, Money::from_cents(-500));

        let without_ht = Mapping {
            service: Some("Service".to_owned()),
            ..retzo_mapping()
        };
        let got = read_text(
            "Numéro,Date,Désignation,Montant TTC,Service\nB1,01/01/2024,x,7.5,srv\n",
            &without_ht,
        );
        assert_eq!(got.invoices[0].lines[0].amount_ht, Money::from_cents(750));
    }

    #[test]
    fn a_mapped_column_missing_from_the_header_rejects_the_file() {
        let mapping = Mapping {
            service: Some("Projet".to_owned()),
            ..retzo_mapping()
        };
        let got = read_csv(RETZO, &mapping, Arc::from("r.csv"), Arc::from("retzo"));
        check_counts(&got);
        assert_eq!(got.rows, 0);
        assert_eq!(
            got.rejected[0].reason,
            Reason::MissingColumn("Projet".to_owned())
        );
    }

    #[test]
    fn semicolons_with_comma_decimals_and_bad_cells() {
        let got = read_text(
            "Numéro;Date;Désignation;Montant TTC\n\
             R1;03/01/2024;ok;1 234,50\n\
             R2;03/01/2024;deux décimales de trop;55,001\n\
             R3;le 3 janvier;date;55,00\n\
             R4;03/01/2024;montant;cinquante\n",
            &retzo_mapping(),
        );
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.invoices[0].total, Money::from_cents(123_450));
        let codes: Vec<&str> = got.rejected.iter().map(|r| r.reason.code()).collect();
        assert_eq!(codes, ["too_many_decimals", "bad_date", "bad_amount"]);
        assert_eq!(
            got.rejected[1].reason,
            Reason::BadDate {
                column: "Date".to_owned(),
                value: "le 3 janvier".to_owned()
            }
        );
    }

    #[test]
    fn empty_file_is_rejected() {
        let got = read_text("", &retzo_mapping());
        assert_eq!(got.rejected[0].reason, Reason::EmptyFile);
        assert_eq!(got.rejected[0].source.line, 0);
    }

    #[test]
    fn spreadsheet_tables_are_lenient_about_row_width() {
        let table = Table {
            header_line: 1,
            headers: StringRecord::from(vec!["Numéro", "Date", "Montant TTC", "Désignation"]),
            rows: vec![
                (2, StringRecord::from(vec!["S1", "2024-05-01", "12.00"])),
                (
                    3,
                    StringRecord::from(vec!["S2", "2024-05-02", "13", "x", "note"]),
                ),
                (4, StringRecord::from(vec!["S3", "2024-05-02"])),
            ],
            spoiled: Vec::new(),
        };
        let got = read_table(
            &table,
            &retzo_mapping(),
            Arc::from("r.ods"),
            Arc::from("retzo"),
        );
        check_counts(&got);
        assert_eq!(got.rows, 3);
        assert_eq!(got.invoices.len(), 2);
        assert_eq!(got.invoices[0].label, "Facture S1");
        assert_eq!(got.invoices[1].label, "x");
        assert_eq!(got.rejected[0].source.line, 4);
        assert_eq!(
            got.rejected[0].reason,
            Reason::MissingValue("Montant TTC".to_owned())
        );
    }
}
