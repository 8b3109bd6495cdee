//! The whole pipeline on one export and one invoice file: read, book, merge, reconcile,
//! render every report. The input is split at its first `\n#####\n`: books before, OVH
//! JSON (or, when it does not start with `[` or `{`, a mapped CSV) after.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{self, InvoiceReader};
use rappro::import::read_books_bytes;
use rappro::model::Money;
use rappro::reconcile::{self, Basis, Rules, Supplier, Tolerances};
use rappro::report::{self, ecarts, rejections};
use rappro_fuzz::{check_books_file, check_invoice_file, mapping, name};

const SEPARATOR: &[u8] = b"\n#####\n";

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    let (books_bytes, invoice_bytes) =
        match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(at) => (&data[..at], &data[at + SEPARATOR.len()..]),
            None => (data, &[][..]),
        };
    let books = check_books_file(read_books_bytes(books_bytes, name("export.csv")));
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
