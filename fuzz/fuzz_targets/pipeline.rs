//! The whole pipeline on up to three exports and one invoice file: read, book together
//! (copies, content de-duplication, fiscal years), merge, reconcile, render every report.
//! The input is split at each `\n#####\n`: the last part is the invoices, OVH JSON (or,
//! when it does not start with `[` or `{`, a mapped CSV); the parts before it (at most
//! three, the rest ignored) are books files, named as Paheko names a Complet, as a FEC
//! names its closing date, and plainly. An input without separator is one books file.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{self, InvoiceReader};
use rappro::import::read_books_bytes;
use rappro::model::Money;
use rappro::reconcile::{self, Basis, Rules, Supplier, Tolerances};
use rappro::report::{self, ecarts, rejections};
use rappro_fuzz::{book_checked, check_invoice_file, check_read_file, mapping, name};

const SEPARATOR: &[u8] = b"\n#####\n";

/// The books files' names: the first two carry the evidence `book/years.rs` reads.
const NAMES: [&str; 3] = [
    "Le Cloud Girofle - Export comptable - Complet - Exercice 2024.csv",
    "ASSOFEC20241231.txt",
    "export.csv",
];

/// `data` cut at every separator.
fn parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        parts.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    let mut parts = parts(data);
    let invoice_bytes = if parts.len() > 1 {
        parts.pop().unwrap_or_default()
    } else {
        &[][..]
    };
    let files: Vec<_> = parts
        .iter()
        .zip(NAMES)
        .map(|(bytes, file)| read_books_bytes(bytes, name(file)))
        .collect();
    files.iter().for_each(check_read_file);
    let books = book_checked(files);
    let json = matches!(invoice_bytes.trim_ascii_start().first(), Some(b'[' | b'{'));
    let (reader, supplier) = if json {
        (InvoiceReader::OvhJson, "ovh")
    } else {
        (InvoiceReader::Mapped(mapping()), "retzo")
    };
    let file = invoices::read(invoice_bytes, name("factures"), name(supplier), &reader);
    check_invoice_file(&file);
    let merged = invoices::merge(std::slice::from_ref(&file));
    for year in &books.years {
        let rules = Rules {
            suppliers: vec![
                Supplier {
                    id: Arc::from("ovh"),
                    name: "OVH".to_owned(),
                    accounts: vec!["604A".to_owned(), "401".to_owned()],
                },
                Supplier {
                    id: Arc::from("retzo"),
                    name: "=Retzo".to_owned(),
                    accounts: vec!["604C".to_owned()],
                },
            ],
            projects: Vec::new(),
            tolerances: Tolerances {
                amount: Money::from_cents(1),
                ..Tolerances::default()
            },
            basis: Basis::Ttc,
            fiscal_year: (year.start, year.end),
        };
        let mut rec = reconcile::reconcile(&year.entries, &merged.invoices, &rules, &[]);
        rec.add_rejections(&books.rejected, false);
        rec.add_rejections(&file.rejected, true);
        assert_eq!(rec.invoice_states.len(), merged.invoices.len());
        let report = rappro::pipeline::financial_report(&books, year);
        for (_, bytes) in report::render_all(&report) {
            assert!(std::str::from_utf8(&bytes).is_ok());
        }
        let json = ecarts::ecarts_json(&rec);
        assert!(json.starts_with('{'));
        let _ = ecarts::ecarts_md(&rec);
        let _ = ecarts::ecarts_csv(&rec);
        let _ = ecarts::lignes_csv(&rec);
        let _ = ecarts::summary_text(&rec);
    }
    let _ = rejections::render_rejections(&books.rejected);
});
