//! Test helpers shared by the library's unit tests: the sample through the real readers,
//! and golden-file comparison (`golden.rs`, which the integration tests in `tests/it` include
//! too, since they cannot see `cfg(test)` code).

use std::path::PathBuf;
use std::sync::Arc;

use crate::book::{BookOptions, FiscalYear, book};
use crate::import::invoices::{self, InvoiceReader, Mapping};
use crate::import::read_books_bytes;
use crate::model::Invoice;

mod golden;
pub(crate) use golden::check_golden;

/// The copy of the Girofle 2024 dataset under tests/fixtures.
pub(crate) const DATASET: &str = "tests/fixtures/girofle-2024";

/// The sample's « Complet » CSV export.
pub(crate) const COMPLET_CSV: &str =
    "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv";

/// A file of the dataset.
pub(crate) fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(DATASET)
        .join(path)
}

fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The name a fixture is shown by in messages and reports (relative, so outputs are stable).
fn shown(path: &str) -> Arc<str> {
    Arc::from(format!("{DATASET}/{path}"))
}

/// The sample's Complet CSV through the real importer, as one fiscal year.
pub(crate) fn sample_year() -> FiscalYear {
    let file = read_books_bytes(&bytes(COMPLET_CSV), shown(COMPLET_CSV));
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let mut books = book(vec![file], &BookOptions::default());
    assert_eq!(books.years.len(), 1);
    books.years.remove(0)
}

/// The sample's 50 invoices (OVH JSON, Kimsufi control-panel CSV, Retzo list) through the real readers.
pub(crate) fn sample_invoices() -> Vec<Invoice> {
    let files = [
        (
            "factures/ovh/bills-2024.json",
            "ovh",
            InvoiceReader::OvhJson,
        ),
        (
            "factures/kimsufi/factures-2024.csv",
            "kimsufi",
            InvoiceReader::ControlPanelCsv,
        ),
        (
            "factures/retzo/factures-retzo-2024.csv",
            "retzo",
            InvoiceReader::Mapped(retzo_mapping()),
        ),
    ];
    let mut all = Vec::new();
    for (path, supplier, reader) in files {
        let file = invoices::read(&bytes(path), shown(path), Arc::from(supplier), &reader);
        assert!(file.rejected.is_empty(), "{path}: {:?}", file.rejected);
        all.extend(file.invoices);
    }
    all
}

/// The sample's Retzo invoice list, as its `rappro.toml` maps it.
pub(crate) fn retzo_mapping() -> Mapping {
    Mapping {
        number: "Numéro".to_owned(),
        date: "Date".to_owned(),
        total: "Montant TTC".to_owned(),
        total_ht: None,
        label: Some("Désignation".to_owned()),
        service: None,
    }
}
