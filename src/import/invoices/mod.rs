//! Supplier invoice readers: each returns invoices with their source, plus rejections.
//!
//! Three formats: the OVH/Kimsufi API JSON dump ([`ovh_json`]), the OVH control-panel CSV
//! export ([`control_panel`]), and any other table whose columns the configuration names
//! ([`mapped`]). Each reader turns one file's bytes into an [`InvoiceFile`]; [`merge`] then
//! puts the files of a batch together, dropping exact duplicates and rejecting conflicting ones.
//! Readers never fail: what they cannot read becomes a [`Rejection`], of the whole file
//! (line 0) or of one row.

pub mod control_panel;
pub mod mapped;
pub mod ovh_json;

mod cells;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::{Reason, Rejection, Warning};
use crate::model::{Date, Invoice, Money, Source};

/// What one invoice file gave. Invariant: `rows == invoices.len() + number of row-level
/// rejections` (rejections with `source.line > 0`); a file-level rejection (line 0) means
/// nothing was read (`rows == 0`, no invoices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFile {
    /// The path as the user gave it.
    pub file: Arc<str>,
    /// The format it was read as.
    pub format: InvoiceFormat,
    /// Data rows (CSV records, table rows, JSON bill or refund items) met in the file.
    pub rows: u64,
    /// The invoices and credit notes read.
    pub invoices: Vec<Invoice>,
    /// Rows that could not be used (line ≥ 1), or the whole file (line 0).
    pub rejected: Vec<Rejection>,
    /// What the treasurer should know about invoices that were read anyway.
    pub warnings: Vec<Warning>,
}

impl InvoiceFile {
    /// A file of which nothing could be read.
    pub fn failed(file: Arc<str>, format: InvoiceFormat, reason: Reason) -> InvoiceFile {
        InvoiceFile {
            rejected: vec![Rejection::new(Source::file(file.clone()), reason)],
            ..InvoiceFile::empty(file, format)
        }
    }

    /// A file with nothing in it yet.
    fn empty(file: Arc<str>, format: InvoiceFormat) -> InvoiceFile {
        InvoiceFile {
            file,
            format,
            rows: 0,
            invoices: Vec::new(),
            rejected: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// The formats an invoice file can be read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvoiceFormat {
    /// OVH/Kimsufi API v1 JSON: bills (`/me/bill/{id}` with `details`) and refunds.
    OvhJson,
    /// OVH/Kimsufi control-panel CSV export (`Référence`, `Date d'émission`, `Montant TTC`…).
    ControlPanelCsv,
    /// Any other table, read through a [`Mapping`] from the configuration.
    Mapped,
}

/// Column mapping for any other supplier (from the config): header texts of each column.
///
/// Headers are matched case-insensitively, trimmed, with no-break spaces read as spaces and
/// `’` as `'`. Every mapped column must be in the file's header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// The invoice number column.
    pub number: String,
    /// The issue date column.
    pub date: String,
    /// The total including tax (TTC) column; a negative total is a credit note.
    pub total: String,
    /// The total before tax (HT) column, if any.
    pub total_ht: Option<String>,
    /// A description column, if any (`Facture <numéro>` otherwise).
    pub label: Option<String>,
    /// The service column, if any: the invoice then gets one line for that service.
    pub service: Option<String>,
}

/// How a supplier's invoice files are read (`format` in `rappro.toml`): a mapped table
/// always carries its mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceReader {
    /// `ovh-json`: the OVH/Kimsufi API JSON dump.
    OvhJson,
    /// `ovh-csv`: the OVH/Kimsufi control-panel CSV export.
    ControlPanelCsv,
    /// `colonnes`: any other table (CSV or workbook), with the headers named in the configuration.
    Mapped(Mapping),
}

impl InvoiceReader {
    /// The format files are read as.
    pub fn format(&self) -> InvoiceFormat {
        match self {
            InvoiceReader::OvhJson => InvoiceFormat::OvhJson,
            InvoiceReader::ControlPanelCsv => InvoiceFormat::ControlPanelCsv,
            InvoiceReader::Mapped(_) => InvoiceFormat::Mapped,
        }
    }
}

