//! The OVH/Kimsufi control-panel CSV export (« Mes factures » → « Tout exporter en CSV »).
//!
//! Header-driven: `Référence`, `Date d'émission` and `Montant TTC` are mandatory,
//! `Numéro de commande` (or `Numéro de la commande`) and `Montant HT` optional, anything else
//! (`Solde`, `Statut`…) ignored. Headers match case-insensitively. Separator `,` or `;`, any
//! encoding a spreadsheet writes, amounts like `77.26 €` or `77,26`, dates `DD/MM/YYYY`.
//! The export has no lines; a negative TTC is a credit note.

use std::sync::Arc;

use super::cells::{self, Layout, Width};
use super::{InvoiceFile, InvoiceFormat};
use crate::import::container::table::Table;

const NUMBER: &[&str] = &["Référence"];
const ORDER: &[&str] = &["Numéro de commande", "Numéro de la commande"];
const DATE: &[&str] = &["Date d'émission"];
const TOTAL_HT: &[&str] = &["Montant HT"];
const TOTAL: &[&str] = &["Montant TTC"];

/// Reads a control-panel CSV export of `supplier`'s bills.
pub fn read(bytes: &[u8], file: Arc<str>, supplier: Arc<str>) -> InvoiceFile {
    let format = InvoiceFormat::ControlPanelCsv;
    let (table, bad, notes) = match cells::csv_front_noted(bytes) {
        Ok(read) => read,
        Err(reason) => return InvoiceFile::failed(file, format, reason),
    };
    match layout(&table) {
        Ok(layout) => {
            let warnings = cells::note_warnings(&file, notes);
            let mut out =
                cells::read_rows(&table, bad, &layout, Width::Exact, file, supplier, format);
            out.warnings.extend(warnings);
            out
        }
        Err(reason) => InvoiceFile::failed(file, format, reason),
    }
}

/// The columns of the export, from its header.
fn layout(table: &Table) -> Result<Layout, crate::error::Reason> {
    let headers = &table.headers;
    Ok(Layout {
        number: cells::require_column(headers, NUMBER)?,
        date: cells::require_column(headers, DATE)?,
        total: cells::require_column(headers, TOTAL)?,
        total_ht: cells::find_column(headers, TOTAL_HT)?,
        label: None,
        service: None,
        order: cells::find_column(headers, ORDER)?,
    })
}