/// Reads one file's bytes with `reader` for the given supplier id.
pub fn read(
    bytes: &[u8],
    file: Arc<str>,
    supplier: Arc<str>,
    reader: &InvoiceReader,
) -> InvoiceFile {
    match reader {
        InvoiceReader::OvhJson => ovh_json::read(bytes, file, supplier),
        InvoiceReader::ControlPanelCsv => control_panel::read(bytes, file, supplier),
        // A mapped list may be a spreadsheet as well as a CSV.
        InvoiceReader::Mapped(mapping) => match crate::import::container::workbook::detect(bytes) {
            Some(workbook) => match crate::import::container::workbook::read(bytes, workbook) {
                Ok(table) => mapped::read_table(&table, mapping, file, supplier),
                Err(reason) => InvoiceFile::failed(file, InvoiceFormat::Mapped, reason),
            },
            None => mapped::read_csv(bytes, mapping, file, supplier),
        },
    }
}

/// True when the text (decoded, starting with `[` or `{`) is the OVH/Kimsufi API JSON dump:
/// bills or refunds, or a head cut before its end that names a `billId` (for
/// [`crate::import::detect`]).
pub(crate) fn looks_like_ovh_json(text: &[u8]) -> bool {
    ovh_json::looks_like_bills(text) || memchr::memmem::find(text, b"\"billId\"").is_some()
}

/// True when the decoded CSV text has the control-panel export's header (« Référence » and
/// « Montant TTC »), for [`crate::import::detect`].
pub(crate) fn looks_like_control_panel(text: &[u8]) -> bool {
    control_panel::looks_like_export(text)
}

/// The result of [`merge`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// One invoice per (supplier, number), sorted by (supplier, date, number).
    pub invoices: Vec<Invoice>,
    /// The invoices rejected by the merge (conflicting duplicates), sorted. Each file's own
    /// rejections stay in its [`InvoiceFile`] and are not repeated here.
    pub rejected: Vec<Rejection>,
    /// How many invoices of each file (by path) were dropped as exact duplicates.
    pub duplicates: BTreeMap<Arc<str>, u64>,
}

/// What makes two copies of one invoice "the same invoice".
#[derive(PartialEq, Eq)]
struct Content<'a> {
    number: &'a str,
    date: Date,
    total: Money,
    total_ht: Option<Money>,
    credit_note: bool,
}

impl Content<'_> {
    fn of(invoice: &Invoice) -> Content<'_> {
        Content {
            number: &invoice.number,
            date: invoice.date,
            total: invoice.total,
            total_ht: invoice.total_ht,
            credit_note: invoice.credit_note,
        }
    }
}

/// Merges the invoices of several files: the same (supplier, number) seen twice with the same
/// content (number, date, total, total_ht, credit_note) is one invoice and a duplicate; with
/// different content both are rejected with `Reason::DuplicateInvoice { number, first }`
/// naming the other source. Output sorted by (supplier, date, number) so it doesn't depend on
/// file order; returns duplicates counted per file path.
///
/// Of identical copies the one with the most lines is kept (the API JSON rather than the
/// control-panel CSV), then the one with the smallest source; the others count as duplicates
/// of their file. In a conflict each copy names the smallest source whose content differs.
pub fn merge(files: &[InvoiceFile]) -> Merged {
    let mut groups: BTreeMap<(&str, &str), Vec<&Invoice>> = BTreeMap::new();
    for invoice in files.iter().flat_map(|f| &f.invoices) {
        groups
            .entry((&invoice.supplier, &invoice.number))
            .or_default()
            .push(invoice);
    }
    let mut merged = Merged::default();
    for mut copies in groups.into_values() {
        copies.sort_by(|a, b| {
            b.lines
                .len()
                .cmp(&a.lines.len())
                .then_with(|| a.source.cmp(&b.source))
                .then_with(|| a.label.cmp(&b.label))
        });
        let Some((kept, others)) = copies.split_first() else {
            continue;
        };
        let kept_content = Content::of(kept);
        if others.iter().all(|o| Content::of(o) == kept_content) {
            merged.invoices.push((*kept).clone());
            for other in others {
                *merged
                    .duplicates
                    .entry(other.source.file.clone())
                    .or_default() += 1;
            }
            continue;
        }
        for copy in &copies {
            let content = Content::of(copy);
            let first = copies
                .iter()
                .filter(|o| Content::of(o) != content)
                .map(|o| &o.source)
                .min();
            if let Some(first) = first {
                merged.rejected.push(Rejection::new(
                    copy.source.clone(),
                    Reason::DuplicateInvoice {
                        number: copy.number.clone(),
                        first: first.clone(),
                    },
                ));
            }
        }
    }
    merged.invoices.sort_by(|a, b| {
        (&a.supplier, a.date, &a.number, &a.source).cmp(&(
            &b.supplier,
            b.date,
            &b.number,
            &b.source,
        ))
    });
    merged.rejected.sort();
    merged
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::{InvoiceFile, InvoiceFormat, InvoiceReader, Merged, merge, read};
    use crate::error::Reason;
    use crate::model::{Date, Invoice, Money, Source};

    const OVH: &[u8] =
        include_bytes!("../../../tests/fixtures/girofle-2024/factures/ovh/bills-2024.json");

    fn invoice(file: &str, line: u64, number: &str, cents: i64) -> Invoice {
        Invoice {
            supplier: Arc::from("ovh"),
            number: number.to_owned(),
            date: Date::new(2024, 3, 1).expect("date"),
            total: Money::from_cents(cents),
            total_ht: None,
            credit_note: false,
            original: None,
            label: format!("Facture {number}"),
            lines: Vec::new(),
            source: Source::new(Arc::from(file), line),
        }
    }

    fn file_of(name: &str, invoices: Vec<Invoice>) -> InvoiceFile {
        InvoiceFile {
            file: Arc::from(name),
            format: InvoiceFormat::OvhJson,
            rows: invoices.len() as u64,
            invoices,
            rejected: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn same_bill_in_two_files_is_one_invoice_and_a_duplicate() {
        // The same OVH sample given twice, under two names.
        let read_as = |name: &str| {
            read(
                OVH,
                Arc::from(name),
                Arc::from("ovh"),
                &InvoiceReader::OvhJson,
            )
        };
        let merged = merge(&[read_as("a.json"), read_as("b.json")]);
        assert_eq!(merged.invoices.len(), 26);
        assert!(merged.rejected.is_empty());
        assert_eq!(merged.duplicates.get("b.json"), Some(&26));
        assert_eq!(merged.duplicates.get("a.json"), None);
        assert!(merged.invoices.iter().all(|i| &*i.source.file == "a.json"));

        let merged = merge(&[
            file_of("a.json", vec![invoice("a.json", 1, "FR1", 1000)]),
            file_of(
                "b.csv",
                vec![
                    invoice("b.csv", 2, "FR2", 500),
                    invoice("b.csv", 3, "FR1", 1000),
                ],
            ),
        ]);
        assert_eq!(merged.invoices.len(), 2);
        assert_eq!(merged.duplicates.len(), 1);
        assert_eq!(merged.duplicates.get("b.csv"), Some(&1));
    }

    #[test]
    fn same_number_with_another_amount_rejects_both() {
        let merged = merge(&[
            file_of("a.json", vec![invoice("a.json", 1, "FR1", 1000)]),
            file_of(
                "b.csv",
                vec![
                    invoice("b.csv", 2, "FR2", 500),
                    invoice("b.csv", 3, "FR1", 1001),
                ],
            ),
        ]);
        assert_eq!(merged.invoices.len(), 1);
        assert_eq!(merged.invoices[0].number, "FR2");
        assert!(merged.duplicates.is_empty());
        let a = Source::new(Arc::from("a.json"), 1);
        let b = Source::new(Arc::from("b.csv"), 3);
        assert_eq!(merged.rejected.len(), 2);
        assert_eq!(merged.rejected[0].source, a);
        assert_eq!(
            merged.rejected[0].reason,
            Reason::DuplicateInvoice {
                number: "FR1".to_owned(),
                first: b.clone()
            }
        );
        assert_eq!(merged.rejected[1].source, b);
        assert_eq!(
            merged.rejected[1].reason,
            Reason::DuplicateInvoice {
                number: "FR1".to_owned(),
                first: a
            }
        );
    }

    #[test]
    fn same_number_at_two_suppliers_is_two_invoices() {
        let mut other = invoice("k.csv", 1, "FR1", 2000);
        other.supplier = Arc::from("kimsufi");
        let merged = merge(&[
            file_of("a.json", vec![invoice("a.json", 1, "FR1", 1000)]),
            file_of("k.csv", vec![other]),
        ]);
        assert_eq!(merged.invoices.len(), 2);
        assert!(merged.rejected.is_empty());
    }

    #[test]
    fn merged_output_is_sorted_by_supplier_date_number() {
        let mut late = invoice("a.json", 1, "FR0", 100);
        late.date = Date::new(2024, 12, 1).expect("date");
        let merged: Merged = merge(&[file_of(
            "a.json",
            vec![
                late,
                invoice("a.json", 2, "FR9", 100),
                invoice("a.json", 3, "FR5", 100),
            ],
        )]);
        let numbers: Vec<&str> = merged.invoices.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers, ["FR5", "FR9", "FR0"]);
    }

    fn arb_files() -> impl Strategy<Value = Vec<InvoiceFile>> {
        let inv = (0u8..4, 0u8..3, 1i64..3, 1u8..3, any::<bool>());
        proptest::collection::vec(proptest::collection::vec(inv, 0..5), 1..5).prop_map(|files| {
            files
                .into_iter()
                .enumerate()
                .map(|(idx, rows)| {
                    let name = format!("f{idx}.csv");
                    let invoices = rows
                        .into_iter()
                        .enumerate()
                        .map(|(line, (num, supplier, cents, day, lines))| {
                            let mut i = invoice(&name, line as u64 + 1, &format!("FR{num}"), cents);
                            i.supplier = Arc::from(format!("s{supplier}"));
                            i.date = Date::new(2024, 1, day).expect("date");
                            if lines {
                                i.lines.push(crate::model::InvoiceLine {
                                    description: "x".to_owned(),
                                    service: String::new(),
                                    amount_ht: i.total,
                                });
                            }
                            i
                        })
                        .collect();
                    file_of(&name, invoices)
                })
                .collect()
        })
    }

    /// The columns the fuzzing inputs below use.
    fn fuzz_mapping() -> super::Mapping {
        super::Mapping {
            number: "n".to_owned(),
            date: "d".to_owned(),
            total: "t".to_owned(),
            total_ht: None,
            label: Some("l".to_owned()),
            service: Some("s".to_owned()),
        }
    }

    proptest! {
        #[test]
        fn file_order_does_not_change_the_merge(
            (files, shuffled) in arb_files().prop_flat_map(|files| {
                let shuffled = Just(files.clone()).prop_shuffle();
                (Just(files), shuffled)
            })
        ) {
            let a = merge(&files);
            let b = merge(&shuffled);
            prop_assert_eq!(&a, &b);
            // Every input invoice is kept, rejected or counted as a duplicate.
            let total: usize = files.iter().map(|f| f.invoices.len()).sum();
            let dups: u64 = a.duplicates.values().sum();
            prop_assert_eq!(total as u64, a.invoices.len() as u64 + a.rejected.len() as u64 + dups);
        }

        #[test]
        fn read_never_panics_and_counts_add_up(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
            reader in prop_oneof![
                Just(InvoiceReader::OvhJson),
                Just(InvoiceReader::ControlPanelCsv),
                Just(InvoiceReader::Mapped(fuzz_mapping())),
            ],
        ) {
            let got = read(&bytes, Arc::from("f"), Arc::from("s"), &reader);
            super::tests::check_counts(&got);
            let _ = crate::import::detect::detect(&bytes, std::path::Path::new("f"));
        }

        #[test]
        fn read_never_panics_on_text_near_the_formats(
            text in "(\\[|\\{|\"billId\"|\"refundId\"|\"details\"|\"priceWithTax\"|\"value\"|:|,|\\]|\\}|\"|-?[0-9]{1,4}(\\.[0-9]{1,3})?|n;d;t;l;s|\n|;|2024-01-0[1-9]|x){0,40}",
            reader in prop_oneof![
                Just(InvoiceReader::OvhJson),
                Just(InvoiceReader::ControlPanelCsv),
                Just(InvoiceReader::Mapped(fuzz_mapping())),
            ],
        ) {
            let got = read(text.as_bytes(), Arc::from("f"), Arc::from("s"), &reader);
            super::tests::check_counts(&got);
        }
    }

    /// The count invariant of [`InvoiceFile`].
    pub(super) fn check_counts(got: &InvoiceFile) {
        let row_rejections = got.rejected.iter().filter(|r| r.source.line > 0).count();
        let file_rejections = got.rejected.len() - row_rejections;
        assert_eq!(
            got.rows,
            (got.invoices.len() + row_rejections) as u64,
            "{got:?}"
        );
        if file_rejections > 0 {
            assert_eq!(file_rejections, 1, "{got:?}");
            assert_eq!(got.rows, 0, "{got:?}");
            assert!(got.invoices.is_empty(), "{got:?}");
        }
        for invoice in &got.invoices {
            assert!(invoice.source.line > 0);
            assert_eq!(invoice.source.file, got.file);
        }
    }
}