/// True when decoded CSV text has a header with « Référence » and « Montant TTC » (even twice:
/// the reader then refuses the file, naming the column).
pub(super) fn looks_like_export(text: &[u8]) -> bool {
    let Ok((table, _)) = cells::csv_front(text) else {
        return false;
    };
    [NUMBER, TOTAL]
        .iter()
        .all(|names| !matches!(cells::find_column(&table.headers, names), Ok(None)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::read;
    use crate::error::Reason;
    use crate::import::invoices::tests::check_counts;
    use crate::model::{Date, Money};

    const KIMSUFI: &[u8] =
        include_bytes!("../../../tests/fixtures/girofle-2024/factures/kimsufi/factures-2024.csv");

    fn read_text(bytes: &[u8]) -> super::InvoiceFile {
        let got = read(bytes, Arc::from("k.csv"), Arc::from("kimsufi"));
        check_counts(&got);
        got
    }

    #[test]
    fn reads_the_kimsufi_sample() {
        let got = read(
            KIMSUFI,
            Arc::from("factures/kimsufi/factures-2024.csv"),
            Arc::from("kimsufi"),
        );
        check_counts(&got);
        assert_eq!(got.rows, 13);
        assert_eq!(got.invoices.len(), 13);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert!(got.warnings.is_empty());
        let bill = got
            .invoices
            .iter()
            .find(|i| i.number == "FR05139823")
            .expect("FR05139823");
        assert_eq!(bill.total, Money::from_cents(7726));
        assert_eq!(bill.total_ht, Some(Money::from_cents(6438)));
        assert_eq!(bill.date, Date::new(2024, 3, 12).expect("date"));
        assert_eq!(&*bill.supplier, "kimsufi");
        assert!(!bill.credit_note);
        assert!(bill.lines.is_empty());
        assert_eq!(bill.label, "Facture FR05139823 (commande 158674077)");
        assert_eq!(bill.source.line, 4);
        assert_eq!(&*bill.source.file, "factures/kimsufi/factures-2024.csv");
        let last = &got.invoices[12];
        assert_eq!(
            (last.number.as_str(), last.total, last.source.line),
            ("FR05140044", Money::from_cents(7694), 14)
        );
    }

    #[test]
    fn windows_1252_with_semicolons_and_comma_decimals() {
        let text = "R\u{e9}f\u{e9}rence;Num\u{e9}ro de commande;Date d\u{2019}\u{e9}mission;Montant HT;Montant TTC;Solde;Statut\r\n\
                    FR1;42;05/01/2024;10,00 \u{20ac};12,00 \u{20ac};0,00 \u{20ac};Pay\u{e9}e\r\n\
                    AFR2;43;06/01/2024;-1 000,00 \u{20ac};-1 200,00 \u{20ac};0,00 \u{20ac};Pay\u{e9}e\r\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable);
        assert!(bytes.contains(&0x80), "€ is 0x80 in Windows-1252");
        let got = read_text(&bytes);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert_eq!(
            got.warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "k.csv: attention : fichier lu en Windows-1252/Latin-1 (les fournisseurs écrivent de l'UTF-8) : vérifiez les accents"
            ]
        );
        assert_eq!(got.invoices.len(), 2);
        assert_eq!(got.invoices[0].total, Money::from_cents(1200));
        assert_eq!(got.invoices[0].total_ht, Some(Money::from_cents(1000)));
        let credit = &got.invoices[1];
        assert!(credit.credit_note);
        assert_eq!(credit.total, Money::from_cents(-120_000));
        assert_eq!(credit.total_ht, Some(Money::from_cents(-100_000)));
        assert_eq!(credit.label, "Avoir AFR2 (commande 43)");
    }

    #[test]
    fn headers_match_loosely_and_optional_columns_may_lack() {
        let got = read_text(b"  REFERENCE ,x\n1,2\n");
        assert_eq!(
            got.rejected[0].reason,
            Reason::MissingColumn("Référence".to_owned())
        );
        let got = read_text(
            "r\u{e9}f\u{e9}rence ,Date\u{a0}d\u{2019}\u{e9}mission,MONTANT TTC\nFR9,01/02/2024,5\n"
                .as_bytes(),
        );
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert_eq!(got.invoices[0].total_ht, None);
        assert_eq!(got.invoices[0].label, "Facture FR9");
    }

    #[test]
    fn missing_mandatory_column_rejects_the_file() {
        let got = read_text("Référence,Date d'émission,Montant HT\nFR1,01/01/2024,1\n".as_bytes());
        assert_eq!(got.rows, 0);
        assert!(got.invoices.is_empty());
        assert_eq!(got.rejected.len(), 1);
        assert_eq!(got.rejected[0].source.line, 0);
        assert_eq!(
            got.rejected[0].reason,
            Reason::MissingColumn("Montant TTC".to_owned())
        );
    }

    #[test]
    fn duplicate_column_rejects_the_file() {
        let got = read_text("Référence,Date d'émission,Montant TTC,montant ttc\n".as_bytes());
        assert_eq!(got.rejected[0].reason.code(), "duplicate_column");
        assert_eq!(got.rejected[0].source.line, 0);
    }

    #[test]
    fn empty_file_is_rejected() {
        for bytes in [&b""[..], b"  \r\n\n", b"\xEF\xBB\xBF"] {
            let got = read_text(bytes);
            assert_eq!(got.rejected.len(), 1);
            assert_eq!(got.rejected[0].reason, Reason::EmptyFile);
            assert_eq!(got.rejected[0].source.line, 0);
        }
    }

    #[test]
    fn bad_rows_are_rejected_one_by_one() {
        let text = "Référence;Date d'émission;Montant HT;Montant TTC\n\
                    FR1;01/01/2024;1,00;1,20\n\
                    FR2;32/01/2024;1,00;1,20\n\
                    FR3;01/01/2024;1,00;douze\n\
                    FR4;01/01/2024;1,00;1,201\n\
                    FR5;01/01/2024;1,00;1000000000\n\
                    ;01/01/2024;1,00;1,20\n\
                    FR7;01/01/2024;1,00\n\
                    FR8;01/01/2024;1,00;\n\
                    FR9;01/01/2024;-1,00;1,20\n\
                    FR10;01/01/2024;;1,20\n";
        let got = read_text(text.as_bytes());
        assert_eq!(got.rows, 10);
        let numbers: Vec<&str> = got.invoices.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers, ["FR1", "FR10"]);
        let codes: Vec<(u64, &str)> = got
            .rejected
            .iter()
            .map(|r| (r.source.line, r.reason.code()))
            .collect();
        assert_eq!(
            codes,
            [
                (3, "bad_date"),
                (4, "bad_amount"),
                (5, "too_many_decimals"),
                (6, "amount_too_large"),
                (7, "missing_value"),
                (8, "column_count"),
                (9, "missing_value"),
                (10, "invalid"),
            ]
        );
        assert_eq!(
            got.rejected[0].reason,
            Reason::BadDate {
                column: "Date d'émission".to_owned(),
                value: "32/01/2024".to_owned()
            }
        );
        assert_eq!(
            got.rejected[1].reason,
            Reason::BadAmount {
                column: "Montant TTC".to_owned(),
                value: "douze".to_owned()
            }
        );
        assert_eq!(
            got.rejected[2].reason,
            Reason::TooManyDecimals {
                column: "Montant TTC".to_owned(),
                value: "1,201".to_owned()
            }
        );
        assert_eq!(
            got.rejected[4].reason,
            Reason::MissingValue("Référence".to_owned())
        );
        assert_eq!(
            got.rejected[5].reason,
            Reason::ColumnCount {
                expected: 4,
                found: 3
            }
        );
    }

    #[test]
    fn unquoted_comma_in_an_amount_shifts_columns_and_is_caught() {
        let got = read_text(
            "Référence,Date d'émission,Montant TTC\nFR1,01/01/2024,1,234.56 €\n".as_bytes(),
        );
        assert_eq!(got.rejected[0].reason.code(), "column_count");
        let got = read_text(
            "Référence,Date d'émission,Montant TTC\nFR1,01/01/2024,\"1,234.56 €\"\n".as_bytes(),
        );
        assert_eq!(got.invoices[0].total, Money::from_cents(123_456));
    }

    #[test]
    fn invalid_bytes_reject_their_row_only() {
        let got = read_text(b"R\xC3\xA9f\xC3\xA9rence;Date d'\xC3\xA9mission;Montant TTC\nFR1;01/01/2024;1\nFR\xFF;01/01/2024;2\n");
        assert_eq!(got.rows, 2);
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.rejected[0].source.line, 3);
        assert_eq!(got.rejected[0].reason, Reason::InvalidEncoding);
    }
}
